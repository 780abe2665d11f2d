"""A diff report as Markdown for a pull-request comment or job summary, or as JSON."""

from __future__ import annotations

import json
import re
from dataclasses import asdict

from lotsen.checks.coverage import Share
from lotsen.checks.personal_data import mask_in, mask_personal_numbers
from lotsen.markdown_table import markdown_cell, markdown_table
from lotsen.model import Model
from lotsen.numbers import show_percent
from lotsen.reports.diff import BODY, FIELD_LINK, MENTION, BrokenLink, Changed, Report
from lotsen.words import plural

#: Longest value shown in a table cell before it is shortened.
CELL_MAX = 60


def _cell(text: str) -> str:
    text = mask_personal_numbers(" ".join(text.split()))  # before it is shortened
    if len(text) > CELL_MAX:
        text = text[: CELL_MAX - 1] + "…"
    return markdown_cell(text)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def _md(text: str) -> str:
    """Text shown as itself in Markdown: no character of it starts markup."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _words_markdown(hunk) -> str:
    """One changed passage: ~~removed~~ and **added** words among unchanged ones."""
    out = []
    for op, text in hunk:
        shown = _md(text)
        out.append(shown if op == "=" else f"~~{shown}~~" if op == "-" else f"**{shown}**")
    # a passage that starts like a list item ('1.', '-') would become a list in the list
    return re.sub(r"^(\d+)\.|^-", lambda m: f"{m[1]}\\." if m[1] else "\\-", " ".join(out))


def _text_changes(report: Report, model: Model | None) -> list[str]:
    """Each changed object's text, word by word, under its ID and title."""
    out = []
    for changed in report.changed:
        hunks = [h for c in changed.changes if c.field == BODY for h in c.words]
        if not hunks:
            continue
        out += [f"#### `{changed.object.id}` {_md(' '.join(changed.object.title.split()))}", ""]
        out += [f"- {_words_markdown(h)}" for h in hunks] + [""]
    if out:
        out = ["### Ändrad text", "",
               "Så här ändras texten som personalen läser: ~~borttaget~~ och **tillagt**.", ""] + out
    return out


def _broken_row(link: BrokenLink) -> list[str]:
    how = f"länken `{link.link}`" if link.kind == FIELD_LINK else (
        "nämner ID:t i texten" if link.kind == MENTION else "hänvisning i texten")
    return [f"`{link.source.id}`", how, f"`{link.target}`", f"`{link.source.file}:{link.line}`"]


def _percent(share: Share | None) -> str:
    if share is None:
        return "–"
    return f"{show_percent(share.percent)} ({share.covered} av {len(share.total)})"


def _type_title(model: Model | None, type_name: str) -> str:
    return model.types[type_name].title if model and type_name in model.types else type_name


def _change_text(changed: Changed) -> str:
    parts = []
    for c in changed.changes:
        if c.field == BODY:
            parts.append(f"{BODY} ({c.note})" if c.note else BODY)
        else:
            parts.append(f"`{c.field}` ({_cell(c.before) or 'tomt'} → {_cell(c.after) or 'tomt'})")
    return ", ".join(parts)


def markdown(report: Report, model: Model | None) -> str:
    """The report in Swedish; ``model`` (the head's) gives type titles and unit names."""
    b, h = report.base, report.head
    out = ["## Lotsen: vad ändringen påverkar", "",
           f"Jämför `{b.name}` (`{b.short}`) med `{h.name}` (`{h.short}`).", ""]
    out += [f"> {note}" for note in report.notes] + ([""] if report.notes else [])
    counts = (f"**{plural(len(report.added), 'nytt objekt', 'nya objekt')}, "
              f"{plural(len(report.removed), 'borttaget objekt', 'borttagna objekt')} och "
              f"{plural(len(report.changed), 'ändrat objekt', 'ändrade objekt')}.**")
    out += [counts, ""]
    if report.removed_in_force:
        withdrawn = model.publishing.withdrawn_statuses[0] if model and model.publishing.withdrawn_statuses else ""
        out += ["### Fastställda dokument som tas bort", ""]
        for ref in report.removed_in_force:
            out.append(f"- **Fel:** `{ref.id}` {_md(' '.join(ref.title.split()))} gäller i dag och tas bort. Ta inte bort "
                       f"ett dokument som gäller" + (f": sätt `:{model.field_for('state')}: {withdrawn}` i stället" if withdrawn else "")
                       + ", så att det syns att det har slutat gälla och när.")
        out.append("")

    def ref_rows(refs):
        return [[f"`{r.id}`", _type_title(model, r.type), _cell(r.title), f"`{r.file}`"] for r in refs]

    if report.added:
        out += ["### Nya objekt", ""] + markdown_table(["ID", "Typ", "Rubrik", "Fil"], ref_rows(report.added))
    if report.removed:
        out += ["### Borttagna objekt", ""] + markdown_table(["ID", "Typ", "Rubrik", "Fil"], ref_rows(report.removed))
    if report.changed:
        rows = [[f"`{c.object.id}`", _type_title(model, c.object.type), _cell(c.object.title), _change_text(c)]
                for c in report.changed]
        out += ["### Ändrade objekt", ""] + markdown_table(["ID", "Typ", "Rubrik", "Ändrat"], rows)
    out += _text_changes(report, model)

    out += ["### Länkar och hänvisningar som går sönder", ""]
    new_broken = [link for link in report.broken_links if link.new]
    if new_broken:
        out += ["De här objekten pekar på ID:n som inte finns efter ändringen (i en länk, en hänvisning "
                "eller i texten):", ""]
        out += markdown_table(["Objekt", "Hur", "Pekar på", "Plats"], [_broken_row(link) for link in new_broken])
    else:
        out += ["Inga länkar eller hänvisningar går sönder.", ""]
    old_broken = len(report.broken_links) - len(new_broken)
    if old_broken:
        out += [f"{plural(old_broken, 'länk eller hänvisning', 'länkar eller hänvisningar')} "
                f"pekade på ID:n som inte fanns redan före ändringen.", ""]

    if report.coverage:
        rows = []
        for row in report.coverage:
            floor = show_percent(row.floor) if row.floor is not None else "–"
            below = row.after is not None and row.floor is not None and row.after.percent < row.floor
            rows.append([row.label[:1].upper() + row.label[1:], _percent(row.before), _percent(row.after),
                         floor + (" **under gränsen**" if below else "")])
        out += ["### Täckning", ""] + markdown_table(["Mått", "Före", "Efter", "Gräns"], rows)

    out += ["### Informera personalen", ""]
    routines = model.types[model.structure.routine_type].plural if model else "Rutiner"
    statuses = " eller ".join(model.review.statuses) if model else ""
    if report.inform:
        out += [f"{routines} med status {statuses} har ändrats för de här enheterna. Berätta det för "
                f"personalen, till exempel på nästa arbetsplatsträff:", ""]
        rows = [[f"{_cell(u.name)} (`{u.code}`)", ", ".join(f"`{r.id}` {_cell(r.title)}" for r in u.objects)]
                for u in report.inform]
        out += markdown_table(["Enhet", routines], rows)
    else:
        out += [f"Inga {routines.lower()} med status {statuses} har ändrats.", ""]
    return mask_personal_numbers("\n".join(out).rstrip() + "\n")


def _change_json(change) -> dict[str, object]:
    data = asdict(change)
    words = data.pop("words")
    if change.field == BODY:  # the changed text, as lists of [op, words] per passage
        data["words"] = [[list(piece) for piece in hunk] for hunk in words]
    return data


def as_json(report: Report) -> str:
    def share(s: Share | None) -> dict[str, object] | None:
        if s is None:
            return None
        return {"percent": s.percent, "covered": s.covered, "total": len(s.total),
                "missing": [n.id for n in s.missing]}

    data = {
        "base": {"revision": report.base.name, "commit": report.base.commit},
        "head": {"revision": report.head.name, "commit": report.head.commit},
        "added": [asdict(r) for r in report.added],
        "removed": [asdict(r) for r in report.removed],
        "changed": [{**asdict(c.object), "fields": c.fields,
                     "changes": [_change_json(ch) for ch in c.changes]} for c in report.changed],
        "broken_links": [{"id": link.source.id, "kind": link.kind, "link": link.link, "target": link.target,
                          "file": link.source.file, "line": link.line, "new": link.new}
                         for link in report.broken_links],
        "removed_in_force": [asdict(r) for r in report.removed_in_force],
        "coverage": [{"name": row.name, "label": row.label, "floor": row.floor,
                      "before": share(row.before), "after": share(row.after)} for row in report.coverage],
        "inform": [{"unit": u.code, "name": u.name, "objects": [r.id for r in u.objects]} for u in report.inform],
        "notes": report.notes,
    }
    return json.dumps(mask_in(data), ensure_ascii=False, indent=2)
