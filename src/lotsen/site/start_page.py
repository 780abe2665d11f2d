"""The start page and the browse pages: search first, then by enhet, by roll, by process,
and the routines approved most recently."""

from __future__ import annotations

from html import escape

from lotsen.reports.render import Resolver
from lotsen.source.index import ObjectIndex
from lotsen.source.scanner import NeedSource

_ASCII = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "Å": "a", "Ä": "a", "Ö": "o"})


def slug(code: str) -> str:
    """An ASCII file name for a unit or role code."""
    return "".join(c if c.isalnum() else "-" for c in code.lower().translate(_ASCII)).strip("-")


def search_form(action: str, big: bool) -> str:
    css = "start-search" if big else "site-search"
    return (f'<form id="sok" class="{css}" role="search" action="{escape(action)}" method="get">'
            '<label for="sokfalt" class="visually-hidden">Sök rutin</label>'
            '<input id="sokfalt" name="q" type="search" autocomplete="off" '
            'placeholder="Skriv till exempel nyckel, fall eller larm">'
            '<button type="submit">Sök</button></form>'
            '<p id="sokstatus" role="status" aria-live="polite"></p>'
            '<ul id="sokresultat" class="search-results"></ul>')


def routines(index: ObjectIndex) -> list[NeedSource]:
    return sorted(index.of_type(index.model.structure.routine_type), key=lambda n: n.title.lower())


def _routines_by(index: ObjectIndex, field_name: str, codes) -> dict[str, list[NeedSource]]:
    """Code -> the routines that name it in a field, for the codes that have any."""
    found: dict[str, list[NeedSource]] = {}
    for code in codes:
        members = [r for r in routines(index) if code in r.values(field_name)]
        if members:
            found[code] = members
    return found


def units_with_routines(index: ObjectIndex) -> dict[str, list[NeedSource]]:
    return _routines_by(index, "enheter", index.model.units)


def roles_with_routines(index: ObjectIndex) -> dict[str, list[NeedSource]]:
    return _routines_by(index, "målgrupp", index.model.roles)


def _count(members: list[NeedSource]) -> str:
    return "1 rutin" if len(members) == 1 else f"{len(members)} rutiner"


def link_list(items: list[tuple[str, str, str]]) -> str:
    """(url, title, small text) -> a list with large tap targets."""
    rows = "".join(f'<li><a href="{escape(url)}">{escape(title)}'
                   + (f'<span class="id">{escape(small)}</span>' if small else "") + "</a></li>"
                   for url, title, small in items)
    return f'<ul class="lotsen-links">{rows}</ul>'


def start_html(index: ObjectIndex, resolve: Resolver, page_url) -> str:
    """``page_url(name)`` gives the relative URL of a generated page such as enhet/ht."""
    model = index.model
    parts = [search_form(page_url("sok"), big=True)]
    units = units_with_routines(index)
    parts.append("<h2>Rutiner för din enhet</h2>")
    parts.append(link_list([(page_url(f"enhet/{slug(code)}"), model.units[code], _count(members))
                            for code, members in units.items()]))
    roles = roles_with_routines(index)
    parts.append("<h2>Rutiner för din roll</h2>")
    parts.append(link_list([(page_url(f"roll/{slug(code)}"), model.roles[code], _count(members))
                            for code, members in roles.items()]))
    parts.append("<h2>Processer</h2>")
    process_type, link = model.reports.process_type, model.structure.hierarchy_link
    top = [p for p in index.of_type(process_type) if not index.targets(p, link)]
    items = []
    for process in sorted(top, key=lambda p: p.title.lower()):
        uri = resolve(process.id)
        if uri:
            subs = len(index.descendants(process.id))
            items.append((uri, process.title, f"{subs} delprocesser" if subs else ""))
    parts.append(link_list(items))
    recent = sorted((r for r in routines(index) if r.value("fastställd")),
                    key=lambda r: (r.value("fastställd"), r.id), reverse=True)[:8]
    parts.append("<h2>Senast fastställda rutiner</h2>")
    parts.append(link_list([(resolve(r.id) or "#", r.title, f"{r.id} · fastställd {r.value('fastställd')}")
                            for r in recent if resolve(r.id)]))
    return "\n".join(parts)


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
