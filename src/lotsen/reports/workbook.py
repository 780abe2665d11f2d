"""Excel workbooks made for a quality lead: a sheet per table, with a first sheet that
lists them. Cells are typed (a date is a date, a number a number, a share a
percentage), the header row is frozen and filtered, an object's ID links to its page
on the site, and cells keep the site's colours (the risk levels, late and done).

The same tables give the same bytes: fixed workbook properties and zip entry times."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from collections.abc import Callable, Iterable
from typing import NamedTuple

from lotsen.reports import worksheets
from lotsen.reports.kept_sheets import KeptSheets, StyleKey
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
    if not text[:1].isdecimal() and text[:1] != "-":
        return str(cell), None  # no date, number or share begins otherwise (``\d`` is a decimal)
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
    url = type(web).__new__(type(web))  # a shallow copy, as copy.copy makes it but cheaper
    url.__dict__.update(web.__dict__)
    url._link = url._relationship_link = address  # noqa: SLF001 - see above
    url.text = text
    return url


def workbook_xlsx(tables: list[Sheet], when: dt.date, title: str = "",
                  link: Linker | None = None, fills: dict[str, str] | None = None,
                  prepared: PreparedTables | None = None) -> bytes:
    """The workbook of ``tables``. ``link`` gives the address of
    an object's page (none: IDs stay text); ``fills``: CSS class -> colour, for the
    risk levels (STATE_FILLS are always used). ``prepared``: the tables' cells kept by
    a build (``PreparedTables``, made with the same ``link`` and ``fills``), so that a
    table written into two workbooks is prepared once; with a store of kept sheets
    (reports/kept_sheets.py), a sheet written by an earlier build for the same table
    and styles is taken as it was, and each sheet written now is kept.

    Written with XlsxWriter, each cell by its type (a text is never read as a formula
    or a link), in memory; XlsxWriter gives every zip entry a fixed time, and the core
    properties' times are the date ``when``. The styles are numbered in one order
    from the set the workbook's cells use, so that a sheet's XML depends on its table
    and that set alone."""
    import xlsxwriter

    if prepared is None:
        prepared = PreparedTables(link, fills)
    assert prepared.link is link, "tables prepared with another linker"
    colours = prepared.colours
    table_sheet = worksheets.table_sheet_class()
    kept = prepared.kept if table_sheet is not None else None
    digests = [prepared.digest(entry.table) if kept is not None else "" for entry in tables]
    used: list[tuple[StyleKey, ...]] = []
    for entry, digest in zip(tables, digests):
        known = kept.styles(digest) if kept is not None else None
        used.append(known if known is not None else used_styles(prepared(entry.table)))
    keys = sorted({_BOLD, _LINK}.union(*used), key=_style_order)
    styles_digest = hashlib.sha256(repr((keys, sorted(colours.items()))).encode("utf-8")).hexdigest()

    raw = io.BytesIO()
    book = xlsxwriter.Workbook(raw, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                     "strings_to_numbers": False, "nan_inf_to_errors": True})
    stamp = dt.datetime(when.year, when.month, when.day)
    book.set_properties({"author": "Lotsen", "created": stamp, **({"title": title} if title else {})})
    formats = {key: _format(book, key, colours) for key in keys}
    for key in keys:
        if formats[key] is not None:
            formats[key]._get_xf_index()  # noqa: SLF001 - numbered in this order, not as first written
    style = formats.__getitem__

    contents = book.add_worksheet("Innehåll", table_sheet)  # its texts in their cells too
    parts = any(entry.part for entry in tables)
    for column, text in enumerate(["Blad", *(["Del"] if parts else []), "Tabell", "Rader"]):
        contents.write_string(0, column, text, style(_BOLD))
    names = sheet_names(entry.name for entry in tables)
    written = []
    for number, (name, (_, table, part), digest, table_keys) in enumerate(zip(names, tables, digests, used), start=1):
        found = kept.sheet(digest, styles_digest) if kept is not None else None
        if found is not None:
            sheet = book.add_worksheet(name, worksheets.kept_sheet_class())
            sheet.kept_xml, sheet.kept_links = found
            _filter(sheet, len(table.rows), len(table.header))
        else:
            sheet = book.add_worksheet(name, table_sheet)
            if kept is not None:
                sheet.keeping = True
                written.append((sheet, digest, table_keys))
            _write_table(sheet, prepared(table), style)
        contents.write_url(number, 0, f"internal:{quote_sheetname(name)}!A1", style(_LINK), name)
        for column, text in enumerate([*([part] if parts else []), table.caption], start=1):
            contents.write_string(number, column, text)
        contents.write_number(number, 2 + parts, len(table.rows))
    for column, width in enumerate((34, 30, 60, 8) if parts else (34, 60, 8)):
        contents.set_column(column, column, width)
    contents.freeze_panes(1, 0)
    book.close()
    for sheet, digest, table_keys in written:
        kept.keep(digest, table_keys, styles_digest, sheet.written, sheet.external_hyper_links)
    return raw.getvalue()


_BOLD: StyleKey = (None, "bold", None)
_LINK: StyleKey = (None, "link", None)


def _style_order(key: StyleKey) -> tuple:
    return tuple((part is not None, part or "") for part in key)


def _format(book, key: StyleKey, colours: dict[str, str]) -> object:
    """The format of (number format, font, fill); None: the default."""
    number_format, font, fill = key
    wanted: dict[str, object] = {}
    if number_format:
        wanted["num_format"] = number_format
    if font == "bold":
        wanted["bold"] = True
    elif font == "link":
        wanted.update(font_color="#1D4F91", underline=1)
    if fill:
        wanted.update(pattern=1, bg_color=colours[fill].upper())
    return book.add_format(wanted) if wanted else None


def used_styles(cells: PreparedTable) -> tuple[StyleKey, ...]:
    """The styles a table's sheet uses: its header's and its cells'."""
    return tuple(sorted({_BOLD}.union(cell[2] for row in cells.rows for cell in row), key=_style_order))


def _write_table(sheet, cells: PreparedTable, style: Callable) -> None:
    from xlsxwriter.url import Url

    web = Url("https://lotsen.invalid/")  # an external web address without anchor: each address copies it
    urls: dict[tuple[str, str], object] = {}  # one per address and text: a cell only refers to it
    bold = style(_BOLD)
    for column, text in enumerate(cells.header):
        sheet.write_string(0, column, text, bold)
    # XlsxWriter's undecorated writers: its public ones only add reading "A1" notation
    writers = (sheet._write_string, sheet._write_number, sheet._write_datetime, sheet._write_blank)  # noqa: SLF001
    write_url = sheet._write_url  # noqa: SLF001
    for number, row in enumerate(cells.rows, start=1):
        for column, (kind, value, key, address) in enumerate(row):
            cell_format = style(key)
            if address is not None:
                url = urls.get((address, value))
                if url is None:
                    url = urls[address, value] = _address(web, address, str(value))
                # past Excel's 65,530 links in a sheet, the ID is written as text
                if not write_url(number, column, url, cell_format):
                    continue
            writers[kind](number, column, value, cell_format)
    _filter(sheet, len(cells.rows), len(cells.header))
    for column, width in enumerate(cells.widths):
        sheet.set_column(column, column, min(60, width + 3))


def _filter(sheet, rows: int, columns: int) -> None:
    """A table's header frozen and filtered (the filter is also named in the workbook,
    so a kept sheet is given it again)."""
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, rows, max(0, columns - 1))


#: How a prepared cell is written: its place in the writers of ``_write_table``.
_TEXT, _NUMBER, _DATETIME, _BLANK = range(4)


class PreparedTable(NamedTuple):
    """A table's cells as a workbook writes them, each typed, styled and linked:
    (writer, value, style key, address or None) per cell, and the columns' widths."""

    header: list[str]
    rows: list[list[tuple[int, object, tuple, str | None]]]
    widths: list[int]


def prepare_table(table: Table, link: Linker | None, colours: dict[str, str]) -> PreparedTable:
    """Each cell by its type (``typed``): a text is never read as a number, a formula or
    a link, a date before Excel's first is text, an empty text an empty cell (with its
    style). The widths are those of the values as shown, header included."""
    header = [str(text) for text in table.header]
    widths = [len(text) for text in header]
    shown = len(widths)
    first = "bold" if table.row_headers else None
    # a text that cannot be a date, number or share (most cells): what ``typed`` and
    # the code below make of it, without asking each type in turn (M: the family
    # workbook prepares some 25,000 cells after an edit)
    text_keys = ((None, first, None), (None, None, None))
    rows = []
    for row in table.rows:
        cells = []
        for column, source in enumerate(row):
            if source.__class__ is str:
                head = source.lstrip()[:1]
                if not head.isdecimal() and head != "-":
                    cells.append((_TEXT if source else _BLANK, source, text_keys[column > 0], None))
                    if column < shown and len(source) > widths[column]:
                        widths[column] = len(source)
                    continue
            value, number_format = typed(source)
            inner, fill = source, None
            if isinstance(source, Styled):
                inner = source.value
                fill = next((c for c in source.classes if c in colours), None)
            address = None
            if link is not None:
                if isinstance(inner, Link):
                    address = link(inner.id)
                elif isinstance(inner, list) and len(inner) == 1:
                    address = link(inner[0].id)
            if isinstance(value, dt.date):
                text = value.isoformat()
                kind = _DATETIME if value >= _FIRST_DATE else _TEXT  # Excel has no date before 1900
                if kind == _TEXT:
                    value = text
            elif isinstance(value, (int, float)):
                kind, text = _NUMBER, str(value)
            else:
                text = value = str(value)
                kind = _BLANK if value == "" else _TEXT
            cells.append((kind, value, (number_format, "link" if address else first if column == 0 else None, fill),
                          address or None))
            if column < shown and len(text) > widths[column]:
                widths[column] = len(text)
        rows.append(cells)
    return PreparedTable(header, rows, widths)


class PreparedTables:
    """Tables prepared for workbooks (``prepare_table``) with one linker and one set of
    colours, each table once: a build writes a report's tables into the report's
    workbook and again into its folder's family workbook. A table must not change
    while it is kept."""

    def __init__(self, link: Linker | None = None, fills: dict[str, str] | None = None,
                 digest: Callable[[Table], str] | None = None, kept: KeptSheets | None = None) -> None:
        self.link = link
        self.colours = {**STATE_FILLS, **(fills or {})}
        self._kept: dict[int, tuple[Table, PreparedTable]] = {}
        self._digest = digest
        self._digests: dict[int, tuple[Table, str]] = {}
        #: sheets kept between builds, by ``digest``'s digest of their tables
        self.kept = kept if digest is not None else None

    def __call__(self, table: Table) -> PreparedTable:
        kept = self._kept.get(id(table))
        if kept is None or kept[0] is not table:
            kept = self._kept[id(table)] = (table, prepare_table(table, self.link, self.colours))
        return kept[1]

    def digest(self, table: Table) -> str:
        """The table's digest (made once), by the function the tables were given."""
        assert self._digest is not None, "tables prepared without a digest"
        known = self._digests.get(id(table))
        if known is None or known[0] is not table:
            known = self._digests[id(table)] = (table, self._digest(table))
        return known[1]

    def digests(self) -> set[str]:
        """The digests made so far."""
        return {digest for _, digest in self._digests.values()}
