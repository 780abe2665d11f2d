"""Case statistics as a case system exports them: CSV or Excel files of counts per
period, unit and category. Read and checked in one pass, every problem at once with its
file, row and column; a cell that could hold personal data is named, never echoed."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from lotsen.checks.personal_data import find_emails, find_personal_numbers
from lotsen.findings import Finding
from lotsen.model import Model
from lotsen.periods import Period, parse_period

SUFFIXES = (".csv", ".xlsx")
_WHOLE = re.compile(r"^\d+$")
#: A cell longer than this, or with more words, is free text, not a code or a name.
_LONGEST_CELL = 60


@dataclass(frozen=True)
class Count:
    """One row: how many cases of a category a unit had in a period."""

    period: Period
    unit: str
    category: str
    count: int
    #: The file the row is in, as findings name it.
    file: str = ""


@dataclass
class Statistics:
    counts: list[Count] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def statistics_files(model: Model, root: Path) -> list[Path]:
    folder = model.statistics.folder
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


def read_statistics(model: Model, root: Path) -> Statistics:
    """Every statistics file under the model's folder, read and checked."""
    stats = Statistics()
    for path in statistics_files(model, root):
        stats.files.append(path)
        _read_file(model, path, path.relative_to(root).as_posix(), stats)
    return stats


def _read_file(model: Model, path: Path, shown: str, stats: Statistics) -> None:
    cfg = model.statistics

    def add(row: int, code: str, message: str, hint: str) -> None:
        stats.findings.append(Finding(shown, row, code, message, hint, model.severity_of(code)))

    try:
        rows = read_rows(path)
    except (ValueError, OSError) as exc:
        add(1, "statistics_file", f"Statistikfilen går inte att läsa: {exc}.",
            "Exportera filen igen från verksamhetssystemet, som CSV (UTF-8) eller Excel (.xlsx).")
        return
    if not any(c.strip() for r in rows for c in r):
        add(1, "statistics_file", "Statistikfilen är tom.", "Exportera filen igen, eller ta bort den.")
        return
    header = [h.strip() for h in rows[0]]
    where: dict[str, int] = {}
    for key, heading in cfg.columns.items():
        if heading in header:
            where[key] = header.index(heading)
        else:
            add(1, "statistics_file", f"Statistikfilen saknar kolumnen '{heading}' på första raden.",
                f"Första raden ska ha rubrikerna {', '.join(cfg.columns.values())} (se 'statistics.columns' i modellen).")
    mapped = set(where.values())
    extra = [i for i, h in enumerate(header) if i not in mapped]
    unit_names = {name.lower(): code for code, name in model.units.items()} | {c.lower(): c for c in model.units}
    category_names = ({name.lower(): code for code, name in cfg.categories.items()}
                      | {c.lower(): c for c in cfg.categories})
    seen: dict[tuple[str, str, str], int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        cells = [c.strip() for c in row] + [""] * (len(header) - len(row))
        personal = set()
        for i, cell in enumerate(cells):
            if find_personal_numbers(cell) or find_emails(cell, model.content_checks.allowed_emails):
                personal.add(i)
                add(number, "statistics_personal_data",
                    f"Kolumn {column_name(i)} på rad {number} innehåller något som kan vara en personuppgift "
                    "(ett personnummer, samordningsnummer eller en e-postadress). Värdet visas inte här.",
                    "Ta bort uppgiften ur filen. Statistiken ska bara ha antal, aldrig enskilda ärenden.")
        for i in extra:
            if cells[i] and i not in personal:
                name = header[i] if i < len(header) and header[i] else column_name(i)
                add(number, "statistics_personal_data",
                    f"Kolumn {column_name(i)} ('{name[:_LONGEST_CELL]}') på rad {number} har text, men den "
                    "kolumnen är inte en av statistikens. Fritext kan innehålla personuppgifter.",
                    f"Ta bort kolumnen ur exporten. Statistiken har bara kolumnerna "
                    f"{', '.join(cfg.columns.values())}.")
        if len(where) < len(cfg.columns):
            continue

        if personal & {where[key] for key in where}:
            continue  # named above; what else is wrong with the row waits until it is gone

        def value(key: str) -> tuple[str, str, bool]:
            i = where[key]
            cell = cells[i]
            return cell, f"kolumn {column_name(i)} ({header[i]})", len(cell) <= _LONGEST_CELL

        ok = True
        period_text, period_col, shown_ok = value("period")
        period = parse_period(period_text)
        if period is None or period.first != period.last and period.last - period.first != 2:
            ok = False
            add(number, "statistics_value",
                f"Rad {number}, {period_col}: " + (f"'{period_text}'" if shown_ok else "värdet") +
                " är ingen månad eller inget kvartal.",
                "Skriv perioden som ÅÅÅÅ-MM (månad) eller ÅÅÅÅ-K1 till K4 (kvartal).")
        unit_text, unit_col, shown_ok = value("unit")
        unit = unit_names.get(unit_text.lower())
        if unit is None:
            ok = False
            add(number, "statistics_value",
                f"Rad {number}, {unit_col}: " + (f"'{unit_text}'" if shown_ok else "värdet") + " är ingen enhet.",
                f"Skriv enhetens kod eller namn som i modellen: {', '.join(model.units)}.")
        category_text, category_col, shown_ok = value("category")
        category = category_names.get(category_text.lower())
        if category is None:
            ok = False
            add(number, "statistics_value",
                f"Rad {number}, {category_col}: " + (f"'{category_text}'" if shown_ok else "värdet") +
                " är ingen kategori.",
                f"Kategorierna står i 'statistics.categories' i modellen: {', '.join(cfg.categories.values())}.")
        count_text, count_col, shown_ok = value("count")
        if not _WHOLE.match(count_text):
            ok = False
            add(number, "statistics_value",
                f"Rad {number}, {count_col}: " + (f"'{count_text}'" if shown_ok else "värdet") +
                " är inget heltal som är 0 eller större.",
                "Skriv antalet ärenden som ett heltal, till exempel 0, 3 eller 12.")
        if not ok:
            continue
        key = (period.text, unit, category)
        if key in seen:
            add(number, "statistics_duplicate",
                f"Rad {number} gäller samma period, enhet och kategori ({period.text}, {unit}, "
                f"{cfg.categories[category]}) som rad {seen[key]}.",
                "Ta bort den ena raden, eller lägg ihop antalen på en rad.")
            continue
        seen[key] = number
        stats.counts.append(Count(period, unit, category, int(count_text), shown))
