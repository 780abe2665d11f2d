"""The author's Markdown (a chapter's prose) as Word paragraphs, read as every output
reads it (reports/prose_markdown.py): headings as Word's heading styles below the
chapter's, paragraphs, bulleted and numbered lists (nested ones one level in), quotes,
tables; bold, italic and code as run formatting, a link as its text with the address
after it, ``{need}`ID``` as the ID. Raw HTML stays text, pictures are left out (as on
the page)."""

from __future__ import annotations

from markdown_it.token import Token

from lotsen.reports.prose_markdown import tokens


def add_prose(doc, markdown: str, chapter_level: int = 1) -> None:
    """Append ``markdown`` to the python-docx document ``doc``, below a chapter heading
    of Word's ``Heading {chapter_level}``."""
    lists: list[str] = []  # "bullet" / "ordered", innermost last
    quote = 0
    heading: int | None = None
    table: list[list[tuple[bool, list[Token]]]] | None = None  # rows of (header?, inline children)
    header_cell = False
    for token in tokens(markdown, chapter_level, top=9):
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
            heading = int(token.tag[1:])
        elif kind == "heading_close":
            heading = None
        elif kind == "table_open":
            table = []
        elif kind == "tr_open" and table is not None:
            table.append([])
        elif kind in ("th_open", "td_open"):
            header_cell = kind == "th_open"
        elif kind == "table_close" and table is not None:
            _add_table(doc, table)
            table = None
        elif kind == "inline":
            if table is not None:
                table[-1].append((header_cell, token.children or []))
                continue
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


def _add_table(doc, rows: list[list[tuple[bool, list[Token]]]]) -> None:
    columns = max((len(row) for row in rows), default=0)
    if not columns:
        return
    grid = doc.add_table(rows=0, cols=columns, style="Table Grid")
    for row in rows:
        cells = grid.add_row().cells
        for target, (header, children) in zip(cells, row):
            paragraph = target.paragraphs[0]
            _add_inline(paragraph, children)
            if header:
                for run in paragraph.runs:
                    run.bold = True


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
        elif kind in ("text", "code_inline", "html_inline", "need_ref"):
            run = paragraph.add_run(child.content)
            run.bold = bool(bold) or None
            run.italic = bool(italic) or None
            if kind == "code_inline":
                run.font.name = "Courier New"
        elif kind == "softbreak":
            paragraph.add_run(" ")
        elif kind == "hardbreak":
            paragraph.add_run().add_break()
