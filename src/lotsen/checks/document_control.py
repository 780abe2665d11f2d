"""Document control across a change: what a change to a document in force must carry.

A document is in force when its status is one the model's review covers (fastställd).
When a change alters its content (its title, text or any field but the document
control's own and the review date), the same change must give it a new version, a new
change note and a new approval date. A document in force must not be deleted: it is
withdrawn by its status, so that the history shows it ended.
"""

from __future__ import annotations

from lotsen.dates import parse_date
from lotsen.findings import Finding
from lotsen.model import Model
from lotsen.source.scanner import NeedSource

#: The rule codes only a comparison with a base revision can find.
BASE_RULES = ("change_without_version", "change_without_note", "change_without_approval", "removed_in_force")


def _controlled(model: Model, need: NeedSource) -> bool:
    dc, type_def = model.document_control, model.types.get(need.type)
    return (dc.enabled and type_def is not None and dc.version_field in type_def.fields
            and dc.approved_field in type_def.fields)


def _body(need: NeedSource) -> list[str]:
    return [line.rstrip() for line in need.body if line.strip()]


def content_changed(model: Model, before: NeedSource, after: NeedSource) -> bool:
    """Whether what staff read changed: the title, the text, or a field that is not
    about the document's own control (version, approval, note, review date, status)."""
    dc = model.document_control
    own = {dc.version_field, dc.approved_field, dc.approver_field, dc.change_note_field,
           model.field_for("review_date"), model.field_for("state")}
    if before.title != after.title or _body(before) != _body(after):
        return True
    names = (set(before.options) | set(after.options)) - own
    return any(sorted(before.values(n)) != sorted(after.values(n)) for n in names)


def _newer_version(before: str, after: str) -> bool:
    if before.isdigit() and after.isdigit():
        return int(after) > int(before)
    return bool(after) and after != before


def _newer_date(before: str, after: str) -> bool:
    new, old = parse_date(after), parse_date(before)
    if new is None:
        return False
    return old is None or new > old


def document_control_findings(model: Model, base: dict[str, NeedSource], head: list[NeedSource],
                              base_name: str) -> list[Finding]:
    """What each changed document in force lacks, compared with ``base`` (the revision
    the change starts from, named ``base_name`` in the messages)."""
    dc, in_force, state = model.document_control, set(model.review.statuses), model.field_for("state")
    if not dc.enabled:
        return []
    findings = []

    def add(need: NeedSource, field_name: str, code: str, message: str, hint: str) -> None:
        findings.append(Finding(need.file, need.line_of(field_name), code, message, hint, model.severity_of(code)))

    head_ids = {n.id for n in head}
    for need in head:
        old = base.get(need.id)
        if old is None or not _controlled(model, need) or old.value(state) not in in_force:
            continue
        if need.value(state) not in in_force or not content_changed(model, old, need):
            continue
        version, was = need.value(dc.version_field), old.value(dc.version_field)
        if not _newer_version(was, version):
            add(need, dc.version_field, "change_without_version",
                f"{need.id} gäller och dess innehåll ändras, men versionen är fortfarande {was or 'tom'}.",
                f"Höj versionen: ':{dc.version_field}: {int(was) + 1 if was.isdigit() else '...'}'.")
        if dc.change_note_field in model.types[need.type].fields:
            note, was_note = need.value(dc.change_note_field).strip(), old.value(dc.change_note_field).strip()
            if not note or note == was_note:
                add(need, dc.change_note_field, "change_without_note",
                    f"{need.id} gäller och dess innehåll ändras, men ändringen har ingen ny ändringsnotering.",
                    f"Skriv med en eller två meningar vad som ändras och varför: ':{dc.change_note_field}: ...'.")
        approved, was_approved = need.value(dc.approved_field), old.value(dc.approved_field)
        if not _newer_date(was_approved, approved):
            add(need, dc.approved_field, "change_without_approval",
                f"{need.id} gäller och dess innehåll ändras, men datumet då det fastställdes är "
                f"fortfarande {was_approved or 'tomt'}.",
                f"Sätt datumet då den nya versionen fastställs: ':{dc.approved_field}: ÅÅÅÅ-MM-DD'. "
                f"Den som godkänner ändringen på git-tjänsten fastställer den.")
    withdrawn = model.publishing.withdrawn_statuses
    for need_id, old in base.items():
        if need_id not in head_ids and old.value(state) in in_force:
            findings.append(Finding(
                old.file, old.line, "removed_in_force",
                f"{need_id} ({old.title}) gäller i {base_name} men tas bort.",
                (f"Ta inte bort ett dokument som gäller. Lägg tillbaka filen och sätt ':{state}: {withdrawn[0]}', "
                 f"så att det syns att dokumentet har slutat gälla och när.") if withdrawn else
                "Ta inte bort ett dokument som gäller; ändra dess status i stället.",
                model.severity_of("removed_in_force")))
    return sorted(findings)
