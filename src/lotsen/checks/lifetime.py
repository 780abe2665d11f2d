"""Requirements with a lifetime: a krav is repealed when its status says so or its last
valid day has passed. A repealed krav no longer counts in the coverage gates, and an
object in force that still links to it is a finding naming what replaced it."""

from __future__ import annotations

import datetime as dt

from lotsen.dates import parse_date
from lotsen.findings import Finding
from lotsen.model import Model
from lotsen.source.scanner import NeedSource


def repealed(model: Model, need: NeedSource, today: dt.date) -> bool:
    if need.type != model.reports.requirement_type:
        return False
    if need.value(model.field_for("state")) in model.publishing.withdrawn_statuses:
        return True
    valid_to = model.field_for("valid_to")
    last_day = parse_date(need.value(valid_to)) if valid_to else None
    return last_day is not None and last_day < today


def repealed_link_findings(model: Model, needs: list[NeedSource], today: dt.date) -> list[Finding]:
    by_id: dict[str, NeedSource] = {}
    for need in needs:
        if need.id:
            by_id.setdefault(need.id, need)
    gone = {i for i, n in by_id.items() if repealed(model, n, today)}
    if not gone:
        return []
    state = model.field_for("state")
    not_in_force = set(model.publishing.draft_statuses) | set(model.publishing.withdrawn_statuses)
    replacement = model.reports.replacement_link
    findings = []
    for need in needs:
        if need.value(state) in not_in_force or need.id in gone:
            continue
        type_def = model.types[need.type]
        for link in type_def.links:
            if link == replacement:
                continue
            for target_id in need.values(link):
                if target_id not in gone:
                    continue
                target = by_id[target_id]
                successors = target.values(replacement) if replacement else []
                noun = model.types[target.type].definite
                named = f"{type_def.definite} {need.id or need.title}"
                if successors:
                    message = (f"{named} länkar till {target_id}, som inte gäller längre. {noun} har ersatts av "
                               f"{', '.join(successors)}.")
                    hint = f"Byt '{target_id}' mot {' och '.join(successors)} i ':{link}:'."
                else:
                    message = f"{named} länkar till {target_id}, som inte gäller längre."
                    hint = f"Ta bort '{target_id}' ur ':{link}:', eller länka till det som gäller i stället."
                findings.append(Finding(need.file, need.line_of(link), "link_to_repealed", message, hint,
                                        model.severity_of("link_to_repealed")))
    return findings
