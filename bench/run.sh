#!/usr/bin/env bash
# `make bench [SCALE=small|full] [BENCH=name|all]`: the load suite (default) or the other benchmarks, with a throwaway
# PostgreSQL cluster when this machine can make one (root and Debian's postgresql), wrk for load, and poppler's
# pdftotext as the extraction baseline.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
RESULTS="$ROOT/.bench-results"
STOP_ACTIONS=()
mkdir -p "$RESULTS"
# shellcheck source=tests/harness/services.sh
source tests/harness/services.sh
trap stop_services EXIT INT TERM

if ! command -v wrk >/dev/null && [ "$(id -u)" = 0 ]; then
  apt-get install -y -qq wrk >/dev/null 2>&1 || echo "(could not install wrk: the load suite needs it)"
fi
if ! command -v pdftotext >/dev/null && [ "$(id -u)" = 0 ]; then
  apt-get install -y -qq poppler-utils >/dev/null 2>&1 || echo "(could not install poppler-utils: no pdftotext baseline)"
fi
if [ "$(id -u)" = 0 ] && ls /usr/lib/postgresql >/dev/null 2>&1; then
  start_postgres >/dev/null && export RECOUP_BENCH_POSTGRES_URL="$TEST_POSTGRES_URL"
fi
"$PY" -m bench "$@"
