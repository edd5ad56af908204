# Linkwell: `make demo` to try it, `make test` to check it, `make lint` before you push.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# uv may be on PATH, or installed into the user's Python by `make uv` below.
UV := $(shell command -v uv 2>/dev/null || echo "python3 -m uv")
PYTEST_WORKERS ?= 2

.PHONY: help uv install chromium demo test test-fast test-browser lint format

help:
	@echo "make demo   install everything, load demo data, serve on http://127.0.0.1:8000"
	@echo "make test   install everything and run the whole suite (unit, integration, browser)"
	@echo "make lint   ruff (format and lint) and mypy"

uv:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || python3 -m pip install --quiet uv

install: uv
	$(UV) sync --locked
	npm ci --no-audit --no-fund --loglevel=error

# Browser tests drive Debian's chromium; Playwright never downloads a browser of its own.
chromium:
	@test -x /usr/bin/chromium || { \
		echo "Installing Debian's chromium for the browser tests"; \
		if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium; \
		else sudo apt-get update -qq && sudo apt-get install -y -qq chromium; fi; }

demo: install
	$(UV) run linkwell demo

test: install chromium
	$(UV) run linkwell makemigrations --check --dry-run
	$(UV) run pytest -n $(PYTEST_WORKERS) -m "not browser"
	$(UV) run pytest -m browser

test-fast: install
	$(UV) run pytest -n $(PYTEST_WORKERS) -m "not browser"

test-browser: install chromium
	$(UV) run pytest -m browser

lint: install
	$(UV) run ruff format --check .
	$(UV) run ruff check .
	$(UV) run mypy linkwell

format: install
	$(UV) run ruff format .
	$(UV) run ruff check --fix .
