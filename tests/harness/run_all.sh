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

# Each phase runs through `phase NAME COMMAND...`: its output goes to .test-results/phase-*.log and is printed
# when it ends, under `== NAME (wall time)`; every phase's time is also in phases.tsv for the summary.
PHASES="$RESULTS/phases.tsv"
elapsed() {  # seconds (may be fractional) as "4 min 12 s" or "38 s"
  local s=${1%.*}
  if [ "$s" -ge 60 ]; then echo "$((s / 60)) min $((s % 60)) s"; else echo "${s} s"; fi
}
phase() {
  local name=$1; shift
  local log="$RESULTS/phase-${name//[^A-Za-z0-9]/-}.log" started=$EPOCHREALTIME status=0
  "$@" >"$log" 2>&1 || status=$?
  local seconds
  seconds=$(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
  printf '%s\t%s\n' "$name" "$seconds" >>"$PHASES"
  printf '\n== %s (%s)\n' "$name" "$(elapsed "$seconds")"
  cat "$log"
  return $status
}
check() {  # run a check; a failure is counted, the run goes on
  local name=$1; shift
  if "$@" >"$RESULTS/$name.log" 2>&1; then echo "ok    $name"; else echo "FAIL  $name (see .test-results/$name.log)"; tail -20 "$RESULTS/$name.log"; FAILED_CHECKS=$((FAILED_CHECKS+1)); fi
}

phase "system packages" bash tests/harness/install_system_packages.sh || { echo "could not install system packages"; exit 1; }

phase "python and node dependencies" make -s deps-dev frontend-deps || exit 1

static_checks() {
  check ruff "$VENV/bin/ruff" check backend documents tests bench
  check mypy "$VENV/bin/mypy"
  check schema "$PY" -m backend check-schema
  check frontend-lint npm --prefix frontend run -s lint
  check frontend-build npm --prefix frontend run -s build
}
phase "static checks" static_checks

services() {
  start_postgres || { echo "PostgreSQL did not start"; return 1; }
  start_s3 || { echo "S3 emulator did not start"; return 1; }
}
phase "services" services || exit 1

phase "backend tests on SQLite" env RECOUP_TEST_DATABASE_URL="" "$PY" -m pytest -q -m "not reliability" \
  --junitxml="$RESULTS/backend-sqlite.xml" -o junit_suite_name=sqlite tests
phase "backend tests on PostgreSQL" env RECOUP_TEST_DATABASE_URL="$TEST_POSTGRES_URL" "$PY" -m pytest -q -m "not reliability" \
  --junitxml="$RESULTS/backend-postgresql.xml" -o junit_suite_name=postgresql tests
phase "reliability tests on a live server (quick scale; make reliability runs them in full)" \
  env RECOUP_TEST_DATABASE_URL="$TEST_POSTGRES_URL" RECOUP_RELIABILITY_EXAMPLES="${RECOUP_RELIABILITY_EXAMPLES:-100}" \
  RECOUP_RELIABILITY_LOAD_SECONDS="${RECOUP_RELIABILITY_LOAD_SECONDS:-20}" "$PY" -m pytest -q -p no:logging -m reliability \
  --junitxml="$RESULTS/reliability.xml" -o junit_suite_name=reliability tests/reliability
[ -f "$RESULTS/reliability.xml" ] || FAILED_CHECKS=$((FAILED_CHECKS+1))

phase "frontend unit tests" env JUNIT_FILE="$RESULTS/frontend-unit.xml" npm --prefix frontend run -s test:unit
[ -f "$RESULTS/frontend-unit.xml" ] || FAILED_CHECKS=$((FAILED_CHECKS+1))

browser_tests() {
  start_backend_for_e2e || return 1
  PLAYWRIGHT_JUNIT_OUTPUT_NAME="$RESULTS/browser-e2e.xml" npm --prefix frontend run -s test:e2e
}
phase "browser end-to-end tests (Chromium)" browser_tests
[ -f "$RESULTS/browser-e2e.xml" ] || FAILED_CHECKS=$((FAILED_CHECKS+1))

stop_services
printf '\n== summary (whole run %s)\n' "$(elapsed "$SECONDS")"
"$PY" tests/harness/summary.py "$RESULTS" "$FAILED_CHECKS"
