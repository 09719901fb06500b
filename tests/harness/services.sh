# Throwaway PostgreSQL cluster and S3 emulator on loopback ports, for `make test`.
# Sourced by run_all.sh; every start registers its own stop in STOP_ACTIONS.

wait_for_url() {  # wait up to 60 s for a URL to answer
  for _ in $(seq 1 120); do
    curl -fs "$1" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  return 1
}

free_port() {
  "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start_postgres() {
  local version
  version=$(ls /usr/lib/postgresql | sort -n | tail -1)
  TEST_PG_CLUSTER="recoup_test_$$"
  TEST_PG_PORT=$(free_port)
  # Two passes at once (make test's lanes), each with servers and workers of its own: room for their pools.
  pg_createcluster "$version" "$TEST_PG_CLUSTER" -p "$TEST_PG_PORT" -o max_connections=300 \
    -- --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  STOP_ACTIONS+=("pg_dropcluster --stop $version $TEST_PG_CLUSTER")
  pg_ctlcluster "$version" "$TEST_PG_CLUSTER" start
  for _ in $(seq 1 60); do
    pg_isready -q -h 127.0.0.1 -p "$TEST_PG_PORT" && break
    sleep 0.5
  done
  runuser -u postgres -- psql -q -p "$TEST_PG_PORT" -c "CREATE ROLE recoup LOGIN PASSWORD 'recoup-test'" >/dev/null
  runuser -u postgres -- psql -q -p "$TEST_PG_PORT" -c "CREATE DATABASE recoup_test OWNER recoup" >/dev/null
  export TEST_POSTGRES_URL="postgresql+asyncpg://recoup:recoup-test@127.0.0.1:${TEST_PG_PORT}/recoup_test"
  # The fault-injection tests' own (tests/reliability/faults/): their workers must not meet another's.
  runuser -u postgres -- psql -q -p "$TEST_PG_PORT" -c "CREATE DATABASE recoup_faults OWNER recoup" >/dev/null
  export RECOUP_TEST_FAULTS_DATABASE_URL="postgresql+asyncpg://recoup:recoup-test@127.0.0.1:${TEST_PG_PORT}/recoup_faults"
  # The live server's (tests/reliability/conftest.py resets it): make test runs it beside the PostgreSQL pass.
  runuser -u postgres -- psql -q -p "$TEST_PG_PORT" -c "CREATE DATABASE recoup_reliability OWNER recoup" >/dev/null
  export TEST_RELIABILITY_POSTGRES_URL="postgresql+asyncpg://recoup:recoup-test@127.0.0.1:${TEST_PG_PORT}/recoup_reliability"
  echo "PostgreSQL $version cluster $TEST_PG_CLUSTER on port $TEST_PG_PORT"
}

start_s3() {
  local port
  port=$(free_port)
  setsid "$VENV/bin/moto_server" -H 127.0.0.1 -p "$port" >"$RESULTS/moto.log" 2>&1 &
  local pid=$!
  STOP_ACTIONS+=("kill $pid")
  wait_for_url "http://127.0.0.1:${port}/moto-api/" || return 1
  export RECOUP_TEST_S3_ENDPOINT="http://127.0.0.1:${port}"
  echo "S3 emulator (moto) on port $port"
}

start_identity_provider() {  # the OpenID Connect stand-in the console's single sign-on talks to
  local port
  port=$(free_port)
  "$VENV/bin/python" -m tests.support.idp --port "$port" >"$RESULTS/idp.log" 2>&1 &
  local pid=$!
  STOP_ACTIONS+=("kill $pid")
  wait_for_url "http://127.0.0.1:${port}/.well-known/openid-configuration" || return 1
  export RECOUP_E2E_IDP_URL="http://127.0.0.1:${port}"
  echo "identity provider stand-in on port $port"
}

start_backend_for_e2e() {
  E2E_PORT=$(free_port)
  local data_dir="$RESULTS/e2e-data"
  rm -rf "$data_dir"
  start_identity_provider || return 1
  # The browser tests sign in many times a minute from one address: the per-address rate limits are off.
  # JSON logs (production's format): the text format renders every logged exception with rich, ~0.8 s each.
  # No daily collections run: the browser tests send reminders when they mean to.
  RECOUP_DATA_DIR="$data_dir" PORT="$E2E_PORT" RECOUP_LOGIN_MAX_FAILURES=50 RECOUP_LOG_FORMAT=json \
    RECOUP_COLLECTIONS_HOUR=off \
    RECOUP_RATE_LIMIT_PER_MINUTE=0 RECOUP_SIGN_IN_RATE_LIMIT_PER_MINUTE=0 \
    RECOUP_PUBLIC_URL="http://127.0.0.1:${E2E_PORT}" RECOUP_OIDC_ISSUER="$RECOUP_E2E_IDP_URL" \
    RECOUP_OIDC_CLIENT_ID=recoup-console RECOUP_OIDC_CLIENT_SECRET=stand-in-secret \
    "$VENV/bin/python" -m backend run >"$RESULTS/e2e-backend.log" 2>&1 &
  local pid=$!
  STOP_ACTIONS+=("kill $pid")
  wait_for_url "http://127.0.0.1:${E2E_PORT}/ready" || { tail -20 "$RESULTS/e2e-backend.log"; return 1; }
  export RECOUP_E2E_BASE_URL="http://127.0.0.1:${E2E_PORT}"
  echo "backend for browser tests on $RECOUP_E2E_BASE_URL"
}

stop_services() {
  local i
  for (( i=${#STOP_ACTIONS[@]}-1; i>=0; i-- )); do
    eval "${STOP_ACTIONS[$i]}" >/dev/null 2>&1 || true
  done
  STOP_ACTIONS=()
}
