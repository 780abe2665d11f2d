"""A risk's score over time, read from git: every committed version of the files in the
risk type's folder, oldest first, each risk followed by its ID (so a file that was
renamed or split keeps its risks' history). A point is kept where the likelihood, the
consequence or the assessment date changed. Only figures and dates are read from old
versions, never text. Outside git there is no history, and no error."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lotsen.git import git_output, read_blobs, repository_root
from lotsen.model import Model
from lotsen.source.scanner import scan_text


@dataclass(frozen=True)
class ScorePoint:
    """One assessment of a risk as committed: when, the two factors, score and level."""

    date: str
    assessed: str
    likelihood: int
    consequence: int
    score: int
    level: str


def risk_histories(root: Path, model: Model, files: Sequence[str] = ()) -> dict[str, list[ScorePoint]] | None:
    """Risk ID -> its score over time, oldest first. None outside git. The history is
    read from the risk type's folder and from ``files`` (where risks are now, relative
    to ``root``), so that risks written outside the folder have their history too."""
    cfg = model.risk
    if cfg.type not in model.types:
        return None
    top = repository_root(root)
    if top is None:
        return None
    folder = model.types[cfg.type].folder
    # A renamed file shows as added under its new name (--no-renames): its risks are
    # followed by ID, so the rename costs nothing and loses nothing.
    log = git_output(root, "log", "--reverse", "--format=%x00%H%x09%as", "--name-only", "--no-renames",
                     "--diff-filter=AM", "--", *sorted({folder or ".", *files}))
    if log is None:
        return None
    prefix = root.resolve().relative_to(top.resolve()).as_posix()
    versions: list[tuple[str, str, str]] = []  # (commit, date, path from the repository's top)
    commit = date = ""
    for line in log.splitlines():
        if line.startswith("\x00"):
            commit, date = (line[1:].split("\t", 1) + [""])[:2]
        elif line.strip().endswith(".md"):
            versions.append((commit, date, line.strip()))
    specs = [f"{c}:{p}" for c, _, p in versions]
    texts = [b.decode("utf-8", "replace") if b is not None else None for b in read_blobs(top, specs) or [None] * len(specs)]
    assessed_field = model.field_for("assessment_date")
    scale_l = model.scales[model.fields[cfg.likelihood].scale]
    scale_c = model.scales[model.fields[cfg.consequence].scale]
    found: dict[str, list[ScorePoint]] = {}
    for (_commit, day, path), text in zip(versions, texts):
        if text is None:
            continue
        shown = path[len(prefix) + 1:] if prefix not in ("", ".") else path
        for need in scan_text(text, shown, set(model.types)).needs:
            if need.type != cfg.type or not need.id:
                continue
            try:
                likelihood, consequence = int(need.value(cfg.likelihood)), int(need.value(cfg.consequence))
            except ValueError:
                continue
            if likelihood not in scale_l or consequence not in scale_c:
                continue
            score = likelihood * consequence
            level = cfg.level(score)
            point = ScorePoint(day, need.value(assessed_field) if assessed_field else "", likelihood, consequence,
                               score, level.label if level else "")
            points = found.setdefault(need.id, [])
            last = points[-1] if points else None
            if last is None or (last.likelihood, last.consequence, last.assessed) != (
                    point.likelihood, point.consequence, point.assessed):
                points.append(point)
    return found
