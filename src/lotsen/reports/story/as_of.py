"""The ledningssystem as it stood on a date, read from git: the last commit on or
before the day, written to a temporary folder and read there like a working tree. A
berättelse for 2026 built in March 2027 shows 2026 as it was; built twice, it is the same.
The working tree and the index are never touched."""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from lotsen.checks.pipeline import check, scan_files
from lotsen.errors import ModelError, UsageError
from lotsen.findings import Finding
from lotsen.git import Revision, export, repository_prefix
from lotsen.model import Model, load_model
from lotsen.reports.diff import Side
from lotsen.reports.document import Document
from lotsen.reports.story.build import build_story, swedish_date
from lotsen.reports.story.changes import YearChanges, no_changes, year_changes
from lotsen.source.files import content_files, only_drafts
from lotsen.source.goal_values import read_goal_values
from lotsen.source.index import ObjectIndex
from lotsen.source.statistics import read_statistics

if TYPE_CHECKING:  # the build's reading of the project: the command passes it in
    from lotsen.sphinx.project_reading import ProjectReading

EMPTY = Revision("", "")


def commit_on(root: Path, day: dt.date) -> Revision | None:
    """The last commit of the checked-out branch made on or before ``day`` (its
    committer date: when the change came into the branch)."""
    result = subprocess.run(["git", "rev-list", "-1", f"--before={day.isoformat()}T23:59:59", "HEAD", "--"],
                            cwd=root, capture_output=True, text=True, check=False)
    commit = result.stdout.strip()
    return Revision(day.isoformat(), commit) if result.returncode == 0 and commit else None


def _published(model: Model, needs: list) -> list:
    """Leave out files whose objects are all drafts, as the site does."""
    by_file: dict[str, list] = {}
    for need in needs:
        by_file.setdefault(need.file, []).append(need)
    return [n for n in needs if not only_drafts(model, by_file[n.file])]


def read_revision(root: Path, revision: Revision, prefix: str, model_name: str, dest: Path,
                  today: dt.date, folders: tuple[str, ...], checking: Checking | None = None) -> ObjectIndex | None:
    """The index of a revision (None when it has no model file). With ``checking``, the
    revision is read by the whole check, as `lotsen check` reads it on
    ``checking.day``, and its findings are kept in ``checking.findings``."""
    dest.mkdir(parents=True, exist_ok=True)
    export(root, revision, prefix, model_name, dest, folders)
    if not (dest / model_name).is_file():
        return None
    try:
        model = load_model(dest / model_name)
    except ModelError as exc:
        problems = "\n".join(f"{model_name}:{p.line}: {p.message}" if p.line else f"{model_name}: {p.message}"
                             for p in exc.problems)
        raise UsageError(f"Modellen i versionen från {revision.name} går inte att läsa:\n{problems}") from None
    missing = tuple(f for f in data_folders(model) if f not in folders)
    if missing:
        export(root, revision, prefix, model_name, dest, missing)
    if checking is not None:
        checked = check(model, dest, content_files(dest), checking.day, checking.project.known,
                        checking.project.reading)
        checking.findings = checked.findings
        return ObjectIndex(model, _published(model, checked.needs), today, statistics=checked.statistics,
                           goal_values=checked.goal_values)
    needs, _ = scan_files(model, dest, content_files(dest))
    return ObjectIndex(model, _published(model, needs), today, statistics=read_statistics(model, dest),
                       goal_values=read_goal_values(model, dest, needs))


@dataclass
class Checking:
    """How a revision is checked: on ``day``, with the project's reading of Markdown;
    the findings, once checked."""

    day: dt.date
    project: ProjectReading
    findings: list[Finding] = field(default_factory=list)


def data_folders(model: Model) -> tuple[str, ...]:
    """The folders of data files (not Markdown) the berättelse reads: the case
    statistics and the indicators' outcomes."""
    return tuple(f for f in (model.statistics.folder, model.goals.folder) if f)


def start_of_year(root: Path, prefix: str, model_name: str, year: int, dest: Path, today: dt.date,
                  folders: tuple[str, ...]) -> tuple[Side, str]:
    """The objects as the year began, and a note when there were none in git."""
    start = commit_on(root, dt.date(year - 1, 12, 31))
    if start is None:
        return Side(EMPTY, None, None), (f"Arkivet fanns inte i git före {year}, så allt som finns räknas som "
                                          f"nytt under året.")
    index = read_revision(root, start, prefix, model_name, dest, today, folders)
    return Side(start, index.model if index else None, index), ""


def changes_since_year_start(root: Path, model_name: str, index: ObjectIndex) -> YearChanges:
    """For the site: the year's changes up to the working tree the site is built from."""
    try:
        prefix = repository_prefix(root)
    except UsageError:
        return no_changes("Webbplatsen byggdes utanför ett git-arkiv, så förändringarna under året kan inte visas.")
    folders = data_folders(index.model)
    with tempfile.TemporaryDirectory(prefix="lotsen-berattelse-") as tmp:
        start, note = start_of_year(root, prefix, model_name, index.today.year, Path(tmp), index.today, folders)
    return year_changes(start, index, note=note)


@dataclass
class StoryOnDate:
    document: Document
    findings: list
    #: Every finding of `lotsen check` on the revision the document is read from.
    checked: list[Finding]
    revision: Revision
    #: The revision's model (its risk levels' colours go into the files).
    model: Model
    cut: dt.date


def story_on(root: Path, model_name: str, year: int, day: dt.date, unit: str, folders: tuple[str, ...],
             check_unit=None, project: ProjectReading | None = None) -> StoryOnDate:
    """The berättelse for ``year`` as the repository stood on ``day`` (the figures are
    judged at the earlier of ``day`` and the year's end). With ``project`` (the
    project's reading of Markdown), that version is checked as `lotsen check` checks it
    on ``day``."""
    prefix = repository_prefix(root)
    end = commit_on(root, day)
    if end is None:
        raise UsageError(f"Git-arkivet har ingen version från den {swedish_date(day)} eller tidigare. "
                         "Ange ett senare datum med --datum.")
    cut = min(day, dt.date(year, 12, 31))
    with tempfile.TemporaryDirectory(prefix="lotsen-berattelse-") as tmp:
        checking = Checking(day, project) if project is not None else None
        index = read_revision(root, end, prefix, model_name, Path(tmp) / "slut", cut, folders, checking)
        if index is None:
            raise UsageError(f"Versionen från den {swedish_date(day)} har ingen modellfil {model_name}. "
                             "Är det här ett ledningssystem i Lotsen? Ange annars mappen med --root.")
        if check_unit is not None:
            check_unit(index.model)
        start, note = start_of_year(root, prefix, model_name, year, Path(tmp) / "start", cut, folders)
        changes = year_changes(start, index, note=note)
        source = f"Uppgifterna är lästa ur git: versionen {end.short}, den sista den {swedish_date(day)} eller tidigare."
        # what is missing: what `lotsen check` says on the day (completeness.gap_context)
        document, findings = build_story(index, year, unit=unit, root=Path(tmp) / "slut", changes=changes,
                                         source_note=source, gap_day=day)
    return StoryOnDate(document, findings, checking.findings if checking else [], end, index.model, cut)
