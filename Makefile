# One entry point for every command a person runs. `make help` lists them.
VENV := .venv/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# MkDocs 1.6.1 and Material 9.8 are pinned; Material's notice about MkDocs 2.0 is known (README, Publishing).
export NO_MKDOCS_2_WARNING := 1

.PHONY: help setup serve build preview check test lint format i18n coverage bench audit clean

help:  ## List the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

setup:  ## Install everything (Python venv, Pyodide runtime); cheap when done
	@tools/bootstrap.sh

serve: setup  ## Set up, then serve the site at http://127.0.0.1:8000/ (rebuilt on every change)
	$(VENV)/python -m mkdocs serve --dev-addr $(HOST):$(PORT) --no-livereload

build: setup  ## Build the site into site/ (strict; SITE_URL=https://... for its address), plus .gz/.br
	$(VENV)/python -m mkdocs build --strict
	$(VENV)/python -m tools.precompress site

preview:  ## Serve site/ as a static host would (headers, .br/.gz, 404s) under its SITE_URL path; PREFIX=/x/ to choose
	$(VENV)/python -m tools.preview site --host $(HOST) --port $(PORT) $(if $(PREFIX),--prefix $(PREFIX))

# The tests that need no browser, no Pyodide and no build: pytest marks (tests/conftest.py).
QUICK := not build and not browser and not pyodide

check: setup  ## Lint plus every test that needs no browser, no Pyodide and no build (under a minute)
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .
	$(VENV)/python -m pytest -q -m "$(QUICK)"

test: setup  ## Set up, then run every test (lint, unit, Pyodide, build, browser)
	@tools/ensure-debian-packages.sh
	$(VENV)/ruff check .
	$(VENV)/ruff format --check .
	$(VENV)/python -m pytest

lint:  ## ruff check and format check
	$(VENV)/ruff check . && $(VENV)/ruff format --check .

format:  ## Format the code with ruff
	$(VENV)/ruff format . && $(VENV)/ruff check --fix .

i18n: setup  ## Update the templates and merge the catalogs after a source change
	$(VENV)/python -m macros.i18n update
	$(VENV)/python -m macros.i18n coverage

coverage: setup  ## Translated / fuzzy / untranslated per locale and domain
	$(VENV)/python -m macros.i18n coverage

bench: setup  ## Benchmarks: print figures and ratios, write bench/results/latest.json
	@tools/ensure-debian-packages.sh
	$(VENV)/python -m bench

audit: setup  ## Audit: bad input, injection, privacy, CSP, axe (light + dark), HTML validator; prints the tally
	@tools/ensure-debian-packages.sh
	$(VENV)/python -m audit

clean:  ## Remove build output (keeps the venv and node_modules)
	rm -rf site build dist worksheets/locale
