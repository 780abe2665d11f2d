"""When a build starts Pagefind, and when it waits for it.

1. The pages of objects, which the theme marks, are written before the others
   (sphinx/write_order.py): Pagefind starts on the marked pages then
   (site/search_index.py), on the other core, while the other pages, the generated
   pages, the exports and needs.json are made. Where no page is written first, it
   starts at ``html-collect-pages``, which comes after every document's page.
2. ``build-finished``: the pages written after the start are not marked by the
   theme, but a project's own ``layout.html`` may mark them. So the marked pages are
   compared with those Pagefind was given (name, size and time). If one was written
   again, or a mark came or went, Pagefind is stopped and started again. A site with
   no marked page is given whole here.
3. ``finish_search``, after the exports: waits for Pagefind. A failed build stops it.

What Pagefind is given each time, the whole site's marked pages or only those changed
since, is site/search_parts.py's choice.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from lotsen.site import search_parts
from lotsen.site.search_index import BUNDLE, finish_search_index, marked_stamps, start_search_index
from lotsen.site.search_stable import stabilise
from lotsen.sphinx.state import build_state


def index_written_pages(app: Sphinx) -> None:
    """Step 1: the pages of objects are written first (sphinx/write_order.py), or
    every document's page is. Once started, the index is judged in step 2."""
    if build_state(app).pagefind is not None:
        return
    marks = _marks(app)
    if marks:  # no marked page: the whole site is indexed, generated pages too
        _start(app, marks)


def index_generated_pages(app: Sphinx) -> None:
    """Step 2: every page is written."""
    state = build_state(app)
    marks = _marks(app)
    if state.pagefind_marks is not None and marks == state.pagefind_marks:
        return  # started from the pages as they are (or nothing to index)
    if state.pagefind is not None:  # a marked page was written since, or a mark came or went
        finish_search_index(state.pagefind, _scratch(app), stop=True, keep=True)
    _start(app, marks)  # no marked page: the whole site


def finish_search(app: Sphinx, exception: Exception | None) -> str | None:
    """Step 3: wait for Pagefind. What went wrong ('' when nothing did), or None when
    no index was made (or the build failed)."""
    state = build_state(app)
    process, chosen, marks = state.pagefind, state.search_plan, state.pagefind_marks
    if chosen is None or marks is None:
        return None
    state.pagefind = state.search_plan = None
    bundle = Path(app.outdir) / BUNDLE
    if process is not None:
        returncode, stderr = finish_search_index(process, _scratch(app), stop=exception is not None,
                                                 keep=not _scratch(app).is_relative_to(app.outdir))
        if exception is not None:
            return None
        if returncode != 0:
            return stderr.strip() or "Pagefind avbröts"
        # the same filter files on every build
        stabilise(bundle if chosen.whole else bundle / search_parts.CHANGES)
    elif exception is not None:
        return None
    search_parts.finish(bundle, _record(app), marks, chosen)
    return ""


def _start(app: Sphinx, marks: dict[str, tuple[int, int]]) -> None:
    state = build_state(app)
    outdir = Path(app.outdir)
    chosen = search_parts.plan(outdir / BUNDLE, _record(app), marks) if marks else search_parts.Plan(whole=True)
    state.search_plan, state.pagefind_marks = chosen, marks
    if search_parts.unchanged_part(outdir / BUNDLE, _record(app), marks, chosen):
        return  # the part of changes on disk is made from these very pages
    search_parts.start_over(outdir / BUNDLE, _record(app), chosen)
    if chosen.whole:
        state.pagefind = start_search_index(outdir, _scratch(app), marks=marks)
    elif chosen.changed:
        words = search_parts.prepare_part(outdir / BUNDLE, _record(app))
        state.pagefind = start_search_index(outdir, _scratch(app), marks=marks, changed=chosen.changed, words=words)


def _record(app: Sphinx) -> Path:
    return Path(app.doctreedir) / search_parts.RECORD


def _marks(app: Sphinx) -> dict[str, tuple[int, int]]:
    return marked_stamps(Path(app.outdir), Path(app.doctreedir) / "lotsen-search-marks.json", _scratch(app))


def _scratch(app: Sphinx) -> Path:
    """Where Pagefind's pages are laid out (site/search_index.py): kept for the next
    build, unless the doctrees are in the site, which would publish them."""
    return Path(app.doctreedir) / "lotsen-search-pages"
