# TijarIA: `make run` brings the whole service up, `make test` runs every test.
# Both build what is missing first: two virtualenvs (cached outside the work tree,
# keyed by a hash of their requirements), the Rasa model (cached by a hash of
# config.yml, domain.yml and data/), and the database schema.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON311 ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.11*/bin/python) $(shell command -v python3.11))
PYTHON310 ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.10*/bin/python) $(shell command -v python3.10))

export PYTHONPATH := $(CURDIR)
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2

# Shell snippets: each prints the ready venv's path, building it the first time.
CORE_VENV = scripts/ensure_venv.sh core "$(PYTHON311)" pyproject.toml
RASA_VENV = scripts/ensure_venv.sh rasa "$(PYTHON310)" requirements/rasa.txt

.PHONY: help run test test-fast lint setup train migrate knowledge bench check-pythons browser demo-users totp

help:
	@echo "make run    start TijarIA (Rasa, action server, API) on 127.0.0.1"
	@echo "make test   run every test (unit, API on SQLite and PostgreSQL, end to end)"
	@echo "make bench  print turn latency figures (needs nothing running)"
	@echo "make demo-users / make totp LOGIN=demo.operateur   demo accounts and their current TOTP code"

check-pythons:
	@[ -x "$(PYTHON311)" ] || { echo "Python 3.11 not found: set PYTHON311=/path/to/python3.11"; exit 1; }
	@[ -x "$(PYTHON310)" ] || { echo "Python 3.10 not found (Rasa 3.6 needs it): set PYTHON310=/path/to/python3.10"; exit 1; }

setup: check-pythons
	@$(CORE_VENV) >/dev/null
	@$(RASA_VENV) >/dev/null

train: setup
	@core=$$($(CORE_VENV)); rasa=$$($(RASA_VENV)); \
	$$core/bin/python -m assistant.training --rasa-venv $$rasa

knowledge: setup
	@core=$$($(CORE_VENV)); $$core/bin/python -m knowledge build

migrate: setup
	@core=$$($(CORE_VENV)); $$core/bin/python -m api.migrate

run: setup
	@core=$$($(CORE_VENV)); rasa=$$($(RASA_VENV)); \
	model=$$($$core/bin/python -m assistant.training --rasa-venv $$rasa); \
	$$core/bin/python -m api.migrate; \
	$$core/bin/python -m api.accounts seed; \
	$$core/bin/python -m knowledge build; \
	$$core/bin/python -m api.voice prepare; \
	exec $$core/bin/python -m assistant.supervisor --rasa-venv "$$rasa" --model "$$model"

# Demo accounts (created by `make run` on its first start).
demo-users: setup
	@core=$$($(CORE_VENV)); $$core/bin/python -m api.accounts users

totp: setup
	@[ -n "$(LOGIN)" ] || { echo "usage: make totp LOGIN=demo.operateur"; exit 1; }
	@core=$$($(CORE_VENV)); $$core/bin/python -m api.accounts totp "$(LOGIN)"

# The browser tests drive Debian's chromium; Playwright never downloads one.
browser:
	@[ -x /usr/bin/chromium ] || { echo "[setup] installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	@command -v espeak-ng >/dev/null || { echo "[setup] installing espeak-ng: the voice tests' speech"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq espeak-ng >/dev/null; }

# Lint, format and types: the same checks CI runs first.
lint: setup
	@core=$$($(CORE_VENV)); \
	$$core/bin/ruff check . && $$core/bin/ruff format --check . && $$core/bin/mypy

test: setup browser lint
	@core=$$($(CORE_VENV)); rasa=$$($(RASA_VENV)); \
	model=$$($$core/bin/python -m assistant.training --rasa-venv $$rasa); \
	$$core/bin/python -m knowledge build; \
	$$core/bin/python -m api.voice prepare; \
	TIJARIA_RASA_VENV="$$rasa" TIJARIA_RASA_MODEL="$$model" \
	$$core/bin/python -m pytest -p no:cacheprovider $(PYTEST_ARGS)

# Unit and API tests only (no Rasa, no training): seconds.
test-fast: check-pythons
	@core=$$($(CORE_VENV)); $$core/bin/python -m pytest -m "not e2e" $(PYTEST_ARGS)

bench: setup
	@core=$$($(CORE_VENV)); rasa=$$($(RASA_VENV)); \
	model=$$($$core/bin/python -m assistant.training --rasa-venv $$rasa); \
	TIJARIA_RASA_VENV="$$rasa" TIJARIA_RASA_MODEL="$$model" $$core/bin/python bench/turn_latency.py; \
	TIJARIA_RASA_VENV="$$rasa" TIJARIA_RASA_MODEL="$$model" $$core/bin/python bench/procedure_turns.py; \
	TIJARIA_RASA_VENV="$$rasa" TIJARIA_RASA_MODEL="$$model" $$core/bin/python bench/file_lookup.py; \
	$$core/bin/python bench/retrieval.py; \
	$$core/bin/python bench/handoff_load.py
