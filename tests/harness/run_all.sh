#!/usr/bin/env bash
# `make test`: install what the tests need, start throwaway services, run every suite,
# stop everything even on failure, and print one closing line `N passed, N failed`.
#
# After the installs and the services, the suites run in two lanes side by side (the machine has two
# cores; each lane keeps one busy):
#   lane 1: static checks -> frontend unit tests -> backend tests on SQLite -> reliability tests (database
#           recoup_reliability)
#   lane 2: backend tests on PostgreSQL (database recoup_test) -> browser tests
# The browser tests wait for the static checks, whose frontend build they serve. The lanes share only
# the PostgreSQL cluster (a database each) and the S3 emulator (a bucket per test); each pytest pass has
# a temporary folder of its own, and every server a test starts takes a free port.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
RESULTS="$ROOT/.test-results"
STOP_ACTIONS=()
LANES=()
rm -rf "$RESULTS" && mkdir -p "$RESULTS"
FAILED="$RESULTS/failed-checks"  # one line per check or step that failed; lanes append to it
PHASES="$RESULTS/phases.tsv"     # name, start offset and seconds of each phase, for the summary
STARTED=$EPOCHREALTIME
: >"$FAILED"

# shellcheck source=tests/harness/services.sh
source tests/harness/services.sh

lanes_alive() {  # is any process of a lane's process group still running (not a zombie waiting to be reaped)?
  local lane members
  for lane in "${LANES[@]}"; do
    members=$(pgrep -d, -g "$lane") || continue
    ps -o stat= -p "$members" | grep -qv '^Z' && return 0
  done
  return 1
}
stop_lanes() {  # on an interrupt: SIGINT first (pytest and npm clean up, a lane stops its own servers), then harder
  local signal lane
  for signal in INT TERM KILL; do
    lanes_alive || break
    for lane in "${LANES[@]}"; do kill -"$signal" -- "-$lane" 2>/dev/null || true; done
    for _ in $(seq 1 40); do lanes_alive || break; sleep 0.5; done
  done
  [ ${#LANES[@]} -eq 0 ] || wait "${LANES[@]}"  # not a bare `wait`: the S3 emulator is a child too
  LANES=()
}
# The clean-up itself is not interrupted: make passes a SIGTERM on to this script a second time.
trap 'trap "" INT TERM; stop_lanes; stop_services' EXIT
trap 'exit 130' INT TERM

elapsed() {  # seconds (may be fractional) as "4 min 12 s" or "38 s"
  local s=${1%.*}
  if [ "$s" -ge 60 ]; then echo "$((s / 60)) min $((s % 60)) s"; else echo "${s} s"; fi
}
since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

# `phase NAME COMMAND...`: the output goes to .test-results/phase-*.log and is printed in one piece, under
# `== NAME (wall time)`, when the phase ends (the lanes' phases end in any order and must not interleave).
phase() {
  local name=$1; shift
  local log="$RESULTS/phase-${name//[^A-Za-z0-9]/-}.log" started=$EPOCHREALTIME status=0
  "$@" >"$log" 2>&1 || status=$?
  local seconds
  seconds=$(since "$started")
  {
    flock 9
    printf '%s\t%s\t%s\n' "$name" "$(awk -v a="$STARTED" -v b="$started" 'BEGIN { printf "%.1f", b - a }')" "$seconds" >>"$PHASES"
    printf '\n== %s (%s)\n' "$name" "$(elapsed "$seconds")"
    cat "$log"
  } 9>>"$RESULTS/.print.lock"
  return $status
}
failed() { echo "$*" >>"$FAILED"; }
check() {  # run a check; a failure is counted, the run goes on
  local name=$1; shift
  if "$@" >"$RESULTS/$name.log" 2>&1; then echo "ok    $name"; else echo "FAIL  $name (see .test-results/$name.log)"; tail -20 "$RESULTS/$name.log"; failed "$name"; fi
}
needs_report() { [ -f "$RESULTS/$1.xml" ] || failed "$1 wrote no report"; }
lane() {  # run a function as a lane in the background: its own process group, its own servers to stop
  set -m
  (
    STOP_ACTIONS=()
    trap 'trap "" INT TERM; stop_services' EXIT
    trap 'exit 130' INT TERM
    "$@"
  ) &
  LANES+=($!)
  set +m
}

phase "system packages" bash tests/harness/install_system_packages.sh || { echo "could not install system packages"; exit 1; }

phase "python and node dependencies" make -s -j2 deps-dev frontend-deps || exit 1

services() {
  start_postgres || { echo "PostgreSQL did not start"; return 1; }
  start_s3 || { echo "S3 emulator did not start"; return 1; }
}
phase "services" services || exit 1

static_checks() {
  check ruff "$VENV/bin/ruff" check backend documents tests bench
  check mypy "$VENV/bin/mypy"
  check schema "$PY" -m backend check-schema
  check frontend-lint npm --prefix frontend run -s lint
  check frontend-build npm --prefix frontend run -s build
  touch "$RESULTS/.frontend-built"
}
backend_tests() {  # backend_tests NAME DATABASE_URL: the suite but the reliability tests, with a temporary folder of its own
  local name=$1 url=$2 temp
  temp=$(mktemp -d "${TMPDIR:-/tmp}/recoup-test-$name-XXXXXX")
  RECOUP_TEST_DATABASE_URL="$url" "$PY" -m pytest -q -m "not reliability" --basetemp="$temp" \
    --junitxml="$RESULTS/backend-$name.xml" -o junit_suite_name="$name" tests
  local status=$?
  rm -rf "$temp"
  return $status
}
reliability_tests() {
  RECOUP_TEST_DATABASE_URL="$TEST_RELIABILITY_POSTGRES_URL" RECOUP_RELIABILITY_EXAMPLES="${RECOUP_RELIABILITY_EXAMPLES:-100}" \
    RECOUP_RELIABILITY_LOAD_SECONDS="${RECOUP_RELIABILITY_LOAD_SECONDS:-20}" "$PY" -m pytest -q -p no:logging -m reliability \
    --junitxml="$RESULTS/reliability.xml" -o junit_suite_name=reliability tests/reliability
}
browser_tests() {
  while [ ! -f "$RESULTS/.frontend-built" ]; do sleep 1; done  # the static checks build what the backend serves
  start_backend_for_e2e || return 1
  PLAYWRIGHT_JUNIT_OUTPUT_NAME="$RESULTS/browser-e2e.xml" npm --prefix frontend run -s test:e2e
}

lane_1() {
  phase "static checks" static_checks
  phase "frontend unit tests" env JUNIT_FILE="$RESULTS/frontend-unit.xml" npm --prefix frontend run -s test:unit
  needs_report frontend-unit
  phase "backend tests on SQLite" backend_tests sqlite ""
  needs_report backend-sqlite
  phase "reliability tests on a live server (quick scale; make reliability runs them in full)" reliability_tests
  needs_report reliability
}
lane_2() {
  phase "backend tests on PostgreSQL" backend_tests postgresql "$TEST_POSTGRES_URL"
  needs_report backend-postgresql
  phase "browser end-to-end tests (Chromium)" browser_tests
  needs_report browser-e2e
}
printf '\n.. two lanes side by side: [static checks, Vitest, SQLite, reliability] and [PostgreSQL, browser]\n'
lane lane_1
lane lane_2
wait "${LANES[@]}"
LANES=()

stop_services
printf '\n== summary (whole run %s)\n' "$(elapsed "$(since "$STARTED")")"
"$PY" tests/harness/summary.py "$RESULTS" "$(wc -l <"$FAILED")"
