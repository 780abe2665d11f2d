"""Every object that is not a routine (krav, process, risk, kontroll, åtgärd) as a card:
its title, ID and status, the facts of its type with their readable names, and the
objects it links to and is linked from.

Replaces sphinx-needs' table layout, which shows raw field names and role codes, and
which was the largest single cost of writing a page (docs/prestanda.md).
"""

from __future__ import annotations

from html import escape

from docutils import nodes

from lotsen.model import Model
from lotsen.reports.render import Resolver
from lotsen.site.edit_link import edit_link_html
from lotsen.site.routine_page import link_html, names, status_banner
from lotsen.source.index import ObjectIndex
from lotsen.source.scanner import NeedSource


def _shown_above(model: Model, need: NeedSource) -> set[str]:
    """Fields the status and risk lines already show."""
    shown = {"status"}
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
    return ", ".join(need.values(field_name))


def risk_line(index: ObjectIndex, need: NeedSource) -> str:
    """Likelihood × consequence = score, and the level with its colour."""
    risk = index.model.risk
    score = index.score(need)
    if need.type != risk.type or score is None:
        return ""
    level = risk.level(score)
    shown = ""
    if level is not None:
        number = risk.levels.index(level) + 1
        shown = f' <span class="lotsen-level lotsen-level-{number}">{escape(level.label)}</span>'
    model = index.model
    factors = " × ".join(f"{escape(model.fields[name].label)} {escape(field_text(model, need, name))}"
                         for name in (risk.likelihood, risk.consequence))
    return f'<p class="lotsen-risk" data-pagefind-ignore>{factors} = riskvärde <strong>{score}</strong>{shown}</p>'



def _dl(rows: list[tuple[str, str]], css: str) -> str:
    if not rows:
        return ""
    body = "".join(f"<dt>{escape(label)}</dt><dd>{value}</dd>" for label, value in rows)
    # shown, not searched: owners and linked IDs would make every page match
    return f'<dl class="lotsen-fakta {css}" data-pagefind-ignore>{body}</dl>'


def facts_html(model: Model, need: NeedSource) -> str:
    """The type's fields, in the model's order, with their labels."""
    above = _shown_above(model, need)
    rows = [(usage.field.label, escape(field_text(model, need, name)))
            for name, usage in model.types[need.type].fields.items()
            if name not in above and need.value(name)]
    return _dl(rows, "lotsen-falt")


def links_html(index: ObjectIndex, need: NeedSource, resolve: Resolver) -> str:
    """The objects this one links to, then those that link to it: the traceability a
    quality lead follows from page to page."""
    model = index.model
    rows: list[tuple[str, str]] = []
    for link_name in model.types[need.type].links:
        targets = index.targets(need, link_name)
        if targets:
            rows.append((model.links[link_name].outgoing, "<br>".join(link_html(resolve, t) for t in targets)))
    for link_name, link in model.links.items():
        sources = index.sources(need.id, link_name)
        if sources:
            rows.append((link.incoming, "<br>".join(link_html(resolve, s) for s in sources)))
    return _dl(rows, "lotsen-kopplingar")


def card_head(index: ObjectIndex, need: NeedSource, heading_level: int | None) -> str:
    model = index.model
    out = []
    if heading_level:
        out.append(f"<h{heading_level}>{escape(need.title)}</h{heading_level}>")
    out.append(status_banner(model, need))
    status = need.value("status")
    parts = [escape(model.types[need.type].title)]
    if status:
        parts.append(f"{escape(model.fields['status'].label)}: {escape(status)}")
    # The ID is searched; the type and status would only make the index, which a phone
    # downloads, larger.
    out.append(f'<p class="lotsen-status"><span class="lotsen-id" data-pagefind-weight="10">{escape(need.id)}</span>'
               f'<span data-pagefind-ignore> · {" · ".join(parts)}</span></p>')
    out.append(risk_line(index, need))
    return "\n".join(part for part in out if part)


def render_object(index: ObjectIndex, need_node: nodes.Element, need: NeedSource, resolve: Resolver,
                  heading_level: int | None) -> nodes.Element:
    """The node that replaces sphinx-needs' table layout for any object but a routine."""
    classes = ["lotsen-objekt", f"lotsen-typ-{need.type}", f"status-{need.value('status')}"]
    container = nodes.container(classes=classes, ids=list(need_node["ids"]))
    container += nodes.raw("", card_head(index, need, heading_level) + facts_html(index.model, need),
                           format="html")
    container.extend(list(need_node.children))
    links = links_html(index, need, resolve)
    links += edit_link_html(index.model, need.file)
    if links:
        container += nodes.raw("", links, format="html")
    return container
