"""A Document (reports/document.py) as one standalone HTML page: the template
lotsen/document.html, with the report styles inline and the charts in SVG, so the page
fetches nothing. The same markup is printed to PDF (site/document_pdf.py)."""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path

from docutils import nodes
from markdown_it import MarkdownIt

from lotsen.model import Model
from lotsen.reports.document import Chapter, Document
from lotsen.reports.render import Resolver
from lotsen.site.level_styles import level_css
from lotsen.site.templates import Markup, Templates, default_templates

STATIC = Path(__file__).parent / "static"
#: A table with more columns than this is printed on landscape pages.
WIDE_FROM = 6


@functools.lru_cache(maxsize=1)
def _prose_parser() -> MarkdownIt:
    # raw HTML in the author's text is shown as text, and a picture would be fetched
    return MarkdownIt("commonmark", {"html": False}).disable("image")


def prose_html(markdown: str, top_level: int = 3) -> Markup:
    """The author's Markdown as HTML below a chapter: its headings start at ``top_level``."""
    parser = _prose_parser()
    tokens = parser.parse(markdown)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) + top_level - 1)}"
    return Markup(parser.renderer.render(tokens, parser.options, {}))


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
        "lotsen/document.html", document=document, resolve=resolve or _no_link, prose=prose_html,
        chapter_id=chapter_id, wide_from=WIDE_FROM, styles=Markup(document_styles(model)),
        issued=issued.isoformat() if issued else "") + "\n"
