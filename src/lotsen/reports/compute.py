"""The quality lead's reports, computed from the object index."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict

from lotsen.checks.coverage import coverage
from lotsen.model import COVERAGE_GATES
from lotsen.numbers import show_percent
from lotsen.reports.goals import goals_report
from lotsen.reports.labels import label_list as _label_list
from lotsen.reports.labels import labels as _labels
from lotsen.reports.rollup import coverage_per_unit, unit_section
from lotsen.reports.statistics import statistics_report
from lotsen.reports.tables import Cell, HeatCell, Link, Report, Section, Styled, Table
from lotsen.reports.year import annual_wheel
from lotsen.source.index import ObjectIndex, steps
from lotsen.source.scanner import NeedSource
from lotsen.words import plural


def link(need: NeedSource) -> Link:
    return Link(need.id, need.title)


def links(needs: list[NeedSource]) -> list[Link]:
    seen: dict[str, NeedSource] = {}
    for need in needs:
        seen.setdefault(need.id, need)
    return [link(n) for n in sorted(seen.values(), key=lambda n: n.id)]


# --------------------------------------------------------------------------- traceability
def traceability(index: ObjectIndex) -> Report:
    role = index.model.field_for
    cfg, s = index.model.reports, index.model.structure
    fulfils = cfg.fulfils_link
    matrix = Table("krav", "Krav och det som uppfyller dem",
                   ["Krav", "Källa", "Processer", "Rutiner", "Rutiner via processen", "Egenkontroller", "Täckning"],
                   row_headers=True)
    for krav in sorted(index.of_type(cfg.requirement_type), key=lambda n: n.id):
        direct = index.sources(krav.id, fulfils)
        processes = [n for n in direct if n.type == cfg.process_type]
        routines = [n for n in direct if n.type == s.routine_type]
        controls = [n for n in direct if n.type == s.control_type]
        covering_processes = {d for p in processes for d in [p.id, *index.descendants(p.id)]}
        # routines reached through the processes (by their incoming links: no scan of all routines)
        direct_ids = {r.id for r in routines}  # one object per ID in the index
        via = [r for pid in sorted(covering_processes) for r in index.sources(pid, s.routine_process_link)
               if r.id not in direct_ids]
        covered = bool(direct)
        matrix.rows.append([link(krav), krav.value(role("legal_source")), links(processes), links(routines),
                            links(via), links(controls),
                            Styled("Täckt", ("lotsen-ok",)) if covered else Styled("Ej täckt", ("lotsen-missing",))])
        matrix.row_classes.append(() if covered else ("lotsen-missing",))

    chain = Table("processer", "Process, rutiner, risker och egenkontroller",
                  ["Process", "Rutiner", "Risker", "Egenkontroller"], row_headers=True)
    for process in index.of_type(cfg.process_type):
        routines = index.sources(process.id, s.routine_process_link)
        risks = index.sources(process.id, cfg.risk_process_link) + [
            r for routine in routines for r in index.targets(routine, cfg.routine_risk_link)]
        controls = [c for r in risks for c in index.sources(r.id, index.model.risk.control_link)] + [
            c for routine in routines for c in index.sources(routine.id, cfg.control_routine_link)]
        chain.rows.append([link(process), links(routines), links(risks), links(controls)])
    uncovered = sum(1 for row in matrix.rows if plain_status(row[-1]) == "Ej täckt")
    return Report("sparbarhet", "Spårbarhetsmatris",
                  "Vilka processer, rutiner och egenkontroller som uppfyller varje krav, och hur "
                  "processerna hänger ihop med rutiner, risker och kontroller.",
                  [Section("Krav", [f"{len(matrix.rows)} krav, varav {uncovered} utan täckning. "
                                    "Rutiner via processen hör till en process som uppfyller kravet."], matrix),
                   Section("Processer", [], chain)])


def plain_status(cell: Cell) -> str:
    return cell.value if isinstance(cell, Styled) else str(cell)


# --------------------------------------------------------------------------- risks
def _level_cell(index: ObjectIndex, score: int | None) -> Styled:
    level = index.model.risk.level(score) if score is not None else None
    if level is None:
        return Styled("–")
    return Styled(level.label, (f"lotsen-level-{index.model.risk.levels.index(level) + 1}",))


def risk_register(index: ObjectIndex) -> Report:
    role = index.model.field_for
    model, cfg = index.model, index.model.reports
    risk_cfg = model.risk
    risks = [r for r in index.of_type(risk_cfg.type)]
    likelihoods = list(model.scales[model.fields[risk_cfg.likelihood].scale])
    consequences = list(model.scales[model.fields[risk_cfg.consequence].scale])

    heatmap = Table("matris", "Antal risker per sannolikhet och konsekvens",
                    ["Konsekvens \\ sannolikhet"] + [f"{v} {model.scales[model.fields[risk_cfg.likelihood].scale][v]}" for v in likelihoods],
                    row_headers=True)
    cells: dict[tuple[int, int], list[NeedSource]] = defaultdict(list)
    for risk in risks:
        if index.score(risk) is not None:
            cells[(int(risk.value(risk_cfg.likelihood)), int(risk.value(risk_cfg.consequence)))].append(risk)
    conseq_scale = model.scales[model.fields[risk_cfg.consequence].scale]
    for k in reversed(consequences):
        row: list[Cell] = [f"{k} {conseq_scale[k]}"]
        for s in likelihoods:
            found = cells.get((s, k), [])
            level = _level_cell(index, s * k)
            row.append(Styled(HeatCell(len(found), s * k, str(level.value), links(found)), level.classes))
        heatmap.rows.append(row)

    register = Table("register", "Risker sorterade efter riskvärde",
                     ["Risk", "Rubrik", "Sannolikhet", "Konsekvens", "Riskvärde", "Nivå", "Ägare", "Status",
                      "Egenkontroller", "Rutiner"], row_headers=True)
    ordered = sorted(risks, key=lambda r: (-(index.score(r) or 0), r.id))
    for risk in ordered:
        score = index.score(risk)
        register.rows.append([
            Link(risk.id, risk.title), risk.title, risk.value(risk_cfg.likelihood), risk.value(risk_cfg.consequence),
            score if score is not None else "", _level_cell(index, score),
            _labels(index, risk, role("owner")), risk.value(role("state")),
            links(index.sources(risk.id, risk_cfg.control_link)),
            links(index.sources(risk.id, cfg.routine_risk_link)),
        ])
    counts = Counter(str(_level_cell(index, index.score(r)).value) for r in risks)
    figures = [(lv.label, str(counts.get(lv.label, 0))) for lv in risk_cfg.levels]
    return Report("riskregister", "Riskregister",
                  f"Riskvärdet är {risk_cfg.likelihood} gånger {risk_cfg.consequence}. Risker med värde "
                  f"{risk_cfg.control_required_from} eller mer ska ha en egenkontroll.",
                  [Section("Riskmatris", ["Varje ruta visar antal risker, riskvärde och nivå, och leder till riskerna."],
                           heatmap, figures=[("Risker", str(len(risks)))] + figures),
                   Section("Alla risker", [], register),
                   unit_section(index, "per-enhet", "Risker per enhet och nivå", [lv.label for lv in risk_cfg.levels],
                                risks, lambda r: [str(_level_cell(index, index.score(r)).value)])])


# --------------------------------------------------------------------------- review
def review_status(index: ObjectIndex) -> Report:
    role = index.model.field_for
    model = index.model
    review = model.review
    soon = index.today + dt.timedelta(days=review.due_soon_days)
    rows = []
    for need in index.by_id.values():
        if need.type not in review.types or need.value(role("state")) not in review.statuses:
            continue
        due = index.date(need, role("review_date"))
        if due is None:
            continue
        state = "Försenad" if due < index.today else ("Snart" if due <= soon else "I tid")
        rows.append((due, need, state))
    rows.sort(key=lambda r: (r[0], r[1].id))
    table = Table("revision", "Dokument efter revisionsdatum",
                  ["Dokument", "Rubrik", "Revideras senast", "Dagar kvar", "Läge", "Ägare", "Enheter"], row_headers=True)
    state_class = {"Försenad": ("lotsen-missing",), "Snart": ("lotsen-soon",), "I tid": ()}
    for due, need, state in rows:
        table.rows.append([link(need), need.title, due.isoformat(), (due - index.today).days, Styled(state, state_class[state]),
                           _labels(index, need, role("owner")), ", ".join(need.values(role("units")))])
        table.row_classes.append(state_class[state])

    def summary(key: str, title: str, keys_of) -> Table:
        counts: dict[str, Counter] = defaultdict(Counter)
        for _, need, state in rows:
            for key_value in keys_of(need) or ["(ingen)"]:
                counts[key_value][state] += 1
        t = Table(key, title, [title.split()[-1].capitalize(), "Försenade", "Snart", "I tid"], row_headers=True)
        for name in sorted(counts):
            c = counts[name]
            t.rows.append([name, c["Försenad"], c["Snart"], c["I tid"]])
        return t

    by_owner = summary("per-agare", "Läge per ägare", lambda n: _label_list(index, n, role("owner")))
    plural_of = {"Försenad": "Försenade", "Snart": "Snart", "I tid": "I tid"}
    state_of = {need.id: plural_of[state] for _, need, state in rows}
    by_unit = unit_section(index, "per-enhet", "Läge per enhet", ["Försenade", "Snart", "I tid"],
                           [need for _, need, _ in rows], lambda n: [state_of[n.id]])
    counts = Counter(state for _, _, state in rows)
    return Report("revision", "Revisionsläge",
                  f"Fastställda dokument efter datum för senaste revision. 'Snart' betyder inom "
                  f"{plural(review.due_soon_days, 'dag', 'dagar')} från {index.today.isoformat()}.",
                  [Section("Alla dokument", [], table,
                           figures=[("Försenade", str(counts["Försenad"])), ("Snart", str(counts["Snart"])),
                                    ("I tid", str(counts["I tid"]))]),
                   Section("Per ägare", [], by_owner), by_unit])


# --------------------------------------------------------------------------- coverage
def coverage_report(index: ObjectIndex) -> Report:
    shares = coverage(index)
    figures = Table("tackning", "Täckning och kvalitetsgränser",
                    ["Mått", "Täckta", "Totalt", "Andel", "Gräns", "Resultat"], row_headers=True)
    sections = []
    for name, share in shares.items():
        floor = index.model.coverage.get(name)
        ok = floor is None or share.percent >= floor
        figures.rows.append([COVERAGE_GATES[name].capitalize(), share.covered, len(share.total), show_percent(share.percent),
                             show_percent(floor) if floor is not None else "–",
                             Styled("Godkänd" if ok else "Under gränsen", ("lotsen-ok",) if ok else ("lotsen-missing",))])
        missing = Table(f"saknas-{name}", f"Saknas: {COVERAGE_GATES[name]}", ["Objekt", "Rubrik"], row_headers=True,
                        empty="Inga, allt är täckt.")
        for need in share.missing:
            missing.rows.append([link(need), need.title])
        sections.append(Section(f"Saknas: {COVERAGE_GATES[name]}", [], missing))
    return Report("tackning", "Täckning",
                  "Hur stor del av kraven, de allvarliga riskerna och rutinerna som hänger ihop med resten. "
                  "Gränserna står i modellen; under en gräns stoppas bygget.",
                  [Section("Översikt", [], figures)] + sections + [coverage_per_unit(index, shares)])



# --------------------------------------------------------------------------- actions
def actions_report(index: ObjectIndex) -> Report:
    role = index.model.field_for
    model, cfg = index.model, index.model.reports
    actions = index.of_type(cfg.action_type)

    def state(need: NeedSource) -> str:
        if need.value(role("state")) in cfg.action_closed_statuses:
            return "Stängd"
        due = index.date(need, role("due_date"))
        return "Försenad" if due is not None and due < index.today else "Öppen"

    states = {a.id: state(a) for a in actions}
    table = Table("atgarder", "Alla åtgärder",
                  ["Åtgärd", "Rubrik", "Status", "Läge", "Klar senast", "Ursprung", "Ansvarig", "Åtgärdar", "Klar",
                   "Effekt"], row_headers=True)
    order = {"Försenad": 0, "Öppen": 1, "Stängd": 2}
    state_class = {"Försenad": ("lotsen-missing",), "Öppen": (), "Stängd": ("lotsen-ok",)}
    for action in sorted(actions, key=lambda a: (order[states[a.id]], a.value(role("due_date")) or "9999", a.id)):
        st = states[action.id]
        table.rows.append([Link(action.id, action.title), action.title, action.value(role("state")), Styled(st, state_class[st]),
                           action.value(role("due_date")), action.value(role("origin")),
                           _labels(index, action, role("responsible")),
                           links([t for link_name in model.types[cfg.action_type].links for t in index.targets(action, link_name)]),
                           action.value(role("completion_date")), action.value(role("effect"))])
        table.row_classes.append(state_class[st])

    def by(key: str, title: str, values_of) -> Table:
        counts: dict[str, Counter] = defaultdict(Counter)
        for action in actions:
            for value in values_of(action) or ["(inget)"]:
                counts[value][states[action.id]] += 1
        t = Table(key, title, [title.split()[-1].capitalize(), "Öppna", "Försenade", "Stängda"], row_headers=True)
        for name in sorted(counts):
            c = counts[name]
            t.rows.append([name, c["Öppen"], c["Försenad"], c["Stängd"]])
        return t

    origin_field = model.fields.get(role("origin"))
    origins = by("per-ursprung", "Åtgärder per ursprung", lambda a: a.values(role("origin")))
    present = {row[0] for row in origins.rows}
    for value in (origin_field.values if origin_field else ()):
        if value not in present:  # every origin is shown, also with no action
            origins.rows.append([value, 0, 0, 0])
    origins.rows.sort(key=lambda r: str(r[0]))
    responsible = by("per-ansvarig", "Åtgärder per ansvarig",
                     lambda a: _label_list(index, a, role("responsible")))
    counts = Counter(states.values())
    return Report("atgarder", "Åtgärder",
                  "Förbättringsåtgärder och hur det går med dem. En öppen åtgärd vars datum har passerat är försenad.",
                  [Section("Alla åtgärder", [], table,
                           figures=[("Öppna", str(counts["Öppen"])), ("Försenade", str(counts["Försenad"])),
                                    ("Stängda", str(counts["Stängd"]))]),
                   Section("Per ursprung", [], origins), Section("Per ansvarig", [], responsible),
                   unit_section(index, "per-enhet", "Åtgärder per enhet", ["Öppna", "Försenade", "Stängda"],
                                actions, lambda a: [{"Öppen": "Öppna", "Försenad": "Försenade", "Stängd": "Stängda"}[states[a.id]]])])


# --------------------------------------------------------------------------- processes
def overview_members(index: ObjectIndex, process: NeedSource) -> dict[str, list[NeedSource]]:
    """Every object a process's overview is made from, by what it is there as: the
    process and its delprocesser (all levels), their routines, risks and controls."""
    cfg, s = index.model.reports, index.model.structure
    family = [process.id, *index.descendants(process.id)]
    routines = [r for pid in family for r in index.sources(pid, s.routine_process_link)]
    risks = [r for pid in family for r in index.sources(pid, cfg.risk_process_link)] + [
        r for routine in routines for r in index.targets(routine, cfg.routine_risk_link)]
    controls = [c for r in risks for c in index.sources(r.id, index.model.risk.control_link)] + [
        c for routine in routines for c in index.sources(routine.id, cfg.control_routine_link)]
    return {"family": [index.by_id[pid] for pid in family], "routines": routines, "risks": risks,
            "controls": controls}


def process_overview(index: ObjectIndex, process: NeedSource) -> tuple[str, Report]:
    """The process map (mermaid source) and the tables shown on a process's own page:
    made from ``overview_members`` alone (sphinx/incremental.py relies on it)."""
    role = index.model.field_for
    members = overview_members(index, process)
    routines, risks, controls = members["routines"], members["risks"], members["controls"]

    def table(key: str, caption: str, needs: list[NeedSource], extra: list[str], values) -> Table:
        t = Table(key, caption, ["ID", "Rubrik", *extra], row_headers=True, empty="Inga.")
        seen = set()
        for need in sorted(needs, key=lambda n: n.id):
            if need.id not in seen:
                seen.add(need.id)
                t.rows.append([link(need), need.title, *values(need)])
        return t

    subs = [index.by_id[c] for c in index.children.get(process.id, [])]
    sections = [
        Section("Delprocesser", [], table("delprocesser", "Delprocesser", subs, ["Ägare"],
                                          lambda n: [_labels(index, n, role("owner"))])),
        Section("Rutiner", [], table("rutiner", "Rutiner i processen", routines, ["Status", "Revideras"],
                                     lambda n: [n.value(role("state")), n.value(role("review_date"))])),
        Section("Risker", [], table("risker", "Risker i processen", risks, ["Riskvärde"],
                                    lambda n: [index.score(n) or ""])),
        Section("Egenkontroller", [], table("kontroller", "Egenkontroller i processen", controls, ["Metod"],
                                            lambda n: [n.value(role("control_method"))])),
    ]
    return process_map(index, process), Report(f"process-{process.id.lower()}", process.title, "", sections)


def _mermaid_text(text: str) -> str:
    return text.replace('"', "#quot;").replace("\n", " ")


def process_map(index: ObjectIndex, process: NeedSource) -> str:
    """A mermaid flowchart: each delprocess with its activities in order.

    Delprocesser are drawn side by side, not chained: the model says which process
    they belong to, not in what order they run.
    """
    heading = index.model.reports.activities_heading
    lines = ["flowchart TD"]

    def chain(prefix: str, need: NeedSource, indent: str) -> None:
        activities = steps(need, heading)
        for number, activity in enumerate(activities, 1):
            lines.append(f'{indent}{prefix}_{number}["{number}. {_mermaid_text(activity)}"]')
        for number in range(1, len(activities)):
            lines.append(f"{indent}{prefix}_{number} --> {prefix}_{number + 1}")

    subs = [index.by_id[c] for c in index.children.get(process.id, [])]
    if not subs:
        chain("A", process, "  ")
        return "\n".join(lines)
    for number, sub in enumerate(subs, 1):
        lines.append(f'  subgraph D{number}["{_mermaid_text(sub.title)}"]')
        lines.append("    direction TB")
        chain(f"D{number}A", sub, "    ")
        if not steps(sub, heading):
            lines.append(f'    D{number}A_0["{_mermaid_text(sub.title)}"]')
        lines.append("  end")
    return "\n".join(lines)


# --------------------------------------------------------------------------- change log
def change_log(index: ObjectIndex) -> Report:
    if index.changes is None:
        return Report("andringslogg", "Ändringslogg",
                      "Ändringsloggen byggs från git-historiken. Den här webbplatsen byggdes utanför ett "
                      "git-arkiv, så loggen är tom.", [])
    table = Table("andringar", "Versioner av fastställda dokument, nyast först",
                  ["Fastställd", "Dokument", "Rubrik", "Version", "Ändringsnotering", "Fastställd av"],
                  row_headers=False, empty="Inga ändringar av fastställda dokument ännu.")
    for change in index.changes:
        target = index.by_id.get(change.id)
        table.rows.append([change.date, Link(change.id, change.title) if target else change.id,
                           change.title, change.version, change.note or "–", change.approver or "–"])
    return Report("andringslogg", "Ändringslogg",
                  "Varje fastställd version av en rutin, med datum, ändringsnotering och vem som fastställde "
                  "den. Noteringen skrivs i dokumentet, i samma ändring som ger det ny version.",
                  [Section("Versioner", [], table)])


REPORTS = {
    "sparbarhet": traceability,
    "riskregister": risk_register,
    "arshjul": annual_wheel,
    "revision": review_status,
    "tackning": coverage_report,
    "atgarder": actions_report,
    "andringslogg": change_log,
    "statistik": statistics_report,
    "mal": goals_report,
}
