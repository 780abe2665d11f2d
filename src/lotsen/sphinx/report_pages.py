"""Report pages in the Sphinx build, and their CSV/Excel exports.

A report page holds ``{lotsen-rapport} <namn>``; the table is filled in when the page is
written, from the objects collected in this build. Report pages and process pages
show objects from other documents: rewrite.py decides when they are written again.
"""

from __future__ import annotations

import dataclasses
import functools
from pathlib import Path, PurePosixPath
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from lotsen.reports.compute import REPORTS, process_overview
from lotsen.reports.document import Document
from lotsen.reports.papers import PAPER_REPORTS, PAPERS
from lotsen.reports.render import Resolver
from lotsen.reports.tables import Report
from lotsen.site.level_styles import level_css
from lotsen.site.report_markup import report_nodes
from lotsen.site.search_index import SEARCH_IGNORED
from lotsen.site.story_page import document_html, site_document
from lotsen.site.templates import project_templates
from lotsen.source.index import ObjectIndex
from lotsen.source.scanner import NeedSource
from lotsen.sphinx.state import build_state, env_data

logger = logging.getLogger(__name__)

#: Every report a page can show: the quality lead's reports and the nämnd's papers.
ALL_REPORTS = {**REPORTS, **PAPER_REPORTS}


class report_placeholder(nodes.General, nodes.Element):  # noqa: N801 - docutils node naming
    """Where a report goes; replaced when the page is written."""


#: Pages that show a long document (chapters of reports with the authors' prose):
#: kind -> what builds it from the index and the project's folder.
DOCUMENTS = {"berattelse": site_document}


class ReportDirective(SphinxDirective):
    """``{lotsen-rapport} riskregister``: a report computed from all objects;
    ``{lotsen-rapport} berattelse``: this year's kvalitetsberättelse."""

    required_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        kind = self.arguments[0]
        if kind not in ALL_REPORTS and kind not in DOCUMENTS:
            logger.warning(
                f"Rapporten '{kind}' finns inte. Åtgärd: välj en av {', '.join([*ALL_REPORTS, *DOCUMENTS])}.",
                location=self.get_location(), type="lotsen", subtype="report_unknown")
            return []
        # the figures and the prose come from files that are no pages: when any of them
        # changes, comes or goes, every page with a report is read again (sphinx/data_files.py)
        kinds = env_data(self.env).report_docs.setdefault(self.env.docname, [])
        if kind not in kinds:
            kinds.append(kind)
        return [report_placeholder(kind=kind)]


@functools.lru_cache(maxsize=None)
def docname_of(file: str) -> str:
    return str(PurePosixPath(file).with_suffix(""))


def report_of(index: ObjectIndex, kind: str, root: Path | None = None) -> Report | Document:
    """A report, or a document (which reads the project's folder, ``root``)."""
    if kind in DOCUMENTS:
        return index.memo(("document", kind), lambda: DOCUMENTS[kind](index, root))  # type: ignore[return-value]
    return index.memo(("report", kind), lambda: ALL_REPORTS[kind](index))  # type: ignore[return-value]


def overview_of(index: ObjectIndex, process: NeedSource) -> tuple[str, Report]:
    return index.memo(("overview", process.id), lambda: process_overview(index, process))  # type: ignore[return-value]


def resolver(app: Sphinx, index: ObjectIndex, fromdoc: str) -> Resolver:
    """Links to objects on published pages; None for an object whose page is not built.
    Each page's address is worked out once per resolver (a report links many objects
    of one page, and the same object many times)."""
    all_docs, uris = app.env.all_docs, {}

    def resolve(need_id: str) -> str | None:
        need = index.by_id.get(need_id)
        if need is None:
            return None
        docname = docname_of(need.file)
        uri = uris.get(docname)
        if uri is None:
            if docname not in all_docs:
                return None
            uri = uris[docname] = app.builder.get_relative_uri(fromdoc, docname)
        return f"{uri}#{need_id}"
    return resolve


def _mermaid(code: str, alt: str) -> nodes.Node:
    from sphinxcontrib.mermaid import mermaid

    node = mermaid()
    node["code"] = code
    node["options"] = {}
    node["alt"] = alt
    return node


def _stable_ids(doctree: nodes.document) -> None:
    """sphinx-needs 9.1 gives each need's container a random id (uuid4): number them
    in document order instead, so that two builds of the same sources are identical."""
    number = 0
    for node in doctree.findall(nodes.container):
        ids = node.get("ids", [])
        if any(i.startswith("SNCB-") for i in ids):
            number += 1
            node["ids"] = [f"SNCB-{number}" if i.startswith("SNCB-") else i for i in ids]


def processes_by_page(index: ObjectIndex) -> dict[str, list[NeedSource]]:
    """Docname -> the processes on that page, computed once per build (not per page)."""
    def group() -> dict[str, list[NeedSource]]:
        pages: dict[str, list[NeedSource]] = {}
        for process in index.of_type(index.model.reports.process_type):
            pages.setdefault(docname_of(process.file), []).append(process)
        return pages
    return index.memo("processes_by_page", group)  # type: ignore[return-value]


def pages_written(app: Sphinx) -> int:
    """How many documents this build wrote: none means nothing derived from them changed."""
    return build_state(app).pages_written


def paper_downloads(app: Sphinx, kind: str, report: Report) -> Report:
    """A paper's page links its PDF and Word file only where the build writes them
    (``lotsen_pdf``, sphinx/exports.py)."""
    if kind in PAPERS and not app.config.lotsen_pdf:
        return dataclasses.replace(report, files=[])
    return report


def _resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    build_state(app).pages_written += 1
    _stable_ids(doctree)
    index = build_state(app).index
    if index is None:
        return
    templates = project_templates(app.srcdir, app.config.templates_path, Path(app.doctreedir) / "lotsen-templates")
    resolve = resolver(app, index, docname)
    for placeholder in list(doctree.findall(report_placeholder)):
        report = report_of(index, placeholder["kind"], Path(app.srcdir))
        if isinstance(report, Document):
            html = document_html(report, resolve, templates)
            placeholder.replace_self(nodes.raw("", html, format="html"))
            continue
        report = paper_downloads(app, placeholder["kind"], report)
        placeholder.replace_self(report_nodes(report, resolve, templates=templates, family=FAMILY_WORKBOOK))
    processes = processes_by_page(index).get(docname)
    if not processes:
        return
    # the rendered object (Lotsen's card, or sphinx-needs' table under another
    # builder), not the bare target before it
    by_id: dict[str, nodes.Element] = {}
    for node in doctree.findall(nodes.Element):
        for node_id in node.get("ids", []):
            classes = node.get("classes", [])
            if node_id not in by_id or "need" in classes or "lotsen-objekt" in classes:
                by_id[node_id] = node
    for process in processes:
        anchor = by_id.get(process.id)
        code, report = overview_of(index, process)
        section = nodes.section(ids=[f"oversikt-{process.id.lower()}"], classes=["lotsen-process-overview"])
        # the overview lists other objects, each found on its own page: like an
        # object's links, it is left out of the search index
        section += nodes.raw("", SEARCH_IGNORED[0], format="html")
        section += nodes.title("", f"Översikt: {process.title}")
        section += nodes.paragraph("", "Processkarta: delprocesser och aktiviteter i ordning.")
        section += _mermaid(code, f"Processkarta för {process.title}")
        section.extend(report_nodes(report, resolve, downloads=False, templates=templates))
        section += nodes.raw("", SEARCH_IGNORED[1], format="html")
        if anchor is not None and anchor.parent is not None:
            anchor.parent.insert(anchor.parent.index(anchor) + 1, section)
        else:
            doctree.append(section)


STATIC = Path(__file__).parents[1] / "site" / "static"


def _add_static(app: Sphinx) -> None:
    """Lotsen's theme styles reports itself; any other theme gets the report styles.

    The level colours are written straight into the output before any page, so that
    Sphinx gives their link a checksum like its own static files.
    """
    if app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    (static / "lotsen-niva.css").write_text(level_css(build_state(app).model), encoding="utf-8")
    if app.config.html_theme != "lotsen":
        app.config.html_static_path = [*app.config.html_static_path, str(STATIC)]
        app.add_css_file("lotsen-rapport.css")
    else:
        app.add_css_file("lotsen.css")
        app.add_js_file("lotsen.js", loading_method="defer")
        app.add_js_file("lotsen-enhet.js", loading_method="defer")
    app.add_css_file("lotsen-niva.css")


#: The workbook of every report whose page lies in one folder (a family of reports),
#: written by sphinx/exports.py.
FAMILY_WORKBOOK = "alla-rapporter.xlsx"


def mermaid_assets() -> Path:
    """Where mermaid's ES module build lies: inside the package (so a wheel carries it),
    in a folder of its own that is copied whole into ``_static``. `make` fetches it."""
    return Path(__file__).parents[1] / "site" / "vendor" / "mermaid"


def _configure_mermaid(app: Sphinx, config: Any) -> None:
    """Serve mermaid from the site itself; never from a CDN."""
    assets = mermaid_assets()
    config.mermaid_use_local = "mermaid/mermaid.esm.min.mjs"  # relative to _static
    if (assets / "mermaid.esm.min.mjs").is_file():
        config.html_static_path = [*config.html_static_path, str(assets.parent)]
    else:
        logger.warning(
            f"Lotsen hittar inte mermaid i {assets}, så processkartorna kan inte visas. "
            "Åtgärd: kör 'make html', som hämtar mermaid.",
            type="lotsen", subtype="mermaid_missing")
    config.mermaid_fullscreen = False
    # natural size: the default (100% wide, 500px high) makes a long process unreadable
    config.mermaid_width = "auto"
    config.mermaid_height = "auto"


def _drop_mermaid_loader(app: Sphinx) -> None:
    """Lotsen's script draws process maps when they come into view; sphinxcontrib-mermaid's
    per-page loader (an inline script, added by walking every page) is not needed."""
    for listener in list(app.events.listeners.get("html-page-context", [])):
        handler = listener.handler
        if getattr(handler, "__module__", "") == "sphinxcontrib.mermaid" and handler.__name__ == "install_js":
            app.disconnect(listener.id)


def setup_reports(app: Sphinx) -> None:
    app.setup_extension("sphinxcontrib.mermaid")
    _drop_mermaid_loader(app)
    app.add_node(report_placeholder)
    app.add_directive("lotsen-rapport", ReportDirective)
    app.connect("config-inited", _configure_mermaid)
    app.connect("builder-inited", _add_static)
    app.connect("doctree-resolved", _resolved, priority=900)
