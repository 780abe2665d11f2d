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
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sphinx.application import Sphinx

from lotsen.cache import code_version, read_kept
from lotsen.sphinx.state import build_state

#: Beside the doctrees.
RECORD_FILE = "lotsen-generated.json"


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


def _save(app: Sphinx, exception: Exception | None) -> None:
    state = build_state(app)
    path = Path(app.doctreedir) / RECORD_FILE
    if exception is not None or state.signature is None or app.builder.format != "html":
        path.unlink(missing_ok=True)
        return
    record = {"signature": state.signature, "pages": sorted(state.generated_pages)}
    text = json.dumps(record, indent=0)
    if read_kept(path) != record:
        path.write_text(text, encoding="utf-8")


def setup_unchanged(app: Sphinx) -> None:
    app.connect("build-finished", _save)
