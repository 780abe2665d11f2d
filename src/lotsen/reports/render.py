"""Reports as CSV and Excel files, from the same rows as the page (site/report_markup.py)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

from lotsen.reports.stable_zip import stable_zip
from lotsen.reports.tables import Report, Table, plain

#: Resolves an object ID to the URI of its page anchor, relative to the report page.
Resolver = Callable[[str], str | None]


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
    return stable_zip(raw.getvalue())


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
