"""Reading a register as municipalities keep it: an Excel workbook (.xlsx) or a CSV
file (read as source/tabular.py reads the tables Lotsen checks), with a header row that
may have a title or blank rows above it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lotsen.errors import UsageError
from lotsen.source.sheet_values import shown_value
from lotsen.source.tabular import (
    HEADER_SEARCH_ROWS,
    NOT_READ,
    TEXT_SUFFIXES,
    WORKBOOK_SUFFIXES,
    csv_rows,
    decode_table,
    delimiter_of,
    not_a_table,
    visible_sheets,
)


@dataclass
class Column:
    index: int
    letter: str
    header: str


@dataclass
class Row:
    number: int  # as the spreadsheet numbers it, from 1
    cells: dict[int, Any] = field(default_factory=dict)

    def is_empty(self) -> bool:
        return all(_blank(v) for v in self.cells.values())


@dataclass
class Sheet:
    file: str
    name: str
    columns: list[Column]
    rows: list[Row]
    #: the CSV file's encoding and delimiter, for the user's information
    read_as: str = ""

    def where(self, row: int | None = None, column: Column | None = None) -> str:
        parts = [self.file if self.name == self.file else f"{self.file}, blad {self.name}"]
        if row is not None:
            parts.append(f"rad {row}")
        if column is not None:
            parts.append(f"kolumn {column.letter} ({column.header})")
        return ", ".join(parts)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _sheet(file: str, name: str, raw: list[tuple[int, list[Any]]]) -> Sheet:
    header_at = next((i for i, (_, cells) in enumerate(raw[:HEADER_SEARCH_ROWS])
                      if sum(not _blank(c) for c in cells) >= 2), None)
    if header_at is None:
        raise UsageError(f"{file}: Lotsen hittar ingen rubrikrad (en rad med minst två ifyllda celler) bland de "
                         f"första {HEADER_SEARCH_ROWS} raderna i bladet {name}.")
    _, header_cells = raw[header_at]
    columns = [Column(i, column_letter(i), " ".join(str(c).split())) for i, c in enumerate(header_cells)
               if not _blank(c)]
    rows = []
    for number, cells in raw[header_at + 1:]:
        row = Row(number, {c.index: cells[c.index] if c.index < len(cells) else None for c in columns})
        if not row.is_empty():
            rows.append(row)
    return Sheet(file, name, columns, rows)


def _read_xlsx(path: Path, wanted: str | None) -> Sheet:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken or foreign file
        with path.open("rb") as head:
            reason = not_a_table(head.read(1 << 20), path.suffix.casefold())
        raise UsageError(f"{path.name} går inte att läsa: {reason}." if reason else
                         f"{path.name} går inte att läsa som en Excel-fil (.xlsx). "
                         f"Spara den som .xlsx eller .csv och försök igen.") from None
    try:
        names = [sheet.title for sheet in book.worksheets]
        if wanted is not None and wanted not in names:
            folded = {n.casefold(): n for n in names}
            if wanted.casefold() not in folded:
                raise UsageError(f"{path.name} har inget blad som heter '{wanted}'. Bladen är: {', '.join(names)}.")
            wanted = folded[wanted.casefold()]
        visible = [sheet.title for sheet in visible_sheets(book)]
        if wanted is None and not visible:
            raise UsageError(f"{path.name} har inget blad som syns. Visa bladet med tabellen, eller ange det med "
                             "--blad.")
        name = wanted or visible[0]  # a hidden sheet is read only when asked for by name
        raw = [(i, [shown_value(c.value, getattr(c, "number_format", None)) for c in cells])
               for i, cells in enumerate(book[name].iter_rows(), 1)]
    finally:
        book.close()
    return _sheet(path.name, name, raw)


def _read_csv(path: Path) -> Sheet:
    try:
        text, encoding = decode_table(path.read_bytes(), path.suffix.casefold())
        delimiter = delimiter_of(text)
        rows = csv_rows(text, delimiter)
    except ValueError as reason:
        raise UsageError(f"{path.name} går inte att läsa: {reason}. Spara kalkylbladet som .xlsx eller som CSV "
                         "(UTF-8) och försök igen.") from None
    sheet = _sheet(path.name, path.name, list(enumerate(rows, 1)))
    sheet.read_as = f"{encoding}, {'semikolon' if delimiter == ';' else 'tab' if delimiter == chr(9) else 'komma'}"
    return sheet


def read_sheet(path: Path, sheet: str | None = None) -> Sheet:
    if not path.is_file():
        raise UsageError(f"Filen {path} finns inte.")
    suffix = path.suffix.casefold()
    if suffix in WORKBOOK_SUFFIXES:
        return _read_xlsx(path, sheet)
    if suffix in TEXT_SUFFIXES:
        return _read_csv(path)
    what = f"är sparad som {NOT_READ[suffix]}, som Lotsen inte läser" if suffix in NOT_READ else \
        "är ingen fil som Lotsen läser"
    raise UsageError(f"{path.name} {what}. Lotsen läser .xlsx och .csv. Spara kalkylbladet i ett av de formaten "
                     f"(i Excel: Arkiv > Spara som).")
