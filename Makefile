# Spotlight developer tasks.
#
#   make setup   create .venv (pip install -e '.[dev]') and node_modules, build the CSS
#   make demo    run the demo server on 127.0.0.1:$(PORT) with synthetic data
#   make test    ruff + the whole suite on SQLite and on PostgreSQL
#   make lint    ruff check + mypy
#   make bench   run every bench/*.py script
#   make language-model  retrain the language review's second reader from the development corpora
#   make note-facts-model  retrain the second reader of facts found in notes from its development corpora
#   make clean   remove test artefacts under var/ (keeps .venv, node_modules and the demo database)

PYTHON ?= python3
PORT ?= 8000

VENV := .venv
VENV_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
SCSS := spotlight/frontend/spotlight.scss
CSS := spotlight/static/build/spotlight.css

.DEFAULT_GOAL := help
.PHONY: help setup demo test lint bench clean language-model note-facts-model $(VENV) css

help:
	@echo "Spotlight make targets:"
	@echo "  make setup          install Python (.venv) and front-end (node_modules) dependencies, build CSS"
	@echo "  make demo [PORT=N]  serve the demo with synthetic data on 127.0.0.1:$(PORT)"
	@echo "  make test           ruff, then the test suite on SQLite and on PostgreSQL"
	@echo "  make lint           ruff check . and mypy spotlight"
	@echo "  make bench          run every bench/*.py script"
	@echo "                     (bench/large_authority.py: each page at 100,000 families on PostgreSQL; the first"
	@echo "                     run loads them into var/bench-pg, about 15 minutes on 2 cores; --families N for fewer)"
	@echo "  make language-model retrain the language review's second reader (after a development corpus changes)"
	@echo "  make note-facts-model retrain the second reader of facts found in notes (after its corpora change)"
	@echo "  make clean          remove test artefacts under var/"

# --- Python ----------------------------------------------------------------------------------
$(VENV): $(VENV_STAMP)

$(VENV_STAMP): pyproject.toml
	@if [ ! -x $(VENV)/bin/python ]; then \
		echo "==> Creating virtualenv $(VENV) with $(PYTHON)"; \
		$(PYTHON) -m venv $(VENV); \
	fi
	@echo "==> Upgrading pip"
	@$(VENV)/bin/python -m pip install --quiet --upgrade pip
	@echo "==> Installing spotlight with dev extras (pip install -e '.[dev]')"
	@PYTHONWARNINGS=ignore $(VENV)/bin/python -m pip install --quiet -e '.[dev]'
	@touch $@

# --- Front end -------------------------------------------------------------------------------
$(NODE_STAMP): package.json package-lock.json
	@echo "==> Installing front-end packages (npm ci)"
	@npm ci --no-audit --no-fund --loglevel=error
	@$(MAKE) --no-print-directory build-css
	@touch $@

# Rebuild the CSS when any stylesheet changes (npm ci above builds it the first time).
$(CSS): $(wildcard spotlight/frontend/*.scss spotlight/frontend/*/*.scss) | $(NODE_STAMP)
	@$(MAKE) --no-print-directory build-css

.PHONY: build-css
build-css:
	@if [ -f $(SCSS) ]; then \
		echo "==> Building CSS (npm run build: $(SCSS) -> $(CSS))"; \
		npm run --silent build; \
	else \
		echo "==> Skipping CSS build: $(SCSS) does not exist yet"; \
	fi

css: $(CSS)

# --- Tasks -----------------------------------------------------------------------------------
setup: $(VENV_STAMP) $(NODE_STAMP) $(if $(wildcard $(SCSS)),$(CSS))
	@echo "==> Setup complete"

demo: setup
	@echo "==> Starting the demo on http://127.0.0.1:$(PORT)/"
	@$(VENV)/bin/spotlight demo --port $(PORT)

test: setup
	@echo "==> Checking system packages (chromium, fonts, postgresql)"
	@scripts/ensure-system-packages.sh
	@echo "==> Running the test suites"
	@scripts/run-tests.sh

lint: $(VENV_STAMP)
	@rc=0; \
	echo "==> ruff check ."; \
	$(VENV)/bin/ruff check . || rc=1; \
	echo "==> mypy spotlight"; \
	$(VENV)/bin/mypy spotlight || rc=1; \
	exit $$rc

language-model: setup
	@echo "==> Installing the training extra (scikit-learn), then retraining the second reader"
	@PYTHONWARNINGS=ignore $(VENV)/bin/python -m pip install --quiet -e '.[dev,train]'
	@$(VENV)/bin/python scripts/train_language_model.py

note-facts-model: setup
	@echo "==> Installing the training extra (scikit-learn), then retraining the second reader of facts"
	@PYTHONWARNINGS=ignore $(VENV)/bin/python -m pip install --quiet -e '.[dev,train]'
	@$(VENV)/bin/python scripts/train_note_facts_model.py

bench: setup
	@set -u; failed=""; found=0; \
	for f in bench/*.py; do \
		[ -e "$$f" ] || continue; \
		found=1; \
		echo "==> Benchmark $$f"; \
		$(VENV)/bin/python "$$f" || failed="$$failed $$f"; \
	done; \
	if [ $$found -eq 0 ]; then echo "==> No bench/*.py scripts found"; fi; \
	if [ -n "$$failed" ]; then echo "==> Benchmarks FAILED:$$failed"; exit 1; fi

clean:
	@echo "==> Removing test artefacts under var/ (keeping .venv, node_modules and the demo database)"
	@if [ -f var/pg/data/postmaster.pid ]; then \
		echo "==> Stopping the leftover private PostgreSQL cluster in var/pg"; \
		pgctl=$$(ls -d /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -n1); \
		if [ "$$(id -u)" -eq 0 ]; then runuser -u postgres -- $$pgctl -D var/pg/data -m immediate -w stop; \
		else $$pgctl -D var/pg/data -m immediate -w stop; fi || true; \
	fi
	@rm -rf var/pg var/test-sqlite var/test-postgres var/test-results test-results \
		var/test.sqlite3 var/test.sqlite3-shm var/test.sqlite3-wal var/test.sqlite3-journal
