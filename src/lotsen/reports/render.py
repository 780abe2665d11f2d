"""Reports rendered as HTML for the page, and as CSV and Excel files, from the same rows."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from html import escape
from pathlib import Path

from docutils import nodes

from lotsen.reports.tables import Cell, HeatCell, Link, Report, Styled, Table, plain

#: Resolves an object ID to the URI of its page anchor, relative to the report page.
Resolver = Callable[[str], str | None]


def _link(link: Link, resolve: Resolver) -> str:
    uri = resolve(link.id)
    if uri is None:
        return escape(link.id)
    title = f' title="{escape(link.text)}"' if link.text else ""
    return f'<a class="reference internal" href="{escape(uri)}"{title}>{escape(link.id)}</a>'


def _cell(cell: Cell, resolve: Resolver) -> str:
    if isinstance(cell, Styled):
        return _cell(cell.value, resolve)
    if isinstance(cell, Link):
        return f"<p>{_link(cell, resolve)}</p>"
    if isinstance(cell, list):
        # one line per object: its ID as the link, then its title
        return "".join(f"<p>{_link(item, resolve)}{' ' + escape(item.text) if item.text else ''}</p>"
                       for item in cell)
    if isinstance(cell, HeatCell):
        head = f"<p><strong>{cell.count} st</strong> · riskvärde {cell.score} · {escape(cell.level)}</p>"
        return head + (_cell(cell.risks, resolve) if cell.risks else "")
    return f"<p>{escape('' if cell is None else str(cell))}</p>"


def table_html(table: Table, resolve: Resolver) -> str:
    """Real table markup: a caption, column headers and (where set) row headers."""
    if not table.rows:
        return f'<p class="lotsen-empty">{escape(table.empty)}</p>'
    out = [f'<table class="lotsen-report lotsen-{table.key} docutils" id="tabell-{table.key}">',
           f'<caption><span class="caption-text">{escape(table.caption)}</span></caption>',
           "<thead><tr>" + "".join(f'<th class="head" scope="col"><p>{escape(h)}</p></th>' for h in table.header)
           + "</tr></thead>", "<tbody>"]
    for number, row in enumerate(table.rows):
        row_classes = table.row_classes[number] if number < len(table.row_classes) else ()
        cells = []
        for column, cell in enumerate(row):
            classes = list(cell.classes) if isinstance(cell, Styled) else []
            if table.row_headers and column == 0:
                cells.append(f'<th class="{" ".join(["stub", *classes])}" scope="row">{_cell(cell, resolve)}</th>')
            else:
                css = f' class="{" ".join(classes)}"' if classes else ""
                cells.append(f"<td{css}>{_cell(cell, resolve)}</td>")
        css = f' class="{" ".join(row_classes)}"' if row_classes else ""
        out.append(f"<tr{css}>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def report_html(report: Report, resolve: Resolver, downloads: bool = True) -> str:
    """The whole report as HTML: built directly, since a big site's reports as docutils
    node trees cost more to build and to write than everything else Lotsen does."""
    out: list[str] = []
    if report.intro:
        out.append(f"<p>{escape(report.intro)}</p>")
    if downloads and report.tables():
        links = [f'<a class="reference external" href="{report.slug}.xlsx">Excel (alla tabeller)</a>']
        links += [f'<a class="reference external" href="{report.slug}-{t.key}.csv">CSV: {escape(t.caption.lower())}</a>'
                  for t in report.tables()]
        out.append('<p class="lotsen-downloads">Ladda ner: ' + " · ".join(links) + "</p>")
    for section in report.sections:
        out.append(f'<section id="{report.slug}-{nodes.make_id(section.title)}"><h2>{escape(section.title)}</h2>')
        if section.figures:
            out.append('<ul class="lotsen-figures">' + "".join(
                f"<li><p>{escape(label)}: <strong>{escape(value)}</strong></p></li>" for label, value in section.figures)
                + "</ul>")
        out.extend(f"<p>{escape(text)}</p>" for text in section.text)
        if section.table is not None:
            out.append(table_html(section.table, resolve))
        out.append("</section>")
    return "\n".join(out)


def report_nodes(report: Report, resolve: Resolver, downloads: bool = True) -> list[nodes.Node]:
    return [nodes.raw("", report_html(report, resolve, downloads), format="html")]


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
    """The report's tables as CSV files and one Excel workbook. Files whose rows have
    not changed since the last build are left as they are: a workbook is the slowest
    thing to write."""
    if not report.tables():
        return []  # nothing to export (the page says why)
    folder.mkdir(parents=True, exist_ok=True)
    csvs = {folder / f"{report.slug}-{table.key}.csv": table_csv(table) for table in report.tables()}
    xlsx = folder / f"{report.slug}.xlsx"
    if xlsx.is_file() and all(_holds(path, text) for path, text in csvs.items()):
        return []
    for path, text in csvs.items():
        path.write_text(text, encoding="utf-8", newline="")
    xlsx.write_bytes(report_xlsx(report, when))
    return [*csvs, xlsx]


def _holds(path: Path, text: str) -> bool:
    try:
        with path.open(encoding="utf-8", newline="") as file:
            return file.read() == text
    except (OSError, UnicodeDecodeError):
        return False
