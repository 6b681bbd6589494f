# The two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
BIN := $(VENV)/bin
# The first Python 3.11-3.13 that actually runs (a shim that fails is skipped).
PYTHON ?= $(shell for p in python3 python3.13 python3.12 python3.11 python; do \
	if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' >/dev/null 2>&1; \
	then echo $$p; break; fi; done)
HOST ?= 127.0.0.1
PORT ?= 8000
# Where links in e-mails point: the address `make run` serves, unless set.
DJANGO_SITE_URL ?= http://$(HOST):$(PORT)

.PHONY: help run test lint format messages check-deploy clean

help:
	@echo "make run    - set up everything and serve the site with demo data on http://$(HOST):$(PORT)"
	@echo "make test   - lint and run the whole test suite (SQLite; set DATABASE_URL for PostgreSQL)"
	@echo "make lint   - ruff check, format check, and the layers of the apps (import-linter)"
	@echo "make format - apply ruff's formatting and import order"
	@echo "make messages - extract and compile translations (needs GNU gettext)"
	@echo "make bench  - page speed at scale against a bare Django view (wrk, gunicorn, PostgreSQL); BENCH_QUICK=1 for a smoke run"

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "No Python 3.11-3.13 found; install one or set PYTHON=/path/to/python"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime

run: export DJANGO_DEBUG ?= 1
run: export DJANGO_SITE_URL := $(DJANGO_SITE_URL)
run: $(VENV)/.runtime
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo "Serving on http://$(HOST):$(PORT)/ (admin: http://$(HOST):$(PORT)/admin/)"
	@echo "Links in e-mails point at $(DJANGO_SITE_URL)/"
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.dev lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: $(VENV)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: export DJANGO_DEBUG ?= 1
messages: $(VENV)/.dev
	$(BIN)/python manage.py makemessages --locale fa --no-obsolete --add-location file \
		--ignore '.venv/*' --ignore 'staticfiles/*' --ignore 'artifacts/*' --ignore 'tests/*'
	$(BIN)/python manage.py makemessages --domain djangojs --locale fa --no-obsolete \
		--add-location file --ignore '.venv/*' --ignore 'staticfiles/*' --ignore 'artifacts/*' --ignore 'tests/*' \
		--ignore 'static/vendor/*'
	$(BIN)/python manage.py compilemessages --locale fa --ignore '.venv/*'

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache

# --- Operations: load test --------------------------------------------------
# A minute of 32 simulated users against gunicorn and PostgreSQL on loopback;
# see tests/load/loadtest.py. The database (name ending in _load) is dropped
# and made anew. Results: artifacts/loadtest/.
LOADTEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/workgroup_load
LOADTEST_REDIS_URL ?= redis://127.0.0.1:6379/8
LOADTEST_ARGS ?=

.PHONY: loadtest
loadtest: $(VENV)/.dev
	$(BIN)/python -m tests.load.loadtest --database-url "$(LOADTEST_DATABASE_URL)" \
		--redis-url "$(LOADTEST_REDIS_URL)" $(LOADTEST_ARGS)

# --- Operations: benchmark ----------------------------------------------------
# Requests per second and latency of the pages with wrk, against a bare Django
# view (bench/bare), rendered and cached, signed in and admin, on scale data
# and on a tenth of it, each in a PostgreSQL database of its own that is
# filled once and reused; see bench/run.py and docs/performance.md. Results:
# bench/results/latest.json.
# Knobs (environment): BENCH_DATABASE_URL, BENCH_REDIS_URL, BENCH_SCALE_ARGS,
# BENCH_SECONDS, WEB_CONCURRENCY; BENCH_QUICK=1 for a smoke run on tiny data.
.PHONY: bench
bench: $(VENV)/.runtime
	$(BIN)/python -m bench.run
