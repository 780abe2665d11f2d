"""needs.json, the machine-readable list of every object, written by sphinx-needs'
own ``NeedsList`` but faster, and only when something changed.

sphinx-needs writes it with ``json.dump``, whose pure-Python encoder took about a
second on 2,000 objects, on every build, a build that changed nothing included
(docs/prestanda.md). ``NeedsList.dump_json`` gives the same text through the C encoder.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from lotsen.sphinx.report_pages import pages_written

logger = logging.getLogger(__name__)


def write_needs_json(app: Sphinx, exception: Exception | None) -> None:
    from sphinx_needs.builder import NeedsBuilder
    from sphinx_needs.config import NeedsSphinxConfig
    from sphinx_needs.data import SphinxNeedsData
    from sphinx_needs.filter_common import filter_needs_view
    from sphinx_needs.needsfile import NeedsList

    config = NeedsSphinxConfig(app.config)
    if exception is not None or not config.build_json or isinstance(app.builder, NeedsBuilder):
        return
    path = Path(app.outdir) / "needs.json"
    if not pages_written(app) and path.is_file():
        return  # nothing was read or written: the objects are those of the last build
    needs_list = NeedsList(app.env, app.outdir, app.srcdir)
    version = getattr(app.config, "version", "unset")
    for need in filter_needs_view(SphinxNeedsData(app.env).get_needs_view(), config, config.builder_filter,
                                  append_warning="(from need_builder_filter)"):
        needs_list.add_need(version, need)
    path.write_text(needs_list.dump_json(), encoding="utf-8")


def setup_needs_json(app: Sphinx) -> None:
    """Put Lotsen's writer in place of sphinx-needs' (same file, same content)."""
    for listener in list(app.events.listeners.get("build-finished", [])):
        handler = listener.handler
        if getattr(handler, "__module__", "") == "sphinx_needs.builder" and handler.__name__ == "build_needs_json":
            app.disconnect(listener.id)
    app.connect("build-finished", write_needs_json)
