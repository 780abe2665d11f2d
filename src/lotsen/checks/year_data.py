"""Rules across the files of the year's data (case statistics, the indicators'
outcomes), on the rows as read: a row for a period that has not begun, the same row in
two files, and a month whose quarter already has a row (or the reverse). Each file is
read and checked on its own, and kept so (checks/tables_kept.py); these rules need
every file at once, so they run with the check as a whole (pipeline.check).

A row with a finding here is left out of what the reports count, as a row that
repeats another in its own file is: no case is counted twice, and no outcome from a
period to come becomes an indicator's latest."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from lotsen.findings import Finding
from lotsen.model import Model
from lotsen.periods import overlaps, period_name
from lotsen.source.goal_values import GoalValues, Outcome
from lotsen.source.statistics import Count, Statistics


def _row_in(row: int, file: str, here: str) -> str:
    """'rad 3' in the same file, 'rad 3 i statistik/a.csv' in another."""
    return f"rad {row}" if file == here else f"rad {row} i {file}"


def statistics_rules(model: Model, stats: Statistics, today: dt.date) -> Statistics:
    """The statistics with the rows these rules find left out, and their findings added."""
    names = model.statistics.categories
    findings: list[Finding] = []
    kept: list[Count] = []
    by_series: dict[tuple[str, str], list[Count]] = {}

    def add(count: Count, code: str, message: str, hint: str) -> None:
        findings.append(Finding(count.file, count.row, code, message, hint, model.severity_of(code)))

    for count in sorted(stats.counts, key=lambda c: (c.file, c.row)):
        what = f"{count.period.text}, {count.unit}, {names.get(count.category, count.category)}"
        if count.period.start > today:
            add(count, "statistics_future",
                f"Rad {count.row} gäller {period_name(count.period)}, som inte har börjat ({today.isoformat()}).",
                "Rätta perioden, kanske året. Statistik kan bara finnas för en period som har börjat.")
            continue
        series = by_series.setdefault((count.unit, count.category), [])
        other = next((c for c in series if overlaps(c.period, count.period)), None)
        if other is None:
            series.append(count)
            kept.append(count)
            continue
        where = _row_in(other.row, other.file, count.file)
        if other.period == count.period:
            add(count, "statistics_duplicate",
                f"Rad {count.row} gäller samma period, enhet och kategori ({what}) som {where}.",
                "Ta bort den ena raden, eller den ena filen om den är en kopia. Ärendena räknas annars två gånger.")
        else:
            add(count, "statistics_overlap",
                f"Rad {count.row} ({what}) överlappar {where}, som gäller {period_name(other.period)}: "
                "samma ärenden räknas två gånger.",
                "Ha antingen en rad per månad eller en rad för kvartalet, inte båda. Ta bort de rader som "
                "räknas två gånger.")
    return replace(stats, counts=kept, findings=[*stats.findings, *findings])


def goal_value_rules(model: Model, values: GoalValues, today: dt.date) -> GoalValues:
    """The outcomes with the rows these rules find left out, and their findings added."""
    findings: list[Finding] = []
    kept: list[Outcome] = []
    seen: dict[tuple[str, str], Outcome] = {}

    def add(outcome: Outcome, code: str, message: str, hint: str) -> None:
        findings.append(Finding(outcome.source, outcome.row, code, message, hint, model.severity_of(code)))

    for outcome in sorted(values.outcomes, key=lambda o: (o.source, o.row)):
        if outcome.period.start > today:
            add(outcome, "goal_value_future",
                f"Rad {outcome.row} är ett utfall för {outcome.indicator} {period_name(outcome.period)}, som inte "
                f"har börjat ({today.isoformat()}).",
                "Rätta perioden, kanske året. Ett utfall kan bara finnas för en period som har börjat.")
            continue
        key = (outcome.indicator, outcome.period.text)
        other = seen.get(key)
        if other is not None:
            add(outcome, "goal_value_duplicate",
                f"Rad {outcome.row} gäller samma indikator och period ({outcome.indicator}, {outcome.period.text}) "
                f"som {_row_in(other.row, other.source, outcome.source)}.",
                "Ta bort den ena raden. Står utfallet i två filer, behåll det i den ena.")
            continue
        seen[key] = outcome
        kept.append(outcome)
    return replace(values, outcomes=kept, findings=[*values.findings, *findings])
