"""Rules for results of controls: each names a control that exists, a period the control
plans, and a date that has come; no two results of a control share a month; and the
values of each make sense (checks/result_values.py)."""

from __future__ import annotations

import datetime as dt

from lotsen.checks.result_values import file_pattern, value_findings
from lotsen.dates import parse_date
from lotsen.findings import Finding
from lotsen.model import Model
from lotsen.periods import Period, overlaps, parse_period, period_name
from lotsen.source.scanner import NeedSource


def result_findings(model: Model, needs: list[NeedSource], today: dt.date) -> list[Finding]:
    cfg = model.results
    if not cfg.type or not cfg.control_link:
        return []
    by_id: dict[str, NeedSource] = {}
    for need in needs:
        if need.id:
            by_id.setdefault(need.id, need)
    period_field = model.field_for("result_period")
    date_field = model.field_for("performed_date")
    months_field = model.field_for("control_months")
    findings: list[Finding] = []

    def add(need: NeedSource, line: int, code: str, message: str, hint: str) -> None:
        findings.append(Finding(need.file, line, code, message, hint, model.severity_of(code)))

    control_type = model.structure.control_type
    files = file_pattern(model)
    drafts, state = set(model.publishing.draft_statuses), model.field_for("state")
    #: control ID -> the results of it so far that are no drafts, with their periods
    earlier: dict[str, list[tuple[NeedSource, Period]]] = {}
    for need in needs:
        if need.type != cfg.type:
            continue
        name = need.id or need.title
        controls = need.values(cfg.control_link)
        if not controls:
            add(need, need.line, "result_control", f"Resultatet {name} säger inte vilken egenkontroll det gäller.",
                f"Lägg till ':{cfg.control_link}: KTRL-...' med egenkontrollens ID.")
        for control_id in controls:
            if control_id not in by_id:
                add(need, need.line_of(cfg.control_link), "result_control",
                    f"Resultatet {name} gäller egenkontrollen '{control_id}', som inte finns.",
                    "Kontrollera ID:t. Finns kontrollen inte längre: flytta resultatet till arkivet eller ta bort det.")
        period = parse_period(need.value(period_field)) if period_field else None
        for control_id in controls:
            control = by_id.get(control_id)
            if period is None or control is None or control.type != control_type or not months_field:
                continue
            planned = control.values(months_field)
            planned_numbers = {model.months.index(m) + 1 for m in planned if m in model.months}
            if planned_numbers and not planned_numbers.intersection(period.months):
                add(need, need.line_of(period_field), "result_period",
                    f"Resultatet {name} gäller {period.text}, men egenkontrollen {control_id} är inte planerad "
                    f"då. Den görs i: {', '.join(planned)}.",
                    f"Rätta perioden, eller lägg till månaden i ':{months_field}:' på {control_id} om planen har ändrats.")
        findings.extend(value_findings(model, need, period, [by_id[c] for c in controls if c in by_id], today, files))
        if period is not None and need.value(state) not in drafts:
            for control_id in dict.fromkeys(controls):
                results = earlier.setdefault(control_id, [])
                other = next(((n, p) for n, p in results if overlaps(p, period)), None)
                if other is None:
                    results.append((need, period))
                    continue
                first, first_period = other
                same = first_period == period
                add(need, need.line_of(period_field), "result_duplicate",
                    f"Resultatet {name} gäller {control_id} för {period.text}, men "
                    f"{first.id or first.title} gäller redan {control_id} för "
                    + ("samma period" if same else period_name(first_period)) + ".",
                    "Ett resultat per egenkontroll och period. Lägg ihop resultaten till ett, ta bort det ena, "
                    "eller rätta perioden om det gäller en annan.")
        done = parse_date(need.value(date_field)) if date_field else None
        if done is not None and done > today:
            add(need, need.line_of(date_field), "result_future",
                f"Resultatet {name} är genomfört {done.isoformat()}, efter byggdatumet {today.isoformat()}.",
                "Skriv datumet då kontrollen faktiskt gjordes. En kontroll som inte är gjord har inget resultat än.")
        elif period is not None and period.start > today:
            add(need, need.line_of(period_field), "result_future",
                f"Resultatet {name} gäller {period.text}, som inte har börjat ({today.isoformat()}).",
                "Rätta perioden. En kontroll som inte är gjord har inget resultat än.")
    return findings
