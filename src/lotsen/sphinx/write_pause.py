"""Garbage collection waits while an edit's first pages are written.

Every page written leaves its doctree behind as garbage with cycles (each node points
to its parent), which only the collector frees. After an edit at M the 20 pages left
some 33,000 objects, and one collection in the middle of writing them took 0.04–0.05 s,
on the way to Pagefind's start: every edit waited for it. Pagefind starts once the
pages of objects are written (``lotsen-first-pages-written``, which sphinx/write_order.py
emits in every HTML build), else at ``html-collect-pages``.

So collection is paused from ``write-started`` and goes on once Pagefind has been
started, when the garbage is freed beside Pagefind's work (or left to the operating
system at exit, as the build's other objects are). A build
that writes more than ``LIMIT`` pages (a full build) resumes it at the first page past
the limit, so that its memory does not grow with the garbage of every page. A build
that fails in between resumes it at ``build-finished``, and the next Lotsen build in
the same process first thing (``resume``).
"""

from __future__ import annotations

import gc
from typing import Any

from sphinx.application import Sphinx

from lotsen.sphinx.write_order import FIRST_WRITTEN

#: Pages written with collection paused; an edit's pages are far fewer.
LIMIT = 60

#: Whether this module paused collection, and how many pages it has seen since.
_paused = [False]
_pages = [0]


def _pause(app: Sphinx, builder: Any) -> None:
    _pages[0] = 0
    if gc.isenabled():
        gc.disable()
        _paused[0] = True


def _count(app: Sphinx, doctree: Any, docname: str) -> None:
    _pages[0] += 1
    if _pages[0] > LIMIT:
        resume()


def _resume_first(app: Sphinx) -> None:
    resume()


def _resume_collecting(app: Sphinx) -> list:
    resume()
    return []


def _resume_finished(app: Sphinx, exception: Exception | None) -> None:
    resume()


def resume() -> None:
    """Collection as it was before ``_pause``, when this module paused it."""
    if _paused[0]:
        _paused[0] = False
        gc.enable()


def setup_write_pause(app: Sphinx) -> None:
    """After sphinx/write_order.py, which adds ``lotsen-first-pages-written``."""
    resume()  # a build in this process that failed while its pages were written
    app.connect("write-started", _pause)
    app.connect("doctree-resolved", _count, priority=0)
    # after Pagefind is started (site/theme.py: at the default priority, and at 100)
    app.connect(FIRST_WRITTEN, _resume_first, priority=600)
    app.connect("html-collect-pages", _resume_collecting, priority=200)
    app.connect("build-finished", _resume_finished, priority=0)
