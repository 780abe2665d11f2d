"""needs.json, the machine-readable list of every object, written by sphinx-needs'
own ``NeedsList`` but faster, only when something changed, and from what changed: the
entries of unchanged objects are taken from the last build's file.

sphinx-needs writes it with ``json.dump``, whose pure-Python encoder took about a
second on 2,000 objects, on every build, a build that changed nothing included
(docs/prestanda.md). ``NeedsList.dump_json`` gives the same text through the C encoder.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from lotsen.cache import read_kept
from lotsen.sphinx.report_pages import pages_written
from lotsen.sphinx.state import build_state, env_data

logger = logging.getLogger(__name__)


#: Beside the doctrees: which environment the last needs.json was written from, and a
#: digest of its text, so that the next build may update it instead of writing it anew.
STAMP_FILE = "lotsen-needs-json.json"


def write_needs_json(app: Sphinx, exception: Exception | None) -> None:
    from sphinx_needs.builder import NeedsBuilder
    from sphinx_needs.config import NeedsSphinxConfig
    from sphinx_needs.data import SphinxNeedsData
    from sphinx_needs.filter_common import filter_needs_view
    from sphinx_needs.needsfile import NeedsList

    config = NeedsSphinxConfig(app.config)
    stamp = Path(app.doctreedir) / STAMP_FILE
    if exception is not None or not config.build_json or isinstance(app.builder, NeedsBuilder):
        stamp.unlink(missing_ok=True)  # the environment may be ahead of the file
        return
    path = Path(app.outdir) / "needs.json"
    if not pages_written(app) and path.is_file():
        return  # nothing was read or written: the objects are those of the last build
    needs_list = NeedsList(app.env, app.outdir, app.srcdir)
    version = getattr(app.config, "version", "unset")
    data = SphinxNeedsData(app.env)
    kept, changed = _kept_entries(app, path, read_kept(stamp), version, bool(data.get_or_create_extends()))
    entries = needs_list.needs_list["versions"]
    view = list(filter_needs_view(data.get_needs_view(), config, config.builder_filter,
                                  append_warning="(from need_builder_filter)"))
    if kept:
        changed |= _linked(view, kept, changed)
    for need in view:
        if need["id"] in kept and need["id"] not in changed and need["docname"] not in changed:
            needs_list.update_or_add_version(version)
            entries[version]["needs"][need["id"]] = kept[need["id"]]
        else:
            needs_list.add_need(version, need)
    if version in entries:
        entries[version]["needs_amount"] = len(entries[version]["needs"])
    text = needs_list.dump_json()
    path.write_text(text, encoding="utf-8")
    stamp.write_text(json.dumps({"token": env_data(app.env).token, "digest": _digest(text)}), encoding="utf-8")


def _linked(view: list, kept: dict, changed: set[str]) -> set[str]:
    """The IDs that an object whose entry is made again links to, now or in the last
    build's file (new, removed or changed objects, drafts in a preview included): their
    back links may differ."""
    names: set[str] = set()
    found: set[str] = set()
    now = set()
    for need in view:
        now.add(need["id"])
        fresh = need["id"] in changed or need["docname"] in changed or need["id"] not in kept
        if fresh or not names:  # every object has the same link types
            for name, targets in need.iter_links_items():
                names.add(name)
                if fresh:
                    found.update(targets)
    for need_id, entry in kept.items():
        if need_id in changed or entry.get("docname") in changed or need_id not in now:
            for name in names:
                found.update(t for t in entry.get(name) or () if isinstance(t, str))
    return found | {t.split(".", 1)[0] for t in found}


def _digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def _kept_entries(app: Sphinx, path: Path, stamp: dict, version: str, extended: bool) -> tuple[dict, set[str]]:
    """The last needs.json's entries that still hold, and the IDs and documents whose
    entries must be made again: those of the objects that changed, of the objects they
    link to or were linked from (their back links), of those whose computed values
    changed, and of every document read again (sphinx/incremental.py). Nothing is kept
    unless the file is the one the last build wrote from this environment, and no
    ``needextend`` (which changes objects elsewhere) is in use."""
    state = build_state(app)
    if extended or state.changed_objects is None or stamp.get("token") != state.previous_token:
        return {}, set()
    try:
        text = path.read_text(encoding="utf-8")
        if _digest(text) != stamp.get("digest"):
            return {}, set()
        entries = json.loads(text)["versions"][version]["needs"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}, set()
    if not isinstance(entries, dict):
        return {}, set()
    return entries, state.changed_objects | state.computed_changed | state.touched


def setup_needs_json(app: Sphinx) -> None:
    """Put Lotsen's writer in place of sphinx-needs' (same file, same content)."""
    for listener in list(app.events.listeners.get("build-finished", [])):
        handler = listener.handler
        if getattr(handler, "__module__", "") == "sphinx_needs.builder" and handler.__name__ == "build_needs_json":
            app.disconnect(listener.id)
    app.connect("build-finished", write_needs_json)
