"""Which pages an incremental build writes again, beside those Sphinx reads again.

A page shows its own objects and, by ID and title, the objects they link to and those
that link to them; and Lotsen fills reports, process overviews and the start page in
from all objects when a page is written. So a page whose source did not change must
still be written again when what it shows did:

* a neighbour page, when an object it links to or is linked from changed;
* a page whose text names an object (a bare ID becomes a link to the object's page,
  and a ``{need}`` reference shows its title), when that object changed or moved;
* a filled-in page, when what Lotsen fills in differs from the last build's. A
  fingerprint of that is kept beside the doctrees, saved only after a build that
  finished, so a failed build never leaves a page marked as up to date.

Such pages are written, not read again: their sources need no new parse (DESIGN.md
"incremental builds leave needtable pages stale").
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from lotsen.cache import code_version, read_kept
from lotsen.reports.compute import overview_members
from lotsen.site.start_page import start_html
from lotsen.site.templates import project_templates
from lotsen.source.index import ObjectIndex
from lotsen.source.mentions import id_candidates
from lotsen.source.scanner import NeedSource
from lotsen.sphinx.report_pages import docname_of, processes_by_page, report_of, resolver
from lotsen.sphinx.state import build_state, env_data
from lotsen.sphinx.write_order import FIRST_WRITTEN, writes_in_two_parts

#: Beside the doctrees: docname -> fingerprint of what Lotsen filled into the page.
PRINTS_FILE = "lotsen-pages.json"

ObjectGraph = dict[str, tuple[str, str, tuple[str, ...]]]


def object_graph(needs: list[NeedSource], digests: dict[int, str] | None = None) -> ObjectGraph:
    """ID -> (docname, digest, IDs it links to): what decides which pages show what."""
    digests = digests or {}
    return {n.id: (docname_of(n.file), digests.get(id(n)) or n.digest(), tuple(n.link_targets()))
            for n in needs if n.id}


def need_digests(index: ObjectIndex) -> dict[int, str]:
    """Each of this build's objects (by identity) -> its digest, made once per build."""
    return index.memo("need_digests", lambda: {id(n): n.digest() for n in index.needs})  # type: ignore[return-value]


def neighbour_docs(before: ObjectGraph, after: ObjectGraph) -> set[str]:
    """Pages to write again because an object they show has changed.

    A page shows its own objects and the titles of the objects they link to and of
    the objects that link to them: so a changed object makes the pages of everything
    it links to, or is linked from, outdated (before and after the change).
    """
    changed = {i for i in before.keys() | after.keys() if before.get(i) != after.get(i)}
    if not changed:
        return set()
    docs: set[str] = set()
    for graph in (before, after):
        for need_id, (docname, _, targets) in graph.items():
            if need_id in changed:
                docs.update(graph[t][0] for t in targets if t in graph)
            if changed.intersection(targets):
                docs.add(docname)
    return docs


def naming_docs(named_ids: dict[str, frozenset[str]], before: ObjectGraph, after: ObjectGraph) -> set[str]:
    """Pages whose text names an object that changed, moved, came or went."""
    changed = {i for i in before.keys() | after.keys() if before.get(i) != after.get(i)}
    if not changed:
        return set()
    return {docname for docname, ids in named_ids.items() if not changed.isdisjoint(ids)}


def _note_named_ids(app: Sphinx, docname: str, source: list[str]) -> None:
    """While a page is read: the IDs its source names (more than it links: an ID in
    code or a heading counts too, which only writes a page once more than needed)."""
    model = build_state(app).model
    pattern = id_candidates(model) if model is not None else None
    if pattern is not None:
        env_data(app.env).named_ids[docname] = frozenset(pattern.findall(source[0]))


def changed_objects(before: ObjectGraph, after: ObjectGraph) -> set[str]:
    """IDs whose sphinx-needs data may have changed: the objects that changed, and the
    objects they link to, before or after (their back links)."""
    changed = {i for i in before.keys() | after.keys() if before.get(i) != after.get(i)}
    found = set(changed)
    for graph in (before, after):
        for need_id in changed:
            if need_id in graph:
                found.update(graph[need_id][2])
    return found


def _digest(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:20]


def overview_inputs(index: ObjectIndex, process: NeedSource) -> tuple:
    """What a process's overview is made from, in place of the overview itself: the
    objects it is made of (reports/compute.py ``overview_members``), each as it is
    written, and Lotsen's code. Cheaper than the overview; an edit to one of those
    objects that the overview does not show writes the process's page again all the same."""
    members, digests = overview_members(index, process), need_digests(index)
    return ("overview", process.id, code_version(), sorted(
        (role, [(n.id, digests.get(id(n)) or n.digest()) for n in needs]) for role, needs in members.items()))


def filled_in(app: Sphinx, env: BuildEnvironment, index: ObjectIndex,
              among: Callable[[str], bool] = lambda docname: True) -> dict[str, str]:
    """Docname -> fingerprint of everything Lotsen fills into that page, for the pages
    ``among`` accepts.

    Where every object's page is belongs to every fingerprint: the links in a report
    lead there. The build date does not: on another day every page is written anyway
    (the configuration value ``lotsen_build_date``); nor does the model: when it
    changes, every page is read again. A process overview is taken by what it is made
    from (``overview_inputs``), so only the overviews of pages that are written are made.
    """
    places = _digest(sorted((n.id, docname_of(n.file)) for n in index.needs), sorted(env.found_docs))
    prints: dict[str, list[object]] = {}
    for docname, kinds in env_data(env).report_docs.items():
        if among(docname):
            prints.setdefault(docname, []).extend(report_of(index, kind, Path(app.srcdir)) for kind in kinds)
    for docname, processes in processes_by_page(index).items():
        if among(docname):
            prints.setdefault(docname, []).extend(overview_inputs(index, p) for p in processes)
    for docname in sorted(filter(among, env_data(env).start_docs)):
        page_url = lambda name, d=docname: app.builder.get_relative_uri(d, name)  # noqa: E731
        templates = project_templates(app.srcdir, app.config.templates_path, Path(app.doctreedir) / "lotsen-templates")
        prints.setdefault(docname, []).append(start_html(index, resolver(app, index, docname), page_url, templates))
    return {docname: _digest(places, shown) for docname, shown in sorted(prints.items())}


def _outdated(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]) -> list[str]:
    """Remember which documents this build reads again or removes."""
    build_state(app).touched = added | changed | removed
    return []


def pages_to_rewrite(app: Sphinx, env: BuildEnvironment, index: ObjectIndex) -> list[str]:
    """Called after validation, with this build's objects: the pages to write again.

    Also records, for the next build, the object graph (in the environment) and the
    fingerprints (saved when this build has finished).
    """
    state, data = build_state(app), env_data(env)
    touched = state.touched
    before_graph: ObjectGraph | None = data.graph  # type: ignore[assignment]
    data.graph = after_graph = object_graph(index.needs, need_digests(index))
    state.changed_objects = changed_objects(before_graph, after_graph) if before_graph is not None else None
    if not touched:
        return []  # nothing read or removed: nothing any page shows has changed
    # Pages of no object are written after those of objects (sphinx/write_order.py):
    # which of them to write is worked out then, while the search index is made.
    objects = data.object_docs
    state.prints = filled_in(app, env, index, lambda docname: docname in objects)
    pages = _changed_prints(app, state.prints)
    if before_graph is not None:
        pages |= neighbour_docs(before_graph, after_graph) | naming_docs(data.named_ids, before_graph, after_graph)
    rewrite = (pages & env.found_docs) - touched
    if not writes_in_two_parts(app.builder) or not (rewrite or touched & env.found_docs):
        # another builder, or Sphinx will write no page (an object removed): now
        _pages_of_no_object(app)
        rewrite |= state.write_later or set()
    return sorted(rewrite)


def _changed_prints(app: Sphinx, prints: dict[str, str]) -> set[str]:
    before = read_kept(Path(app.doctreedir) / PRINTS_FILE)
    return {docname for docname, digest in prints.items() if before.get(docname) != digest}


def _pages_of_no_object(app: Sphinx) -> None:
    """The pages of objects are written: the pages of no object whose content changed
    are written next (``pages_to_rewrite`` left them out)."""
    state, env = build_state(app), app.env
    index = state.index
    if state.prints is None or index is None or not state.touched or state.write_later is not None:
        return  # nothing to write, or worked out already
    objects = env_data(env).object_docs
    late = filled_in(app, env, index, lambda docname: docname not in objects)
    state.prints = {**state.prints, **late}
    state.write_later = (_changed_prints(app, late) & env.found_docs) - state.touched


def _save_prints(app: Sphinx, exception: Exception | None) -> None:
    prints = build_state(app).prints
    path = Path(app.doctreedir) / PRINTS_FILE
    if exception is not None:
        path.unlink(missing_ok=True)  # the pages may be half written: write them all next time
    elif prints is not None:
        path.write_text(json.dumps(prints, sort_keys=True, indent=0), encoding="utf-8")


def setup_rewrite(app: Sphinx) -> None:
    app.connect("env-get-outdated", _outdated)
    app.connect("source-read", _note_named_ids)
    app.connect(FIRST_WRITTEN, _pages_of_no_object, priority=600)  # after the search index starts
    app.connect("build-finished", _save_prints)
