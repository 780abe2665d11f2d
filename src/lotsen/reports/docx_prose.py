"""The author's Markdown (a chapter's prose) as Word paragraphs: headings as Word's
heading styles below the chapter's, paragraphs, bulleted and numbered lists (nested
ones one level in), quotes; bold, italic and code as run formatting, a link as its text
with the address after it. Raw HTML stays text, pictures are left out (as on the page)."""

from __future__ import annotations

import functools

from markdown_it import MarkdownIt
from markdown_it.token import Token


@functools.lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).disable("image")


def add_prose(doc, markdown: str, top_level: int = 3) -> None:
    """Append ``markdown`` to the python-docx document ``doc``; its first heading level
    becomes Word's ``Heading {top_level}``."""
    lists: list[str] = []  # "bullet" / "ordered", innermost last
    quote = 0
    heading: int | None = None
    for token in _parser().parse(markdown):
        kind = token.type
        if kind == "bullet_list_open":
            lists.append("bullet")
        elif kind == "ordered_list_open":
            lists.append("ordered")
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif kind == "blockquote_open":
            quote += 1
        elif kind == "blockquote_close":
            quote -= 1
        elif kind == "heading_open":
            heading = min(9, int(token.tag[1]) + top_level - 1)
        elif kind == "heading_close":
            heading = None
        elif kind == "inline":
            if heading is not None:
                paragraph = doc.add_heading(level=heading)
            else:
                paragraph = doc.add_paragraph(style=_style(lists, quote))
            _add_inline(paragraph, token.children or [])
        elif kind in ("fence", "code_block"):
            paragraph = doc.add_paragraph(style=_style(lists, quote))
            run = paragraph.add_run(token.content.rstrip("\n"))
            run.font.name = "Courier New"
        elif kind == "hr":
            doc.add_paragraph("")


def _style(lists: list[str], quote: int) -> str:
    if lists:
        depth = min(len(lists), 3)
        base = "List Bullet" if lists[-1] == "bullet" else "List Number"
        return base if depth == 1 else f"{base} {depth}"
    return "Quote" if quote else "Normal"


def _add_inline(paragraph, children: list[Token]) -> None:
    bold = italic = 0
    link: str | None = None
    for child in children:
        kind = child.type
        if kind == "strong_open":
            bold += 1
        elif kind == "strong_close":
            bold -= 1
        elif kind == "em_open":
            italic += 1
        elif kind == "em_close":
            italic -= 1
        elif kind == "link_open":
            link = str(child.attrs.get("href", ""))
        elif kind == "link_close":
            if link:
                paragraph.add_run(f" ({link})")
            link = None
        elif kind in ("text", "code_inline", "html_inline"):
            run = paragraph.add_run(child.content)
            run.bold = bool(bold) or None
            run.italic = bool(italic) or None
            if kind == "code_inline":
                run.font.name = "Courier New"
        elif kind == "softbreak":
            paragraph.add_run(" ")
        elif kind == "hardbreak":
            paragraph.add_run().add_break()
