"""The berättelse as Markdown text: the output until the PDF and Word outputs are there,
and a plain version anyone can read and diff."""

from __future__ import annotations

from lotsen.reports.document import Document
from lotsen.reports.tables import Link, plain


def _cell(cell) -> str:
    if isinstance(cell, Link):
        return f"{cell.id} {cell.text}".strip()
    if isinstance(cell, list) and all(isinstance(c, Link) for c in cell):
        return ", ".join(_cell(c) for c in cell)
    return str(plain(cell)).replace("|", "\\|").replace("\n", " ")


def as_markdown(document: Document) -> str:
    out = [f"# {document.title}", "", document.organisation, "", f"*{document.as_of}*", ""]
    if document.intro:
        out += [document.intro, ""]
    for number, chapter in enumerate(document.chapters, 1):
        out += [f"## {number}. {chapter.title}", ""]
        if chapter.prose:
            out += [chapter.prose, ""]
        if chapter.empty:
            out += [f"*{chapter.empty}*", ""]
        for section in chapter.sections:
            out += [f"### {section.title}", ""]
            if section.figures:
                out += [f"- {label}: **{value}**" for label, value in section.figures] + [""]
            out += [text for t in section.text for text in (t, "")]
            table = section.table
            if table is not None:
                if not table.rows:
                    out += [table.empty, ""]
                    continue
                out += [f"Tabell: {table.caption}", "", "| " + " | ".join(table.header) + " |",
                        "|" + "---|" * len(table.header)]
                out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows] + [""]
    out += ["## Det som saknas", ""]
    out += [f"- {gap}" for gap in document.gaps] if document.gaps else ["Inget saknas."]
    return "\n".join(out).rstrip() + "\n"
