"""The chapters about how the quality work is organised: units and responsibility,
samverkan, processes and routines, and the risk analysis."""

from __future__ import annotations

from lotsen.reports.compute import link, links
from lotsen.reports.labels import labels
from lotsen.reports.rollup import unit_section
from lotsen.reports.story.context import StoryContext
from lotsen.reports.story.site_reports import site_report
from lotsen.reports.tables import Link, Section, Styled, Table
from lotsen.source.index import risk_score
from lotsen.source.scanner import NeedSource


def organisation(ctx: StoryContext) -> list[Section]:
    index, model = ctx.index, ctx.index.model
    tree, role = model.unit_tree, model.field_for
    kinds = [u.kind or "enhet" for u, _ in tree.rows_in_tree_order()
             if not ctx.scope.unit or u.code in tree.subtree(ctx.scope.unit)]
    plural = {"förvaltning": "förvaltningar", "avdelning": "avdelningar", "enhet": "enheter"}
    parts = [f"{kinds.count(k)} {k if kinds.count(k) == 1 else plural.get(k, k)}" for k in dict.fromkeys(kinds)]
    counts = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " och " + parts[-1]
    routine_type, control_type = model.structure.routine_type, model.structure.control_type
    types = [t for t in (routine_type, control_type, model.risk.type) if t in model.types]
    names = {t: model.types[t].plural for t in types}
    in_force = [n for t in types for n in index.of_type(t)]
    units = unit_section(index, "per-enhet", f"Enheter och det som gäller för dem {ctx.year}",
                         [names[t] for t in types], in_force, lambda n: [names[n.type]])
    units.title = "Enheter"
    units.table = ctx.scope.unit_rows(units.table)
    process_type = model.reports.process_type
    owners = Table("processagare", "Processer och deras ägare", ["Process", "Ägare", "Rutiner"], row_headers=True,
                   empty="Inga processer.")
    for process in sorted(index.of_type(process_type), key=lambda n: n.id):
        owners.rows.append([link(process), labels(index, process, role("owner")),
                            len(index.sources(process.id, model.structure.routine_process_link))])
    return [Section("Enheter", [f"Organisationen har {counts}."] + units.text, units.table),
            Section("Ansvar för processerna", [], owners)]


def cooperation(ctx: StoryContext) -> list[Section]:
    index, model = ctx.index, ctx.index.model
    link_name = model.story.cooperation_link
    if not link_name:
        return []
    table = Table("samverkan", "Processer som samverkar", ["Process", model.links[link_name].outgoing],
                  row_headers=True, empty="Inga processer har samverkan angiven.")
    for need in sorted(index.by_id.values(), key=lambda n: n.id):
        if link_name in model.types[need.type].links:
            partners = index.targets(need, link_name) + index.sources(need.id, link_name)
            if partners:
                table.rows.append([link(need), links(partners)])
    return [Section("Samverkan mellan processerna", [], table)] if table.rows else []


def _change_rows(ctx: StoryContext, types: set[str]) -> list[tuple[str, Link, str, str]]:
    """(what, object, type, note) for the year's new, revised and repealed objects."""
    model, changes = ctx.index.model, ctx.changes
    state, version = model.field_for("state"), model.field_for("document_version")
    withdrawn = set(model.publishing.withdrawn_statuses)
    rows = []
    for ref in changes.added:
        if ref.type in types:
            rows.append(("Ny", Link(ref.id, ref.title), model.types[ref.type].title, ""))
    for change in changes.changed:
        ref = change.object
        if ref.type not in types:
            continue
        by_field = {c.field: c for c in change.changes}
        risk = model.risk
        if ref.type == risk.type and {risk.likelihood, risk.consequence} & set(by_field):
            before, after = changes.before.get(ref.id), ctx.index.by_id.get(ref.id)
            scores = [risk_score(model, n) if n is not None else None for n in (before, after)]
            rows.append(("Bedömd igen", Link(ref.id, ref.title), model.types[ref.type].title,
                         f"riskvärde {scores[0] or '–'} till {scores[1] or '–'}"))
        elif state in by_field and by_field[state].after in withdrawn:
            rows.append(("Upphävd", Link(ref.id, ref.title), model.types[ref.type].title, ""))
        elif version in by_field:
            rows.append(("Reviderad", Link(ref.id, ref.title), model.types[ref.type].title,
                         f"version {by_field[version].before or '–'} till {by_field[version].after or '–'}"))
        elif set(by_field) - {"fil"}:
            rows.append(("Ändrad", Link(ref.id, ref.title), model.types[ref.type].title,
                         ", ".join(model.fields[f].label if f in model.fields else f for f in by_field)))
    for ref in changes.removed:
        if ref.type in types:
            rows.append(("Borttagen", Link(ref.id, ref.title), model.types[ref.type].title, ""))
    order = {"Ny": 0, "Reviderad": 1, "Bedömd igen": 2, "Ändrad": 3, "Upphävd": 4, "Borttagen": 5}
    return sorted(rows, key=lambda r: (order[r[0]], r[1].id))


def _in_scope(ctx: StoryContext, need_id: str) -> bool:
    """An object of the year's comparison belongs to this berättelse (removed ones by how
    they were)."""
    if not ctx.scope.unit:
        return True
    return need_id in ctx.index.by_id or need_id in ctx.changes.before and _held_before(ctx, ctx.changes.before[need_id])


def _held_before(ctx: StoryContext, need: NeedSource) -> bool:
    tree = ctx.index.model.unit_tree
    named = [u for u in need.values(ctx.index.model.field_for("units")) if u in tree]
    reached = {d for u in named for d in [u, *tree.descendants(u)]}
    return not reached.isdisjoint(tree.subtree(ctx.scope.unit))


def _changes_section(ctx: StoryContext, key: str, title: str, types: set[str]) -> Section:
    if ctx.changes is None or ctx.changes.note and not (ctx.changes.added or ctx.changes.changed):
        note = ctx.changes.note if ctx.changes else "Förändringarna under året kan inte visas."
        return Section(title, [note])
    table = Table(key, f"{title} {ctx.year}", ["Förändring", "Objekt", "Typ", "Vad"], row_headers=False,
                  empty=f"Inga förändringar under {ctx.year}.")
    rows = [r for r in _change_rows(ctx, types) if _in_scope(ctx, r[1].id)]
    table.rows = [list(r) for r in rows]
    counts = {w: sum(1 for r in rows if r[0] == w) for w in ("Ny", "Reviderad", "Upphävd")}
    figures = [("Nya", str(counts["Ny"])), ("Reviderade", str(counts["Reviderad"])),
               ("Upphävda", str(counts["Upphävd"]))]
    return Section(title, [ctx.changes.note] if ctx.changes.note else [], table, figures=figures)


def processes(ctx: StoryContext) -> list[Section]:
    model = ctx.index.model
    types = set(model.review.types) | {model.reports.process_type, model.structure.routine_type}
    changes = _changes_section(ctx, "forandringar", "Förändringar under året", types)
    review = site_report(ctx.index, "revision")
    everything, _by_owner, by_unit = review.sections
    overdue = Table("forsenade", f"Dokument som skulle ha reviderats före {ctx.cut.isoformat()}",
                    ["Dokument", "Revideras senast", "Ägare"], row_headers=True, empty="Inga.")
    for row in everything.table.rows:
        state = row[4]
        if isinstance(state, Styled) and state.value == "Försenad":
            overdue.rows.append([row[0], row[2], row[5]])
    status = Section("Revisionsläget vid årets slut" if ctx.cut.month == 12 and ctx.cut.day == 31
                     else f"Revisionsläget den {ctx.cut.isoformat()}", [review.intro], overdue,
                     figures=everything.figures)
    by_unit.table = ctx.scope.unit_rows(by_unit.table)
    by_unit.title = "Revisionsläget per enhet"
    return [changes, status, by_unit]


def risks(ctx: StoryContext) -> list[Section]:
    index, model = ctx.index, ctx.index.model
    register = site_report(index, "riskregister")
    matrix, everything, by_unit = register.sections
    by_unit.table = ctx.scope.unit_rows(by_unit.table)
    by_unit.title = "Risker per enhet"
    everything.title = "Riskregistret"
    sections = [matrix, everything, by_unit]
    changes = _changes_section(ctx, "riskforandringar", "Risker som tillkom, togs bort eller bedömdes om",
                               {model.risk.type})
    assessed = model.field_for("assessment_date")
    if changes.table is not None and assessed:
        listed = {row[1].id for row in changes.table.rows}
        for risk in sorted(index.of_type(model.risk.type), key=lambda n: n.id):
            if risk.id not in listed and ctx.in_year(index.date(risk, assessed)):
                changes.table.rows.append(["Bedömd igen", link(risk), model.types[risk.type].title,
                                           f"{model.fields[assessed].label.lower()} {risk.value(assessed)}"])
    if changes.table is not None:
        rows = changes.table.rows
        changes.figures = [("Nya", str(sum(1 for r in rows if r[0] == "Ny"))),
                           ("Borttagna", str(sum(1 for r in rows if r[0] == "Borttagen"))),
                           ("Bedömda igen", str(sum(1 for r in rows if r[0] == "Bedömd igen")))]
    return sections + [changes]
