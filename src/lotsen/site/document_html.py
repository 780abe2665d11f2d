"""A Document (reports/document.py) as one standalone HTML page: the template
lotsen/document.html, with the report styles inline and the charts in SVG, so the page
fetches nothing. The same markup is printed to PDF (site/document_pdf.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from docutils import nodes

from lotsen.model import Model
from lotsen.reports import prose_markdown
from lotsen.reports.document import Chapter, Document
from lotsen.reports.render import Resolver
from lotsen.site.level_styles import level_css
from lotsen.site.templates import Markup, Templates, default_templates

STATIC = Path(__file__).parent / "static"
#: A table with more columns than this is printed on landscape pages.
WIDE_FROM = 6


def prose_html(markdown: str, resolve: Resolver | None = None) -> Markup:
    """The author's Markdown as HTML below a chapter's ``<h2>`` (reports/prose_markdown.py)."""
    return Markup(prose_markdown.prose_html(markdown, 2, resolve))


def chapter_id(chapter: Chapter) -> str:
    return nodes.make_id(chapter.key) or "kapitel"


def document_styles(model: Model | None = None) -> str:
    css = [(STATIC / "lotsen-rapport.css").read_text(encoding="utf-8"),
           (STATIC / "lotsen-dokument.css").read_text(encoding="utf-8")]
    if model is not None:
        css.append(level_css(model))
    return "\n".join(css)


def _no_link(_: str) -> None:
    return None


def document_html(document: Document, *, model: Model | None = None, resolve: Resolver | None = None,
                  issued: dt.date | None = None, templates: Templates | None = None) -> str:
    """The page. ``resolve`` turns an object's ID into a link (none: IDs stay text);
    ``issued`` is the date the PDF records as made (none: no date)."""
    return (templates or default_templates()).render(
        "lotsen/document.html", document=document, resolve=resolve or _no_link,
        prose=lambda markdown: prose_html(markdown, resolve),
        chapter_id=chapter_id, wide_from=WIDE_FROM, styles=Markup(document_styles(model)),
        issued=issued.isoformat() if issued else "") + "\n"
