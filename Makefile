# Recoup: `make run` starts the whole product; `make test` runs every test.
SHELL := /bin/bash
.SHELLFLAGS := -o pipefail -c
# This machine's pip config names package folders that may not exist; its warnings about them are noise.
QUIET_PIP := 2>&1 | { grep -v 'WARNING: Location' || true; }
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
FRONTEND_SOURCES := $(shell find frontend/src frontend/portal frontend/console frontend/scripts -type f 2>/dev/null) \
	frontend/vite.config.ts frontend/codegen.ts frontend/tsconfig.json schema.graphql

.PHONY: run test reliability deps deps-dev frontend-deps frontend-build schema fmt lock bench clean

## run: install what is missing, build the frontends, migrate, seed demo data, serve on http://127.0.0.1:$${PORT:-8000}
run: deps frontend-build
	$(PY) -m backend run

## test: every test on SQLite and PostgreSQL, frontend unit tests, browser tests; prints `N passed, N failed`
test:
	bash tests/harness/run_all.sh

## reliability: schemathesis per role (500 operations each) and 50 people at once for 2 minutes, on a live server
reliability:
	bash tests/harness/reliability.sh

$(VENV)/bin/python:
	@$(PYTHON) -m venv --help >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip $(QUIET_PIP)

$(VENV)/.runtime-installed: requirements.lock | $(VENV)/bin/python
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock $(QUIET_PIP)
	@touch $@

$(VENV)/.dev-installed: requirements.lock requirements-dev.lock $(VENV)/.runtime-installed
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.lock -r requirements-dev.lock $(QUIET_PIP)
	@touch $@

deps: $(VENV)/.runtime-installed
deps-dev: $(VENV)/.dev-installed

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	@command -v npm >/dev/null || { apt-get update -qq && apt-get install -y -qq nodejs npm >/dev/null; }
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

frontend-deps: frontend/node_modules/.installed

frontend/dist/.built: frontend/node_modules/.installed $(FRONTEND_SOURCES)
	cd frontend && npm run -s build
	@touch $@

frontend-build: frontend/dist/.built

## schema: export schema.graphql from the code (commit the result)
schema: deps
	$(PY) -m backend export-schema

## fmt: fix what can be fixed automatically
fmt: deps-dev frontend-deps
	$(VENV)/bin/ruff format backend documents tests bench
	$(VENV)/bin/ruff check --fix backend documents tests bench
	cd frontend && npx eslint --fix .

## lock: re-resolve the Python lock files from requirements*.in
lock:
	rm -rf /tmp/recoup-lock && $(PYTHON) -m venv /tmp/recoup-lock
	/tmp/recoup-lock/bin/pip install -q -r requirements.in
	(echo "# Runtime dependencies, pinned. Regenerate: make lock"; /tmp/recoup-lock/bin/pip freeze --all | grep -v -E '^(pip|setuptools|wheel)==') > requirements.lock
	/tmp/recoup-lock/bin/pip install -q -r requirements-dev.in -c requirements.lock
	(echo "# Test and tooling dependencies, pinned, on top of requirements.lock. Regenerate: make lock"; /tmp/recoup-lock/bin/pip freeze --all | grep -v -E '^(pip|setuptools|wheel)==' | grep -v -x -F -f requirements.lock) > requirements-dev.lock

## bench: the load suite at SCALE=small (default) or full, table into docs/benchmarks.md; BENCH=all|search|cash|... for the others
SCALE ?= small
bench: deps-dev frontend-build
	SCALE=$(SCALE) bash bench/run.sh $(BENCH)

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist .test-results .bench-results
