"""needs.json, the machine-readable list of every object, written by sphinx-needs'
own ``NeedsList`` but faster, only when something changed, and from what changed: the
text of an unchanged object's entry is taken as it stands in the last build's file.

sphinx-needs writes it with ``json.dump``, whose pure-Python encoder took about a
second on 2,000 objects, on every build, a build that changed nothing included
(docs/prestanda.md). The file is ``json.dumps`` of the whole list with sorted keys, so
each entry is the text ``json.dumps`` gives it alone: a build encodes the entries of
the objects that changed (and of those linked to or from them), and the schema and
count around them, and copies the others from where the last build wrote them (their
places are kept beside the doctrees). The file is the same, byte for byte, as
sphinx-needs' own (tests/test_needs_json.py).
"""

from __future__ import annotations

import json
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from lotsen.cache import read_kept
from lotsen.sphinx.report_pages import pages_written
from lotsen.sphinx.state import build_state, env_data

logger = logging.getLogger(__name__)


#: Beside the doctrees: which environment the last needs.json was written from, its
#: size and time as written (a digest of its 7 MB on M cost 2 x 0.009 s a build), and
#: where each entry stands in it (ID, start, end, document), so that the next build may
#: update it instead of writing it anew.
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
    if build_state(app).outputs_made:
        return  # made by a forked process while the pages were written (sphinx/second_core.py)
    if not pages_written(app) and path.is_file():
        return  # nothing was read or written: the objects are those of the last build
    needs_list = NeedsList(app.env, app.outdir, app.srcdir)
    version = getattr(app.config, "version", "unset")
    data = SphinxNeedsData(app.env)
    view = _filtered(data.get_needs_view(), config, filter_needs_view)
    if not view:  # sphinx-needs' own file, with no version of objects
        text, spans = needs_list.dump_json(), []
    else:
        kept = _Kept.of(app, path, read_kept(stamp), bool(data.get_or_create_extends()))
        # each object's ID and document asked once: an object's fields are looked up
        # one by one in several dictionaries (sphinx-needs' NeedItem)
        docnames = {need["id"]: need["docname"] for need in view}
        if kept.spans:
            kept.changed |= _linked(view, docnames, kept)
        for need, (need_id, docname) in zip(view, docnames.items()):
            if not kept.holds(need_id, docname):
                needs_list.add_need(version, need)
        text, spans = _spliced(needs_list, version, docnames, kept)
    path.write_text(text, encoding="utf-8")
    written = path.stat()
    stamp.write_text(json.dumps({"token": env_data(app.env).token, "size": written.st_size,
                                 "mtime_ns": written.st_mtime_ns, "spans": spans}), encoding="utf-8")


class _Kept:
    """The last needs.json's text, where each object's entry stands in it and the
    document it was in, and the IDs and documents whose entries must be made again."""

    def __init__(self, text: str = "", spans: dict[str, tuple[int, int, str]] | None = None,
                 changed: set[str] | None = None) -> None:
        self.text = text
        self.spans = spans or {}
        self.changed = changed or set()

    @classmethod
    def of(cls, app: Sphinx, path: Path, stamp: dict, extended: bool) -> _Kept:
        """What still holds of the last file: the IDs and documents to make again are
        those of the objects that changed, of the objects they link to or were linked
        from (their back links), of those whose computed values changed, and of every
        document read again (sphinx/incremental.py). Nothing is kept unless the file is
        the one the last build wrote from this environment, and no ``needextend``
        (which changes objects elsewhere) is in use."""
        state = build_state(app)
        if extended or state.changed_objects is None or stamp.get("token") != state.previous_token:
            return cls()
        try:
            found = path.stat()
            if [found.st_size, found.st_mtime_ns] != [stamp.get("size"), stamp.get("mtime_ns")]:
                return cls()  # changed since it was written
            text = path.read_text(encoding="utf-8")
            spans = {need_id: (int(start), int(end), str(docname)) for need_id, start, end, docname in stamp["spans"]}
        except (OSError, ValueError, KeyError, TypeError):
            return cls()
        return cls(text, spans, state.changed_objects | state.computed_changed | state.touched)

    def entry(self, need_id: str) -> dict:
        """The last file's entry of ``need_id`` (empty when it cannot be read)."""
        start, end, _ = self.spans[need_id]
        try:
            found = json.loads(self.text[start:end])
        except ValueError:
            return {}
        return found if isinstance(found, dict) else {}

    def holds(self, need_id: str, docname: str) -> bool:
        """Whether the last file's entry of the object ``need_id`` (in ``docname``) is
        still its entry."""
        return need_id in self.spans and need_id not in self.changed and docname not in self.changed

    def gone(self, need_id: str, now: dict[str, str]) -> bool:
        """Whether the last file's entry of ``need_id`` is made again or left out."""
        return need_id in self.changed or need_id not in now or self.spans[need_id][2] in self.changed


def _spliced(needs_list, version: str, docnames: dict[str, str], kept: _Kept) -> tuple[str, list[list]]:
    """sphinx-needs' text of the file (``json.dumps`` with sorted keys) of the objects
    in ``docnames`` (ID -> document), the entries that still hold taken from the last
    file, the others (added to ``needs_list``) encoded anew; and where each entry
    stands in it, with its document. The file around the entries (the schema, the
    count) is encoded anew on every build."""
    ids = sorted(docnames)
    needs_list.update_or_add_version(version)
    entries = needs_list.needs_list["versions"][version]
    made = entries["needs"]
    entries["needs"] = _MARK
    entries["needs_amount"] = len(ids)
    head, tail = needs_list.dump_json().split(json.dumps(_MARK))
    parts = [head, "{"]
    at = len(head) + 1
    spans: list[list] = []
    for number, need_id in enumerate(ids):
        if need_id in made:
            entry = json.dumps(made[need_id], sort_keys=True)
        else:
            start, end, _ = kept.spans[need_id]
            entry = kept.text[start:end]
        key = (", " if number else "") + json.dumps(need_id) + ": "
        parts += (key, entry)
        at += len(key)
        spans.append([need_id, at, at + len(entry), docnames[need_id]])
        at += len(entry)
    parts += ("}", tail)
    entries["needs"] = made
    return "".join(parts), spans


#: Stands for the entries while the rest of the file is encoded: no project name,
#: version or schema holds it.
_MARK = "\x00lotsen-needs\x00"


def _linked(view: list, docnames: dict[str, str], kept: _Kept) -> set[str]:
    """The IDs that an object whose entry is made again links to or is linked from, now
    or in the last build's file (new, removed or changed objects, drafts in a preview
    included): their back links, or whether their links are dead, may differ.
    ``docnames``: each object's ID -> its document, in the order of ``view``."""
    names: set[str] = set()
    found: set[str] = set()
    for need, (need_id, docname) in zip(view, docnames.items()):
        fresh = not kept.holds(need_id, docname)
        if fresh or not names:  # every object has the same link types
            for name, targets in need.iter_links_items():
                names.update((name, f"{name}_back"))
                if fresh:
                    found.update(targets)
            if fresh:
                for _, targets in need.iter_backlinks_items():
                    found.update(targets)
    for need_id in kept.spans:
        if kept.gone(need_id, docnames):
            entry = kept.entry(need_id)
            for name in names:
                found.update(t for t in entry.get(name) or () if isinstance(t, str))
    return found | {t.split(".", 1)[0] for t in found}


#: sphinx-needs' builder filter when conf.py sets none.
_DEFAULT_FILTER = "is_external==False"


def _filtered(needs, config, filter_needs_view) -> list:
    """The objects the builder filter lets into the file, in sphinx-needs' order. For
    its default filter, the objects not external, in the order of the view: what
    sphinx-needs' filter gives (its index of ``is_external`` keeps that order, and only
    whole objects, not their parts, are listed), without its indexes of every field of
    every object (M: 0.02 s a build, only for this file)."""
    if config.builder_filter == _DEFAULT_FILTER:
        return [need for need in needs.values() if need["is_external"] == False]  # noqa: E712 - as the filter compares
    return list(filter_needs_view(needs, config, config.builder_filter, append_warning="(from need_builder_filter)"))


def setup_needs_json(app: Sphinx) -> None:
    """Put Lotsen's writer in place of sphinx-needs' (same file, same content)."""
    for listener in list(app.events.listeners.get("build-finished", [])):
        handler = listener.handler
        if getattr(handler, "__module__", "") == "sphinx_needs.builder" and handler.__name__ == "build_needs_json":
            app.disconnect(listener.id)
    app.connect("build-finished", write_needs_json)
