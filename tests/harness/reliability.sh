#!/usr/bin/env bash
# `make reliability`: the reliability tests at full scale against a throwaway PostgreSQL and S3 emulator
# (schemathesis: RECOUP_RELIABILITY_EXAMPLES operations per role, default 500; the mixed load:
# RECOUP_RELIABILITY_LOAD_SECONDS, default 120). Stops what it started, even on failure, and ends with
# `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
RESULTS="$ROOT/.test-results/reliability"
STOP_ACTIONS=()
rm -rf "$RESULTS" && mkdir -p "$RESULTS"

# shellcheck source=tests/harness/services.sh
source tests/harness/services.sh
trap stop_services EXIT INT TERM

bash tests/harness/install_system_packages.sh || { echo "could not install system packages"; exit 1; }
make -s deps-dev || exit 1
start_postgres || { echo "PostgreSQL did not start"; exit 1; }
start_s3 || { echo "S3 emulator did not start"; exit 1; }

RECOUP_TEST_DATABASE_URL="$TEST_POSTGRES_URL" \
  RECOUP_RELIABILITY_EXAMPLES="${RECOUP_RELIABILITY_EXAMPLES:-500}" \
  RECOUP_RELIABILITY_LOAD_SECONDS="${RECOUP_RELIABILITY_LOAD_SECONDS:-120}" \
  "$PY" -m pytest -q -p no:logging -m reliability --junitxml="$RESULTS/reliability.xml" \
  -o junit_suite_name=reliability tests/reliability
stop_services
[ -f "$RESULTS/reliability.xml" ] || { echo "0 passed, 1 failed"; exit 1; }
"$PY" tests/harness/summary.py "$RESULTS"
