"""The year of the controls: which planned controls were done, when and with what
assessment (the årshjul), and each control's results over time."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from lotsen.numbers import parse_number, show_number
from lotsen.periods import Period, parse_period
from lotsen.reports.labels import names
from lotsen.reports.rollup import unit_section
from lotsen.reports.tables import Link, Report, Section, Styled, Table
from lotsen.source.index import ObjectIndex
from lotsen.source.scanner import NeedSource

MONTH_NAMES = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
               "september", "oktober", "november", "december"]

PLANNED, DONE, NOT_DONE = "Planerad", "Genomförd", "Ej genomförd"
STATE_CLASS = {PLANNED: (), DONE: ("lotsen-ok",), NOT_DONE: ("lotsen-missing",)}


@dataclass(frozen=True)
class Result:
    """One performed control: the result object and the period it covers."""

    need: NeedSource
    period: Period


def results_by_control(index: ObjectIndex) -> dict[str, list[Result]]:
    """Control ID -> its results (drafts left out), oldest period first."""
    def compute() -> dict[str, list[Result]]:
        model, cfg = index.model, index.model.results
        found: dict[str, list[Result]] = defaultdict(list)
        if not cfg.type:
            return found
        state, drafts = model.field_for("state"), set(model.publishing.draft_statuses)
        period_field = model.field_for("result_period")
        for need in index.of_type(cfg.type):
            period = parse_period(need.value(period_field)) if period_field else None
            if period is None or need.value(state) in drafts:
                continue
            for control_id in need.values(cfg.control_link):
                found[control_id].append(Result(need, period))
        for results in found.values():
            results.sort(key=lambda r: (r.period.start, r.period.end, r.need.id))
        return found
    return index.memo("results_by_control", compute)  # type: ignore[return-value]


def planned_months(index: ObjectIndex, control: NeedSource) -> list[int]:
    months = index.model.months
    return sorted({months.index(m) + 1 for m in control.values(index.model.field_for("control_months")) if m in months})


def month_state(index: ObjectIndex, control: NeedSource, year: int, month: int) -> tuple[str, Result | None]:
    """Planerad, Genomförd (with the result) or Ej genomförd: a planned month whose end,
    plus the model's grace days, lies before the build date without a result."""
    for result in results_by_control(index).get(control.id, []):
        if result.period.year == year and month in result.period.months:
            return DONE, result
    end = Period(year, month, month, "").end
    if index.today > end + dt.timedelta(days=index.model.results.grace_days):
        return NOT_DONE, None
    return PLANNED, None


def assessment_cell(index: ObjectIndex, result: Result | None) -> Styled | str:
    field_name = index.model.field_for("assessment")
    if result is None or not field_name:
        return ""
    value = result.need.value(field_name)
    values = index.model.fields[field_name].values
    rank = values.index(value) if value in values else -1
    classes = ("lotsen-ok",) if rank == 0 else ("lotsen-missing",) if rank == len(values) - 1 else ("lotsen-soon",)
    return Styled(value, classes if rank >= 0 else ())


def annual_wheel(index: ObjectIndex, year: int | None = None) -> Report:
    """The year's controls month by month: this year's (the site's), or ``year``'s, whose
    months are judged by the build date all the same (the nämnd's papers for a year)."""
    role = index.model.field_for
    model = index.model
    controls = index.of_type(model.structure.control_type)
    year = index.today.year if year is None else year
    current = index.today.month if year == index.today.year else 0  # 0: no month of it is this one
    table = Table("arshjul", f"Egenkontroller månad för månad {year}",
                  ["Månad", "Egenkontroll", "Läge", "Bedömning", "Resultat", "Metod", "Frekvens", "Ansvarig",
                   "Enheter"], row_headers=True)
    per_month: dict[int, Counter] = defaultdict(Counter)
    states_of: dict[str, list[str]] = defaultdict(list)
    planned = [(c, planned_months(index, c)) for c in controls]  # once per control, not per month
    for number in range(1, 13):
        due = [c for c, months in planned if number in months]
        name = MONTH_NAMES[number - 1].capitalize()
        marker = f"{name} (denna månad)" if number == current else name
        for control in sorted(due, key=lambda c: c.id):
            state, result = month_state(index, control, year, number)
            per_month[number][state] += 1
            states_of[control.id].append(state)
            table.rows.append([marker, Link(control.id, control.title), Styled(state, STATE_CLASS[state]),
                               assessment_cell(index, result), Link(result.need.id, result.need.title) if result else "",
                               control.value(role("control_method")), control.value(role("control_frequency")),
                               names(index.model, control, role("responsible")), ", ".join(control.values(role("units")))])
            table.row_classes.append(("lotsen-current",) if number == current else ())
    header = ["Planerade", "Genomförda", "Ej genomförda"]
    months_table = Table("per-manad", f"Läge per månad {year}", ["Månad", *header], row_headers=True)
    for number in range(1, 13):
        c = per_month[number]
        months_table.rows.append([MONTH_NAMES[number - 1].capitalize(), c[PLANNED], c[DONE], c[NOT_DONE]])
    missing = Table("utan-manad", "Egenkontroller utan månad", ["Egenkontroll", "Ansvarig"], row_headers=True,
                    empty="Alla egenkontroller har minst en månad.")
    for control in controls:
        if not control.values(role("control_months")):
            missing.rows.append([Link(control.id, control.title), names(index.model, control, role("responsible"))])
    totals = Counter()
    for c in per_month.values():
        totals.update(c)
    this_month = sum(per_month[current].values())
    grace = model.results.grace_days
    marked = f"{MONTH_NAMES[current - 1].capitalize()} är markerad. " if current else ""
    this = [(f"Denna månad ({MONTH_NAMES[current - 1]})", str(this_month))] if current else []
    return Report("arshjul", "Årshjul för egenkontroller",
                  f"Vilka egenkontroller som görs varje månad {year} och om de är gjorda. "
                  f"{marked}En kontroll är ej genomförd när "
                  f"månaden har slutat för mer än {grace} dagar sedan ({index.today.isoformat()}) utan resultat.",
                  [Section("Månad för månad", [], table,
                           figures=[("Egenkontroller", str(len(controls))), *this,
                                    ("Genomförda", str(totals[DONE])), ("Ej genomförda", str(totals[NOT_DONE])),
                                    ("Planerade", str(totals[PLANNED]))]),
                   Section("Per månad", [], months_table),
                   unit_section(index, "per-enhet", f"Läge per enhet {year}", [PLANNED, DONE, NOT_DONE], controls,
                                lambda c: states_of[c.id]),
                   Section("Saknar månad", ["Egenkontroller utan månad syns inte i årshjulet och är ett fynd i kontrollen."], missing)])


def control_results(index: ObjectIndex, control: NeedSource) -> Table:
    """A control's results over time, oldest first."""
    role = index.model.field_for
    measure = control.value(role("outcome_measure"))
    table = Table(f"resultat-{control.id.lower()}", f"Resultat av {control.id} över tid",
                  ["Period", "Resultat", "Genomförd", "Bedömning", "Granskade", measure or "Utfall", "Per enhet"],
                  row_headers=True, empty="Inga resultat ännu.")
    for result in results_by_control(index).get(control.id, []):
        need = result.need
        outcome = need.value(role("outcome"))
        table.rows.append([result.period.text, Link(need.id, need.title), need.value(role("performed_date")),
                           assessment_cell(index, result), show_number(need.value(role("sample_size"))),
                           show_number(outcome) if outcome else "",
                           need.value(role("outcome_per_unit")).replace(".", ",")])
    return table


def trend_points(index: ObjectIndex, control: NeedSource) -> list[tuple[str, float, str]]:
    """(period, outcome, outcome as shown) for every result with an outcome."""
    field_name = index.model.field_for("outcome")
    points = []
    for result in results_by_control(index).get(control.id, []):
        raw = result.need.value(field_name) if field_name else ""
        value = parse_number(raw)
        if value is not None:
            points.append((result.period.text, value, show_number(raw)))
    return points


def latest_result(index: ObjectIndex, control: NeedSource) -> Result | None:
    results = results_by_control(index).get(control.id, [])
    return results[-1] if results else None
