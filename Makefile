# Two commands for a newcomer: `make run` (set up and serve with demo data) and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# Every target here is a development or CI tool: the development profile, asked for explicitly,
# because an unset DEBUG means production (tracker/settings.py). The suite is written for the
# development profile; the production profile is tested by the tests that start production
# processes (tests/system/test_settings_profile.py, the load test) and by `check --deploy` in
# .ci/run.
export DEBUG ?= true

.PHONY: run setup install test lint typecheck format messages worker beat lock clean bench loadtest fuzz

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[dev,fuzz]"
	touch $@

install: $(VENV)/.installed

# Database, reference data and demo data (idempotent).
setup: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py loaddata fixtures/reference.json
	$(BIN)/python manage.py seed_demo

run: setup
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

# The suite runs in TEST_WORKERS processes (pytest-xdist), a test module per process at a time;
# each process has its own test database, files directory and Celery queue (tests/settings.py).
# TEST_WORKERS=0 runs it in this one process.
TEST_WORKERS ?= 2
test: install
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

# mypy with the Django and REST framework plugins ([tool.mypy] in pyproject.toml); the plugin
# loads tracker.settings, so DEBUG=true (exported above) matters here too.
typecheck: install
	$(BIN)/mypy

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Compile the Russian and Hindi catalogues (locale/*/LC_MESSAGES/django.po) after editing them;
# the compiled .mo files are committed, so nothing else needs gettext.
messages: install
	$(BIN)/python -c "import polib; [polib.pofile(f'locale/{lang}/LC_MESSAGES/django.po').save_as_mofile(f'locale/{lang}/LC_MESSAGES/django.mo') for lang in ('ru', 'hi')]"

worker: install
	$(BIN)/celery -A tracker worker --loglevel=INFO

# Run exactly one beat process per deployment.
beat: install
	$(BIN)/celery -A tracker beat --loglevel=INFO

# Every benchmark in one table, on a fresh PostgreSQL database (dropped and created each run);
# results are also written to docs/benchmarks/. BENCH_ARGS=--quick for a smoke run.
bench: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/barriers_bench
bench: install
	$(BIN)/python -c "import os, urllib.parse as u, psycopg; url = u.urlsplit(os.environ['DATABASE_URL']); db = url.path.lstrip('/'); conn = psycopg.connect(os.environ['DATABASE_URL'].replace(url.path, '/postgres'), autocommit=True); conn.execute(f'DROP DATABASE IF EXISTS \"{db}\" WITH (FORCE)'); conn.execute(f'CREATE DATABASE \"{db}\"')"
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py loaddata fixtures/reference.json -v0
	$(BIN)/python manage.py bench $(BENCH_ARGS)

# 50 exporters filing and reading for 60 s through gunicorn, with a real Celery worker on Redis;
# the database barriers_load is dropped and created each run. LOADTEST_ARGS="--users 5 --seconds 10".
loadtest: install
	$(BIN)/python manage.py loadtest $(LOADTEST_ARGS)

# Schemathesis against the whole API with fresh random seeds (CI pins one seed; this explores).
# FUZZ_ARGS="--max-examples 100 --actor exporter" for a longer or narrower run.
fuzz: install
	$(BIN)/python manage.py fuzz_api --database-url postgres://postgres@127.0.0.1:5432/barriers_fuzz $(FUZZ_ARGS)

# Re-pin every installed package after changing pyproject.toml's dependencies.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet ".[dev,fuzz]"
	( echo "# Every package the project installs, pinned, so a fresh install is reproducible."; \
	  echo "# Dependencies are declared in pyproject.toml; regenerate this file with \`make lock\`."; \
	  .lock-venv/bin/python -m pip freeze --exclude barrier-tracker ) > constraints.txt
	rm -rf .lock-venv

clean:
	rm -rf $(VENV) var
