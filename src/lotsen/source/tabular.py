"""Tables people export from other systems (CSV or Excel): finding them, reading their
rows as text, and the checks every such table gets before its own values are read: the
file can be read and is not empty, the first row names the model's columns, and no cell
holds personal data or free text in a column the table does not have. Each problem is a
finding with the file, row and column; a cell that could hold personal data is named,
never echoed."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from lotsen.checks.personal_data import find_emails, find_personal_numbers
from lotsen.model import Model

SUFFIXES = (".csv", ".xlsx")

#: add(row, code, message, hint): how a reader records a finding.
Add = Callable[[int, str, str, str], None]


@dataclass(frozen=True)
class TableKind:
    """How findings speak of one kind of table."""

    #: The file as a sentence starts with it: "Statistikfilen", "Filen med utfall".
    noun: str
    #: Finding codes: for the file as a whole, and for a cell with personal data.
    file_code: str
    personal_code: str
    #: The model's section that names the columns, for the hint: "statistics.columns".
    columns_setting: str
    unreadable_hint: str
    empty_hint: str
    personal_hint: str
    #: Whose columns a column the table does not have is not one of: "statistikens".
    owner: str
    #: The hint for free text in such a column, before the list of the columns.
    extra_hint: str
    #: A cell longer than this is free text, not a code, a period or a number: not echoed.
    longest_cell: int


@dataclass(frozen=True)
class Cell:
    """A cell of a row's own columns: its text, where it is ("kolumn C (Period)") and
    whether the text is short enough to echo."""

    text: str
    where: str
    shown: bool

    @property
    def quoted(self) -> str:
        return f"'{self.text}'" if self.shown else "värdet"


def table_files(root: Path, folder: str) -> list[Path]:
    """The tables under ``root / folder``, in a stable order, office lock files left out."""
    if not folder or not (root / folder).is_dir():
        return []
    return sorted(p for p in (root / folder).rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()
                  and not p.name.startswith((".", "~$")))


def column_name(number: int) -> str:
    name = ""
    while number >= 0:
        name = chr(ord("A") + number % 26) + name
        number = number // 26 - 1
    return name


def read_rows(path: Path) -> list[list[str]]:
    """The file's rows as text cells. Raises ValueError with a Swedish reason."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise ValueError("filen går inte att öppna som en Excel-fil") from exc
        sheet = book.worksheets[0]
        rows = [["" if v is None else (str(int(v)) if isinstance(v, float) and v.is_integer() else str(v))
                 for v in row] for row in sheet.iter_rows(values_only=True)]
        book.close()
        return rows
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # exports from older case systems
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") and ";" in first else ("\t" if "\t" in first else ",")
    return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def checked_rows(model: Model, path: Path, columns: dict[str, str], kind: TableKind,
                 add: Add) -> Iterator[tuple[int, dict[str, Cell]]]:
    """(row number, the row's cells by column key) for each row whose own columns are
    all present and free of personal data; every problem found on the way is added."""
    try:
        rows = read_rows(path)
    except (ValueError, OSError) as exc:
        add(1, kind.file_code, f"{kind.noun} går inte att läsa: {exc}.", kind.unreadable_hint)
        return
    if not any(c.strip() for r in rows for c in r):
        add(1, kind.file_code, f"{kind.noun} är tom.", kind.empty_hint)
        return
    header = [h.strip() for h in rows[0]]
    where: dict[str, int] = {}
    for key, heading in columns.items():
        if heading in header:
            where[key] = header.index(heading)
        else:
            add(1, kind.file_code, f"{kind.noun} saknar kolumnen '{heading}' på första raden.",
                f"Första raden ska ha rubrikerna {', '.join(columns.values())} (se '{kind.columns_setting}' i "
                "modellen).")
    own = set(where.values())
    extra = [i for i in range(len(header)) if i not in own]
    for number, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        cells = [c.strip() for c in row] + [""] * (len(header) - len(row))
        personal = set()
        for i, cell in enumerate(cells):
            if find_personal_numbers(cell) or find_emails(cell, model.content_checks.allowed_emails):
                personal.add(i)
                add(number, kind.personal_code,
                    f"Kolumn {column_name(i)} på rad {number} innehåller något som kan vara en personuppgift "
                    "(ett personnummer, samordningsnummer eller en e-postadress). Värdet visas inte här.",
                    kind.personal_hint)
        for i in extra:
            if cells[i] and i not in personal:
                name = header[i] if i < len(header) and header[i] else column_name(i)
                add(number, kind.personal_code,
                    f"Kolumn {column_name(i)} ('{name[:kind.longest_cell]}') på rad {number} har text, men den "
                    f"kolumnen är inte en av {kind.owner}. Fritext kan innehålla personuppgifter.",
                    f"{kind.extra_hint} {', '.join(columns.values())}.")
        # a row with a missing column, or personal data in its own columns (named above),
        # is read no further: what else is wrong with it waits until that is mended
        if len(where) < len(columns) or personal & own:
            continue
        yield number, {key: Cell(cells[i], f"kolumn {column_name(i)} ({header[i]})",
                                 len(cells[i]) <= kind.longest_cell) for key, i in where.items()}
