"""Nytt och ändrat: the routines that came into force in the last 60 days, newest first,
new ones (version 1) told apart from changed ones, each with its change note. lotsen.js shows the reader's own
unit's first when a unit is chosen (localStorage ``lotsen-enhet``)."""

from __future__ import annotations

import datetime as dt

from lotsen.reports.render import Resolver
from lotsen.site.templates import Markup, Templates, default_templates
from lotsen.source.index import ObjectIndex
from lotsen.source.scanner import NeedSource
from lotsen.words import plural

#: How far back the page looks.
DAYS = 60


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def recent_routines(index: ObjectIndex, changed: dict[str, str] | None) -> list[tuple[dt.date, NeedSource]]:
    """(date of the version in force, routine) for those from the last DAYS days. The
    date is the approval date; without that field in the model, the file's last change."""
    model = index.model
    approved = model.field_for("approval_date")
    since = index.today - dt.timedelta(days=DAYS)
    found = []
    for routine in index.of_type(model.structure.routine_type):
        text = routine.value(approved) if approved else (changed or {}).get(routine.file, "")
        when = _date(text or "")
        if when is not None and since <= when <= index.today:
            found.append((when, routine))
    return sorted(found, key=lambda item: (item[0], item[1].id), reverse=True)


def whats_new_html(index: ObjectIndex, recent: list[tuple[dt.date, NeedSource]], resolve: Resolver,
                   templates: Templates | None = None) -> Markup:
    model = index.model
    units, version, note = model.field_for("units"), model.field_for("document_version"), model.field_for("change_note")
    items = []
    for when, routine in recent:
        uri = resolve(routine.id)
        if uri is None:
            continue
        codes = list(routine.values(units)) if units else []
        held = sorted(index.units_of(routine))  # the units it holds for, down the tree
        items.append({"uri": uri, "id": routine.id, "title": routine.title, "date": when.isoformat(),
                      "new": bool(version) and routine.value(version) == "1",
                      "units": " ".join(held), "unit_names": ", ".join(model.units.get(c, c) for c in codes),
                      "note": routine.value(note) if note else ""})
    since = (index.today - dt.timedelta(days=DAYS)).isoformat()
    return (templates or default_templates()).render(
        "lotsen/whats-new.html", items=items, days=DAYS, since=since,
        count=plural(len(items), "rutin", "rutiner"))
