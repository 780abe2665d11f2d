"""The chapters about the year's work: egenkontroll, the case statistics, external
reviews and the actions. Every figure comes from the site's own reports (reports/year.py,
statistics.py, compute.py); these chapters choose and trim, they do not count again."""

from __future__ import annotations

from collections import Counter

from lotsen.numbers import show_number
from lotsen.reports.compute import link, links
from lotsen.reports.labels import labels
from lotsen.reports.statistics import statistics_report
from lotsen.reports.story.context import StoryContext
from lotsen.reports.story.scope import statistics_index
from lotsen.reports.story.site_reports import site_report
from lotsen.reports.tables import Section, Styled, Table
from lotsen.reports.year import assessment_cell, results_by_control
from lotsen.source.scanner import NeedSource


def year_results(ctx: StoryContext) -> list:
    """The year's results of the controls in this berättelse, by period and ID."""
    found = []
    controls = {c.id for c in ctx.index.of_type(ctx.index.model.structure.control_type)}
    for control_id, results in results_by_control(ctx.index).items():
        if control_id in controls:
            found += [r for r in results if r.period.year == ctx.year and r.period.start <= ctx.cut]
    return sorted(found, key=lambda r: (r.period.start, r.need.id))


def controls(ctx: StoryContext) -> list[Section]:
    index, model = ctx.index, ctx.index.model
    role = model.field_for
    wheel = site_report(index, "arshjul")
    months, _per_month, by_unit, without_month = wheel.sections
    by_unit.table = ctx.scope.unit_rows(by_unit.table)
    by_unit.title = "Planerade och genomförda per enhet"
    planned = Section("Planerat och genomfört", [wheel.intro], None,
                      figures=[f for f in months.figures if not f[0].startswith("Denna månad")])
    results = year_results(ctx)
    table = Table("resultat", f"Resultat av egenkontroller {ctx.year}",
                  ["Resultat", "Egenkontroll", "Period", "Bedömning", "Utfall", "Ledde till"], row_headers=True,
                  empty=f"Inga resultat {ctx.year}.")
    actions_link = model.results.actions_link
    control_ids = model.results.control_link
    assessments: Counter = Counter()
    for result in results:
        need = result.need
        outcome = need.value(role("outcome")) if role("outcome") else ""
        cell = assessment_cell(index, result)
        assessments[cell.value if isinstance(cell, Styled) else cell] += 1
        table.rows.append([link(need), links(index.targets(need, control_ids)), result.period.text, cell,
                           show_number(outcome) if outcome else "",
                           links(index.targets(need, actions_link)) if actions_link else ""])
    values = model.fields[role("assessment")].values if role("assessment") else ()
    figures = [("Resultat", str(len(results)))] + [(v.capitalize(), str(assessments[v])) for v in values]
    findings = _findings(ctx, results, values)
    sections = [planned, by_unit, Section("Resultat och bedömningar", [], table, figures=figures), findings]
    if without_month.table is not None and without_month.table.rows:
        sections.append(without_month)
    return sections


def _findings(ctx: StoryContext, results: list, values: tuple[str, ...]) -> Section:
    """What the controls found: the results judged worse than the best value, with the
    text the performer wrote."""
    table = Table("fynd", f"Egenkontroller med brister {ctx.year}", ["Resultat", "Bedömning", "Vad som hittades"],
                  row_headers=True, empty="Inga egenkontroller visade brister.")
    for result in results:
        cell = assessment_cell(ctx.index, result)
        value = cell.value if isinstance(cell, Styled) else cell
        if values and value in values[1:]:
            table.rows.append([link(result.need), cell, _first_paragraph(result.need)])
    return Section("Vad egenkontrollerna visade", [], table)


def _first_paragraph(need: NeedSource) -> str:
    lines, text = [line.strip() for line in need.body], []
    for line in lines:
        if not line and text:
            break
        if line and not line.startswith(("#", "*", "|", "```", ":")):
            text.append(line)
    return " ".join(text)


def statistics(ctx: StoryContext) -> list[Section]:
    report = statistics_report(statistics_index(ctx.scope))
    if not report.sections:
        return []
    for section in report.sections:
        section.text = [report.intro] + section.text if section is report.sections[0] else section.text
    return report.sections


def reviews(ctx: StoryContext) -> list[Section]:
    index, model = ctx.index, ctx.index.model
    type_name = model.story.review_type
    if not type_name:
        return []
    type_def = model.types[type_name]
    state = model.field_for("state")
    shown = [name for name in type_def.fields if name not in (model.field_for("units"), state)]
    dates = [name for name in type_def.fields if model.fields[name].kind == "date"]
    actions_link = model.results.actions_link if model.results.actions_link in type_def.links else ""
    table = Table("granskningar", f"{type_def.plural} {ctx.year}",
                  [type_def.title, *(model.fields[n].label for n in shown), "Enheter", "Vad granskningen visade",
                   "Ledde till", "Åtgärdernas status"], row_headers=True, empty=f"Inga {type_def.plural.lower()} {ctx.year}.")
    for need in sorted(index.of_type(type_name), key=lambda n: (n.value(dates[0]) if dates else "", n.id)):
        if dates and not ctx.in_year(index.date(need, dates[0])):
            continue
        led_to = index.targets(need, actions_link) if actions_link else []
        table.rows.append([link(need), *(need.value(n) for n in shown),
                           ", ".join(model.units.get(u, u) for u in index.named_units(need)),
                           _first_paragraph(need), links(led_to),
                           ", ".join(f"{a.id}: {a.value(state)}" for a in led_to)])
    return [Section(type_def.plural, [], table)]


def action_states(ctx: StoryContext) -> tuple[Section, dict[str, str]]:
    """The site's actions report for this berättelse, and each action's Läge on it."""
    report = site_report(ctx.index, "atgarder")
    everything = report.sections[0]
    states = {row[0].id: row[3].value for row in everything.table.rows}
    return everything, states


def actions(ctx: StoryContext) -> list[Section]:
    index, model = ctx.index, ctx.index.model
    role = model.field_for
    everything, states = action_states(ctx)
    report = site_report(index, "atgarder")
    by_unit = report.sections[-1]
    by_unit.table = ctx.scope.unit_rows(by_unit.table)
    closed = Table("stangda", f"Åtgärder som blev klara {ctx.year}", ["Åtgärd", "Ursprung", "Klar", "Effekt",
                   "Utvärdering av effekten"], row_headers=True, empty=f"Inga åtgärder blev klara {ctx.year}.")
    open_ = Table("oppna", "Öppna åtgärder som följer med till nästa år", ["Åtgärd", "Läge", "Klar senast",
                  "Ansvarig", "Ursprung"], row_headers=True, empty="Inga öppna åtgärder.")
    for action in sorted(index.of_type(model.reports.action_type), key=lambda n: n.id):
        state = states.get(action.id, "")
        if state == "Stängd":
            if ctx.in_year(index.date(action, role("completion_date"))):
                closed.rows.append([link(action), action.value(role("origin")), action.value(role("completion_date")),
                                    action.value(role("effect")) if role("effect") else "",
                                    action.value(role("effect_text")) if role("effect_text") else ""])
        else:
            open_.rows.append([link(action), Styled(state, ("lotsen-missing",) if state == "Försenad" else ()),
                               action.value(role("due_date")), labels(index, action, role("responsible")),
                               action.value(role("origin"))])
    added = [r for r in (ctx.changes.added if ctx.changes else []) if r.type == model.reports.action_type]
    figures = list(everything.figures)
    if ctx.changes is not None and not ctx.changes.note:
        figures.insert(0, (f"Nya {ctx.year}", str(sum(1 for r in added if r.id in index.by_id))))
    return [Section("Läget för åtgärderna", [report.intro], None, figures=figures),
            Section(f"Klara {ctx.year}, med effekt", [], closed),
            Section("Öppna åtgärder", [], open_), by_unit]
