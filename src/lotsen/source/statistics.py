"""Case statistics as a case system exports them: CSV or Excel files of counts per
period, unit and category. Read and checked in one pass, every problem at once with its
file, row and column; a cell that could hold personal data is named, never echoed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lotsen.findings import Finding
from lotsen.model import Model
from lotsen.numbers import MOST_DIGITS, parse_count, too_long
from lotsen.periods import Period, parse_period
from lotsen.source.tabular import SUFFIXES, TableKind, checked_rows, column_name, nearest, read_rows, table_files

__all__ = ["SUFFIXES", "Count", "Statistics", "column_name", "read_rows", "read_statistics", "statistics_files"]

STATISTICS = TableKind(
    noun="Statistikfilen", file_code="statistics_file", personal_code="statistics_personal_data",
    columns_setting="statistics.columns",
    unreadable_hint="Exportera filen igen från verksamhetssystemet, som CSV (UTF-8) eller Excel (.xlsx).",
    empty_hint="Exportera filen igen, eller ta bort den.",
    personal_hint="Ta bort uppgiften ur filen. Statistiken ska bara ha antal, aldrig enskilda ärenden.",
    owner="statistikens", extra_hint="Ta bort kolumnen ur exporten. Statistiken har bara kolumnerna",
    value_code="statistics_value")


@dataclass(frozen=True)
class Count:
    """One row: how many cases of a category a unit had in a period."""

    period: Period
    unit: str
    category: str
    count: int
    #: The file the row is in, as findings name it.
    file: str = ""
    #: The row's number in its file (the rules across files name it: checks/year_data.py).
    row: int = 0


@dataclass
class Statistics:
    counts: list[Count] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def statistics_files(model: Model, root: Path) -> list[Path]:
    return table_files(root, model.statistics.folder)


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

    unit_names = {name.lower(): code for code, name in model.units.items()} | {c.lower(): c for c in model.units}
    category_names = ({name.lower(): code for code, name in cfg.categories.items()}
                      | {c.lower(): c for c in cfg.categories})
    seen: dict[tuple[str, str, str], int] = {}
    for number, cells in checked_rows(model, path, cfg.columns, STATISTICS, add):
        ok = True
        text = {key: cell.text for key, cell in cells.items()}
        period = parse_period(text["period"])
        if period is None or period.first != period.last and period.last - period.first != 2:
            ok = False
            add(number, "statistics_value",
                f"Rad {number}, {cells['period'].where}: " + (
                    f"{cells['period'].quoted} är ingen månad eller inget kvartal." if text["period"] else
                    "perioden saknas."), "Skriv perioden som ÅÅÅÅ-MM (månad) eller ÅÅÅÅ-K1 till K4 (kvartal).")
        unit = unit_names.get(text["unit"].lower())
        if unit is None:
            ok = False
            add(number, "statistics_value", f"Rad {number}, {cells['unit'].where}: "
                + (f"{cells['unit'].quoted} är ingen enhet." if text["unit"] else "enheten saknas.")
                + nearest(text["unit"], model.units),
                f"Skriv enhetens kod eller namn som i modellen: {', '.join(model.units)}.")
        category = category_names.get(text["category"].lower())
        if category is None:
            ok = False
            add(number, "statistics_value", f"Rad {number}, {cells['category'].where}: "
                + (f"{cells['category'].quoted} är ingen kategori." if text["category"] else "kategorin saknas.")
                + nearest(text["category"], cfg.categories),
                f"Kategorierna står i 'statistics.categories' i modellen: {', '.join(cfg.categories.values())}.")
        count = parse_count(text["count"])
        if count is None:
            ok = False
            where = f"Rad {number}, {cells['count'].where}: "
            add(number, "statistics_value",
                where + "antalet saknas." if not text["count"] else
                where + f"talet har fler än {MOST_DIGITS} siffror." if too_long(text["count"]) else
                where + f"{cells['count'].quoted} är inget heltal som är 0 eller större.",
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
        stats.counts.append(Count(period, unit, category, count, shown, number))
