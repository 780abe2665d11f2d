"""The phone-first site: Lotsen's own theme, routine pages, start and browse pages,
search, and offline reading."""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.transforms import Transform
from sphinx.application import Sphinx
from sphinx.util import logging

from lotsen.reports.step_changes import step_changes
from lotsen.site.binder import BinderBodies
from lotsen.site.binder_page import binder_page, binder_pagename, binder_routines_of
from lotsen.site.object_card import render_object
from lotsen.site.offline import (
    write_manifest,
    write_offline_index,
    write_service_worker,
)
from lotsen.site.page_inputs import Objects, browse_inputs, common_inputs, digest
from lotsen.site.routine_page import render_routine
from lotsen.site.search_build import finish_search, index_generated_pages, index_written_pages
from lotsen.site.start_page import browse_html, browse_pages, search_form, slug, start_html
from lotsen.site.templates import Templates, project_templates
from lotsen.site.unit_page import unit_members, unit_page, unit_pagename
from lotsen.site.whats_new import recent_routines, whats_new_html
from lotsen.source.index import ObjectIndex
from lotsen.sphinx.report_pages import docname_of, pages_written, resolver
from lotsen.sphinx.state import build_state, env_data
from lotsen.sphinx.unchanged import GeneratedPages, keep_generated
from lotsen.sphinx.write_order import FIRST_WRITTEN
from lotsen.words import plural

logger = logging.getLogger(__name__)

THEME_DIR = Path(__file__).parent / "theme" / "lotsen"
#: The Content-Security-Policy every page carries (and docs/drift.md's nginx example
#: sends as a header, with frame-ancestors, which a meta element cannot set). Scripts
#: only from the site: no inline script, no eval; WebAssembly for Pagefind's search.
#: Styles only from the site's own files, never inline: lotsen.js moves the styles that
#: mermaid writes into a process map into a constructed style sheet (CSSOM), which the
#: policy allows. No frames, no plugins, forms only to the site, no other base address.
CSP = ("default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; "
       "img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; "
       "object-src 'none'; frame-src 'none'; base-uri 'self'; form-action 'self'")
#: Own files a page may load; everything else Sphinx and its extensions add is left out.
_OWN_CSS = ("lotsen.css", "lotsen-niva.css")
_TABLE = re.compile(r"(<table\b.*?</table>)", re.S)


def templates_of(app: Sphinx) -> Templates:
    """The theme's templates, under the project's own (``templates_path`` in conf.py)."""
    return project_templates(app.srcdir, app.config.templates_path, Path(app.doctreedir) / "lotsen-templates")


def _keep_script(js: Any) -> bool:
    """Lotsen's own script only. It also draws process maps, loading mermaid when a map
    comes into view, in place of sphinxcontrib-mermaid's inline loader."""
    filename = getattr(js, "filename", None) or ""
    return filename.split("?")[0].endswith(("lotsen.js", "lotsen-enhet.js"))


def _wrap_tables(body: str) -> str:
    """A wide table scrolls in its own box, never the page; the box can take focus."""
    def wrap(match: re.Match[str]) -> str:
        caption = re.search(r"<caption>.*?<span class=\"caption-text\">(.*?)</span>", match[1], re.S)
        label = re.sub(r"<[^>]+>", "", caption[1]) if caption else "Tabell"
        return f'<div class="table-wrap" role="region" tabindex="0" aria-label="{label}">{match[1]}</div>'
    return _TABLE.sub(wrap, body)


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if app.builder.format != "html" or app.config.html_theme != "lotsen":
        return
    index = build_state(app).index
    context["lotsen_css"] = [css for css in context.get("css_files", [])
                             if (getattr(css, "filename", "") or "").split("?")[0].endswith(_OWN_CSS)]
    context["lotsen_js"] = [js for js in context.get("script_files", []) if _keep_script(js)]
    data = env_data(app.env)
    object_docs = data.object_docs
    context["lotsen_searchable"] = pagename in object_docs
    context["lotsen_filters"] = search_filters_of(index, pagename) if pagename in object_docs and index else []
    # Staff search for routines: other objects' pages count for less in the ranking.
    routine_docs = data.routine_docs
    context["lotsen_search_weight"] = "" if pagename in routine_docs else "0.3"
    context["lotsen_page_class"] = "page-" + pagename.replace("/", "-")
    # The local preview's live reload is an inline script; the published site has none.
    context["lotsen_csp"] = CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'") \
        if app.config.lotsen_preview else CSP
    model = build_state(app).model
    when = index.today.isoformat() if index else ""
    context["lotsen_build_line"] = f"{model.organisation if model else ''} · byggd {when}".strip(" ·")
    changed = build_state(app).changed
    if changed is None:
        context["lotsen_changed_line"] = "Byggd utanför git: datum för senaste ändring saknas."
    else:
        source = app.env.doc2path(pagename, False) if pagename in app.env.all_docs else None
        date = changed.get(str(source)) if source else None
        context["lotsen_changed_line"] = f"Senast ändrad {date}." if date else ""
    if "body" in context:
        context["body"] = _wrap_tables(context["body"])
        if 'class="table-wrap"' in context["body"]:
            context["lotsen_page_class"] += " lotsen-wide"


def search_filters_of(index: ObjectIndex, pagename: str) -> list[tuple[str, str]]:
    """The page's Pagefind filters: every unit its objects hold for (so that a routine
    for an avdelning is found under each of its units) and the types of its objects."""
    by_doc = index.memo("needs_by_doc", lambda: _needs_by_doc(index))
    needs = by_doc.get(pagename, [])  # type: ignore[union-attr]
    tree = index.model.unit_tree
    held = {u for need in needs for u in index.units_of(need)}
    units = [("enhet", tree[code].name) for code in tree.units if code in held]
    types = dict.fromkeys(index.model.types[n.type].title for n in needs)
    return units + [("typ", title) for title in types]


def _needs_by_doc(index: ObjectIndex) -> dict[str, list]:
    found: dict[str, list] = {}
    for need in index.by_id.values():
        found.setdefault(docname_of(need.file), []).append(need)
    return found


def _section_depth(node: nodes.Node) -> int:
    depth, parent = 0, node.parent
    while parent is not None:
        depth += isinstance(parent, nodes.section)
        parent = parent.parent
    return depth


def _objects(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Before sphinx-needs lays out its tables: routines get the reading layout, every
    other object a card (object_card.py)."""
    from sphinx_needs.nodes import Need

    index = build_state(app).index
    if index is None or app.builder.format != "html":
        return
    routine_type = index.model.structure.routine_type
    found = [(n, index.by_id.get(n["ids"][0])) for n in doctree.findall(Need) if n.get("ids")]
    found = [(n, need) for n, need in found if need is not None and docname_of(need.file) == docname]
    if not found:
        return
    title = next(iter(doctree.findall(nodes.title)), None)
    resolve = resolver(app, index, docname)
    templates = templates_of(app)
    for node, need in found:
        # the page title already names a page's only object
        show_title = len(found) > 1 or title is None or title.astext() != need.title
        if need.type == routine_type:
            rendered = render_routine(index, node, need, resolve, show_title, templates)
            rendered += _changes_of(app, index, need, templates)
            node.replace_self(rendered)
        else:
            level = min(_section_depth(node) + 1, 6) if show_title else None
            node.replace_self(render_object(index, node, need, resolve, level, templates))


def _changes_of(app: Sphinx, index: Any, need: Any, templates: Templates) -> list[nodes.Node]:
    """Folded, what changed in a routine's latest version: its change note, and the steps
    that differ from the version before it in git (reports/step_changes.py). Nothing for
    a first version, or when neither a note nor an earlier version is there."""
    changes = index.memo(("step_changes",), lambda: step_changes(
        Path(app.srcdir), index.model, list(index.of_type(index.model.structure.routine_type))))
    change = changes.get(need.id)
    number = need.value(index.model.field_for("document_version"))
    note_field = index.model.field_for("change_note")
    note = need.value(note_field) if note_field and number != "1" else ""
    if change is None and not note:
        return []
    plain = [re.sub(r"[*`]", "", step) for step in change.changed] if change else []
    removed = plural(change.removed, "steg", "steg") if change and change.removed else ""
    html = templates.render("lotsen/routine-changes.html", number=number, note=note,
                            previous=change.previous_version if change else "", changed=plain, removed=removed)
    return [nodes.raw("", html, format="html")]


class HeadingMarkupAsText(Transform):
    """Markup an author writes in a heading is shown as text, never run: a page's title
    reaches every page that lists or links to it (tables of contents, breadcrumbs,
    the browser's title bar)."""

    default_priority = 100  # right after parsing, before Sphinx collects the titles

    def apply(self, **kwargs: Any) -> None:
        for title in list(self.document.findall(nodes.title)):
            for raw in list(title.findall(nodes.raw)):
                raw.replace_self(nodes.Text(raw.astext()))


class start_placeholder(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """Where the start page's search and browse lists go."""


def _start(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    index = build_state(app).index
    if index is None:
        return
    for node in list(doctree.findall(start_placeholder)):
        html = start_html(index, resolver(app, index, docname),
                          lambda name: app.builder.get_relative_uri(docname, name), templates_of(app))
        node.replace_self(nodes.raw("", html, format="html"))
    for node in list(doctree.findall(search_placeholder)):
        form = search_form(app.builder.get_relative_uri(docname, docname), True, templates_of(app), index)
        node.replace_self(nodes.raw("", form, format="html"))


class search_placeholder(nodes.General, nodes.Element):  # noqa: N801
    """Where the search page's form and results go."""


def _collect_pages(app: Sphinx) -> Any:
    """A page per unit (unit_page.py) and per role, listing its routines: generated on
    every build that read or wrote a document or whose inputs changed
    (sphinx/unchanged.py). A page is made again only when what it is made from differs
    from the last build's (site/page_inputs.py), and handed to Sphinx to write only
    when the page differs from the one the last build wrote (the offline page first:
    it shows the frame)."""
    index = build_state(app).index
    if index is None or app.config.html_theme != "lotsen" or keep_generated(app):
        return
    pages = GeneratedPages(app, "offline")
    for pagename, template, inputs, make in _generated(app, index):
        if pages.known(pagename, template, inputs):
            continue
        context = make()
        if pages.wanted(pagename, context, template):
            yield pagename, context, template


def _page(title: str, body: Any) -> dict[str, Any]:
    return {"title": title, "body": body, "parents": [], "lotsen_searchable": False}


def _generated(app: Sphinx, index: ObjectIndex) -> Any:
    """Every generated page: (page name, its template, a digest of what its context is
    made from or None, a function that makes its context)."""
    templates = templates_of(app)
    yield "offline", "page.html", None, \
        lambda: _page("Sidan är inte sparad", templates.render("lotsen/offline.html"))
    common = common_inputs(app, index, templates)
    objects = Objects(app, index)
    bodies = BinderBodies(Path(app.outdir), Path(app.doctreedir) / "lotsen-parm.json")

    def unit(code: str, pagename: str, binder: str) -> dict[str, Any]:
        title, body = unit_page(index, code, resolver(app, index, pagename),
                                lambda name: app.builder.get_relative_uri(pagename, name), templates,
                                app.builder.get_relative_uri(pagename, binder))
        return _page(escape(title), body)

    def binder(code: str, pagename: str) -> dict[str, Any]:
        routines = binder_routines_of(index, unit_members(index, code, index.model.structure.routine_type),
                                      pagename, bodies)
        return binder_page(app, index, code, pagename, routines, templates)

    for code in index.model.unit_tree.units:
        pagename, binder_name = unit_pagename(code), binder_pagename(code)
        yield pagename, "page.html", digest(common, objects.unit_page(code)), \
            lambda code=code, pagename=pagename, binder_name=binder_name: unit(code, pagename, binder_name)
        # a binder's PDF is written while its page is made: with PDF files, always made
        inputs = None if app.config.lotsen_pdf else digest(common, objects.binder(code, bodies))
        yield binder_name, "page.html", inputs, lambda code=code, binder_name=binder_name: binder(code, binder_name)
    bodies.save()
    binders = {slug(code) for code in index.model.unit_tree.units}
    for pdf in sorted((Path(app.outdir) / "parm").glob("*.pdf")):  # a unit no longer in the model
        if pdf.stem not in binders:
            pdf.unlink()

    def browse(pagename: str, title: str, intro: str, members: list) -> dict[str, Any]:
        items = [(app.builder.get_relative_uri(pagename, docname_of(r.file)) + f"#{r.id}", r.title, r.id)
                 for r in members]
        # A page's title in Sphinx's context is markup, as its own pages' titles are.
        return _page(escape(title), browse_html(title, intro, items, templates))

    for pagename, title, intro, members in browse_pages(index):
        yield pagename, "page.html", digest(common, browse_inputs(title, intro, members)), \
            lambda p=pagename, t=title, i=intro, m=members: browse(p, t, i, m)
    recent = recent_routines(index, build_state(app).changed)
    yield "nytt", "page.html", digest(common, objects.recent(recent)), \
        lambda: _page("Nytt och ändrat", whats_new_html(index, recent, resolver(app, index, "nytt"), templates))


def _site_changed(app: Sphinx, exception: Exception | None) -> bool:
    if exception is not None or app.builder.format != "html" or app.config.html_theme != "lotsen":
        return False
    # nothing written: the index, manifest and worker of the last build stand
    return bool(pages_written(app)) or not (Path(app.outdir) / "sw.js").is_file()


def _write_indexed_first(app: Sphinx, builder: Any) -> None:
    """The pages this theme marks for the search index (those of objects) are written
    before the others (sphinx/write_order.py), so that the index starts sooner."""
    if app.builder.format == "html" and app.config.html_theme == "lotsen":
        build_state(app).write_first = set(env_data(app.env).object_docs)


def _index_written_pages(app: Sphinx) -> list:
    """The pages of objects are written (``lotsen-first-pages-written``), or else every
    document's page (``html-collect-pages`` comes after them): the search index is
    started now, while the other pages, the exports and needs.json are made, rather
    than after them (site/search_build.py)."""
    if _site_changed(app, None):
        index_written_pages(app)
    return []


def _start_offline(app: Sphinx, exception: Exception | None) -> None:
    """Every page is written: the search index is running (or is started now) while
    the exports are written."""
    outdir = Path(app.outdir)
    if exception is None and app.builder.format == "html" and app.config.html_theme == "lotsen":
        # sphinx-needs' schema report holds timings (so no two builds are alike) and
        # says nothing staff need: Lotsen's own validation has already reported
        # everything. Its permalink page is not used and carries inline script. Both
        # are written by builds that write no page of their own, too.
        (outdir / "schema_violations.json").unlink(missing_ok=True)
        (outdir / "permalink.html").unlink(missing_ok=True)
    if not _site_changed(app, exception):
        return
    model = build_state(app).model
    write_manifest(outdir, model.site_name or app.config.project, model.short_name)
    index_generated_pages(app)


def _finish_offline(app: Sphinx, exception: Exception | None) -> None:
    """After the exports: the search index is done, and the worker's version is a hash
    of everything the site holds. A failed build stops the index it started."""
    problem = finish_search(app, exception)
    if problem is None:
        return
    if problem:
        logger.warning(f"Sökindexet kunde inte byggas: {problem[:500]}", type="lotsen", subtype="search_index")
    outdir = Path(app.outdir)
    write_offline_index(outdir, _routines_offline(app), Path(app.doctreedir) / "lotsen-offline.json")
    write_service_worker(outdir, build_state(app).model.offline_max_pages)


def _routines_offline(app: Sphinx) -> list[dict]:
    """Every published routine with its page and units, for offline.json."""
    index = build_state(app).index
    if index is None:
        return []
    found = []
    for routine in index.of_type(index.model.structure.routine_type):
        url = docname_of(routine.file) + ".html"
        if (Path(app.outdir) / url).is_file():
            found.append({"url": url, "id": routine.id, "title": routine.title,
                          "units": sorted(index.units_of(routine))})
    return sorted(found, key=lambda r: r["id"])


def _no_sphinx_search(app: Sphinx) -> None:
    """Search is Pagefind's (sok.html): Sphinx need not stem and index every page for
    a search page nobody opens, which is a large share of a big build."""
    if app.builder.format == "html" and app.config.html_theme == "lotsen":
        app.builder.search = False


def setup_theme(app: Sphinx) -> None:
    from sphinx.util.docutils import SphinxDirective

    class StartDirective(SphinxDirective):
        has_content = False

        def run(self) -> list[nodes.Node]:
            env_data(self.env).start_docs.add(self.env.docname)
            return [start_placeholder()]

    class SearchDirective(SphinxDirective):
        has_content = False

        def run(self) -> list[nodes.Node]:
            return [search_placeholder()]

    app.add_html_theme("lotsen", str(THEME_DIR))
    app.add_transform(HeadingMarkupAsText)
    app.add_node(start_placeholder)
    app.add_node(search_placeholder)
    app.add_directive("lotsen-start", StartDirective)
    app.add_directive("lotsen-sok", SearchDirective)
    app.connect("doctree-resolved", _objects, priority=400)
    app.connect("doctree-resolved", _start)
    app.connect("html-page-context", _page_context, priority=900)
    app.connect("write-started", _write_indexed_first)
    app.connect(FIRST_WRITTEN, _index_written_pages)
    app.connect("html-collect-pages", _index_written_pages, priority=100)
    app.connect("html-collect-pages", _collect_pages)
    app.connect("build-finished", _start_offline, priority=100)
    app.connect("build-finished", _finish_offline, priority=900)
    app.connect("builder-inited", _no_sphinx_search)
