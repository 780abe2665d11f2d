"""Tables people export from other systems (CSV or Excel): finding them, reading their
rows as text (a CSV file in UTF-8, UTF-16 or Windows-1252, with semicolons, tabs or
commas, and any line ends), and the checks every such table gets before its own values
are read: the file can be read and is not empty, the first row names the model's
columns (in any case and spacing), and no cell
holds personal data or free text in a column the table does not have. Each problem is a
finding with the file, row and column; a cell that could hold personal data is named,
never echoed."""

from __future__ import annotations

import csv
import datetime as dt
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


#: How a file that is no text table begins: a zip package (an .xlsx workbook) and an
#: older Office file (.xls), each with what it is.
_NOT_TEXT = ((b"PK\x03\x04", "filen är en Excel-fil (.xlsx) eller ett annat paket, fast namnet slutar på .csv"),
             (b"\xd0\xcf\x11\xe0", "filen är en äldre Excel-fil (.xls), fast namnet slutar på .csv"))


def decode_table(data: bytes) -> tuple[str, str]:
    """A CSV file's text, and the encoding it was read as, for people: UTF-8 (with or
    without a byte order mark), UTF-16 with one (Excel's "Unicode text"), else
    Windows-1252 (older case systems) or Latin-1. Raises ValueError with a Swedish
    reason for a file that holds no text: a workbook under a CSV name, or binary data."""
    for start, reason in _NOT_TEXT:
        if data.startswith(start):
            raise ValueError(reason)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text, shown = data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise ValueError("filen går inte att läsa som text (UTF-16)") from None
    else:
        text, shown = next(_decodings(data))  # Latin-1 reads any bytes
    if "\x00" in text:
        raise ValueError("filen innehåller tecken som inte är text, så den är troligen ingen CSV-fil")
    return text, shown


def _decodings(data: bytes) -> Iterator[tuple[str, str]]:
    for encoding, shown in (("utf-8-sig", "UTF-8"), ("cp1252", "Windows-1252"), ("latin-1", "Latin-1")):
        try:
            yield data.decode(encoding), shown
        except UnicodeDecodeError:
            continue


def delimiter_of(text: str) -> str:
    """The delimiter of a CSV text, from its first line that is not blank: a semicolon
    (Swedish exports), a tab where tabs are the most, else a comma."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    if "\t" in first and first.count("\t") > max(first.count(";"), first.count(",")):
        return "\t"
    return ";" if ";" in first and first.count(";") >= first.count(",") else ","


def csv_rows(text: str, delimiter: str) -> list[list[str]]:
    """The rows of a CSV text, with any line ends (CR LF, LF or CR alone). Raises
    ValueError with a Swedish reason for a row the csv format cannot hold."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    starts = 1  # the line the next row starts on
    try:
        for row in reader:
            rows.append(list(row))
            starts = reader.line_num + 1
    except csv.Error:
        raise ValueError(f"raden som börjar på rad {starts} tar aldrig slut, oftast för att ett citattecken (\") "
                         "där inte stängs") from None
    return rows


def sheet_cell(value: object) -> str:
    """A spreadsheet cell as the text a CSV export would hold: a whole number without
    decimals, a decimal comma, TRUE and FALSE as Swedish Excel shows them, and a date as
    its month (what a spreadsheet makes of '2026-03' typed into a cell; the import of
    statistics reads a date cell the same way)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "SANT" if value else "FALSKT"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value).replace(".", ",")
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{value.year:04d}-{value.month:02d}"
    return str(value)


def read_rows(path: Path) -> list[list[str]]:
    """The file's rows as text cells. Raises ValueError with a Swedish reason."""
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        try:
            book = load_workbook(path, read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a broken file
            raise ValueError("filen går inte att öppna som en Excel-fil") from None
        try:
            return [[sheet_cell(v) for v in row] for row in book.worksheets[0].iter_rows(values_only=True)]
        except Exception:  # a sheet broken inside a workbook that opens
            raise ValueError("ett blad i Excel-filen går inte att läsa") from None
        finally:
            book.close()
    text, _ = decode_table(path.read_bytes())
    return csv_rows(text, delimiter_of(text))


def checked_rows(model: Model, path: Path, columns: dict[str, str], kind: TableKind,
                 add: Add) -> Iterator[tuple[int, dict[str, Cell]]]:
    """(row number, the row's cells by column key) for each row whose own columns are
    all present and free of personal data; every problem found on the way is added."""
    try:
        rows = read_rows(path)
    except ValueError as reason:  # a Swedish reason (read_rows)
        add(1, kind.file_code, f"{kind.noun} går inte att läsa: {reason}.", kind.unreadable_hint)
        return
    except OSError:
        add(1, kind.file_code, f"{kind.noun} går inte att öppna.", kind.unreadable_hint)
        return
    if not any(c.strip() for r in rows for c in r):
        add(1, kind.file_code, f"{kind.noun} är tom.", kind.empty_hint)
        return
    header = [h.strip() for h in rows[0]]
    folded = [" ".join(h.casefold().split()) for h in header]
    where: dict[str, int] = {}
    for key, heading in columns.items():
        wanted = " ".join(heading.casefold().split())
        if wanted in folded:
            where[key] = folded.index(wanted)
        else:
            add(1, kind.file_code, f"{kind.noun} saknar kolumnen '{heading}' på första raden.",
                f"Första raden ska ha rubrikerna {', '.join(columns.values())} (se '{kind.columns_setting}' i "
                "modellen).")
    own = set(where.values())
    # with a heading missing, the other columns may well be the table's own under
    # another name: the missing heading is the finding, not the text under each
    extra = [i for i in range(len(header)) if i not in own] if len(where) == len(columns) else []
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
