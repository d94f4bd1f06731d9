# Set-up, run and test commands. `make run` and `make test` are all a fresh
# Debian machine needs; both (re)build .venv only when requirements change.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8501
CHROMIUM := /usr/bin/chromium
# The catalog tests also run against a throwaway server from these binaries.
PG_CTL_GLOB := /usr/lib/postgresql/*/bin/pg_ctl

RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev

.DEFAULT_GOAL := help
.PHONY: help run test lint format typecheck bench chromium postgresql venv dev-venv clean

help:
	@echo "make run     start the dashboard on http://localhost:$(PORT)"
	@echo "make test    lint, type-check and run the whole test suite (browser tests included)"
	@echo "make lint    ruff check and ruff format --check"
	@echo "make format  rewrite the code with ruff (imports sorted, 88 columns)"
	@echo "make bench   time the metric queries on a large generated data set"
	@echo "make clean   remove .venv, caches and test artifacts"

# python3 -m venv needs ensurepip, which Debian ships separately.
$(BIN)/python:
	@$(PYTHON) -c "import ensurepip" 2>/dev/null || scripts/apt_install.sh python3-venv
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(RUN_STAMP): requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(RUN_STAMP)

venv: $(RUN_STAMP)
dev-venv: $(DEV_STAMP)

chromium:
	@test -x $(CHROMIUM) || scripts/apt_install.sh chromium fonts-liberation

postgresql:
	@ls $(PG_CTL_GLOB) >/dev/null 2>&1 || scripts/apt_install.sh postgresql

run: $(RUN_STAMP)
	$(BIN)/streamlit run app.py --server.port $(PORT) --server.headless true

lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(DEV_STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: $(DEV_STAMP)
	$(BIN)/mypy journeys

test: $(DEV_STAMP) chromium postgresql lint typecheck
	$(BIN)/pytest

bench: $(RUN_STAMP)
	$(BIN)/python -m journeys bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache test-artifacts
