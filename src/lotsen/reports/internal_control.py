"""The nämnd's internkontrollplan (kommunallagen 6 kap. 6 §) and its follow-up at year
end, as Documents (reports/document.py).

The plan holds the risks in force that the model's rule chooses (lotsen.yaml:
``internal_control``): a score at or above ``from_score``, or the field with
``role: internal_control`` set to its first value. Each risk stands with the controls
that check it: what is checked, the method, who is responsible, how often and in which
months, as municipalities' plans set them out. The follow-up gives, for each of those
controls, how many planned months were done, the latest result with its assessment and
outcome, and the actions the results led to."""

from __future__ import annotations

from lotsen.numbers import show_number
from lotsen.reports.document import Chapter, Document
from lotsen.reports.labels import labels
from lotsen.reports.tables import BarChart, Cell, Link, Section, Styled, Table
from lotsen.reports.year import (
    DONE,
    MONTH_NAMES,
    NOT_DONE,
    PLANNED,
    assessment_cell,
    month_state,
    planned_months,
    results_by_control,
)
from lotsen.source.index import ObjectIndex
from lotsen.source.scanner import NeedSource
from lotsen.words import plural

NO_CONTROL = Styled("Ingen egenkontroll", ("lotsen-missing",))


def plan_risks(index: ObjectIndex) -> list[tuple[NeedSource, str]]:
    """The risks in the plan, highest score first, each with why it is there."""
    model = index.model
    rule, risk_cfg = model.internal_control, model.risk
    marker = model.field_for("internal_control")
    first = model.fields[marker].values[0] if marker and model.fields[marker].values else None
    state = model.field_for("state")
    chosen = []
    for risk in index.of_type(risk_cfg.type):
        if risk_cfg.active_statuses and risk.value(state) not in risk_cfg.active_statuses:
            continue
        score = index.score(risk)
        reasons = []
        if rule.from_score and score is not None and score >= rule.from_score:
            reasons.append(f"riskvärde {rule.from_score} eller mer")
        if first is not None and risk.value(marker) == first:
            reasons.append("vald av nämnden")
        if reasons:
            chosen.append((risk, " och ".join(reasons).capitalize()))
    return sorted(chosen, key=lambda pair: (-(index.score(pair[0]) or 0), pair[0].id))


def controls_of(index: ObjectIndex, risk: NeedSource) -> list[NeedSource]:
    return sorted(index.sources(risk.id, index.model.risk.control_link), key=lambda c: c.id)


def _months(index: ObjectIndex, control: NeedSource) -> str:
    return ", ".join(MONTH_NAMES[m - 1] for m in planned_months(index, control))


def _level(index: ObjectIndex, score: int | None) -> Cell:
    level = index.model.risk.level(score) if score is not None else None
    if level is None:
        return "–"
    return Styled(level.label, (f"lotsen-level-{index.model.risk.levels.index(level) + 1}",))


def _rule_text(index: ObjectIndex) -> str:
    rule, marker = index.model.internal_control, index.model.field_for("internal_control")
    parts = []
    if rule.from_score:
        parts.append(f"har ett riskvärde på {rule.from_score} eller mer")
    if marker:
        parts.append(f"är markerade för planen i fältet '{index.model.fields[marker].label or marker}'")
    if not parts:
        return ("Modellen säger inte vilka risker som ska stå i planen. Åtgärd: ange 'internal_control' "
                "med 'from_score' i lotsen.yaml, eller ge ett fält rollen 'internal_control'.")
    return f"Planen tar upp de gällande risker som {' eller '.join(parts)}."


def internal_control_plan(index: ObjectIndex, year: int) -> Document:
    role = index.model.field_for
    process_link = index.model.reports.risk_process_link
    table = Table("internkontrollplan", f"Internkontrollplan {year}",
                  ["Risk", "Rubrik", "Process", "Riskvärde", "Nivå", "Varför i planen", "Egenkontroll",
                   "Kontrollmoment", "Metod", "Ansvarig", "Frekvens", "Månader"], row_headers=True,
                  empty="Inga risker uppfyller regeln för planen.")
    chosen = plan_risks(index)
    without = 0
    for risk, reason in chosen:
        processes = [Link(p.id, p.title) for p in index.targets(risk, process_link)] if process_link else []
        head: list[Cell] = [Link(risk.id, risk.title), risk.title, processes, index.score(risk) or "",
                            _level(index, index.score(risk)), reason]
        controls = controls_of(index, risk)
        if not controls:
            without += 1
            table.rows.append([*head, NO_CONTROL, "", "", labels(index, risk, role("owner")), "", ""])
            table.row_classes.append(("lotsen-missing",))
        for control in controls:
            table.rows.append([*head, Link(control.id, control.title), control.title,
                               control.value(role("control_method")), labels(index, control, role("responsible")),
                               control.value(role("control_frequency")), _months(index, control)])
            table.row_classes.append(())
    controls = {c.id for risk, _ in chosen for c in controls_of(index, risk)}
    text = [_rule_text(index), "Ansvarig är den som ansvarar för egenkontrollen; för en risk utan egenkontroll "
            "står riskens ägare."]
    if without:
        text.append(f"{plural(without, 'risk', 'risker')} i planen saknar egenkontroll och behöver en.")
    section = Section("Risker och kontroller", text, table,
                      figures=[("Risker i planen", str(len(chosen))), ("Egenkontroller", str(len(controls))),
                               ("Risker utan egenkontroll", str(without))])
    return Document(f"internkontrollplan-{year}", f"Internkontrollplan {year}", index.model.organisation,
                    f"Förslag till nämnden, enligt läget den {index.today.isoformat()}",
                    [Chapter("plan", "Planen", [section])])


def follow_up(index: ObjectIndex, year: int) -> Document:
    """How the plan's controls went during ``year`` (as of the index's date)."""
    role = index.model.field_for
    actions_link = index.model.results.actions_link
    table = Table("uppfoljning", f"Uppföljning av internkontrollplanen {year}",
                  ["Egenkontroll", "Risk", "Planerade", "Genomförda", "Ej genomförda", "Läge", "Senaste resultat",
                   "Bedömning", "Utfall", "Åtgärder"], row_headers=True,
                  empty="Planen har inga egenkontroller att följa upp.")
    chart_groups: list[tuple[str, list[Cell]]] = []
    totals = {PLANNED: 0, DONE: 0, NOT_DONE: 0}
    seen: set[str] = set()
    for risk, _ in plan_risks(index):
        for control in controls_of(index, risk):
            if control.id in seen:
                continue
            seen.add(control.id)
            states = [month_state(index, control, year, m)[0] for m in planned_months(index, control)]
            counts = {s: states.count(s) for s in (PLANNED, DONE, NOT_DONE)}
            for key, value in counts.items():
                totals[key] += value
            results = [r for r in results_by_control(index).get(control.id, []) if r.period.year == year]
            latest = results[-1] if results else None
            actions = sorted({a for r in results for a in r.need.values(actions_link)}) if actions_link else []
            outcome = latest.need.value(role("outcome")) if latest else ""
            table.rows.append([
                Link(control.id, control.title), [Link(r.id, r.title) for r in controls_risks(index, control)],
                len(states), counts[DONE], counts[NOT_DONE], _state(counts, len(states)),
                Link(latest.need.id, latest.need.title) if latest else "", assessment_cell(index, latest),
                show_number(outcome) if outcome else "",
                [Link(a, index.by_id[a].title if a in index.by_id else "") for a in actions]])
            chart_groups.append((control.id, [len(states), counts[DONE]]))
    done_share = round(100 * totals[DONE] / (totals[DONE] + totals[NOT_DONE])) if totals[DONE] + totals[NOT_DONE] else None
    figures = [("Egenkontroller i planen", str(len(seen))), ("Genomförda tillfällen", str(totals[DONE])),
               ("Ej genomförda tillfällen", str(totals[NOT_DONE])), ("Kvar att göra", str(totals[PLANNED]))]
    if done_share is not None:
        figures.append(("Andel genomförda av de som skulle vara klara", f"{done_share} %"))
    chart = BarChart(f"Planerade och genomförda egenkontroller {year}", ["Planerade", "Genomförda"],
                     chart_groups) if chart_groups else None
    section = Section("Egenkontrollerna under året",
                      [f"Läget den {index.today.isoformat()}. Ett tillfälle är ej genomfört när månaden har "
                       f"slutat för mer än {plural(index.model.results.grace_days, 'dag', 'dagar')} sedan utan "
                       "resultat."],
                      table, figures=figures, chart=chart)
    return Document(f"uppfoljning-internkontroll-{year}", f"Uppföljning av internkontrollplanen {year}",
                    index.model.organisation, f"Läget den {index.today.isoformat()}",
                    [Chapter("uppfoljning", "Uppföljning", [section])])


def controls_risks(index: ObjectIndex, control: NeedSource) -> list[NeedSource]:
    return sorted(index.targets(control, index.model.risk.control_link), key=lambda r: r.id)


def _state(counts: dict[str, int], planned: int) -> Styled:
    if planned == 0:
        return Styled("Saknar månad", ("lotsen-missing",))
    if counts[NOT_DONE]:
        return Styled("Ej genomförd i tid", ("lotsen-missing",))
    if counts[DONE] == planned:
        return Styled("Klar", ("lotsen-ok",))
    return Styled("Pågår", ())
