"""What changed during the year, read from git: the objects as they stood when the year
began beside the objects at the berättelse's date. New, revised and repealed documents,
and risks added, removed and assessed again, come from this comparison
(reports/diff.py), so they agree with `lotsen diff`."""

from __future__ import annotations

from dataclasses import dataclass, field

from lotsen.reports.diff import Changed, ObjectRef, Side, compare
from lotsen.source.index import ObjectIndex


@dataclass
class YearChanges:
    """The comparison of the year's start with its end; ``note`` says in plain words
    where the start came from (or why there is no comparison)."""

    added: list[ObjectRef] = field(default_factory=list)
    removed: list[ObjectRef] = field(default_factory=list)
    changed: list[Changed] = field(default_factory=list)
    #: Objects as they were when the year began, by ID.
    before: dict = field(default_factory=dict)
    note: str = ""


def year_changes(start: Side, end_index: ObjectIndex, end: Side | None = None, note: str = "") -> YearChanges:
    """Compare the year's start with the index the berättelse is computed from."""
    head = end or Side(start.revision, end_index.model, end_index)
    report = compare(start, head)
    return YearChanges(report.added, report.removed, report.changed, dict(start.objects), note)


def no_changes(note: str) -> YearChanges:
    return YearChanges(note=note)
