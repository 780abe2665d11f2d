"""The chapters that look ahead: goals and indicators, and the improvement areas for
the coming year (open actions, high risks, results with shortcomings, indicators not
met)."""

from __future__ import annotations

from lotsen.reports.goals import unmet_indicators
from lotsen.reports.story.context import StoryContext
from lotsen.reports.story.site_reports import site_report
from lotsen.reports.story.year_work import action_states, year_results
from lotsen.reports.tables import Link, Section, Styled, Table
from lotsen.reports.year import assessment_cell

NO_GOALS = ("Modellen har inga mål eller indikatorer ännu, så kapitlet har inga siffror. Skriv om årets mål "
            "och hur de gick i kapitlets text.")


def goals(ctx: StoryContext) -> tuple[list[Section], str]:
    """The site's report of goals and indicators (reports/goals.py); without goals in
    the model, no sections and a note that says so."""
    if not ctx.index.model.goals.goal_type:
        return [], NO_GOALS
    report = site_report(ctx.index, "mal")
    if not report.sections:
        return [], NO_GOALS
    first = report.sections[0]
    first.text = [report.intro, *first.text]
    return report.sections, ""


def improvements(ctx: StoryContext) -> list[Section]:
    index, model = ctx.index, ctx.index.model
    _everything, states = action_states(ctx)
    late = Table("oppna-atgarder", "Öppna åtgärder, de försenade först", ["Åtgärd", "Läge"], row_headers=True,
                 empty="Inga öppna åtgärder.")
    for action_id, state in sorted(states.items(), key=lambda item: (item[1] != "Försenad", item[0])):
        if state != "Stängd":
            late.rows.append([Link(action_id, index.by_id[action_id].title),
                              Styled(state, ("lotsen-missing",) if state == "Försenad" else ())])
    threshold = model.risk.control_required_from
    register = site_report(index, "riskregister").sections[1].table
    high = Table("hoga-risker", f"Risker med riskvärde {threshold} eller mer", ["Risk", "Riskvärde", "Nivå", "Status"],
                 row_headers=True, empty=f"Inga risker har riskvärde {threshold} eller mer.")
    active = set(model.risk.active_statuses)
    for row in register.rows:
        score, state = row[4], row[7]
        if isinstance(score, int) and score >= threshold and (not active or state in active):
            high.rows.append([row[0], score, row[5], state])
    values = model.fields[model.field_for("assessment")].values if model.field_for("assessment") else ()
    shortcomings = Table("brister", f"Egenkontroller som visade brister {ctx.year}", ["Resultat", "Bedömning"],
                         row_headers=True, empty="Inga egenkontroller visade brister.")
    for result in year_results(ctx):
        cell = assessment_cell(index, result)
        if isinstance(cell, Styled) and values and cell.value in values[1:]:
            shortcomings.rows.append([Link(result.need.id, result.need.title), cell])
    sections = [Section("Öppna åtgärder", [], late), Section("Höga risker", [], high),
                Section("Brister i egenkontrollerna", [], shortcomings)]
    unmet = unmet_indicators(index)
    if unmet is not None:
        sections.append(Section("Indikatorer som inte nådde målet", [], unmet))
    return sections
