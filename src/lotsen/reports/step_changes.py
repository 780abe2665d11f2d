"""What changed in a routine's latest version: its numbered steps compared with the
last version before it in git (the newest committed text whose document version
differs from the version in force).

Only steps of the version in force are shown (new or reworded ones); removed steps
are counted, never quoted: old text in git has not passed today's personal-data check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from lotsen.git import git_output, read_blobs, repository_root
from lotsen.model import Model
from lotsen.source.scanner import NeedSource, scan_text

_STEP = re.compile(r"^\s*\d+[.)]\s+(.*\S)\s*$")


@dataclass(frozen=True)
class StepChanges:
    """A routine's latest version against the one before it."""

    previous_version: str
    changed: tuple[str, ...]  # steps of the version in force that the previous lacked
    removed: int  # steps of the previous version that are gone


def steps(body: list[str]) -> list[str]:
    return [" ".join(m[1].split()) for line in body if (m := _STEP.match(line))]


def _unpaired(gone: list[str], changed: tuple[str, ...]) -> list[str]:
    """The old steps that no changed step rewords (a rewording keeps most of the words)."""
    left = list(gone)
    for step in changed:
        best = max(left, key=lambda old: SequenceMatcher(None, old, step).ratio(), default=None)
        if best is not None and SequenceMatcher(None, best, step).ratio() >= 0.6:
            left.remove(best)
    return left


def step_changes(root: Path, model: Model, routines: list[NeedSource]) -> dict[str, StepChanges]:
    """Routine ID -> its step changes, for routines whose previous version is in git."""
    version_field = model.field_for("document_version")
    top = repository_root(root)
    if top is None or not version_field or not routines:
        return {}
    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    full = {r.file: (r.file if prefix in ("", ".") else f"{prefix}/{r.file}") for r in routines}
    log = git_output(root, "log", "--format=%x00%H", "--name-only", "--no-renames", "--", *sorted(set(full.values())))
    if log is None:
        return {}
    history: dict[str, list[str]] = {}
    commit = ""
    for line in log.splitlines():
        if line.startswith("\x00"):
            commit = line[1:]
        elif line.strip():
            history.setdefault(line.strip(), []).append(commit)
    found: dict[str, StepChanges] = {}
    for routine in routines:
        commits = history.get(full[routine.file], [])[:12]
        blobs = read_blobs(top, [f"{c}:{full[routine.file]}" for c in commits]) or []
        texts = [b.decode("utf-8", "replace") if b is not None else None for b in blobs]
        current = routine.value(version_field)
        for text in texts:
            old = next((n for n in scan_text(text or "", routine.file, {routine.type}).needs if n.id == routine.id),
                       None)
            if old is None or old.value(version_field) == current:
                continue
            before, now = steps(old.body), steps(routine.body)
            changed = tuple(s for s in now if s not in before)
            removed = len(_unpaired([s for s in before if s not in now], changed))
            if changed or removed:
                found[routine.id] = StepChanges(old.value(version_field), changed, removed)
            break
    return found
