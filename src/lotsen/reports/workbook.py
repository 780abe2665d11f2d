"""Excel workbooks made for a quality lead: a sheet per table, with a first sheet that
lists them. Cells are typed (a date is a date, a number a number, a share a
percentage), the header row is frozen and filtered, an object's ID links to its page
on the site, and cells keep the site's colours (the risk levels, late and done).

The same tables give the same bytes: fixed workbook properties and zip entry times."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterable
from copy import copy
from typing import NamedTuple

from lotsen.reports.tables import Cell, HeatCell, Link, Masked, Styled, Table, plain

#: Resolves an object ID to the address of its page, as the workbook opens it.
Linker = Callable[[str], str | None]

#: The site's cell colours (site/static/lotsen-rapport.css), by CSS class.
STATE_FILLS = {"lotsen-missing": "#fde2e1", "lotsen-soon": "#fff2b3", "lotsen-ok": "#e3f4de"}

MAX_SHEET_NAME = 31
#: Excel's first date.
_FIRST_DATE = dt.date(1900, 1, 1)
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INTEGER = re.compile(r"^-?(0|[1-9]\d{0,14})$")
_DECIMAL = re.compile(r"^-?(0|[1-9]\d{0,14})[,.](\d{1,6})$")
_PERCENT = re.compile(r"^(-?(?:0|[1-9]\d{0,5})(?:[,.](\d{1,4}))?)\s?%$")


def sheet_names(wanted: Iterable[str]) -> list[str]:
    """Readable, unique sheet names within Excel's limit of 31 characters and without
    the characters Excel refuses: a long name is cut at a word, a repeated one numbered."""
    names: list[str] = []
    taken: set[str] = {"innehåll"}
    for text in wanted:
        base = " ".join(_FORBIDDEN.sub("-", text).split()).strip("'") or "Tabell"
        name = _cut(base, MAX_SHEET_NAME)
        number = 2
        while name.lower() in taken:
            suffix = f" ({number})"
            name = _cut(base, MAX_SHEET_NAME - len(suffix)) + suffix
            number += 1
        taken.add(name.lower())
        names.append(name)
    return names


def _cut(text: str, limit: int) -> str:
    """``text`` within ``limit`` as Excel counts (UTF-16 units: an emoji is two)."""
    if _units(text) <= limit:
        return text
    head = text[: limit - 1]
    while _units(head) > limit - 1:
        head = head[:-1]
    if text[len(head)] != " " and " " in head:
        head = head.rsplit(" ", 1)[0]  # cut at the end of a word
    return head.rstrip(" ,–-") + "…"


def _units(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def typed(cell: Cell) -> tuple[object, str | None]:
    """(value, number format) as the cell goes into Excel."""
    if isinstance(cell, Styled):
        return typed(cell.value)
    if isinstance(cell, Masked):
        value = plain(cell)
        return (value, None) if isinstance(value, str) else (value, "0")
    if isinstance(cell, HeatCell):
        return cell.count, "0"
    if isinstance(cell, bool):
        return ("Ja" if cell else "Nej"), None
    if isinstance(cell, int):
        return cell, "0"
    if isinstance(cell, float):
        return cell, "0.0##"
    if isinstance(cell, (Link, list)) or cell is None:
        return plain(cell), None
    text = str(cell).strip()
    if _DATE.match(text):
        try:
            return dt.date.fromisoformat(text), "yyyy-mm-dd"
        except ValueError:
            return text, None
    if _INTEGER.match(text):
        return int(text), "0"
    if match := _DECIMAL.match(text):
        return float(text.replace(",", ".")), "0." + "0" * len(match[2])
    if match := _PERCENT.match(text):
        decimals = len(match[2] or "")
        return float(match[1].replace(",", ".")) / 100, ("0." + "0" * decimals if decimals else "0") + "%"
    return str(cell), None


def cell_links(cell: Cell) -> list[Link]:
    value = cell.value if isinstance(cell, Styled) else cell
    if isinstance(value, Link):
        return [value]
    if isinstance(value, list):
        return value
    return []


class Sheet(NamedTuple):
    """A table for a workbook: the sheet's wanted name, and the report or chapter it
    belongs to (shown on the first sheet)."""

    name: str
    table: Table
    part: str = ""


def quote_sheetname(name: str) -> str:
    """A sheet's name as a link to it writes it: always quoted, a quote doubled."""
    return "'" + name.replace("'", "''") + "'"


def _address(web: object, address: str, text: str) -> object:
    """A hyperlink to ``address`` exactly as given (relative to the workbook, or
    absolute), anchor included: a copy of ``web``, XlsxWriter's parsed web address.
    XlsxWriter splits an anchor off into the link's location and writes a relative
    address as a Windows file path; a cell of ours links to a page of the site, as the
    CSV and the site do, so the address is kept whole."""
    url = copy(web)
    url._link = url._relationship_link = address  # noqa: SLF001 - see above
    url.text = text
    return url


def workbook_xlsx(tables: list[Sheet], when: dt.date, title: str = "",
                  link: Linker | None = None, fills: dict[str, str] | None = None) -> bytes:
    """The workbook of ``tables``. ``link`` gives the address of
    an object's page (none: IDs stay text); ``fills``: CSS class -> colour, for the
    risk levels (STATE_FILLS are always used).

    Written with XlsxWriter, each cell by its type (a text is never read as a formula
    or a link), in memory; XlsxWriter gives every zip entry a fixed time, and the core
    properties' times are the date ``when``."""
    import xlsxwriter

    colours = {**STATE_FILLS, **(fills or {})}
    raw = io.BytesIO()
    book = xlsxwriter.Workbook(raw, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                     "strings_to_numbers": False, "nan_inf_to_errors": True})
    stamp = dt.datetime(when.year, when.month, when.day)
    book.set_properties({"author": "Lotsen", "created": stamp, **({"title": title} if title else {})})
    formats: dict[tuple, object] = {}

    def style(number_format: str | None, font: str | None, fill: str | None) -> object:
        key = (number_format, font, fill)
        if key not in formats:
            wanted: dict[str, object] = {}
            if number_format:
                wanted["num_format"] = number_format
            if font == "bold":
                wanted["bold"] = True
            elif font == "link":
                wanted.update(font_color="#1D4F91", underline=1)
            if fill:
                wanted.update(pattern=1, bg_color=colours[fill].upper())
            formats[key] = book.add_format(wanted) if wanted else None
        return formats[key]

    contents = book.add_worksheet("Innehåll")
    parts = any(entry.part for entry in tables)
    for column, text in enumerate(["Blad", *(["Del"] if parts else []), "Tabell", "Rader"]):
        contents.write_string(0, column, text, style(None, "bold", None))
    names = sheet_names(entry.name for entry in tables)
    for number, (name, (_, table, part)) in enumerate(zip(names, tables), start=1):
        sheet = book.add_worksheet(name)
        contents.write_url(number, 0, f"internal:{quote_sheetname(name)}!A1", style(None, "link", None), name)
        for column, text in enumerate([*([part] if parts else []), table.caption], start=1):
            contents.write_string(number, column, text)
        contents.write_number(number, 2 + parts, len(table.rows))
        _write_table(sheet, table, link, style, colours)
    for column, width in enumerate((34, 30, 60, 8) if parts else (34, 60, 8)):
        contents.set_column(column, column, width)
    contents.freeze_panes(1, 0)
    book.close()
    return raw.getvalue()


def _write_table(sheet, table: Table, link: Linker | None, style: Callable, colours: dict[str, str]) -> None:
    from xlsxwriter.url import Url

    web = Url("https://lotsen.invalid/")  # an external web address without anchor: each link copies it
    bold = style(None, "bold", None)
    for column, text in enumerate(table.header):
        sheet.write_string(0, column, str(text), bold)
    widths = [len(str(h)) for h in table.header]
    for number, row in enumerate(table.rows, start=1):
        for column, source in enumerate(row):
            value, number_format = typed(source)
            links = cell_links(source)
            address = link(links[0].id) if link and len(links) == 1 else None
            font = "link" if address else "bold" if column == 0 and table.row_headers else None
            fill = next((c for c in getattr(source, "classes", ()) if c in colours), None)
            cell_format = style(number_format, font, fill)
            # past Excel's 65,530 links in a sheet, the ID is written as text
            if not address or sheet.write_url(number, column, _address(web, address, str(value)), cell_format):
                _write_value(sheet, number, column, value, cell_format)
            if column < len(widths):
                shown = value.isoformat() if isinstance(value, dt.date) else str(value)
                widths[column] = max(widths[column], len(shown))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(table.rows), max(0, len(table.header) - 1))
    for column, width in enumerate(widths):
        sheet.set_column(column, column, min(60, width + 3))


def _write_value(sheet, row: int, column: int, value: object, cell_format: object) -> None:
    """A typed value (``typed``) by its type: a text is never read as a number, a
    formula or a link."""
    if isinstance(value, dt.date) and value >= _FIRST_DATE:
        sheet.write_datetime(row, column, value, cell_format)
    elif isinstance(value, dt.date):
        sheet.write_string(row, column, value.isoformat(), cell_format)  # Excel has no date before 1900
    elif isinstance(value, (int, float)):
        sheet.write_number(row, column, value, cell_format)
    elif value == "":
        sheet.write_blank(row, column, None, cell_format)  # an empty cell (with its style), not an empty text
    else:
        sheet.write_string(row, column, str(value), cell_format)
