"""Reports as CSV and Excel files, from the same rows as the page (site/report_markup.py)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

from lotsen.reports.tables import Report, Table, plain
from lotsen.reports.workbook import Linker, Sheet, workbook_xlsx

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


def report_xlsx(report: Report, when: dt.date, link: Linker | None = None,
                fills: dict[str, str] | None = None) -> bytes:
    """One sheet per table, typed, filtered and linked (reports/workbook.py)."""
    return workbook_xlsx([Sheet(t.caption, t) for t in report.tables()], when, report.title, link, fills)


def family_xlsx(reports: list[Report], when: dt.date, title: str, link: Linker | None = None,
                fills: dict[str, str] | None = None) -> bytes:
    """One workbook for a family of reports (the pages of one folder): a sheet per table."""
    return workbook_xlsx([Sheet(t.caption, t, r.title) for r in reports for t in r.tables()], when, title,
                         link, fills)


def write_exports(report: Report, folder: Path, when: dt.date, link: Linker | None = None,
                  fills: dict[str, str] | None = None) -> list[Path]:
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
    xlsx.write_bytes(report_xlsx(report, when, link, fills))
    return [*csvs, xlsx]


def _holds(path: Path, text: str) -> bool:
    try:
        with path.open(encoding="utf-8", newline="") as file:
            return file.read() == text
    except (OSError, UnicodeDecodeError):
        return False
