# notes-kb: `make serve` to study, `make test` before you push. Both set up .venv on first use;
# re-running is fast because the install step only reruns when pyproject.toml changes.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build test test-fast lint clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# An editable install leaves the package uncompiled, and where PYTHONDONTWRITEBYTECODE is set every
# build would compile it again (a twentieth of a second): compile it as pip does an installed package.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m compileall -q src plugins
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	$(BIN)/python -m compileall -q src plugins
	touch $@ $(VENV)/.installed

serve: $(VENV)/.installed
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(VENV)/.installed
	$(BIN)/mkdocs build --strict

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest

# The unit tier (tests/unit/<stage>/): one stage at a time on small notes, no mkdocs builds, no browser.
test-fast: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -q tests/unit

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src plugins tests benchmarks

clean:
	rm -rf site $(VENV) .pytest_cache
