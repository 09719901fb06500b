#!/usr/bin/env bash
# `make test`: install what the tests need, start throwaway services, run every suite,
# stop everything even on failure, and print one closing line `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
RESULTS="$ROOT/.test-results"
STOP_ACTIONS=()
FAILED_CHECKS=0
rm -rf "$RESULTS" && mkdir -p "$RESULTS"

# shellcheck source=tests/harness/services.sh
source tests/harness/services.sh
trap stop_services EXIT INT TERM

step() { printf '\n== %s\n' "$*"; }
check() {  # run a check; a failure is counted, the run goes on
  local name=$1; shift
  if "$@" >"$RESULTS/$name.log" 2>&1; then echo "ok    $name"; else echo "FAIL  $name (see .test-results/$name.log)"; tail -20 "$RESULTS/$name.log"; FAILED_CHECKS=$((FAILED_CHECKS+1)); fi
}

step "system packages"
bash tests/harness/install_system_packages.sh || { echo "could not install system packages"; exit 1; }

step "python and node dependencies"
make -s deps-dev frontend-deps || exit 1

step "static checks"
check ruff "$VENV/bin/ruff" check backend documents tests bench
check mypy "$VENV/bin/mypy"
check schema "$PY" -m backend check-schema
check frontend-lint npm --prefix frontend run -s lint
check frontend-build npm --prefix frontend run -s build

step "services"
start_postgres || { echo "PostgreSQL did not start"; exit 1; }
start_s3 || { echo "S3 emulator did not start"; exit 1; }

step "backend tests on SQLite"
RECOUP_TEST_DATABASE_URL="" "$PY" -m pytest -q -m "not reliability" --junitxml="$RESULTS/backend-sqlite.xml" \
  -o junit_suite_name=sqlite tests || true
step "backend tests on PostgreSQL"
RECOUP_TEST_DATABASE_URL="$TEST_POSTGRES_URL" "$PY" -m pytest -q -m "not reliability" --junitxml="$RESULTS/backend-postgresql.xml" \
  -o junit_suite_name=postgresql tests || true
step "reliability tests on a live server (quick scale; make reliability runs them in full)"
RECOUP_TEST_DATABASE_URL="$TEST_POSTGRES_URL" RECOUP_RELIABILITY_EXAMPLES="${RECOUP_RELIABILITY_EXAMPLES:-100}" \
  RECOUP_RELIABILITY_LOAD_SECONDS="${RECOUP_RELIABILITY_LOAD_SECONDS:-20}" "$PY" -m pytest -q -p no:logging -m reliability \
  --junitxml="$RESULTS/reliability.xml" -o junit_suite_name=reliability tests/reliability || true
[ -f "$RESULTS/reliability.xml" ] || FAILED_CHECKS=$((FAILED_CHECKS+1))

step "frontend unit tests"
JUNIT_FILE="$RESULTS/frontend-unit.xml" npm --prefix frontend run -s test:unit || true
[ -f "$RESULTS/frontend-unit.xml" ] || FAILED_CHECKS=$((FAILED_CHECKS+1))

step "browser end-to-end tests (Chromium)"
start_backend_for_e2e
PLAYWRIGHT_JUNIT_OUTPUT_NAME="$RESULTS/browser-e2e.xml" npm --prefix frontend run -s test:e2e || true
[ -f "$RESULTS/browser-e2e.xml" ] || FAILED_CHECKS=$((FAILED_CHECKS+1))

stop_services
step "summary"
"$PY" tests/harness/summary.py "$RESULTS" "$FAILED_CHECKS"
