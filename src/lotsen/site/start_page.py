"""The start page and the browse pages: search first, then by enhet, by roll, by process,
and the routines approved most recently. The markup is in the theme's templates
(lotsen/start.html, lotsen/search-form.html, lotsen/browse.html)."""

from __future__ import annotations

from lotsen.reports.render import Resolver
from lotsen.site.templates import Markup, Templates, default_templates
from lotsen.site.unit_page import slug, unit_pagename
from lotsen.source.index import ObjectIndex
from lotsen.source.scanner import NeedSource
from lotsen.words import plural

__all__ = ["browse_html", "browse_pages", "search_form", "slug", "start_html"]


def search_filters(index: ObjectIndex | None) -> list[tuple[str, str, list[tuple[str, str, str]]]]:
    """The search's filters: (Pagefind filter name, label, [(value, shown text, unit
    code)]). The units in tree order, indented by depth, each with its code (for the
    unit chosen on the start page to preselect it); the types (no code)."""
    if index is None:
        return []
    tree = index.model.unit_tree
    units = [(u.name, "\u00a0\u00a0" * depth + u.name, u.code) for u, depth in tree.rows_in_tree_order()]
    types = [(t.title, t.title, "") for t in index.model.types.values()]
    return [("enhet", "Enhet", units), ("typ", "Typ", types)]


def search_form(action: str, big: bool, templates: Templates | None = None,
                index: ObjectIndex | None = None) -> Markup:
    return (templates or default_templates()).render("lotsen/search-form.html", action=action, big=big,
                                                      filters=search_filters(index))


def routines(index: ObjectIndex) -> list[NeedSource]:
    return sorted(index.of_type(index.model.structure.routine_type), key=lambda n: n.title.lower())


def _routines_by(index: ObjectIndex, field_name: str, codes) -> dict[str, list[NeedSource]]:
    """Code -> the routines that name it in a field, for the codes that have any."""
    found: dict[str, list[NeedSource]] = {}
    if not field_name:
        return found
    naming: dict[str, list[NeedSource]] = {}
    for routine in routines(index):
        for code in dict.fromkeys(routine.values(field_name)):
            naming.setdefault(code, []).append(routine)
    for code in codes:
        if code in naming:
            found[code] = naming[code]
    return found


def units_with_routines(index: ObjectIndex) -> dict[str, list[NeedSource]]:
    """Unit code -> the routines that hold for it or a unit under it (an avdelning's
    routines hold for its units), in tree order, for the units that have any."""
    found: dict[str, list[NeedSource]] = {}
    routine_type = index.model.structure.routine_type
    for code in index.model.unit_tree.units:
        members = sorted(index.within(code, routine_type), key=lambda n: n.title.lower())
        if members:
            found[code] = members
    return found


def roles_with_routines(index: ObjectIndex) -> dict[str, list[NeedSource]]:
    return _routines_by(index, index.model.field_for("audience"), index.model.roles)


def _count(members: list[NeedSource]) -> str:
    return plural(len(members), "rutin", "rutiner")


def start_html(index: ObjectIndex, resolve: Resolver, page_url, templates: Templates | None = None) -> Markup:
    """``page_url(name)`` gives the relative URL of a generated page such as enhet/ht."""
    model = index.model
    tree = model.unit_tree
    units = [(page_url(unit_pagename(code)), model.units[code], _count(members), code, tree.depth(code))
             for code, members in units_with_routines(index).items()]
    roles = [(page_url(f"roll/{slug(code)}"), model.roles[code], _count(members))
             for code, members in roles_with_routines(index).items()]
    process_type, link = model.reports.process_type, model.structure.hierarchy_link
    top = [p for p in index.of_type(process_type) if not index.targets(p, link)]
    processes = []
    for process in sorted(top, key=lambda p: p.title.lower()):
        uri = resolve(process.id)
        if uri:
            subs = len(index.descendants(process.id))
            processes.append((uri, process.title, plural(subs, "delprocess", "delprocesser") if subs else ""))
    approved = model.field_for("approval_date")
    recent = sorted((r for r in routines(index) if approved and r.value(approved)),
                    key=lambda r: (r.value(approved), r.id), reverse=True)[:8]
    recent_items = [(resolve(r.id) or "#", r.title, f"{r.id} · fastställd {r.value(approved)}",
                     " ".join(sorted(index.units_of(r)))) for r in recent if resolve(r.id)]
    return (templates or default_templates()).render(
        "lotsen/start.html", action=page_url("sok"), big=True, filters=[],
        units=units, roles=roles, processes=processes, recent=recent_items)


def browse_pages(index: ObjectIndex) -> list[tuple[str, str, str, list[NeedSource]]]:
    """(page name, title, intro, routines) for every role page (a unit's page is
    unit_page.py's)."""
    model = index.model
    pages = []
    for code, members in roles_with_routines(index).items():
        pages.append((f"roll/{slug(code)}", f"Rutiner för {model.roles[code].lower()}",
                      f"Alla rutiner som {model.roles[code].lower()} ska kunna.", members))
    return pages


def browse_html(title: str, intro: str, items: list[tuple[str, str, str]], templates: Templates | None = None,
                unit: str = "", binder: str = "") -> Markup:
    """A browse page's body: its heading, what it lists, and the routines as links."""
    return (templates or default_templates()).render("lotsen/browse.html", title=title, intro=intro, items=items,
                                                         unit=unit, binder=binder)
