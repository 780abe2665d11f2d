"""Garbage collection waits while an edit's pages are written and its build finishes.

Every page written leaves its doctree behind as garbage with cycles (each node points
to its parent), which only the collector frees. After an edit at M the 20 pages left
some 33,000 objects, and one collection in the middle of writing them took 0.04–0.05 s.
Collection used to go on once Pagefind had been started, to free that garbage beside
Pagefind's work; but Pagefind now finishes before Python does, so every collection after
it was on the edit's way too: the first one, over everything allocated since the pause,
took 0.05–0.06 s, and the exports set off another of 0.03–0.1 s (docs/prestanda.md).

So collection is paused from ``write-started`` to the end of ``build-finished``: an
edit's garbage is a few megabytes (the highest memory of an edit at M rose from about
195 to 205 MB). When it goes on again, everything alive is first settled in the oldest
generation (``collection.settle_collections``): else the first collection after the build
walked every object made since the pause (some 100,000, 0.05–0.1 s) on the way to the
process's end. The garbage is then left to the operating system at exit, as the
build's other objects are, or to the next full collection of a process that builds
again. A build that writes more than ``LIMIT`` pages (a full build) resumes it at the
first page past the limit, so that its memory does not grow with the garbage of every
page. A build that fails resumes it at ``build-finished`` too, and the next
Lotsen build in the same process first thing (``resume``).
"""

from __future__ import annotations

import gc
from typing import Any

from sphinx.application import Sphinx

from lotsen.collection import settle_collections

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


def _resume_finished(app: Sphinx, exception: Exception | None) -> None:
    resume(settle=True)


def resume(settle: bool = False) -> None:
    """Collection as it was before ``_pause``, when this module paused it; with
    ``settle``, without a collection of what the pause left young."""
    if _paused[0]:
        _paused[0] = False
        if settle:
            settle_collections()
        gc.enable()


def setup_write_pause(app: Sphinx) -> None:
    resume()  # a build in this process that failed while its pages were written
    app.connect("write-started", _pause)
    app.connect("doctree-resolved", _count, priority=0)
    app.connect("build-finished", _resume_finished, priority=1000)  # after every other
