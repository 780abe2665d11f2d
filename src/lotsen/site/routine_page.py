"""A routine as staff read it on a phone: who it is for, its status, the steps, and the
legal basis and document data folded away at the end."""

from __future__ import annotations

import datetime as dt
from html import escape

from docutils import nodes

from lotsen.model import Model
from lotsen.reports.render import Resolver
from lotsen.site.edit_link import edit_link_html
from lotsen.site.versions import versions_html
from lotsen.source.index import ObjectIndex
from lotsen.source.scanner import NeedSource


def names(model: Model, need: NeedSource, field_name: str) -> str:
    f = model.fields.get(field_name)
    table = model.roles if f and f.kind == "role" else model.units if f and f.kind == "unit" else {}
    return ", ".join(table.get(v, v) for v in need.values(field_name))


def link_html(resolve: Resolver, need: NeedSource, extra: str = "") -> str:
    uri = resolve(need.id)
    label = f"{escape(need.id)} {escape(need.title)}{escape(extra)}"
    return f'<a href="{escape(uri)}">{label}</a>' if uri else label


def status_banner(model: Model, need: NeedSource) -> str:
    """A draft or withdrawn routine must be impossible to mistake for a valid one."""
    status = need.value("status")
    if status in model.publishing.draft_statuses:
        return ('<p class="status-banner status-draft" role="note"><strong>Utkast.</strong> '
                "Rutinen är inte fastställd och gäller inte ännu. Följ den rutin som gäller i dag.</p>")
    if status in model.publishing.withdrawn_statuses:
        return ('<p class="status-banner status-withdrawn" role="note"><strong>Upphävd.</strong> '
                "Rutinen gäller inte längre. Följ den inte.</p>")
    return ""


def status_line(model: Model, need: NeedSource, today: dt.date) -> str:
    parts = []
    approved, approver = need.value("fastställd"), names(model, need, "fastställd_av")
    if approved:
        parts.append(f"Fastställd {escape(approved)}" + (f" av {escape(approver)}" if approver else ""))
    due_text = need.value(model.review.date_field)
    overdue = False
    if due_text:
        try:
            overdue = dt.date.fromisoformat(due_text) < today
        except ValueError:
            overdue = False
        parts.append(f"Skulle ha reviderats senast {escape(due_text)}" if overdue else f"Gäller till {escape(due_text)}")
    if need.value("version"):
        parts.append(f"Version {escape(need.value('version'))}")
    # The ID first: staff quote it, and searching for it must find this page first.
    parts.insert(0, f'<span class="lotsen-id" data-pagefind-weight="10">{escape(need.id)}</span>')
    css = "lotsen-status overdue" if overdue else "lotsen-status"
    return f'<p class="{css}">{" · ".join(parts)}</p>'


def header_html(index: ObjectIndex, need: NeedSource, show_title: bool) -> str:
    model = index.model
    out = []
    if show_title:
        out.append(f"<h2>{escape(need.title)}</h2>")
    out.append(status_banner(model, need))
    audience, units = names(model, need, "målgrupp"), names(model, need, "enheter")
    who = []
    if audience:
        who.append(f'<span class="lotsen-label">För:</span> {escape(audience)}')
    if units:
        who.append(f'<span class="lotsen-label">Enhet:</span> {escape(units)}')
    if who:
        out.append(f'<p class="lotsen-for">{" · ".join(who)}</p>')
    out.append(status_line(model, need, index.today))
    return "\n".join(part for part in out if part)


def details_html(index: ObjectIndex, need: NeedSource, resolve: Resolver) -> str:
    model, cfg = index.model, index.model.reports
    rows: list[tuple[str, str]] = [("ID", escape(need.id))]
    for field_name in ("ägare", "fastställd_av", "fastställd", model.review.date_field, "version"):
        usage = model.types[need.type].fields.get(field_name)
        if usage and need.value(field_name):
            value = names(model, need, field_name) if usage.field.kind in ("role", "unit") else need.value(field_name)
            rows.append((usage.field.label, escape(value)))
    for link_name in model.types[need.type].links:
        targets = index.targets(need, link_name)
        if not targets:
            continue
        items = [link_html(resolve, t, f" – {t.value(cfg.source_field)}" if t.value(cfg.source_field) else "") for t in targets]
        rows.append((model.links[link_name].outgoing, "<br>".join(items)))
    for link_name, link in model.links.items():
        sources = index.sources(need.id, link_name)
        if sources:
            rows.append((link.incoming, "<br>".join(link_html(resolve, s) for s in sources)))
    body = "".join(f"<dt>{escape(label)}</dt><dd>{value}</dd>" for label, value in rows)
    # Document data (owners, dates, the IDs of linked objects) is shown but not
    # searched: it would make every page match every role and ID, and make the search
    # index, which a phone downloads, larger.
    return ('<details class="lotsen-meta" data-pagefind-ignore><summary>Lagrum, länkar och dokumentdata</summary>'
            f"<dl>{body}</dl>{edit_link_html(model, need.file)}</details>")


def render_routine(index: ObjectIndex, need_node: nodes.Element, need: NeedSource, resolve: Resolver,
                   show_title: bool) -> nodes.Element:
    """The node that replaces sphinx-needs' table layout for a routine."""
    container = nodes.container(classes=["lotsen-rutin", f"status-{need.value('status')}"], ids=list(need_node["ids"]))
    container += nodes.raw("", header_html(index, need, show_title), format="html")
    container.extend(list(need_node.children))
    container += nodes.raw("", details_html(index, need, resolve) + versions_html(index, need), format="html")
    return container
