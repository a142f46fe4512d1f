# The README's words: make run, make test, make worker, make bench.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export DJANGO_SETTINGS_MODULE := hannover_teilhabe.settings

.DEFAULT_GOAL := help
.PHONY: help run test worker bench install install-dev lint messages

help: ## Diese Hilfe
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed $@

install: $(VENV)/.installed ## Python-Pakete in .venv installieren

install-dev: $(VENV)/.installed-dev

# The catalogues are edited as .po text; the compiled .mo files are committed too, so `make run`
# needs nothing but Python. `make messages` (and `make test`) compile them afresh.
messages: install ## Übersetzungskataloge (locale/*/django.po) kompilieren
	@bash scripts/system-deps.sh
	$(BIN)/python manage.py compilemessages --ignore=$(VENV) --ignore=node_modules

run: install ## Plattform starten: http://127.0.0.1:8000 (ohne Variablen: SQLite, Aufgaben im Prozess)
	@command -v msgfmt >/dev/null 2>&1 && $(BIN)/python manage.py compilemessages --ignore=$(VENV) --ignore=node_modules >/dev/null || true
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py migrate --noinput
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py seed_demo
	DEBUG=$${DEBUG:-1} $(BIN)/python manage.py runserver 127.0.0.1:8000

worker: install ## Celery-Worker starten (braucht CELERY_BROKER_URL)
	@test -n "$$CELERY_BROKER_URL" || { echo "CELERY_BROKER_URL ist nicht gesetzt: ohne Broker laufen Aufgaben im Webprozess, ein Worker ist nicht nötig."; exit 1; }
	$(BIN)/celery -A hannover_teilhabe worker --beat --loglevel=INFO --concurrency=2 --schedule=$(VENV)/celerybeat-schedule

# Tests run against the real services; each run creates and drops its own test database.
test: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/hannover_teilhabe
# Its own Redis database, so a developer's `make worker` on db 0 cannot take the tests' tasks.
test: export CELERY_BROKER_URL ?= redis://127.0.0.1:6379/9
test: export DJANGO_ALLOW_ASYNC_UNSAFE := true
test: install-dev messages ## Alles installieren, Lint und alle Tests gegen PostgreSQL und Redis
	@bash scripts/system-deps.sh
	@$(MAKE) --no-print-directory node_modules/.package-lock.json
	@$(BIN)/python scripts/check_services.py
	$(BIN)/ruff check .
	$(BIN)/python -m pytest --create-db $(PYTEST_ARGS)

# axe-core (pinned in package-lock.json) is injected into Chromium by the accessibility tests.
node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

lint: install-dev
	$(BIN)/ruff check .

# One scratch PostgreSQL database (never DATABASE_URL); the data set is built once and shared.
bench: export BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/hannover_teilhabe_bench
bench: install-dev ## Benchmarks (bench/): Seiten, API, PDF, Importe und Last gegen die Untergrenzen, Zahlen in bench/README.md
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; } || sudo apt-get install -y wrk
	$(BIN)/python bench/_data.py
	@# Every script runs even when one misses its target, so one run prints every figure; the
	@# missed ones are named at the end and make the run fail.
	@failed=""; for script in bench/pages.py bench/api.py bench/report.py bench/load.py bench/import_outcomes.py bench/import_values.py; do \
		echo "== $$script"; $(BIN)/python $$script || failed="$$failed $$script"; done; \
	if [ -n "$$failed" ]; then echo "Ziel verfehlt oder Fehler in:$$failed"; exit 1; fi
