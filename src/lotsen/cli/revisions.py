"""Both sides of a change, each read from git with its own revision's model."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from lotsen.checks.pipeline import scan_files
from lotsen.errors import ModelError, UsageError
from lotsen.git import Revision, export, repository_prefix, resolve
from lotsen.model import load_model
from lotsen.reports.diff import Side
from lotsen.source.files import content_files
from lotsen.source.index import ObjectIndex


def _side(root: Path, revision: Revision, prefix: str, model_name: str, dest: Path, today: dt.date) -> Side:
    dest.mkdir(parents=True)
    export(root, revision, prefix, model_name, dest)
    if not (dest / model_name).is_file():
        return Side(revision, None, None)
    try:
        model = load_model(dest / model_name)
    except ModelError as exc:
        problems = "\n".join(f"{model_name}:{p.line}: {p.message}" if p.line else f"{model_name}: {p.message}"
                             for p in exc.problems)
        raise UsageError(f"Modellen i revisionen '{revision.name}' går inte att läsa:\n{problems}") from None
    needs, _ = scan_files(model, dest, content_files(dest))
    return Side(revision, model, ObjectIndex(model, needs, today))


def read_sides(root: Path, base: str, head: str, model_name: str, today: dt.date) -> tuple[Side, Side]:
    """The project under ``root`` as it was in ``base`` and in ``head``.

    The files go to a temporary folder that is removed again; the working tree and
    the index are never touched, so uncommitted work is safe.
    """
    prefix = repository_prefix(root)
    revisions = resolve(root, base), resolve(root, head)
    with tempfile.TemporaryDirectory(prefix="lotsen-diff-") as tmp:
        before, after = (_side(root, rev, prefix, model_name, Path(tmp) / name, today)
                         for rev, name in zip(revisions, ("base", "head")))
    if before.model is None and after.model is None:
        raise UsageError(f"Ingen av revisionerna har modellfilen {model_name}. Är det här ett "
                         f"ledningssystem i Lotsen? Ange annars mappen med --root.")
    return before, after


def read_base(root: Path, base: str, model_name: str, today: dt.date) -> Side:
    """The project as it was in ``base``, read from git without touching the working tree."""
    prefix = repository_prefix(root)
    revision = resolve(root, base)
    with tempfile.TemporaryDirectory(prefix="lotsen-base-") as tmp:
        return _side(root, revision, prefix, model_name, Path(tmp) / "base", today)
