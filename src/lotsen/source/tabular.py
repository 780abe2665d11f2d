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
import difflib
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lotsen.checks.personal_data import find_emails, find_personal_numbers
from lotsen.model import Model
from lotsen.source.sheet_values import sheet_cell, shown_value

#: Tables read as delimited text, and as Excel workbooks.
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
#: Spreadsheets Lotsen does not read: each is a finding, never passed over in silence.
NOT_READ = {".xls": "en äldre Excel-fil (.xls)", ".xlsb": "en binär Excel-fil (.xlsb)",
            ".xltx": "en Excel-mall (.xltx)", ".xltm": "en Excel-mall (.xltm)",
            ".ods": "ett OpenDocument-kalkylblad (.ods)", ".fods": "ett OpenDocument-kalkylblad (.fods)",
            ".numbers": "ett Numbers-kalkylblad (.numbers)", ".dif": "en DIF-fil (.dif)",
            ".slk": "en SYLK-fil (.slk)", ".prn": "en textfil med fasta kolumnbredder (.prn)"}
SUFFIXES = TEXT_SUFFIXES + WORKBOOK_SUFFIXES + tuple(NOT_READ)
#: How far down a table's heading row is looked for, below a title or blank rows.
HEADER_SEARCH_ROWS = 20
#: What a row of totals says in its first cell; the check adds up the rows itself.
TOTAL_WORDS = frozenset({"summa", "totalt", "total", "totalsumma", "summa totalt", "sum", "samtliga", "alla"})

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
    #: The finding code for a value of a row that cannot be used.
    value_code: str


@dataclass(frozen=True)
class Cell:
    """A cell of a row's own columns: its text, where it is ("kolumn C (Period)") and
    whether the text is safe to echo (safe_to_show)."""

    text: str
    where: str

    @property
    def shown(self) -> bool:
        return safe_to_show(self.text)

    @property
    def quoted(self) -> str:
        return f"'{self.text}'" if self.shown else "texten i cellen"


#: What may be echoed of a cell: a short number, date or period (digits, separators and
#: at most one letter that marks a period: K, H, Q or V), or a truth value as Excel shows
#: it. Anything else (a name, free text) is named by row and column only.
_SAFE = re.compile(r"[\d\s.,:/%+\-−]*[KHQV]?[\d\s.,:/%+\-−]*", re.IGNORECASE)


def safe_to_show(text: str) -> bool:
    """Whether a cell's text can be repeated in a message without any risk of repeating
    personal data: see _SAFE; at most 12 characters and 8 digits (no phone number), and
    never a personal number."""
    if text in ("SANT", "FALSKT"):
        return True
    return (len(text) <= 12 and sum(c.isdigit() for c in text) <= 8 and bool(_SAFE.fullmatch(text))
            and not find_personal_numbers(text))


def nearest(text: str, known: dict[str, str]) -> str:
    """' Menar du …?' with the closest known code (by code or name), or ''. Only the
    known code and its name are named, never the text looked for."""
    keys = {code.casefold(): code for code in known}
    keys.update({name.casefold(): code for code, name in known.items() if name})
    close = difflib.get_close_matches(text.casefold(), list(keys), n=1, cutoff=0.6)
    if not close:
        return ""
    code = keys[close[0]]
    name = known[code]
    return f" Menar du {code}" + (f" ({name})" if name and name != code else "") + "?"


def table_files(root: Path, folder: str) -> list[Path]:
    """The tables under ``root / folder``, in a stable order, office lock files left out:
    those read and those saved in a form Lotsen does not read (each a finding)."""
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


#: How an older Office file begins (an .xls workbook, or any workbook locked with a
#: password, which Office keeps in such a file as its stream EncryptedPackage).
_OLE = b"\xd0\xcf\x11\xe0"
_LOCKED = "EncryptedPackage".encode("utf-16-le")
LOCKED_REASON = ("filen är låst med ett lösenord. Ta bort lösenordet (i Excel: Arkiv > Info > Skydda arbetsbok > "
                 "Kryptera med lösenord) och spara filen igen")


def not_a_table(data: bytes, suffix: str) -> str:
    """Why a file whose bytes begin as ``data`` is no table of the kind its name says,
    or ''. Raised as a ValueError's reason by the readers."""
    if data.startswith(_OLE):
        return LOCKED_REASON if _LOCKED in data else f"filen är en äldre Excel-fil (.xls), fast namnet slutar på {suffix}"
    if data.startswith(b"PK\x03\x04") and suffix not in WORKBOOK_SUFFIXES:
        return f"filen är en Excel-fil (.xlsx) eller ett annat paket, fast namnet slutar på {suffix}"
    return ""


def decode_table(data: bytes, suffix: str = ".csv") -> tuple[str, str]:
    """A CSV file's text, and the encoding it was read as, for people: UTF-8 (with or
    without a byte order mark), UTF-16 with one (Excel's "Unicode text"), else
    Windows-1252 (older case systems) or Latin-1. Raises ValueError with a Swedish
    reason for a file that holds no text: a workbook under a text name, or binary data."""
    if reason := not_a_table(data, suffix):
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
    ValueError with a Swedish reason for a row the csv format cannot hold: a quotation
    mark that is never closed (read strictly, so that it does not swallow the rest of
    the line as one cell), or text after the quotation mark that closes a cell."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[str]] = []
    starts = 1  # the line the next row starts on
    try:
        for row in reader:
            rows.append(list(row))
            starts = reader.line_num + 1
    except csv.Error as error:
        if "expected after" in str(error):  # strict: "'"' expected after '"'"
            raise ValueError(f"på rad {reader.line_num} står ett citattecken (\") som stänger en cell, men cellen "
                             "fortsätter efter det. Ta bort citattecknet, eller skriv det dubbelt (\"\") om det ska "
                             "stå i cellen") from None
        raise ValueError(f"raden som börjar på rad {starts} tar aldrig slut, för att ett citattecken (\") där "
                         "aldrig stängs. Ta bort citattecknet, eller stäng det där cellen slutar") from None
    return rows


@dataclass
class Table:
    """A file's rows as text cells; for a workbook, the sheet they are from and whether
    the workbook has other sheets (then findings name the sheet)."""

    rows: list[list[str]]
    sheet: str = ""
    several: bool = False

    @property
    def on_sheet(self) -> str:
        """' på bladet Statistik' where the sheet needs naming, else ''."""
        return f" på bladet {self.sheet}" if self.several else ""


def visible_sheets(book: Any) -> list[Any]:
    """The worksheets of a workbook that are not hidden, in its order (charts left out)."""
    return [sheet for sheet in book.worksheets if getattr(sheet, "sheet_state", "visible") == "visible"]


def read_tables(path: Path) -> Iterator[Table]:
    """The file's tables: a text file's one, or each visible sheet of a workbook in
    order. Raises ValueError with a Swedish reason."""
    suffix = path.suffix.lower()
    if suffix in NOT_READ:
        raise ValueError(f"filen är sparad som {NOT_READ[suffix]}, som Lotsen inte läser. Spara den som Excel-"
                         "arbetsbok (.xlsx) eller CSV (UTF-8) i stället (i Excel: Arkiv > Spara som), och ta bort "
                         "den här filen")
    if suffix not in WORKBOOK_SUFFIXES:
        text, _ = decode_table(path.read_bytes(), suffix)
        yield Table(csv_rows(text, delimiter_of(text)))
        return
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a broken file
        with path.open("rb") as head:
            reason = not_a_table(head.read(1 << 20), suffix)
        raise ValueError(reason or "filen går inte att öppna som en Excel-fil") from None
    try:
        sheets = visible_sheets(book)
        if not sheets:
            raise ValueError("Excel-filen har inget blad som syns. Visa bladet med tabellen (i Excel: högerklicka "
                             "på en bladflik > Ta fram)")
        for sheet in sheets:
            try:
                rows = [[sheet_cell(shown_value(c.value, getattr(c, "number_format", None))) for c in row]
                        for row in sheet.iter_rows()]
            except Exception:  # a sheet broken inside a workbook that opens
                raise ValueError(f"bladet {sheet.title} i Excel-filen går inte att läsa") from None
            yield Table(rows, sheet.title, len(book.worksheets) > 1)
    finally:
        book.close()


def read_rows(path: Path) -> list[list[str]]:
    """The rows of the file's first table (its first visible sheet) as text cells.
    Raises ValueError with a Swedish reason."""
    return next(read_tables(path)).rows


def _folded(text: str) -> str:
    return " ".join(text.casefold().split())


def _header_at(rows: list[list[str]], columns: dict[str, str]) -> int | None:
    """The index of the first row (among the first HEADER_SEARCH_ROWS) with every heading."""
    wanted = {_folded(h) for h in columns.values()}
    return next((i for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]) if wanted <= {_folded(c) for c in row}), None)


def _first_table(path: Path, columns: dict[str, str]) -> tuple[Table, int | None]:
    """The first of the file's tables that has a heading row, and where that row is; else
    the first table, and None."""
    first: tuple[Table, int | None] | None = None
    for table in read_tables(path):
        at = _header_at(table.rows, columns)
        if at is not None:
            return table, at
        first = first or (table, None)
    assert first is not None  # read_tables gives a table or raises
    return first


def _is_totals(cells: list[str], own: list[int]) -> bool:
    """A row of totals: its first own cell with text says so (Summa, Totalt), and every
    other own cell is empty, says so too, or is a number."""
    texts = [cells[i] for i in own if cells[i]]

    def total(text: str) -> bool:
        return _folded(text).rstrip(":") in TOTAL_WORDS

    return bool(texts) and total(texts[0]) and all(
        total(t) or re.fullmatch(r"-?[\d\s]+(?:[.,]\d+)?", t) for t in texts[1:])


def checked_rows(model: Model, path: Path, columns: dict[str, str], kind: TableKind,
                 add: Add) -> Iterator[tuple[int, dict[str, Cell]]]:
    """(row number, the row's cells by column key) for each row whose own columns are
    all present and free of personal data; every problem found on the way is added.
    The heading row may have a title or blank rows above it; in a workbook, the first
    visible sheet with the headings is read (else the first visible sheet)."""
    try:
        table, header_at = _first_table(path, columns)
    except ValueError as reason:  # a Swedish reason (read_tables)
        add(1, kind.file_code, f"{kind.noun} går inte att läsa: {reason}.", kind.unreadable_hint)
        return
    except OSError:
        add(1, kind.file_code, f"{kind.noun} går inte att öppna.", kind.unreadable_hint)
        return
    rows, on_sheet = table.rows, table.on_sheet
    if not any(c.strip() for r in rows for c in r):
        add(1, kind.file_code, f"{kind.noun} är tom{on_sheet}.", kind.empty_hint)
        return
    start = header_at or 0
    header = [h.strip() for h in rows[start]]
    folded = [_folded(h) for h in header]
    where: dict[str, int] = {}
    for key, heading in columns.items():
        if _folded(heading) in folded:
            where[key] = folded.index(_folded(heading))
    missing = [heading for key, heading in columns.items() if key not in where]
    if missing:  # one mistake: the heading row, however many headings it lacks
        names = ", ".join(f"'{h}'" for h in missing)
        add(1, kind.file_code,
            f"{kind.noun} saknar {'kolumnen' if len(missing) == 1 else 'kolumnerna'} {names} på första raden"
            f"{on_sheet}.",
            f"Första raden ska ha rubrikerna {', '.join(columns.values())} (se '{kind.columns_setting}' i "
            "modellen).")
    own = set(where.values())
    order = sorted(own)
    for number, row in enumerate(rows, start=1):
        if not any(c.strip() for c in row):
            continue
        cells = [c.strip() for c in row] + [""] * (len(header) - len(row))
        personal = set()
        for i, cell in enumerate(cells):
            if find_personal_numbers(cell) or find_emails(cell, model.content_checks.allowed_emails):
                personal.add(i)
                add(number, kind.personal_code,
                    f"Kolumn {column_name(i)} på rad {number}{on_sheet} innehåller något som kan vara en "
                    "personuppgift (ett personnummer, samordningsnummer eller en e-postadress). Värdet visas inte "
                    "här.", kind.personal_hint)
        if number <= start + 1:  # the heading row, or a title above it
            continue
        # with a heading missing, the other columns may well be the table's own under
        # another name: the missing heading is the finding, not the text under each
        if not missing:
            for i in (i for i in range(len(cells)) if i not in own and cells[i] and i not in personal):
                name = f" ('{header[i]}')" if i < len(header) and header[i] and safe_heading(header[i]) else ""
                add(number, kind.personal_code,
                    f"Kolumn {column_name(i)}{name} på rad {number}{on_sheet} har text, men den kolumnen är "
                    f"inte en av {kind.owner}. Fritext kan innehålla personuppgifter.",
                    f"{kind.extra_hint} {', '.join(columns.values())}.")
        # a row with a missing column, or personal data in its own columns (named above),
        # is read no further: what else is wrong with it waits until that is mended
        if missing or personal & own:
            continue
        if _is_totals(cells, order):
            add(number, kind.value_code, f"Rad {number}{on_sheet} är en summarad.",
                "Ta bort raden: Lotsen räknar summorna själv.")
            continue
        yield number, {key: Cell(cells[i], f"kolumn {column_name(i)} ({header[i]}){on_sheet}")
                       for key, i in where.items()}


def safe_heading(text: str) -> bool:
    """A heading short enough, and with no personal number, to be named in a message:
    a heading is written by whoever made the export, not about a person."""
    return len(text) <= 40 and not find_personal_numbers(text)
