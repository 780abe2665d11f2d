# Lotsen: every command sets itself up from the pinned requirements.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q
SPHINXOPTS ?=
MERMAID_VERSION := 11.12.1
MERMAID_SHA256 := 3bd65ddefe97fb2e01d976a01d4078f8d773bfc56c6a75a9abf08b564ce0f8b2
MERMAID := $(VENV)/share/lotsen/mermaid

.PHONY: html test clean

## html: build the site from the sample into _build/html (fails listing every finding)
html: $(VENV)/.installed
	$(BIN)/sphinx-build -b html -E -a -W --keep-going $(SPHINXOPTS) . _build/html

## test: run the whole test suite
test: $(VENV)/.installed-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt pyproject.toml $(MERMAID)/mermaid.esm.min.mjs | $(BIN)/python
	$(PIP) install -r requirements.txt
	$(PIP) install --no-deps --no-build-isolation -e .
	touch $@

# mermaid's ES module build, served from the site itself (never a CDN). Fetched from
# the npm registry at a pinned version and checked against its pinned SHA-256.
$(MERMAID)/mermaid.esm.min.mjs: | $(BIN)/python
	rm -rf $(MERMAID) .mermaid-tmp && mkdir -p $(MERMAID) .mermaid-tmp
	cd .mermaid-tmp && npm pack --silent mermaid@$(MERMAID_VERSION) >/dev/null
	echo "$(MERMAID_SHA256)  .mermaid-tmp/mermaid-$(MERMAID_VERSION).tgz" | sha256sum -c --quiet
	tar -xzf .mermaid-tmp/mermaid-$(MERMAID_VERSION).tgz -C .mermaid-tmp package/dist/mermaid.esm.min.mjs package/dist/chunks/mermaid.esm.min
	find .mermaid-tmp/package/dist/chunks -name '*.map' -delete
	cp -r .mermaid-tmp/package/dist/chunks .mermaid-tmp/package/dist/mermaid.esm.min.mjs $(MERMAID)/
	rm -rf .mermaid-tmp

$(VENV)/.installed-test: requirements-test.txt $(VENV)/.installed
	$(PIP) install -r requirements-test.txt
	touch $@

clean:
	rm -rf _build
