# Lotsen: every command sets itself up from the pinned requirements.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q
SPHINXOPTS ?=

.PHONY: html test clean

## html: build the site from the sample into _build/html (fails listing every finding)
html: $(VENV)/.installed
	$(BIN)/sphinx-build -b html -E -a -W --keep-going $(SPHINXOPTS) . _build/html

## test: run the whole test suite
test: $(VENV)/.installed-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt pyproject.toml | $(BIN)/python
	$(PIP) install -r requirements.txt
	$(PIP) install --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.installed-test: requirements-test.txt $(VENV)/.installed
	$(PIP) install -r requirements-test.txt
	touch $@

clean:
	rm -rf _build
