"""Outcomes of indicators, per period, from the files in the model's folder (CSV or
Excel: indicator, period, value) and from the results of the control an indicator links
to. The files are read and checked in one pass, every problem at once with its file,
row and column; a cell that could hold personal data is named, never echoed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from lotsen.findings import Finding
from lotsen.model import Model
from lotsen.model.schema import INDICATOR_PERIODS
from lotsen.numbers import MOST_DIGITS, parse_number, too_long
from lotsen.periods import PERIOD_FORMS, Period, parse_period
from lotsen.source.scanner import NeedSource
from lotsen.source.tabular import TableKind, checked_rows, nearest, table_files

OUTCOMES = TableKind(
    noun="Filen med utfall", file_code="goal_values_file", personal_code="goal_values_personal_data",
    columns_setting="goals.columns", unreadable_hint="Spara filen igen som CSV (UTF-8) eller Excel (.xlsx).",
    empty_hint="Fyll i utfallen, eller ta bort filen.",
    personal_hint="Ta bort uppgiften ur filen. Filen ska bara ha indikatorns ID, perioden och utfallet.",
    owner="filens", extra_hint="Ta bort kolumnen. Filen har bara kolumnerna", value_code="goal_value")

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
    #: The row in the file (0 for a result's outcome; checks/year_data.py names it).
    row: int = 0


@dataclass
class GoalValues:
    outcomes: list[Outcome] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def goal_value_files(model: Model, root: Path) -> list[Path]:
    return table_files(root, model.goals.folder)


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

    indicator_type = model.types.get(cfg.indicator_type)
    id_pattern = indicator_type.id_pattern if indicator_type else None
    seen: dict[tuple[str, str], int] = {}
    for number, cells in checked_rows(model, path, cfg.columns, OUTCOMES, add):

        def cell(key: str) -> tuple[str, str, str]:
            return cells[key].text, cells[key].where, cells[key].quoted

        ok = True
        indicator, col, quoted = cell("indicator")
        if indicator not in kinds:
            ok = False
            # an ID-shaped text is shown; other text (a name?) is not
            named = f"'{indicator}'" if id_pattern and id_pattern.fullmatch(indicator) else "texten i cellen"
            add(number, "goal_value",
                f"Rad {number}, {col}: {named} är ingen indikator.{nearest(indicator, dict.fromkeys(kinds, ''))}"
                if indicator else f"Rad {number}, {col}: indikatorns ID saknas.",
                "Skriv ID:t på en indikator som finns, till exempel " + (", ".join(sorted(kinds)[:3]) or "IND-HT-01")
                + ".")
        period_text, col, quoted = cell("period")
        period = parse_period(period_text)
        kind = kinds.get(indicator, "")
        if period is None:
            ok = False
            add(number, "goal_value", f"Rad {number}, {col}: {quoted} är ingen period." if period_text else
                f"Rad {number}, {col}: perioden saknas.",
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
            add(number, "goal_value",
                f"Rad {number}, {col}: utfallet saknas." if not value_text else
                f"Rad {number}, {col}: talet har fler än {MOST_DIGITS} siffror." if too_long(value_text) else
                f"Rad {number}, {col}: {quoted} är inget tal.",
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
        values.outcomes.append(Outcome(indicator, period, value, value_text, shown, number))
