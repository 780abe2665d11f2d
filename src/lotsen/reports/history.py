"""History from git: when each page last changed, and the log of changes to routines
that were fastställda. A build outside git still works and says so."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from lotsen.checks.personal_data import has_personal_number, mask_personal_numbers
from lotsen.git import git_output, repository_root
from lotsen.model import Model
from lotsen.source.scanner import scan_text


@dataclass(frozen=True)
class Change:
    """One commit's change to one fastställd object."""

    date: str
    id: str
    title: str
    version: str
    summary: str
    file: str


def last_changed(root: Path) -> dict[str, str] | None:
    """Source path (relative to root) -> the date its last change was written.

    The author date, not the committer date: a rebase or a cherry-pick rewrites the
    committer date of every commit it moves, which would give every page the day of the
    rebase. One pass over the history, newest first, so its cost grows with the history,
    not with the number of files times the history. None outside git.
    """
    top = repository_root(root)
    if top is None:
        return None
    log = git_output(root, "log", "--format=%x00%as", "--name-only", "--no-renames", "--", ".")
    if log is None:
        return None
    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    dates: dict[str, str] = {}
    current = ""
    for line in log.splitlines():
        if line.startswith("\x00"):
            current = line[1:]
        elif line.strip():
            path = line.strip()
            if prefix not in ("", "."):
                if not path.startswith(prefix + "/"):
                    continue
                path = path[len(prefix) + 1:]
            dates.setdefault(path, current)
    return dates


def withheld_summary(commit: str) -> str:
    return f"Ändring {commit[:10]}. Meddelandet visas inte, eftersom det innehåller personuppgifter."


def _guarded_subject(commit: str, subject: str, on_withheld: Callable[[str], None] | None,
                     told: set[str]) -> str:
    """The commit message as the page may show it: never with a personal number."""
    if not has_personal_number(subject):
        return subject
    if on_withheld is not None and commit not in told:
        told.add(commit)
        on_withheld(commit[:10])
    return withheld_summary(commit)


def change_log(root: Path, model: Model, limit: int = 200,
               on_withheld: Callable[[str], None] | None = None) -> list[Change] | None:
    """Changes to objects whose status (after the change) is one the review covers
    (fastställd), newest first. None outside git.

    Commit messages pass the personal-data guard: one that holds a personal number is
    replaced by the commit's name, and ``on_withheld`` is told the commit (never the
    number). Titles, versions and paths from old versions are masked.
    """
    top = repository_root(root)
    if top is None:
        return None
    folders = sorted({t.folder for name, t in model.types.items() if name in model.review.types})
    log = git_output(root, "log", "--format=%x00%H%x09%cs%x09%s", "--name-only", "--no-renames", "--", *folders)
    if log is None:
        return None
    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    statuses = set(model.review.statuses)
    changes: list[Change] = []
    told: set[str] = set()
    commit = date = subject = ""
    for line in log.splitlines():
        if line.startswith("\x00"):
            commit, date, subject = (line[1:].split("\t", 2) + ["", ""])[:3]
            subject = _guarded_subject(commit, subject, on_withheld, told)
            continue
        path = line.strip()
        if not path.endswith(".md") or len(changes) >= limit:
            continue
        text = git_output(top, "show", f"{commit}:{path}")
        if text is None:
            continue  # the file was deleted in this commit
        relative = path[len(prefix) + 1:] if prefix not in ("", ".") else path
        for need in scan_text(text, relative, set(model.types)).needs:
            if need.type in model.review.types and need.value(model.field_for("state")) in statuses:
                changes.append(Change(date, need.id, mask_personal_numbers(need.title),
                                      mask_personal_numbers(need.value(model.field_for("document_version"))),
                                      subject, mask_personal_numbers(relative)))
    return changes
