# The two set-up commands (see README): `make run` and `make test`.
# Both create a virtual environment in .venv on first use; nothing else to install.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint install translations screenshots

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## run: the whole service on the embedded default (SQLite + embedded Redis in ./instance)
run: $(STAMP)
	$(BIN)/flask --app app serve

## test: the whole test suite (PostgreSQL too when TEST_POSTGRES_URL is set), on every core (TEST_WORKERS=1: one process)
TEST_WORKERS ?= auto
test: $(STAMP)
	bash scripts/test-deps.sh
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

## lint: style (ruff), the package layers (import-linter, contracts in pyproject.toml), types (mypy)
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

## screenshots: retake docs/screenshot-*.png in Chromium against a throwaway install (tests never write them)
screenshots: $(STAMP)
	$(BIN)/python scripts/screenshots.py

## translations: extract the staff pages' messages and rebuild the Chinese catalogue (fails on untranslated ones)
translations: $(STAMP)
	$(BIN)/python scripts/zh_messages.py
