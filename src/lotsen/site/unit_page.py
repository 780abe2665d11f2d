"""A page per unit, for staff and managers: the routines that hold for the unit first,
then, folded away, its risks, controls (each with its latest result), open actions and
documents due for review. An avdelning's page holds the same for every unit under it.
Each object says where it comes from: the unit's own, "Gäller hela avdelningen …", or
a unit under it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from lotsen.reports.render import Resolver
from lotsen.reports.year import latest_result
from lotsen.site.templates import Markup, Templates, default_templates
from lotsen.source.index import ObjectIndex
from lotsen.source.scanner import NeedSource

_ASCII = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "Å": "a", "Ä": "a", "Ö": "o"})


def slug(code: str) -> str:
    """An ASCII file name for a unit or role code."""
    return "".join(c if c.isalnum() else "-" for c in code.lower().translate(_ASCII)).strip("-")


def unit_pagename(code: str) -> str:
    return f"enhet/{slug(code)}"


def unit_members(index: ObjectIndex, code: str, type_name: str) -> list[NeedSource]:
    """The objects of a type that hold for the unit or any unit under it: its own first,
    then those of the units above, then those of the units under it; by title."""
    found = index.within(code, type_name)

    def order(need: NeedSource) -> tuple[int, str, str]:
        via = index.holds_for(need, code)
        return (0 if via == "" else 1 if via is not None else 2, need.title.lower(), need.id)
    return sorted(found, key=order)


def _items(index: ObjectIndex, code: str, needs: list[NeedSource], resolve: Resolver,
           extra: Callable[[NeedSource], str] = lambda n: "") -> list[tuple[str, str, str]]:
    items = []
    for need in needs:
        uri = resolve(need.id)
        if uri is None:
            continue  # a draft, or an object whose page is not built
        small = " · ".join(part for part in (need.id, extra(need), index.origin(need, code)) if part)
        items.append((uri, need.title, small))
    return items


def _due_for_review(index: ObjectIndex, code: str) -> list[NeedSource]:
    model, role = index.model, index.model.field_for
    soon = index.today + dt.timedelta(days=model.review.due_soon_days)
    found = []
    for type_name in model.review.types:
        for need in unit_members(index, code, type_name):
            due = index.date(need, role("review_date")) if role("review_date") else None
            if need.value(role("state")) in model.review.statuses and due is not None and due <= soon:
                found.append((due, need))
    return [need for _, need in sorted(found, key=lambda pair: (pair[0], pair[1].id))]


def _latest_result(index: ObjectIndex, control: NeedSource) -> str:
    """A control's latest result as a unit's page shows it: its date (or period) and
    assessment; '' when the model has no results."""
    if not index.model.results.type:
        return ""
    result = latest_result(index, control)
    if result is None:
        return "inget resultat ännu"
    done, assessment = index.model.field_for("performed_date"), index.model.field_for("assessment")
    when = (result.need.value(done) if done else "") or result.period.text
    judged = result.need.value(assessment) if assessment else ""
    return f"senaste resultat {when}" + (f": {judged}" if judged else "")


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def unit_page(index: ObjectIndex, code: str, resolve: Resolver, page_url: Callable[[str], str],
              templates: Templates | None = None, binder: str = "") -> tuple[str, Markup]:
    """(title, body) of a unit's page; ``binder`` is the address of its printable binder."""
    model, role = index.model, index.model.field_for
    tree = model.unit_tree
    unit = tree[code]
    routine_type = model.structure.routine_type
    routines = _items(index, code, unit_members(index, code, routine_type), resolve)
    sections = []
    risk_type, control_type, action_type = model.risk.type, model.structure.control_type, model.reports.action_type
    if risk_type:
        risks = unit_members(index, code, risk_type)
        sections.append(("Risker", "risk", "risker", _items(
            index, code, risks, resolve, lambda n: f"riskvärde {index.score(n)}" if index.score(n) else "")))
    if control_type:
        months = role("control_months")
        sections.append(("Egenkontroller", "egenkontroll", "egenkontroller", _items(
            index, code, unit_members(index, code, control_type), resolve,
            lambda n: " · ".join(p for p in (", ".join(n.values(months)) if months else "",
                                             _latest_result(index, n)) if p))))
    if action_type:
        closed = set(model.reports.action_closed_statuses)
        open_actions = [a for a in unit_members(index, code, action_type) if a.value(role("state")) not in closed]
        due = role("due_date")
        sections.append(("Öppna åtgärder", "åtgärd", "åtgärder", _items(
            index, code, open_actions, resolve, lambda n: f"klar senast {n.value(due)}" if due and n.value(due) else "")))
    review_date = role("review_date")
    sections.append(("Dokument att revidera", "dokument", "dokument", _items(
        index, code, _due_for_review(index, code), resolve,
        lambda n: f"revideras senast {n.value(review_date)}" if review_date else "")))
    above = [(page_url(unit_pagename(a)), tree[a].name) for a in reversed(tree.ancestors(code))]
    below = [(page_url(unit_pagename(c)), tree[c].name) for c in tree.children(code)]
    title = f"Rutiner för {unit.name}"
    intro = (f"Allt som gäller för {unit.name}" + (" och enheterna under den" if below else "") +
             ": rutinerna först, sedan risker, egenkontroller, öppna åtgärder och dokument som ska revideras.")
    folded = [(f"{heading} ({len(items)})", items) for heading, _, _, items in sections]
    body = (templates or default_templates()).render(
        "lotsen/browse.html", title=title, intro=intro, items=routines, sections=folded, above=above, below=below,
        routines_heading=_count(len(routines), "rutin", "rutiner"), unit=code, binder=binder)
    return title, body
