"""What a change does to the ledningssystem: objects added, removed and changed, links
it breaks, coverage before and after, and which units' staff must be told.

Each side is read with its own revision's model, so a change to lotsen.yaml is
compared as the authors of each revision saw it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from lotsen.checks.coverage import Share, coverage
from lotsen.git import Revision
from lotsen.model import COVERAGE_GATES, Model
from lotsen.reports.word_diff import Piece, word_diff
from lotsen.source.index import ObjectIndex
from lotsen.source.mentions import mentions
from lotsen.source.scanner import NeedSource
from lotsen.words import plural

#: Names used for what is not a field: the heading, the body and the file.
TITLE, BODY, FILE = "rubrik", "innehåll", "fil"
_STEP = re.compile(r"^\s*(\d+)\.\s+(?P<text>.*)$")


@dataclass(frozen=True)
class Side:
    """One revision, read: its model and objects (both None when it has no model file)."""

    revision: Revision
    model: Model | None
    index: ObjectIndex | None

    @property
    def objects(self) -> dict[str, NeedSource]:
        return self.index.by_id if self.index else {}


@dataclass(frozen=True)
class ObjectRef:
    id: str
    type: str
    title: str
    file: str
    line: int

    @classmethod
    def of(cls, need: NeedSource) -> ObjectRef:
        return cls(need.id, need.type, need.title, need.file, need.line)


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str
    #: For the body: which numbered steps changed, in the new numbering.
    note: str = ""
    #: For the body: the changed text, word by word (see reports.word_diff).
    words: tuple[tuple[Piece, ...], ...] = ()


@dataclass(frozen=True)
class Changed:
    object: ObjectRef
    changes: list[FieldChange]

    @property
    def fields(self) -> list[str]:
        return [c.field for c in self.changes]


#: How an object points at another: a link field, a reference in the text, or the ID
#: named in plain text.
FIELD_LINK, REFERENCE, MENTION = "länk", "hänvisning", "omnämnande"


@dataclass(frozen=True)
class BrokenLink:
    source: ObjectRef
    #: The link field's name; '' for a reference or mention in the text.
    link: str
    target: str
    line: int
    new: bool
    kind: str = FIELD_LINK


@dataclass(frozen=True)
class CoverageRow:
    name: str
    label: str
    before: Share | None
    after: Share | None
    floor: int | None


@dataclass(frozen=True)
class UnitNotice:
    code: str
    name: str
    objects: list[ObjectRef]


@dataclass
class Report:
    base: Revision
    head: Revision
    added: list[ObjectRef] = field(default_factory=list)
    removed: list[ObjectRef] = field(default_factory=list)
    changed: list[Changed] = field(default_factory=list)
    broken_links: list[BrokenLink] = field(default_factory=list)
    #: Documents that were in force and are gone: they should have been withdrawn.
    removed_in_force: list[ObjectRef] = field(default_factory=list)
    coverage: list[CoverageRow] = field(default_factory=list)
    inform: list[UnitNotice] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def compare(base: Side, head: Side) -> Report:
    report = Report(base.revision, head.revision)
    for side, where in ((base, "före"), (head, "efter")):
        if side.model is None:
            report.notes.append(f"Revisionen {side.revision.name} ({where}) har ingen modellfil; "
                                f"den räknas som tom.")
    old, new = base.objects, head.objects
    report.added = [ObjectRef.of(new[i]) for i in new if i not in old]
    report.removed = [ObjectRef.of(old[i]) for i in old if i not in new]
    for need_id in (i for i in new if i in old):
        changes = _changes(base.model, old[need_id], head.model, new[need_id])
        if changes:
            report.changed.append(Changed(ObjectRef.of(new[need_id]), changes))
    report.broken_links = _broken_links(base, head)
    report.removed_in_force = removed_in_force(base, head)
    report.coverage = _coverage(base, head)
    report.inform = _inform(base, head, report)
    return report


def _multiple(model: Model | None, need: NeedSource, name: str) -> bool:
    type_def = model.types.get(need.type) if model else None
    if type_def is None:
        return False
    usage = type_def.fields.get(name)
    return name in type_def.links or (usage is not None and usage.field.multiple)


def _shown(model: Model | None, need: NeedSource, name: str) -> str:
    return ", ".join(need.values(name)) if _multiple(model, need, name) else need.value(name)


def _same(model_a: Model | None, a: NeedSource, model_b: Model | None, b: NeedSource, name: str) -> bool:
    if _multiple(model_a, a, name) or _multiple(model_b, b, name):
        return sorted(a.values(name)) == sorted(b.values(name))  # order in a list is no change
    return a.value(name) == b.value(name)


def _body(need: NeedSource) -> list[str]:
    lines = [line.rstrip() for line in need.body]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _changes(model_a: Model | None, a: NeedSource, model_b: Model | None, b: NeedSource) -> list[FieldChange]:
    changes = []
    if a.title != b.title:
        changes.append(FieldChange(TITLE, a.title, b.title))
    type_def = model_b.types.get(b.type) if model_b else None
    declared = list(type_def.options()) if type_def else []
    names = [n for n in declared if n in a.options or n in b.options]
    names += sorted(n for n in set(a.options) | set(b.options) if n not in names)
    for name in names:
        if name != "id" and not _same(model_a, a, model_b, b, name):
            changes.append(FieldChange(name, _shown(model_a, a, name), _shown(model_b, b, name)))
    if _body(a) != _body(b):
        words = tuple(tuple(hunk) for hunk in word_diff(_body(a), _body(b)))
        changes.append(FieldChange(BODY, "", "", _steps_changed(_body(a), _body(b)), words))
    if a.file != b.file:
        changes.append(FieldChange(FILE, a.file, b.file))
    return changes


def _steps_changed(before: list[str], after: list[str]) -> str:
    """'steg 4 ändrat, steg 8 nytt' — what staff following the steps must notice."""
    old = [m["text"] for line in before if (m := _STEP.match(line))]
    new = [m["text"] for line in after if (m := _STEP.match(line))]
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "replace":
            parts += [f"steg {j} ändrat" for j in range(j1 + 1, j2 + 1)]
            if i2 - i1 > j2 - j1:
                parts.append(plural(i2 - i1 - (j2 - j1), "steg borttaget", "steg borttagna"))
        elif tag == "insert":
            parts += [f"steg {j} nytt" for j in range(j1 + 1, j2 + 1)]
        elif tag == "delete":
            parts.append(plural(i2 - i1, "steg borttaget", "steg borttagna"))
    return ", ".join(parts)


def _dangling(side: Side) -> list[tuple[NeedSource, str, str, str, int]]:
    """(object, kind, link, target, line) for everything that points at a missing ID."""
    if side.model is None:
        return []
    found = []
    for need in side.objects.values():
        for link in side.model.types[need.type].links:
            found.extend((need, FIELD_LINK, link, t, need.line_of(link))
                         for t in need.values(link) if t not in side.objects)
        found.extend((need, REFERENCE, "", t, line) for t, line in need.references() if t not in side.objects)
        found.extend((need, MENTION, "", t, line) for t, line in mentions(side.model, need) if t not in side.objects)
    return found


def _broken_links(base: Side, head: Side) -> list[BrokenLink]:
    before = {(n.id, kind, link, target) for n, kind, link, target, _ in _dangling(base)}
    return [BrokenLink(ObjectRef.of(n), link, target, line, (n.id, kind, link, target) not in before, kind)
            for n, kind, link, target, line in _dangling(head)]


def removed_in_force(base: Side, head: Side) -> list[ObjectRef]:
    """Objects in force in ``base`` (a status the review covers) that ``head`` lacks."""
    if base.model is None:
        return []
    in_force, state = set(base.model.review.statuses), base.model.field_for("state")
    return [ObjectRef.of(n) for i, n in base.objects.items()
            if i not in head.objects and n.value(state) in in_force]


def _coverage(base: Side, head: Side) -> list[CoverageRow]:
    before = coverage(base.index) if base.index else {}
    after = coverage(head.index) if head.index else {}
    floors = head.model.coverage if head.model else {}
    return [CoverageRow(name, label, before.get(name), after.get(name), floors.get(name))
            for name, label in COVERAGE_GATES.items() if name in before or name in after]


def _inform(base: Side, head: Side, report: Report) -> list[UnitNotice]:
    """Units whose staff must hear of it: an in-force routine of theirs was added,
    removed or changed. In force means a status the model's review applies to."""
    model = head.model or base.model
    if model is None:
        return []
    routine_type = model.structure.routine_type
    in_force = set(model.review.statuses)
    touched = [r.id for r in report.added + report.removed] + [c.object.id for c in report.changed]
    per_unit: dict[str, list[ObjectRef]] = {}
    for need_id in touched:
        sides = [s for s in (base, head) if need_id in s.objects]
        versions = [(s.model, s.objects[need_id]) for s in sides]
        if versions[-1][1].type != routine_type:
            continue
        if not any(n.value(m.field_for("state")) in in_force for m, n in versions):
            continue
        # every unit the routine holds for, before or after (the tree: index.units_of)
        units = []
        for side in sides:
            tree_order = list(side.model.unit_tree.units) if side.model else []
            held = side.index.units_of(side.objects[need_id]) if side.index else frozenset()
            units += [u for u in sorted(held, key=tree_order.index) if u not in units]
        for unit in units:
            per_unit.setdefault(unit, []).append(ObjectRef.of(versions[-1][1]))
    names = {**(base.model.units if base.model else {}), **(head.model.units if head.model else {})}
    order = list(names)
    codes = sorted(per_unit, key=lambda u: (order.index(u) if u in order else len(order), u))
    return [UnitNotice(u, names.get(u, u), per_unit[u]) for u in codes]
