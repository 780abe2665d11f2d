"""Outcomes of indicators, per period, from the files in the model's folder (CSV or
Excel: indicator, period, value) and from the results of the control an indicator links
to. The files are read and checked in one pass, every problem at once with its file,
row and column; a cell that could hold personal data is named, never echoed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lotsen.checks.personal_data import find_emails, find_personal_numbers
from lotsen.findings import Finding
from lotsen.model import Model
from lotsen.model.schema import INDICATOR_PERIODS
from lotsen.numbers import parse_number
from lotsen.periods import PERIOD_FORMS, Period, parse_period
from lotsen.source.scanner import NeedSource
from lotsen.source.statistics import SUFFIXES, column_name, read_rows

#: A cell longer than this is free text, not an ID, a period or a number: not echoed.
_LONGEST_CELL = 40

#: How each kind of period is written, for messages.
PERIOD_EXAMPLES = {"year": "ÅÅÅÅ, till exempel 2026", "half": "ÅÅÅÅ-H1 eller ÅÅÅÅ-H2",
                   "quarter": "ÅÅÅÅ-K1 till ÅÅÅÅ-K4", "month": "ÅÅÅÅ-MM, till exempel 2026-03"}


def period_kind(period: Period) -> str:
    """year, half, quarter or month."""
    return {12: "year", 6: "half", 3: "quarter", 1: "month"}[period.last - period.first + 1]


@dataclass(frozen=True)
class Outcome:
    """An indicator's outcome for a period, as written (``91,5``) and as a number, with
    where it came from (a file, or a result's ID)."""

    indicator: str
    period: Period
    value: float
    text: str
    source: str


@dataclass
class GoalValues:
    outcomes: list[Outcome] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def goal_value_files(model: Model, root: Path) -> list[Path]:
    folder = model.goals.folder
    if not folder or not (root / folder).is_dir():
        return []
    return sorted(p for p in (root / folder).rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()
                  and not p.name.startswith((".", "~$")))


def indicator_kinds(model: Model, needs: list[NeedSource]) -> dict[str, str]:
    """Indicator ID -> the kind of period it is measured per ("" when not given)."""
    cfg = model.goals
    period_field = model.field_for("indicator_period")
    return {n.id: INDICATOR_PERIODS.get(n.value(period_field), "") if period_field else ""
            for n in needs if n.type == cfg.indicator_type and n.id}


def read_goal_values(model: Model, root: Path, needs: list[NeedSource]) -> GoalValues:
    """Every outcome file under the model's folder, read and checked against the
    indicators among ``needs``."""
    values = GoalValues()
    if not model.goals.indicator_type:
        return values
    kinds = indicator_kinds(model, needs)
    for path in goal_value_files(model, root):
        values.files.append(path)
        _read_file(model, path, path.relative_to(root).as_posix(), kinds, values)
    return values


def _read_file(model: Model, path: Path, shown: str, kinds: dict[str, str], values: GoalValues) -> None:
    cfg = model.goals

    def add(row: int, code: str, message: str, hint: str) -> None:
        values.findings.append(Finding(shown, row, code, message, hint, model.severity_of(code)))

    try:
        rows = read_rows(path)
    except (ValueError, OSError) as exc:
        add(1, "goal_values_file", f"Filen med utfall går inte att läsa: {exc}.",
            "Spara filen igen som CSV (UTF-8) eller Excel (.xlsx).")
        return
    if not any(c.strip() for r in rows for c in r):
        add(1, "goal_values_file", "Filen med utfall är tom.", "Fyll i utfallen, eller ta bort filen.")
        return
    header = [h.strip() for h in rows[0]]
    where: dict[str, int] = {}
    for key, heading in cfg.columns.items():
        if heading in header:
            where[key] = header.index(heading)
        else:
            add(1, "goal_values_file", f"Filen med utfall saknar kolumnen '{heading}' på första raden.",
                f"Första raden ska ha rubrikerna {', '.join(cfg.columns.values())} (se 'goals.columns' i modellen).")
    extra = [i for i, _ in enumerate(header) if i not in set(where.values())]
    seen: dict[tuple[str, str], int] = {}
    for number, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        cells = [c.strip() for c in row] + [""] * (len(header) - len(row))
        personal = set()
        for i, cell in enumerate(cells):
            if find_personal_numbers(cell) or find_emails(cell, model.content_checks.allowed_emails):
                personal.add(i)
                add(number, "goal_values_personal_data",
                    f"Kolumn {column_name(i)} på rad {number} innehåller något som kan vara en personuppgift "
                    "(ett personnummer, samordningsnummer eller en e-postadress). Värdet visas inte här.",
                    "Ta bort uppgiften ur filen. Filen ska bara ha indikatorns ID, perioden och utfallet.")
        for i in extra:
            if cells[i] and i not in personal:
                name = header[i] if i < len(header) and header[i] else column_name(i)
                add(number, "goal_values_personal_data",
                    f"Kolumn {column_name(i)} ('{name[:_LONGEST_CELL]}') på rad {number} har text, men den "
                    "kolumnen är inte en av filens. Fritext kan innehålla personuppgifter.",
                    f"Ta bort kolumnen. Filen har bara kolumnerna {', '.join(cfg.columns.values())}.")
        if len(where) < len(cfg.columns) or personal & set(where.values()):
            continue

        def cell(key: str) -> tuple[str, str, str]:
            i = where[key]
            text = cells[i]
            return text, f"kolumn {column_name(i)} ({header[i]})", f"'{text}'" if len(text) <= _LONGEST_CELL else "värdet"

        ok = True
        indicator, col, quoted = cell("indicator")
        if indicator not in kinds:
            ok = False
            add(number, "goal_value",
                f"Rad {number}, {col}: {quoted} är ingen indikator." if indicator else
                f"Rad {number}, {col}: indikatorns ID saknas.",
                "Skriv ID:t på en indikator som finns, till exempel " + (", ".join(sorted(kinds)[:3]) or "IND-HT-01")
                + ".")
        period_text, col, quoted = cell("period")
        period = parse_period(period_text)
        kind = kinds.get(indicator, "")
        if period is None:
            ok = False
            add(number, "goal_value", f"Rad {number}, {col}: {quoted} är ingen period.",
                f"Skriv perioden som {PERIOD_FORMS}.")
        elif kind and period_kind(period) != kind:
            ok = False
            add(number, "goal_value",
                f"Rad {number}, {col}: {quoted} passar inte indikatorn {indicator}, som mäts per "
                f"{next(k for k, v in INDICATOR_PERIODS.items() if v == kind)}.",
                f"Skriv perioden som {PERIOD_EXAMPLES[kind]}.")
        value_text, col, quoted = cell("value")
        value = parse_number(value_text)
        if value is None:
            ok = False
            add(number, "goal_value", f"Rad {number}, {col}: {quoted} är inget tal." if value_text else
                f"Rad {number}, {col}: utfallet saknas.",
                "Skriv utfallet som ett tal, med decimalkomma om det behövs, till exempel 91,5. Skriv inte "
                "måttenheten i cellen.")
        if not ok:
            continue
        key = (indicator, period.text)
        if key in seen:
            add(number, "goal_value_duplicate",
                f"Rad {number} gäller samma indikator och period ({indicator}, {period.text}) som rad {seen[key]}.",
                "Ta bort den ena raden.")
            continue
        seen[key] = number
        values.outcomes.append(Outcome(indicator, period, value, value_text, shown))
