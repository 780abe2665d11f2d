"""A routine as staff read it on a phone: who it is for, its status, the steps, and the
legal basis and document data folded away at the end. The markup is in the theme's
templates (lotsen/routine-head.html, lotsen/routine-details.html)."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from docutils import nodes

from lotsen.model import Model
from lotsen.reports.labels import names
from lotsen.reports.render import Resolver
from lotsen.site.edit_link import edit_link_html
from lotsen.site.templates import Markup, Templates, default_templates
from lotsen.site.versions import versions_html
from lotsen.source.index import ObjectIndex
from lotsen.source.scanner import NeedSource


class LinkItem(NamedTuple):
    """A linked object as a template shows it: a link when its page is built."""

    uri: str | None
    id: str
    title: str
    extra: str = ""


def link_item(resolve: Resolver, need: NeedSource, extra: str = "") -> LinkItem:
    return LinkItem(resolve(need.id), need.id, need.title, extra)


def link_rows(index: ObjectIndex, need: NeedSource, resolve: Resolver,
              extra=lambda target: "") -> list[tuple[str, list[LinkItem]]]:
    """(label, linked objects): the links out of an object, then the links into it."""
    model = index.model
    rows: list[tuple[str, list[LinkItem]]] = []
    for link_name in model.types[need.type].links:
        targets = index.targets(need, link_name)
        if targets:
            rows.append((model.links[link_name].outgoing, [link_item(resolve, t, extra(t)) for t in targets]))
    for link_name, link in model.links.items():
        sources = index.sources(need.id, link_name)
        if sources:
            rows.append((link.incoming, [link_item(resolve, s) for s in sources]))
    # A link whose two directions read the same (samverkan goes both ways) is one row,
    # each object named once.
    merged: dict[str, list[LinkItem]] = {}
    for label, items in rows:
        seen = {item.id for item in merged.setdefault(label, [])}
        merged[label] += [item for item in items if item.id not in seen]
    return list(merged.items())


def banner_kind(model: Model, need: NeedSource) -> str:
    status = need.value(model.field_for("state"))
    if status in model.publishing.draft_statuses:
        return "draft"
    if status in model.publishing.withdrawn_statuses:
        return "withdrawn"
    return ""


def status_banner(model: Model, need: NeedSource, templates: Templates | None = None) -> Markup:
    """A draft or withdrawn routine must be impossible to mistake for a valid one."""
    return (templates or default_templates()).render("lotsen/status-banner.html", kind=banner_kind(model, need),
                                                     noun=model.types[need.type])


def _overdue(due_text: str, today: dt.date) -> bool:
    try:
        return dt.date.fromisoformat(due_text) < today
    except ValueError:
        return False


def header_html(index: ObjectIndex, need: NeedSource, show_title: bool, templates: Templates | None = None) -> Markup:
    model, role = index.model, index.model.field_for
    templates = templates or default_templates()
    due = need.value(role("review_date"))
    return templates.render(
        "lotsen/routine-head.html", show_title=show_title, title=need.title, id=need.id,
        kind=banner_kind(model, need), noun=model.types[need.type],
        audience=names(model, need, role("audience")), units=names(model, need, role("units")),
        approved=need.value(role("approval_date")), approver=names(model, need, role("approver")),
        due=due, overdue=bool(due) and _overdue(due, index.today), version=need.value(role("document_version")),
        type_title=model.types[need.type].title, overdue_note=model.review.overdue_note,
    )


#: The document data a routine's folded details show, in this order.
_DETAIL_ROLES = ("owner", "approver", "approval_date", "review_date", "document_version")


def details_html(index: ObjectIndex, need: NeedSource, resolve: Resolver, templates: Templates | None = None) -> Markup:
    model = index.model
    rows: list[tuple[str, object]] = [("ID", need.id)]
    for role in _DETAIL_ROLES:
        field_name = model.field_for(role)
        usage = model.types[need.type].fields.get(field_name)
        if usage and need.value(field_name):
            value = names(model, need, field_name) if usage.field.kind in ("role", "unit") else need.value(field_name)
            rows.append((usage.field.label, value))
    source = model.field_for("legal_source")

    def legal_source(target: NeedSource) -> str:
        return f" – {target.value(source)}" if source and target.value(source) else ""

    rows += link_rows(index, need, resolve, legal_source)
    templates = templates or default_templates()
    return templates.render("lotsen/routine-details.html", rows=rows,
                            edit_link=edit_link_html(model, need.file, templates))


def render_routine(index: ObjectIndex, need_node: nodes.Element, need: NeedSource, resolve: Resolver,
                   show_title: bool, templates: Templates | None = None) -> nodes.Element:
    """The node that replaces sphinx-needs' table layout for a routine."""
    status = need.value(index.model.field_for("state"))
    container = nodes.container(classes=["lotsen-rutin", f"status-{status}"], ids=list(need_node["ids"]))
    container += nodes.raw("", header_html(index, need, show_title, templates), format="html")
    container.extend(list(need_node.children))
    container += nodes.raw("", details_html(index, need, resolve, templates) + versions_html(index, need, templates),
                           format="html")
    return container
