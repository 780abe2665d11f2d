"""A Document (reports/document.py) as a Word file that the nämnd's secretary can edit:
a title page, a table of contents (a Word field, filled in with the chapters and brought
up to date with page numbers when Word opens the file), Word's own heading styles,
tables with a header row that repeats on every page, the organisation's name in the
page header and the page number in the footer, charts as pictures with their figures in
words for a screen reader, the authors' prose as paragraphs and lists.

A masked count is written as its text ("färre än 3"), whatever the model lets CSV
exports carry: this file is meant to be passed on. The same document gives the same
bytes (fixed core properties, fixed zip entry times)."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from pathlib import Path

from lotsen.cache import writer_code
from lotsen.reports.chart_image import chart_png, chart_text
from lotsen.reports.document import Document
from lotsen.reports.docx_prose import add_prose
from lotsen.reports.stable_zip import stable_zip
from lotsen.reports.tables import Cell, HeatCell, Link, Masked, Section, Styled, Table

#: When a document carries no date: the core properties must still be fixed.
_NO_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)


def cell_lines(cell: Cell) -> list[str]:
    """A table cell as lines of text, as the page shows it; a masked count as its text."""
    if isinstance(cell, Styled):
        return cell_lines(cell.value)
    if isinstance(cell, Masked):
        return [str(cell)]
    if isinstance(cell, HeatCell):
        return [f"{cell.count} st · riskvärde {cell.score} · {cell.level}",
                *(f"{r.id} {r.text}".strip() for r in cell.risks)]
    if isinstance(cell, Link):
        return [cell.id]
    if isinstance(cell, list):
        return [f"{r.id} {r.text}".strip() for r in cell]
    return ["" if cell is None else str(cell)]


def docx_digest(document: Document, issued: dt.date | None = None, shading: dict[str, str] | None = None) -> str:
    """A hash of everything the Word file is made from (the document, the date, the
    colours, and the code that writes it), so that a build can tell, without making the
    file, that it would be the same as the last one: making it is slow (seconds for a
    large plan)."""
    digest = hashlib.sha256(repr((document, issued, sorted((shading or {}).items()))).encode("utf-8"))
    digest.update(writer_code(Path(__file__).parent, _WRITERS, "python-docx"))
    return digest.hexdigest()


#: The modules whose code decides the Word file's bytes.
_WRITERS = ("document_docx.py", "docx_prose.py", "prose_markdown.py", "chart_image.py", "stable_zip.py")


def document_docx(document: Document, issued: dt.date | None = None,
                  shading: dict[str, str] | None = None) -> bytes:
    """The Word file. ``shading``: CSS class of a cell -> its background colour (the
    risk levels' colours, as on the site)."""
    import docx
    from docx.shared import Mm

    doc = docx.Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.different_first_page_header_footer = True
    _language(doc, "sv-SE")
    section.header.paragraphs[0].text = document.organisation
    _page_numbers(section.footer.paragraphs[0])

    doc.add_paragraph(document.organisation, style="Subtitle")
    doc.add_paragraph(document.title, style="Title")
    doc.add_paragraph(document.as_of)
    doc.add_page_break()
    _contents(doc, document)
    doc.add_page_break()
    if document.intro:
        doc.add_heading("Inledning", level=1)
        add_prose(doc, document.intro, chapter_level=1)
    for chapter in document.chapters:
        doc.add_heading(chapter.title, level=1)
        if chapter.empty:
            doc.add_paragraph(chapter.empty)
            continue
        if chapter.prose:
            add_prose(doc, chapter.prose, chapter_level=1)
        for part in chapter.sections:
            _section(doc, part, shading or {})
    if document.gaps:
        doc.add_heading("Det som saknas", level=1)
        for gap in document.gaps:
            doc.add_paragraph(gap, style="List Bullet")

    stamp = dt.datetime(issued.year, issued.month, issued.day, tzinfo=dt.timezone.utc) if issued else _NO_DATE
    core = doc.core_properties
    core.title, core.author, core.last_modified_by = document.title, document.organisation, "Lotsen"
    core.created = core.modified = stamp
    core.revision = 1
    core.language = "sv-SE"
    out = io.BytesIO()
    doc.save(out)
    return stable_zip(out.getvalue())


def _section(doc, part: Section, shading: dict[str, str]) -> None:
    from docx.shared import Cm

    doc.add_heading(part.title, level=2)
    for label, value in part.figures:
        paragraph = doc.add_paragraph(f"{label}: ", style="List Bullet")
        paragraph.add_run(str(value)).bold = True
    if part.chart is not None:
        doc.add_picture(io.BytesIO(chart_png(part.chart)), width=Cm(16))
        picture = doc.inline_shapes[-1]
        picture._inline.docPr.set("descr", chart_text(part.chart))
        picture._inline.docPr.set("name", part.chart.title[:200])
        doc.add_paragraph(f"{part.chart.title}. Siffrorna står också i tabellen.", style="Caption")
    for text in part.text:
        doc.add_paragraph(text)
    if part.table is not None:
        _table(doc, part.table, shading)


def _table(doc, table: Table, shading: dict[str, str]) -> None:
    doc.add_paragraph(table.caption, style="Caption")
    if not table.rows:
        doc.add_paragraph(table.empty)
        return
    grid = doc.add_table(rows=1, cols=len(table.header), style="Table Grid")
    head = grid.rows[0]
    _repeat_header(head)
    for cell, text in zip(head.cells, table.header):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in table.rows:
        cells = grid.add_row().cells
        for number, (target, value) in enumerate(zip(cells, row)):
            lines = cell_lines(value)
            target.text = lines[0] if lines else ""
            for line in lines[1:]:
                target.add_paragraph(line)
            if number == 0 and table.row_headers:
                for run in target.paragraphs[0].runs:
                    run.bold = True
            colour = next((shading[c] for c in getattr(value, "classes", ()) if c in shading), None)
            if colour:
                _shade(target, colour)


def _repeat_header(row) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _shade(cell, colour: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fill = OxmlElement("w:shd")
    fill.set(qn("w:val"), "clear")
    fill.set(qn("w:color"), "auto")
    fill.set(qn("w:fill"), colour.lstrip("#").upper())
    cell._tc.get_or_add_tcPr().append(fill)


def _field(paragraph, instruction: str, shown: str = "") -> None:
    """A Word field (PAGE, NUMPAGES, TOC) with the text shown until Word updates it."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def char(kind: str):
        run = paragraph.add_run()
        element = OxmlElement("w:fldChar")
        element.set(qn("w:fldCharType"), kind)
        run._r.append(element)

    char("begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    paragraph.add_run()._r.append(instr)
    char("separate")
    paragraph.add_run(shown)
    char("end")


def _page_numbers(paragraph) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run("Sida ")
    _field(paragraph, "PAGE", "1")
    paragraph.add_run(" av ")
    _field(paragraph, "NUMPAGES", "1")


def _contents(doc, document: Document) -> None:
    """The table of contents as Word's TOC field over headings 1–2, showing the
    chapters until Word fills in the page numbers (it is asked to on opening)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc.add_paragraph("Innehåll", style="TOC Heading")
    titles = (["Inledning"] if document.intro else []) + [c.title for c in document.chapters]
    if document.gaps:
        titles.append("Det som saknas")
    _field(doc.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u', "\n".join(titles))
    settings = doc.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _language(doc, tag: str) -> None:
    """Swedish for spelling and hyphenation, in the default run properties."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = doc.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")) if defaults is not None else None
    properties = run_defaults.find(qn("w:rPr")) if run_defaults is not None else None
    if properties is None:
        return
    lang = properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        properties.append(lang)
    lang.set(qn("w:val"), tag)
