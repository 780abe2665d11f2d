"""The berättelse as Markdown text: the output until the PDF and Word outputs are there,
and a plain version anyone can read and diff."""

from __future__ import annotations

from lotsen.markdown_table import markdown_cell, markdown_text
from lotsen.reports.document import Document
from lotsen.reports.prose_markdown import prose_markdown
from lotsen.reports.tables import Link, plain


def _cell(cell) -> str:
    if isinstance(cell, Link):
        return markdown_cell(f"{cell.id} {cell.text}".strip())
    if isinstance(cell, list) and all(isinstance(c, Link) for c in cell):
        return ", ".join(_cell(c) for c in cell)
    return markdown_cell(str(plain(cell)))


def as_markdown(document: Document) -> str:
    """Every value from content or the model escaped (``markdown_text``); the authors'
    prose is Markdown already, read as the other outputs read it (story/prose.py)."""
    t = markdown_text
    out = [f"# {t(document.title)}", "", t(document.organisation), "", f"*{t(document.as_of)}*", ""]
    if document.intro:
        out += [t(document.intro), ""]
    for number, chapter in enumerate(document.chapters, 1):
        out += [f"## {number}. {t(chapter.title)}", ""]
        if chapter.prose:
            out += [prose_markdown(chapter.prose, 2), ""]
        if chapter.empty:
            out += [f"*{t(chapter.empty)}*", ""]
        for section in chapter.sections:
            out += [f"### {t(section.title)}", ""]
            if section.figures:
                out += [f"- {t(str(label))}: **{t(str(value))}**" for label, value in section.figures] + [""]
            out += [text for line in section.text for text in (t(line), "")]
            table = section.table
            if table is not None:
                if not table.rows:
                    out += [t(table.empty), ""]
                    continue
                out += [f"Tabell: {t(table.caption)}", "", "| " + " | ".join(markdown_cell(h) for h in table.header)
                        + " |", "|" + "---|" * len(table.header)]
                out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows] + [""]
    out += ["## Det som saknas", ""]
    out += [f"- {t(gap)}" for gap in document.gaps] if document.gaps else ["Inget saknas."]
    return "\n".join(out).rstrip() + "\n"
