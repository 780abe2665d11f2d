"""A build that changed nothing makes no generated page again.

Sphinx writes the pages that extensions generate (``html-collect-pages``: a page per
unit and per role, the binders, *Nytt och ändrat*) on every build, a build that read
and wrote no document included: a third of such a build on M (docs/prestanda.md).
Those pages are made from the objects, the dates from git, the model and the build
date. When this build read no document again, writes none again, and all of those are
as they were when the last finished build made the pages (the same key of the whole
check, checks/kept.py, the same dates, the same day and the same Lotsen), the pages
in the output are already right, and are kept as they are.

The record beside the doctrees names the pages the last build generated (so that the
stale-page cleanup keeps them) and the signature they were made under; it is written
only after a build that finished, and removed after one that failed.

A build that changed something (an edit) makes the generated pages' content again, but
has Sphinx lay out and write only those whose page would differ (:class:`GeneratedPages`):
a page is the frame every page shares (header, footer, styles, the build line), which
depends on the page's name, around the title and body the extension gives. The frame is
not listed but seen: the first page generated (the offline page) is always written, and
its written file stands for the frame. A page whose name, template, title, body and
frame are those the last finished build wrote it from is already right in the output.

Most pages are not even made again: each comes with a digest of what its content is
made from (site/page_inputs.py), and a page whose digest, name, template and frame are
those of the last finished build, and whose file is still there, is that build's page.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from sphinx.application import Sphinx

from lotsen.cache import code_version, read_kept
from lotsen.sphinx.state import build_state

#: Beside the doctrees.
RECORD_FILE = "lotsen-generated.json"
#: Beside the doctrees: generated page -> digest of what its written file was made from.
PAGES_FILE = "lotsen-generated-pages.json"
#: Beside the doctrees: generated page -> digest of what its content was made from.
INPUTS_FILE = "lotsen-generated-inputs.json"


def note_inputs(app: Sphinx, check_key: tuple, rewrite: list[str]) -> None:
    """After validation: whether the generated pages of the last build still hold."""
    state = build_state(app)
    state.signature = hashlib.sha256(repr((
        check_key, sorted((state.changed or {}).items()), app.config.lotsen_build_date,
        app.config.lotsen_preview, app.config.lotsen_pdf, code_version(),
    )).encode("utf-8", "surrogatepass")).hexdigest()
    if state.touched or rewrite:
        return
    kept = read_kept(Path(app.doctreedir) / RECORD_FILE)
    pages = kept.get("pages")
    if kept.get("signature") != state.signature or not isinstance(pages, list):
        return
    suffix = getattr(app.builder, "out_suffix", ".html")
    if all((Path(app.outdir) / f"{page}{suffix}").is_file() for page in pages):
        state.kept_pages = set(pages)


def keep_generated(app: Sphinx) -> bool:
    """Whether this build keeps the last build's generated pages instead of making
    them again: it read and wrote no document, and their inputs are the same."""
    state = build_state(app)
    if state.kept_pages is None or state.pages_written:
        return False
    state.generated_pages |= state.kept_pages
    return True


class GeneratedPages:
    """Which generated pages an edit has Sphinx write again: those whose page differs."""

    def __init__(self, app: Sphinx, probe: str):
        self.app, self.probe = app, probe
        self.path = Path(app.doctreedir) / PAGES_FILE
        self.kept = read_kept(self.path)
        self.kept_inputs = read_kept(Path(app.doctreedir) / INPUTS_FILE)
        self.frame: str | None = None
        state = build_state(app)
        state.page_digests = self.digests = {}
        state.page_inputs = self.inputs = {}

    def _output(self, pagename: str) -> Path:
        return Path(self.app.outdir) / f"{pagename}{getattr(self.app.builder, 'out_suffix', '.html')}"

    def _frame(self) -> str:
        if self.frame is None:
            written = self._output(self.probe)
            frame = written.read_bytes() if written.is_file() else os.urandom(16)
            self.frame = hashlib.sha256(frame).hexdigest()
        return self.frame

    def known(self, pagename: str, template: str, inputs: str | None) -> bool:
        """Whether the page need not be made: what it is made from (``inputs``, a digest;
        None: always made) and its frame are those the last finished build wrote it from,
        and its file is still there. Call before ``wanted``; the probe is never known."""
        if pagename == self.probe or inputs is None:
            return False
        key = hashlib.sha256(repr((self._frame(), pagename, template, inputs)).encode("utf-8")).hexdigest()
        self.inputs[pagename] = key
        written = self.kept.get(pagename)
        if self.kept_inputs.get(pagename) != key or not isinstance(written, str) or not self._output(pagename).is_file():
            return False
        self.digests[pagename] = written
        build_state(self.app).generated_pages.add(pagename)
        return True

    def wanted(self, pagename: str, context: dict, template: str) -> bool:
        """Whether to hand the page to Sphinx; the probe page is always written and
        must come first. A page that is not written is still this build's page."""
        if pagename == self.probe:
            return True
        self._frame()
        hashed = hashlib.sha256(repr((self.frame, pagename, template)).encode("utf-8", "surrogatepass"))
        for name, value in sorted(context.items()):  # a body is hashed as it is, not as its repr
            text = value if isinstance(value, str) else repr(value)
            hashed.update(f"\x1f{name}\x1f{type(value).__name__}\x1f{len(text)}\x1f".encode())
            hashed.update(text.encode("utf-8", "surrogatepass"))
        digest = hashed.hexdigest()
        self.digests[pagename] = digest
        if self.kept.get(pagename) == digest and self._output(pagename).is_file():
            build_state(self.app).generated_pages.add(pagename)
            return False
        return True


def _save(app: Sphinx, exception: Exception | None) -> None:
    state = build_state(app)
    path = Path(app.doctreedir) / RECORD_FILE
    pages_path = Path(app.doctreedir) / PAGES_FILE
    inputs_path = Path(app.doctreedir) / INPUTS_FILE
    if exception is not None or state.signature is None or app.builder.format != "html":
        path.unlink(missing_ok=True)
        pages_path.unlink(missing_ok=True)
        inputs_path.unlink(missing_ok=True)
        return
    if state.page_digests is not None and read_kept(pages_path) != state.page_digests:
        pages_path.write_text(json.dumps(state.page_digests, sort_keys=True, indent=0), encoding="utf-8")
    if state.page_inputs is not None and read_kept(inputs_path) != state.page_inputs:
        inputs_path.write_text(json.dumps(state.page_inputs, sort_keys=True, indent=0), encoding="utf-8")
    record = {"signature": state.signature, "pages": sorted(state.generated_pages)}
    text = json.dumps(record, indent=0)
    if read_kept(path) != record:
        path.write_text(text, encoding="utf-8")


def setup_unchanged(app: Sphinx) -> None:
    app.connect("build-finished", _save)
