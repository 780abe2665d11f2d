"""An import from start to end: the sheet, its mapping (suggested the first time), the
plan, a check of the result before anything is written, and the new files.

Nothing is written unless every row can be used: the user corrects the sheet or the
mapping and runs again, and the rows already created are then reported as existing.
The new files are checked with everything else in a copy of the project first, so that
the result passes `lotsen check` (apart from what only a later import can give, such
as a control for a new high risk).
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from lotsen.checks.pipeline import check_files, scan_files
from lotsen.errors import UsageError
from lotsen.findings import ERROR
from lotsen.model import Model
from lotsen.source.files import content_files
from lotsen.source.importer import mapping as mappings
from lotsen.source.importer.plan import Plan, build, file_texts
from lotsen.source.importer.sheets import Sheet, read_sheet

#: Findings on a new object that only another object, imported or written later, can
#: settle: said after the import, not a reason to stop it.
LATER = {"risk_without_control", "coverage_gate", "routine_without_process", "control_without_target"}


@dataclass
class Outcome:
    sheet: Sheet
    mapping_path: Path
    suggested: bool = False  # the mapping file was written now: nothing else done
    plan: Plan = field(default_factory=Plan)
    created: list[Path] = field(default_factory=list)
    extended: list[Path] = field(default_factory=list)  # files that existed and got new objects at their end
    later: list[str] = field(default_factory=list)


def default_mapping_path(sheet_path: Path) -> Path:
    return sheet_path.with_name(f"{sheet_path.stem}.mappning.yaml")


def _check_in_copy(model: Model, root: Path, plan: Plan, today: dt.date) -> tuple[list[str], list[str]]:
    """Problems (per row) and later notes from checking the project with the new files."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp)
        for path in content_files(root):
            target = copy / path.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        spans = {}
        type_def = model.types[_type_of(model, plan.objects[0].id)]
        for path, (text, _exists, where) in file_texts(root, type_def, plan.objects).items():
            target = copy / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
            spans[path] = where
        findings = check_files(model, copy, content_files(copy), today)

    def planned_at(file: str, line: int):
        return next((p for first, last, p in spans.get(file, []) if first <= line <= last), None)

    problems, later = [], []
    found = [(f, planned_at(f.file, f.line)) for f in findings]
    for finding, planned in sorted(found, key=lambda fp: (fp[1].row if fp[1] else 0, fp[0].line)):
        if planned is None or finding.severity != ERROR:
            continue
        text = f"{planned.id} ({planned.title}): {finding.message} [lotsen.{finding.code}]"
        if finding.code in LATER:
            later.append(text)
        else:
            problems.append(f"rad {planned.row}: {text}")
    return problems, later


def _type_of(model: Model, new_id: str) -> str:
    found = model.type_by_prefix(new_id)
    assert found is not None  # IDs were made from the type's own template and prefix
    return found.name


def run_import(model: Model, root: Path, type_name: str, sheet_path: Path, sheet_name: str | None,
               mapping_path: Path | None, dry_run: bool, today: dt.date) -> Outcome:
    if type_name not in model.types:
        raise UsageError(f"Typen '{type_name}' finns inte i modellen. Typerna är: {', '.join(model.types)}.")
    type_def = model.types[type_name]
    if not type_def.id_template:
        raise UsageError(f"Typen '{type_name}' har ingen id_template i lotsen.yaml, så Lotsen kan inte ge de nya "
                         f"objekten ID. Lägg till en under types.{type_name}.")
    path = mapping_path or default_mapping_path(sheet_path)
    suggested = not path.is_file()
    if not suggested:
        given = mappings.read(model, path)
        sheet = read_sheet(sheet_path, sheet_name or given.sheet)
        mapping = mappings.read(model, path, sheet)
        if mapping.type_name != type_name:
            raise UsageError(f"{path.name} är skriven för typen {mapping.type_name}, inte {type_name}. Ange en "
                             f"annan mappningsfil med --mappning, eller ta bort den så föreslår Lotsen en ny.")
    else:
        sheet = read_sheet(sheet_path, sheet_name)
        mapping = mappings.suggest(model, type_def, sheet)
        path.write_text(mappings.render(model, type_def, mapping, sheet.where()), encoding="utf-8")
        mapping = mappings.read(model, path, sheet)  # what is left to fill in, as a rerun would say
        dry_run = True  # the first time, the user reads the suggestion before anything is created
    outcome = Outcome(sheet, path, suggested=suggested)
    needs, _ = scan_files(model, root, content_files(root))
    taken_files = {p.relative_to(root).as_posix() for p in content_files(root)}
    plan = build(model, type_def, sheet, mapping, needs, taken_files, today)
    plan.problems = mapping.problems + plan.problems
    outcome.plan = plan
    if plan.problems or not plan.objects:
        return outcome
    problems, outcome.later = _check_in_copy(model, root, plan, today)
    if problems:
        plan.problems += [f"{sheet.where()}, {p}" for p in problems]
        return outcome
    if dry_run:
        return outcome
    for path, (text, exists, _spans) in file_texts(root, type_def, plan.objects).items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if exists:  # the new objects go after what the file holds; nothing in it changes
            old = target.read_text(encoding="utf-8")
            with target.open("a", encoding="utf-8") as out:
                out.write(text[len(old):])
            outcome.extended.append(target)
        else:
            with target.open("x", encoding="utf-8") as out:
                out.write(text)
            outcome.created.append(target)
    return outcome
