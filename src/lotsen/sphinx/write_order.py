"""Sphinx's HTML builder, writing first the pages the search index reads.

Pagefind indexes the pages of objects (site/search_build.py) and can start only when
they are written. Sphinx writes a build's pages in the order of their names, so the
report and index pages, which Pagefind does not read, were written before it could
start. Here a build writes the pages ``BuildState.write_first`` names first, then emits
``lotsen-first-pages-written``, then writes the rest while Pagefind runs on the other
core, with the pages found meanwhile to be written too (``BuildState.write_later``: the
report and start pages whose content changed, sphinx/incremental.py). Each page is
written as before; only the order changes (``write_documents`` is the builder's place
for this, per Sphinx's documentation).
"""

from __future__ import annotations

from collections.abc import Set

from sphinx.application import Sphinx

from lotsen.sphinx.state import build_state

#: Emitted once a build's pages in ``write_first`` are written, before the others.
FIRST_WRITTEN = "lotsen-first-pages-written"


def writes_in_two_parts(builder: object) -> bool:
    """Whether ``builder`` is this module's: it emits ``FIRST_WRITTEN`` and then writes
    ``BuildState.write_later`` too."""
    return getattr(builder, "lotsen_two_parts", False) is True


def _html_builder() -> type:
    """The builder class, made when the extension is set up: Sphinx's HTML builder
    imports its writers (and Pillow), which `lotsen check` does not need
    (tests/test_startup.py)."""
    from sphinx.builders.html import StandaloneHTMLBuilder

    class HTMLBuilder(StandaloneHTMLBuilder):
        """Sphinx's ``html`` builder, with the pages in ``write_first`` written first."""

        lotsen_two_parts = True

        def write_documents(self, docnames: Set[str]) -> None:
            state = build_state(self._app)
            early = {name for name in docnames if name in state.write_first}
            if early:
                super().write_documents(early)
            self.events.emit(FIRST_WRITTEN)
            rest = (set(docnames) - early) | (state.write_later or set())
            if rest:
                super().write_documents(rest)

    return HTMLBuilder


def setup_write_order(app: Sphinx) -> None:
    app.add_event(FIRST_WRITTEN)
    app.add_builder(_html_builder(), override=True)
