"""Reports as CSV and Excel files, from the same rows as the page (site/report_markup.py)."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import hashlib
import io
from collections.abc import Callable
from pathlib import Path

from lotsen.cache import writer_code
from lotsen.reports.tables import HeatCell, Link, Report, Styled, Table, plain
from lotsen.reports.workbook import Linker, PreparedTables, Sheet, cell_links, workbook_xlsx

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


def report_sheets(report: Report) -> list[Sheet]:
    """One sheet per table."""
    return [Sheet(t.caption, t) for t in report.tables()]


def family_sheets(reports: list[Report]) -> list[Sheet]:
    """A sheet per table of every report, each named by its report on the first sheet."""
    return [Sheet(t.caption, t, r.title) for r in reports for t in r.tables()]


def report_xlsx(report: Report, when: dt.date, link: Linker | None = None,
                fills: dict[str, str] | None = None, prepared: PreparedTables | None = None) -> bytes:
    """One sheet per table, typed, filtered and linked (reports/workbook.py)."""
    return workbook_xlsx(report_sheets(report), when, report.title, link, fills, prepared)


def family_xlsx(reports: list[Report], when: dt.date, title: str, link: Linker | None = None,
                fills: dict[str, str] | None = None, prepared: PreparedTables | None = None) -> bytes:
    """One workbook for a family of reports (the pages of one folder): a sheet per table.
    ``prepared``: the tables as the reports' own workbooks were made from, in a build."""
    return workbook_xlsx(family_sheets(reports), when, title, link, fills, prepared)


def export_digest(sheets: list[Sheet], title: str, when: dt.date, link: Linker | None = None,
                  fills: dict[str, str] | None = None, digest_of: Callable[[Table], str] | None = None) -> str:
    """A hash of everything a workbook of ``sheets`` (and the CSV files of their tables)
    is made from: the tables' cells, the addresses their object IDs link to, the date,
    the colours and the code that writes them. The same digest, the same files: a
    build need not make a workbook again to know it would not change. ``digest_of``:
    ``table_digest`` with the same links and colours, kept by a build."""
    if digest_of is None:
        digest_of = functools.partial(table_digest, link=link, fills=fills)
    written = [(sheet.name, sheet.part, digest_of(sheet.table)) for sheet in sheets]
    digest = hashlib.sha256(repr((written, title, when)).encode("utf-8"))
    digest.update(_writer_code())
    return digest.hexdigest()


def table_digest(table: Table, link: Linker | None = None, fills: dict[str, str] | None = None) -> str:
    """A hash of everything a table's sheet and CSV file are made from: its cells as
    written, the addresses their object IDs link to, the colours and the code. It names
    the table's sheet in the store of kept sheets (reports/kept_sheets.py)."""
    targets: dict[str, str | None] = {}
    if link is not None:
        for row in table.rows:
            for cell in row:
                for found in cell_links(cell):
                    if found.id not in targets:
                        targets[found.id] = link(found.id)
    digest = hashlib.sha256(repr((_table_as_written(table), sorted((fills or {}).items()), sorted(targets.items())))
                            .encode("utf-8"))
    digest.update(_writer_code())
    return digest.hexdigest()


def _table_as_written(table: Table) -> tuple:
    """What a CSV file and a sheet take from ``table``: not what only its page shows (a
    link's title, a heat cell's score and risks, the rows' classes, the text for no
    rows). An edited title changes the page of every report that names the object, but
    not their files: kept out of the digest, it leaves their files as they are."""
    return (table.key, table.caption, table.header, table.row_headers,
            [[cell if cell.__class__ in _AS_IS else _cell_as_written(cell) for cell in row] for row in table.rows])


#: Cells written as they are: their repr tells all a file takes from them.
_AS_IS = frozenset({str, int, float, bool, type(None)})


def _cell_as_written(cell: object) -> object:
    """A cell as the files take it (``plain``, ``typed``, ``prepare_table``): a link by
    its ID alone, a heat cell by its count, a styled value with its classes; anything
    else whole (its repr: a masked count's holds the count, shown or not)."""
    if isinstance(cell, Styled):
        return ("styled", _cell_as_written(cell.value), cell.classes)
    if isinstance(cell, Link):
        return ("link", cell.id)
    if isinstance(cell, list):
        return ("links", [_cell_as_written(link) for link in cell])
    if isinstance(cell, HeatCell):
        return ("heat", cell.count)
    return cell


@functools.cache
def _writer_code() -> bytes:
    """Read once a process: the code a process writes with is the code it imported."""
    return writer_code(Path(__file__).parent,
                       ("render.py", "workbook.py", "worksheets.py", "tables.py", "kept_sheets.py"), "xlsxwriter")


def family_digest(digests: list[str], title: str) -> str:
    """The digest of a family workbook (``family_xlsx``) from its reports' digests, in
    order: each holds all that report's sheets are made from, the same links, date and
    colours as the family's (one folder), and the code that writes them."""
    return hashlib.sha256(repr((title, digests)).encode("utf-8")).hexdigest()


def write_exports(report: Report, folder: Path, when: dt.date, link: Linker | None = None,
                  fills: dict[str, str] | None = None, prepared: PreparedTables | None = None) -> list[Path]:
    """The report's tables as CSV files and one Excel workbook (a CSV file whose text
    is the same is left as it is). A build calls it only when the report's
    ``export_digest`` changed: a workbook is the slowest thing to write."""
    if not report.tables():
        return []  # nothing to export (the page says why)
    folder.mkdir(parents=True, exist_ok=True)
    csvs = {folder / f"{report.slug}-{table.key}.csv": table_csv(table) for table in report.tables()}
    for path, text in csvs.items():
        if not _holds(path, text):
            path.write_text(text, encoding="utf-8", newline="")
    xlsx = folder / f"{report.slug}.xlsx"
    xlsx.write_bytes(report_xlsx(report, when, link, fills, prepared))
    return [*csvs, xlsx]


def _holds(path: Path, text: str) -> bool:
    try:
        with path.open(encoding="utf-8", newline="") as file:
            return file.read() == text
    except (OSError, UnicodeDecodeError):
        return False
