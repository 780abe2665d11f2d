"""Every object that is not a routine (krav, process, risk, kontroll, åtgärd) as a card:
its title, ID and status, the facts of its type with their readable names, and the
objects it links to and is linked from. The markup is in the theme's templates
(lotsen/object-head.html, lotsen/object-links.html).

Replaces sphinx-needs' table layout, which shows raw field names and role codes, and
which was the largest single cost of writing a page (docs/prestanda.md).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes

from lotsen.model import Model
from lotsen.numbers import show_number
from lotsen.reports.labels import names
from lotsen.reports.render import Resolver
from lotsen.reports.tables import Table
from lotsen.site.edit_link import edit_link_html
from lotsen.site.result_history import results_html
from lotsen.site.routine_page import banner_kind, link_rows
from lotsen.site.templates import Markup, Templates, default_templates
from lotsen.source.index import ObjectIndex
from lotsen.source.scanner import NeedSource


def _shown_above(model: Model, need: NeedSource) -> set[str]:
    """Fields the status and risk lines already show."""
    shown = {model.field_for("state")}
    if need.type == model.risk.type:
        shown |= {model.risk.likelihood, model.risk.consequence}
    return shown


def field_text(model: Model, need: NeedSource, field_name: str) -> str:
    """A field's value as a reader understands it: names for roles and units, the
    label beside a scale value."""
    field = model.fields[field_name]
    if field.kind in ("role", "unit"):
        return names(model, need, field_name)
    if field.kind == "scale":
        scale = model.scales.get(field.scale, {})
        return ", ".join(f"{v} ({scale[int(v)].lower()})" if v.isdigit() and int(v) in scale else v
                         for v in need.values(field_name))
    if not field.multiple:
        # one value: a decimal comma is part of it, not a list separator
        return show_number(need.value(field_name)) if field.kind == "number" else need.value(field_name)
    return ", ".join(need.values(field_name))


def risk_facts(index: ObjectIndex, need: NeedSource) -> dict[str, Any] | None:
    """Likelihood × consequence = score, and the level with its colour number."""
    risk = index.model.risk
    score = index.score(need)
    if need.type != risk.type or score is None:
        return None
    level = risk.level(score)
    model = index.model
    return {
        "factors": [(model.fields[name].label, field_text(model, need, name)) for name in (risk.likelihood, risk.consequence)],
        "score": score,
        "level": level.label if level is not None else "",
        "level_number": risk.levels.index(level) + 1 if level is not None else 0,
    }


def facts(model: Model, need: NeedSource) -> list[tuple[str, str]]:
    """The type's fields, in the model's order, with their labels."""
    above = _shown_above(model, need)
    return [(usage.field.label, field_text(model, need, name))
            for name, usage in model.types[need.type].fields.items()
            if name not in above and need.value(name)]


def card_head(index: ObjectIndex, need: NeedSource, heading_level: int | None,
              templates: Templates | None = None) -> Markup:
    model = index.model
    templates = templates or default_templates()
    state = model.field_for("state")
    return templates.render(
        "lotsen/object-head.html", heading_level=heading_level, title=need.title, id=need.id,
        kind=banner_kind(model, need), noun=model.types[need.type], type_title=model.types[need.type].title,
        status=need.value(state), status_label=model.fields[state].label if state in model.fields else "",
        risk=risk_facts(index, need), facts=facts(model, need),
    )


def links_html(index: ObjectIndex, need: NeedSource, resolve: Resolver, templates: Templates | None = None) -> Markup:
    return (templates or default_templates()).render("lotsen/object-links.html", rows=link_rows(index, need, resolve))


def risk_history_html(index: ObjectIndex, need: NeedSource, resolve: Resolver,
                      templates: Templates | None = None) -> Markup | None:
    """The risk's score each time it changed, from git; None outside git or without history."""
    from lotsen.site.report_markup import table_html

    histories = index.risk_histories
    points = histories.get(need.id) if histories else None
    if not points:
        return None
    model, risk = index.model, index.model.risk
    assessed = model.field_for("assessment_date")
    table = Table(f"riskhistorik-{need.id.lower()}", f"Riskvärdet för {need.id} över tid",
                  ["Ändrad", model.fields[assessed].label if assessed else "Bedömd",
                   model.fields[risk.likelihood].label, model.fields[risk.consequence].label, "Riskvärde", "Nivå"],
                  row_headers=True)
    for p in points:
        table.rows.append([p.date, p.assessed, p.likelihood, p.consequence, p.score, p.level])
    templates = templates or default_templates()
    return templates.render("lotsen/risk-history.html", id=need.id, table=table_html(table, resolve, templates))


def render_object(index: ObjectIndex, need_node: nodes.Element, need: NeedSource, resolve: Resolver,
                  heading_level: int | None, templates: Templates | None = None) -> nodes.Element:
    """The node that replaces sphinx-needs' table layout for any object but a routine."""
    status = need.value(index.model.field_for("state"))
    classes = ["lotsen-objekt", f"lotsen-typ-{need.type}", f"status-{status}"]
    container = nodes.container(classes=classes, ids=list(need_node["ids"]))
    container += nodes.raw("", card_head(index, need, heading_level, templates), format="html")
    container.extend(list(need_node.children))
    if need.type == index.model.structure.control_type and index.model.results.type:
        container += nodes.raw("", results_html(index, need, resolve, templates), format="html")
    if need.type == index.model.risk.type:
        history = risk_history_html(index, need, resolve, templates)
        if history:
            container += nodes.raw("", history, format="html")
    links = links_html(index, need, resolve, templates) + edit_link_html(index.model, need.file, templates)
    if links:
        container += nodes.raw("", links, format="html")
    return container
