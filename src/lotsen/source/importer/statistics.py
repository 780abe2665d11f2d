"""Case statistics from a case system's export (Excel or CSV) into a statistics file in
the model's folder: a new file named after the sheet, or that file extended with the
rows it does not have yet. Columns are found by the model's headings (any case and
spacing) or the words case systems use; every bad row is reported at once by sheet, row
and column, and a cell with a personal number is refused and never shown. Nothing is
written unless every row can be used, and what exists is never changed."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lotsen.checks.personal_data import find_personal_numbers
from lotsen.errors import UsageError
from lotsen.model import Model
from lotsen.model.schema import STATISTICS_COLUMNS
from lotsen.numbers import MOST_DIGITS, parse_count, too_long
from lotsen.periods import parse_period
from lotsen.source.importer.mapping import normalised
from lotsen.source.importer.sheets import Column, Sheet, read_sheet
from lotsen.source.importer.values import cell_text, nearest
from lotsen.source.statistics import read_statistics, statistics_files
from lotsen.source.tabular import TOTAL_WORDS, safe_to_show

#: What the import is asked for on the command line: `lotsen import statistik FIL`.
STATISTICS_KIND = "statistik"
#: Headings case systems use for each column, besides the model's own.
WORDS = {"period": {"period", "kvartal", "månad", "tid"},
         "unit": {"enhet", "verksamhet", "enhetsnamn", "enhetskod"},
         "category": {"kategori", "ärendetyp", "typ", "händelsetyp", "ärendekategori"},
         "count": {"antal", "antal ärenden", "summa", "totalt"}}


@dataclass
class StatisticsImport:
    sheet: Sheet
    target: Path  # relative to the project root
    rows: list[tuple[str, str, str, int]] = field(default_factory=list)  # period, unit, category, count
    existing: list[str] = field(default_factory=list)  # rows skipped, each said in Swedish
    problems: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # headings of columns not read
    written: str = ""  # "skapad" or "utökad" once written


def _slug(stem: str) -> str:
    text = stem.casefold().translate(str.maketrans("åäöé", "aaoe"))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "statistik"


def _columns(model: Model, sheet: Sheet, result: StatisticsImport) -> dict[str, Column]:
    cfg = model.statistics
    found: dict[str, Column] = {}
    for key in STATISTICS_COLUMNS:
        wanted = {normalised(cfg.columns.get(key, ""))} | WORDS[key]
        column = next((c for c in sheet.columns if normalised(c.header) in wanted and c not in found.values()), None)
        if column is None:
            result.problems.append(f"{sheet.where()}: ingen kolumn för {STATISTICS_COLUMNS[key]}. Ge kolumnen "
                                   f"rubriken '{cfg.columns.get(key, '')}' (som i 'statistics.columns' i modellen).")
        else:
            found[key] = column
    result.ignored = [c.header for c in sheet.columns if c not in found.values()]
    return found


def _whole(value: Any, text: str) -> int | None:
    """A count from 0 up, of at most MOST_DIGITS digits, from a number cell or text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and not value.is_integer():  # also inf and nan
            return None
        return int(value) if 0 <= value < 10 ** MOST_DIGITS else None
    return parse_count(text)


def _is_totals(text: dict[str, str]) -> bool:
    """A row of totals: its period, unit or category says so (Summa, Totalt), and the
    others are empty or say so too."""
    keys = [text[k] for k in ("period", "unit", "category")]
    words = [" ".join(t.casefold().split()).rstrip(":") for t in keys if t]
    return bool(words) and all(w in TOTAL_WORDS for w in words)


def _period(value: Any) -> str | None:
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{value.year}-{value.month:02d}"
    period = parse_period(cell_text(value).upper())
    if period is None or (period.first != period.last and period.last - period.first != 2):
        return None
    return period.text


def plan_statistics(model: Model, root: Path, sheet_path: Path, sheet_name: str | None) -> StatisticsImport:
    cfg = model.statistics
    if not cfg.folder or not cfg.columns:
        raise UsageError("Modellen har ingen ärendestatistik. Lägg till avsnittet 'statistics' i lotsen.yaml med "
                         "mapp, kolumner och kategorier (se docs/kvalitetsaret.md).")
    sheet = read_sheet(sheet_path, sheet_name)
    result = StatisticsImport(sheet, Path(cfg.folder) / f"{_slug(sheet_path.stem)}.csv")
    columns = _columns(model, sheet, result)
    if result.problems:
        return result
    units = {code: name for code, name in model.units.items()}
    by_unit = {c.casefold(): c for c in units} | {n.casefold(): c for c, n in units.items()}
    by_category = ({c.casefold(): c for c in cfg.categories}
                   | {n.casefold(): c for c, n in cfg.categories.items()})
    known = {(c.period.text, c.unit, c.category): c for c in read_statistics(model, root).counts}
    seen: dict[tuple[str, str, str], int] = {}
    for row in sheet.rows:
        problems = []

        def problem(column: Column, text: str) -> None:
            problems.append(f"{sheet.where(row.number, column)}: {text}")

        hidden = set()
        for column in sheet.columns:
            if find_personal_numbers(cell_text(row.cells.get(column.index))):
                hidden.add(column.index)
                problem(column, "cellen innehåller ett personnummer eller samordningsnummer (visas inte här). "
                                "Ta bort det: statistiken har bara antal, aldrig enskilda ärenden.")
        raw = {key: row.cells.get(column.index) for key, column in columns.items()}
        text = {key: cell_text(value) for key, value in raw.items()}
        # a cell that is not a code, period or number may be free text (a name): not echoed
        shown = {key: f"'{text[key]}'" if safe_to_show(text[key]) else "texten i cellen" for key in text}
        if not hidden and _is_totals(text):
            result.existing.append(f"{sheet.where(row.number)}: en summarad; den hoppas över (Lotsen räknar "
                                   "summorna själv).")
            continue
        if columns["period"].index not in hidden:
            period = _period(raw["period"])
            if period is None:
                problem(columns["period"], (f"{shown['period']} är ingen månad eller inget kvartal." if text["period"]
                                            else "perioden saknas.")
                        + " Skriv ÅÅÅÅ-MM (månad) eller ÅÅÅÅ-K1 till K4 (kvartal).")
        unit = by_unit.get(text["unit"].casefold())
        if unit is None and columns["unit"].index not in hidden:
            problem(columns["unit"], (f"{shown['unit']} är ingen enhet i lotsen.yaml." if text["unit"] else
                                      "enheten saknas. Skriv enhetens kod eller namn.") + nearest(text["unit"], units))
        category = by_category.get(text["category"].casefold())
        if category is None and columns["category"].index not in hidden:
            problem(columns["category"], (f"{shown['category']} är ingen kategori i 'statistics.categories'."
                                          if text["category"] else "kategorin saknas. Skriv kategorin.")
                    + nearest(text["category"], cfg.categories))
        whole = _whole(raw["count"], text["count"])
        if whole is None and columns["count"].index not in hidden:
            problem(columns["count"],
                    "antalet saknas. Skriv antalet ärenden, till exempel 0, 3 eller 12." if not text["count"] else
                    f"talet har fler än {MOST_DIGITS} siffror. Skriv antalet ärenden som ett heltal."
                    if too_long(text["count"]) or isinstance(raw["count"], (int, float)) and not
                    isinstance(raw["count"], bool) and abs(raw["count"]) >= 10 ** MOST_DIGITS else
                    f"{shown['count']} är inget heltal som är 0 eller större. Skriv antalet ärenden, till exempel 0, 3 "
                    "eller 12.")
        if problems:
            result.problems += problems
            continue
        key = (period, unit, category)
        if key in seen:
            problem(columns["count"], f"raden gäller samma period, enhet och kategori som rad {seen[key]}. "
                                      "Lägg ihop antalen på en rad.")
            result.problems += problems
            continue
        seen[key] = row.number
        if key in known:
            if known[key].count == whole:
                result.existing.append(f"{sheet.where(row.number)}: finns redan i {known[key].file}; "
                                       "raden hoppas över.")
            else:
                problem(columns["count"], f"{known[key].file} har redan {period}, {unit}, "
                                          f"{cfg.categories[category]} med ett annat antal. Rätta den ena.")
                result.problems += problems
            continue
        result.rows.append((period, unit, category, whole))
    return result


def _new_text(model: Model, root: Path, result: StatisticsImport) -> tuple[str, str]:
    """(the file's text after the import, its encoding)."""
    cfg = model.statistics
    target = root / result.target
    order = list(STATISTICS_COLUMNS)
    text, encoding, delimiter = "", "utf-8", ";"
    if target.is_file():
        data = target.read_bytes()
        try:
            text = data.decode("utf-8-sig")
            encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
        except UnicodeDecodeError:
            text, encoding = data.decode("cp1252"), "cp1252"
        first = text.split("\n", 1)[0]
        delimiter = ";" if ";" in first else ","
        header = [h.strip() for h in next(csv.reader(io.StringIO(first), delimiter=delimiter))]
        by_heading = {heading: key for key, heading in cfg.columns.items()}
        order = [by_heading.get(h, "") for h in header]
        text = text if text.endswith("\n") else text + "\n"
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    if not text:
        writer.writerow([cfg.columns[key] for key in order])
    for period, unit, category, count in result.rows:
        values = {"period": period, "unit": unit, "category": cfg.categories[category], "count": str(count)}
        writer.writerow([values.get(key, "") for key in order])
    return text + out.getvalue(), encoding


def write_statistics(model: Model, root: Path, result: StatisticsImport, dry_run: bool) -> None:
    """Check the file as it would be in a copy of the statistics folder, then write it."""
    if result.problems or not result.rows:
        return
    target = root / result.target
    if target.is_file() and target.suffix.casefold() != ".csv":
        result.problems.append(f"{result.target.as_posix()} finns redan och är ingen CSV-fil.")
        return
    text, encoding = _new_text(model, root, result)
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp)
        for path in statistics_files(model, root):
            (copy / path.relative_to(root)).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, copy / path.relative_to(root))
        (copy / result.target).parent.mkdir(parents=True, exist_ok=True)
        (copy / result.target).write_bytes(text.encode(encoding))
        findings = [f for f in read_statistics(model, copy).findings if f.file == result.target.as_posix()]
    for finding in findings:
        result.problems.append(f"{result.target.as_posix()}, rad {finding.line}: {finding.message}")
    if result.problems or dry_run:
        return
    result.written = "utökad" if target.is_file() else "skapad"
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_file():
        old = target.read_bytes()
        with target.open("ab") as out:
            out.write(text.encode(encoding)[len(old):] if text.encode(encoding).startswith(old) else b"")
    else:
        with target.open("xb") as out:
            out.write(text.encode(encoding))
