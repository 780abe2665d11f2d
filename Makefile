# Lotsen: every command sets itself up from the pinned requirements.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q
SPHINXOPTS ?=
MERMAID_VERSION := 11.12.1
MERMAID_SHA256 := 3bd65ddefe97fb2e01d976a01d4078f8d773bfc56c6a75a9abf08b564ce0f8b2
# mermaid ships inside the package (and so in the wheel); fetched, never committed
MERMAID := src/lotsen/site/vendor/mermaid
AXE_VERSION := 4.11.4
AXE_SHA256 := 97175f79b2bd57adf1d4a55837f574093883bd9eb8096ea66abfafe2f2bdbdb9
AXE := $(VENV)/share/lotsen/axe/axe.min.js
# what WeasyPrint needs from the system to write PDF files (Debian's names)
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core

.PHONY: html test clean publish preview bench wheel icons

## html: build the site from the sample into _build/html (fails listing every finding)
html: $(VENV)/.installed
	$(BIN)/sphinx-build -b html -E -a -W --keep-going -D lotsen_pdf=1 -d _build/doctrees $(SPHINXOPTS) . _build/html

## publish: build from clean and replace DEST in one step, only if the build is valid
publish: $(VENV)/.installed
	@test -n "$(DEST)" || { echo "Ange var webbplatsen ska ligga: make publish DEST=/srv/lotsen"; exit 2; }
	$(BIN)/python -m lotsen.site.publish "$(DEST)"

## preview: a live-reloading local preview on http://127.0.0.1:8000, drafts shown
preview: $(VENV)/.installed
	LOTSEN_PREVIEW=1 $(BIN)/sphinx-autobuild -b html -d _build/preview-doctrees \
	  --host 127.0.0.1 --port $(or $(PORT),8000) --ignore "_build/*" --ignore ".venv/*" . _build/preview

## bench: figures for a synthetic ledningssystem (SIZE=S|M|L|XL) against plain sphinx-needs;
## writes _build/bench/SIZE.json. Not part of the tests.
bench: $(VENV)/.installed-test
	$(BIN)/python bench/run.py --size $(or $(SIZE),M)

## wheel: the Lotsen package as an organisation installs it, mermaid and theme included (dist/)
wheel: $(VENV)/.installed
	$(PIP) wheel --no-deps --no-build-isolation -w dist .

## icons: draw the home-screen icons (PNG 192 and 512) from the theme's favicon.svg
icons: $(VENV)/.installed-test
	$(BIN)/python -m lotsen.site.icons

## test: run the whole test suite on two processes (pytest-xdist), a test file's tests on
## one of them (tests/conftest.py names the files spread); PYTEST_ARGS=-n0 runs on one
PYTEST_ARGS ?= -n 2 --dist loadfile
test: $(VENV)/.installed-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt pyproject.toml $(MERMAID)/mermaid.esm.min.mjs | $(BIN)/python
	$(PIP) install -r requirements.txt
	$(PIP) install --no-deps --no-build-isolation -e .
	@# compiled once, as pip compiles an installed wheel: where Python writes no bytecode
	@# itself (PYTHONDONTWRITEBYTECODE), every build would compile Lotsen again (~0.1 s)
	$(BIN)/python -m compileall -q src/lotsen
	@$(BIN)/python -c "import weasyprint" 2>/dev/null || { echo "Installerar Debians pango och typsnitt för PDF-filerna"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_PACKAGES) >/dev/null; }
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

$(VENV)/.installed-test: requirements-test.txt $(VENV)/.installed $(AXE)
	$(PIP) install -r requirements-test.txt
	@command -v chromium >/dev/null || { echo "Installerar Debians chromium för webbläsartesterna"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	touch $@

# axe-core for the accessibility tests, pinned and checked like mermaid.
$(AXE): | $(BIN)/python
	rm -rf .axe-tmp && mkdir -p .axe-tmp $(dir $(AXE))
	cd .axe-tmp && npm pack --silent axe-core@$(AXE_VERSION) >/dev/null
	echo "$(AXE_SHA256)  .axe-tmp/axe-core-$(AXE_VERSION).tgz" | sha256sum -c --quiet
	tar -xzf .axe-tmp/axe-core-$(AXE_VERSION).tgz -C .axe-tmp package/axe.min.js
	cp .axe-tmp/package/axe.min.js $(AXE)
	rm -rf .axe-tmp

clean:
	rm -rf _build
