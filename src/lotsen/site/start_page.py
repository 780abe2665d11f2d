"""The start page and the browse pages: search first, then by enhet, by roll, by process,
and the routines approved most recently. The markup is in the theme's templates
(lotsen/start.html, lotsen/search-form.html, lotsen/browse.html)."""

from __future__ import annotations

from lotsen.reports.render import Resolver
from lotsen.site.templates import Markup, Templates, default_templates
from lotsen.source.index import ObjectIndex
from lotsen.source.scanner import NeedSource

_ASCII = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "Å": "a", "Ä": "a", "Ö": "o"})


def slug(code: str) -> str:
    """An ASCII file name for a unit or role code."""
    return "".join(c if c.isalnum() else "-" for c in code.lower().translate(_ASCII)).strip("-")


def search_form(action: str, big: bool, templates: Templates | None = None) -> Markup:
    return (templates or default_templates()).render("lotsen/search-form.html", action=action, big=big)


def routines(index: ObjectIndex) -> list[NeedSource]:
    return sorted(index.of_type(index.model.structure.routine_type), key=lambda n: n.title.lower())


def _routines_by(index: ObjectIndex, field_name: str, codes) -> dict[str, list[NeedSource]]:
    """Code -> the routines that name it in a field, for the codes that have any."""
    found: dict[str, list[NeedSource]] = {}
    if not field_name:
        return found
    for code in codes:
        members = [r for r in routines(index) if code in r.values(field_name)]
        if members:
            found[code] = members
    return found


def units_with_routines(index: ObjectIndex) -> dict[str, list[NeedSource]]:
    return _routines_by(index, index.model.field_for("units"), index.model.units)


def roles_with_routines(index: ObjectIndex) -> dict[str, list[NeedSource]]:
    return _routines_by(index, index.model.field_for("audience"), index.model.roles)


def _count(members: list[NeedSource]) -> str:
    return "1 rutin" if len(members) == 1 else f"{len(members)} rutiner"


def start_html(index: ObjectIndex, resolve: Resolver, page_url, templates: Templates | None = None) -> Markup:
    """``page_url(name)`` gives the relative URL of a generated page such as enhet/ht."""
    model = index.model
    units = [(page_url(f"enhet/{slug(code)}"), model.units[code], _count(members))
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
            processes.append((uri, process.title, f"{subs} delprocesser" if subs else ""))
    approved = model.field_for("approval_date")
    recent = sorted((r for r in routines(index) if approved and r.value(approved)),
                    key=lambda r: (r.value(approved), r.id), reverse=True)[:8]
    recent_items = [(resolve(r.id) or "#", r.title, f"{r.id} · fastställd {r.value(approved)}")
                    for r in recent if resolve(r.id)]
    return (templates or default_templates()).render(
        "lotsen/start.html", action=page_url("sok"), big=True,
        units=units, roles=roles, processes=processes, recent=recent_items)


def browse_pages(index: ObjectIndex) -> list[tuple[str, str, str, list[NeedSource]]]:
    """(page name, title, intro, routines) for every unit and role page."""
    model = index.model
    pages = []
    for code, members in units_with_routines(index).items():
        pages.append((f"enhet/{slug(code)}", f"Rutiner för {model.units[code]}",
                      f"Alla rutiner som gäller för {model.units[code]}.", members))
    for code, members in roles_with_routines(index).items():
        pages.append((f"roll/{slug(code)}", f"Rutiner för {model.roles[code].lower()}",
                      f"Alla rutiner som {model.roles[code].lower()} ska kunna.", members))
    return pages


def browse_html(title: str, intro: str, items: list[tuple[str, str, str]], templates: Templates | None = None) -> Markup:
    """A browse page's body: its heading, what it lists, and the routines as links."""
    return (templates or default_templates()).render("lotsen/browse.html", title=title, intro=intro, items=items)
