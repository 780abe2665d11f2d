"""Reports rendered as docutils nodes for the page, and as CSV and Excel files."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from docutils import nodes

from lotsen.report_model import Cell, HeatCell, Link, Report, Styled, Table, plain

#: Resolves an object ID to the URI of its page anchor, relative to the report page.
Resolver = Callable[[str], str | None]


def _link_node(link: Link, resolve: Resolver) -> nodes.Node:
    uri = resolve(link.id)
    if uri is None:
        return nodes.Text(link.id)
    ref = nodes.reference("", link.id, refuri=uri, internal=True, reftitle=link.text)
    return ref


def _cell_nodes(cell: Cell, resolve: Resolver) -> list[nodes.Node]:
    if isinstance(cell, Styled):
        return _cell_nodes(cell.value, resolve)
    if isinstance(cell, Link):
        return [nodes.paragraph("", "", _link_node(cell, resolve))]
    if isinstance(cell, list):
        # one line per object: its ID as the link, then its title
        out = []
        for item in cell:
            para = nodes.paragraph()
            para += _link_node(item, resolve)
            if item.text:
                para += nodes.Text(f" {item.text}")
            out.append(para)
        return out
    if isinstance(cell, HeatCell):
        para = nodes.paragraph()
        para += nodes.strong("", f"{cell.count} st")
        para += nodes.Text(f" · riskvärde {cell.score} · {cell.level}")
        out: list[nodes.Node] = [para]
        if cell.risks:
            out += _cell_nodes(cell.risks, resolve)
        return out
    return [nodes.paragraph("", "" if cell is None else str(cell))]


def table_nodes(table: Table, resolve: Resolver) -> nodes.Node:
    if not table.rows:
        return nodes.paragraph("", table.empty, classes=["lotsen-empty"])
    node = nodes.table(classes=["lotsen-report", f"lotsen-{table.key}"], ids=[f"tabell-{table.key}"])
    node += nodes.title("", table.caption)
    group = nodes.tgroup(cols=len(table.header))
    node += group
    for number in range(len(table.header)):
        group += nodes.colspec(colwidth=1, stub=1 if table.row_headers and number == 0 else 0)
    head = nodes.thead()
    header_row = nodes.row()
    for text in table.header:
        entry = nodes.entry()
        entry += nodes.paragraph("", text)
        header_row += entry
    head += header_row
    group += head
    body = nodes.tbody()
    for number, row in enumerate(table.rows):
        classes = list(table.row_classes[number]) if number < len(table.row_classes) else []
        row_node = nodes.row(classes=classes)
        for cell in row:
            entry = nodes.entry(classes=list(cell.classes) if isinstance(cell, Styled) else [])
            entry.extend(_cell_nodes(cell, resolve))
            row_node += entry
        body += row_node
    group += body
    return node


def report_nodes(report: Report, resolve: Resolver, downloads: bool = True) -> list[nodes.Node]:
    out: list[nodes.Node] = []
    if report.intro:
        out.append(nodes.paragraph("", report.intro))
    if downloads and report.tables():
        para = nodes.paragraph("", "Ladda ner: ", classes=["lotsen-downloads"])
        para += nodes.reference("", "Excel (alla tabeller)", refuri=f"{report.slug}.xlsx")
        for table in report.tables():
            para += nodes.Text(" · ")
            para += nodes.reference("", f"CSV: {table.caption.lower()}", refuri=f"{report.slug}-{table.key}.csv")
        out.append(para)
    for section in report.sections:
        sec = nodes.section(ids=[f"{report.slug}-{nodes.make_id(section.title)}"])
        sec += nodes.title("", section.title)
        if section.figures:
            figures = nodes.bullet_list(classes=["lotsen-figures"])
            for label, value in section.figures:
                item = nodes.list_item()
                para = nodes.paragraph()
                para += nodes.Text(f"{label}: ")
                para += nodes.strong("", value)
                item += para
                figures += item
            sec += figures
        for text in section.text:
            sec += nodes.paragraph("", text)
        if section.table is not None:
            sec += table_nodes(section.table, resolve)
        out.append(sec)
    return out


# --------------------------------------------------------------------------- files
def table_csv(table: Table) -> str:
    """CSV as Excel in Sweden opens it: UTF-8 with BOM, semicolons."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(table.header)
    for row in table.rows:
        writer.writerow([plain(cell) for cell in row])
    return "\ufeff" + buffer.getvalue()


def report_xlsx(report: Report, when: dt.date) -> bytes:
    """One sheet per table, with fixed timestamps so that builds are reproducible."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    stamp = dt.datetime(when.year, when.month, when.day)
    book.properties.created = stamp
    book.properties.modified = stamp
    book.properties.creator = "Lotsen"
    used: set[str] = set()
    for table in report.tables():
        name = table.caption[:31].replace("/", "-").replace(":", "")
        while name in used:
            name = name[:28] + str(len(used))
        used.add(name)
        sheet = book.create_sheet(name)
        sheet.append(table.header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([plain(cell) for cell in row])
        sheet.freeze_panes = "A2"
        for column, header in zip(sheet.columns, table.header):
            width = max([len(str(header))] + [len(str(c.value or "")) for c in column])
            sheet.column_dimensions[column[0].column_letter].width = min(60, width + 2)
    raw = io.BytesIO()
    book.save(raw)
    return _fixed_zip_times(raw.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                # openpyxl stamps 'modified' with the time of saving: use 'created'
                text = content.decode("utf-8")
                created = re.search(r"<dcterms:created[^>]*>([^<]*)<", text)
                if created:
                    text = re.sub(r"(<dcterms:modified[^>]*>)[^<]*(<)", rf"\g<1>{created[1]}\2", text)
                content = text.encode("utf-8")
            target.writestr(fixed, content)
    return out.getvalue()


def write_exports(report: Report, folder: Path, when: dt.date) -> list[Path]:
    if not report.tables():
        return []  # nothing to export (the page says why)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for table in report.tables():
        path = folder / f"{report.slug}-{table.key}.csv"
        path.write_text(table_csv(table), encoding="utf-8", newline="")
        written.append(path)
    xlsx = folder / f"{report.slug}.xlsx"
    xlsx.write_bytes(report_xlsx(report, when))
    written.append(xlsx)
    return written
