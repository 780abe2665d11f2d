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

from lotsen.reports.stable_zip import stable_zip
from lotsen.reports.tables import Cell, HeatCell, Link, Masked, Styled, Table, plain

#: Resolves an object ID to the address of its page, as the workbook opens it.
Linker = Callable[[str], str | None]

#: The site's cell colours (site/static/lotsen-rapport.css), by CSS class.
STATE_FILLS = {"lotsen-missing": "#fde2e1", "lotsen-soon": "#fff2b3", "lotsen-ok": "#e3f4de"}

MAX_SHEET_NAME = 31
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
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    if text[limit - 1] != " " and " " in head:
        head = head.rsplit(" ", 1)[0]  # cut at the end of a word
    return head.rstrip(" ,–-") + "…"


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


def _style(cell, styles: dict[tuple, object], number_format: str | None, font: object, fill: object,
           key: tuple) -> None:
    """Give ``cell`` its number format, font and fill. openpyxl looks each one up in the
    workbook's lists on every assignment (most of a large workbook's time): a
    combination already given to a cell is copied from it. The workbook's lists fill in
    the same order either way, so the bytes are the same."""
    if key in styles:
        cell._style = copy(styles[key])
        return
    if number_format:
        cell.number_format = number_format
    if font is not None:
        cell.font = font
    if fill is not None:
        cell.fill = fill
    styles[key] = copy(cell._style)


def workbook_xlsx(tables: list[Sheet], when: dt.date, title: str = "",
                  link: Linker | None = None, fills: dict[str, str] | None = None) -> bytes:
    """The workbook of ``tables``. ``link`` gives the address of
    an object's page (none: IDs stay text); ``fills``: CSS class -> colour, for the
    risk levels (STATE_FILLS are always used)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.hyperlink import Hyperlink

    colours = {**STATE_FILLS, **(fills or {})}
    patterns = {name: PatternFill("solid", fgColor=colour.lstrip("#").upper()) for name, colour in colours.items()}
    bold, link_font = Font(bold=True), Font(color="1D4F91", underline="single")
    book = Workbook()
    contents = book.active
    contents.title = "Innehåll"
    stamp = dt.datetime(when.year, when.month, when.day)
    book.properties.created = book.properties.modified = stamp
    book.properties.creator = book.properties.lastModifiedBy = "Lotsen"
    book.properties.title = title or None
    parts = any(entry.part for entry in tables)
    contents.append(["Blad", *(["Del"] if parts else []), "Tabell", "Rader"])
    for cell in contents[1]:
        cell.font = bold
    names = sheet_names(entry.name for entry in tables)
    styles: dict[tuple, object] = {}
    for name, (_, table, part) in zip(names, tables):
        sheet = book.create_sheet(name)
        contents.append([name, *([part] if parts else []), table.caption, len(table.rows)])
        entry = contents.cell(row=contents.max_row, column=1)
        entry.hyperlink = Hyperlink(ref=entry.coordinate, location=f"{quote_sheetname(name)}!A1")
        entry.font = link_font
        sheet.append(table.header)
        for cell in sheet[1]:
            cell.font = bold
        widths = [len(str(h)) for h in table.header]
        for number, row in enumerate(table.rows, start=2):
            for column, source in enumerate(row, start=1):
                value, number_format = typed(source)
                target = sheet.cell(row=number, column=column, value=value)
                links = cell_links(source)
                address = link(links[0].id) if link and len(links) == 1 else None
                if address:
                    target.hyperlink = address
                font = link_font if address else bold if column == 1 and table.row_headers else None
                fill = next((c for c in getattr(source, "classes", ()) if c in patterns), None)
                _style(target, styles, number_format, font, patterns[fill] if fill else None,
                       (number_format, id(font), fill))
                if column <= len(widths):
                    shown = value.isoformat() if isinstance(value, dt.date) else str(value)
                    widths[column - 1] = max(widths[column - 1], len(shown))
        sheet.freeze_panes = "A2"
        last = get_column_letter(max(1, len(table.header)))
        sheet.auto_filter.ref = f"A1:{last}{max(1, len(table.rows) + 1)}"
        for column, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = min(60, width + 3)
    for column, width in zip("ABCD", (34, 30, 60, 8) if parts else (34, 60, 8)):
        contents.column_dimensions[column].width = width
    contents.freeze_panes = "A2"
    raw = io.BytesIO()
    book.save(raw)
    return stable_zip(raw.getvalue())
