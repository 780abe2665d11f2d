"""Validation of a whole project: find its content, scan it, check it."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lotsen.coverage import gate_findings
from lotsen.findings import Finding
from lotsen.index import ObjectIndex
from lotsen.model import Model
from lotsen.rules import parse_date, validate
from lotsen.source import NeedSource, scan_file

#: Folders under the project root that never hold content.
SKIPPED_DIRS = {"_build", ".venv", "venv", ".git", "node_modules", "tests", ".tox", "needs_templates"}


def build_date() -> dt.date:
    """The date findings are judged against: LOTSEN_TODAY (YYYY-MM-DD) or today.

    Pinning it keeps a build reproducible and lets tests ask "as of" a date.
    """
    pinned = os.environ.get("LOTSEN_TODAY", "").strip()
    if pinned:
        parsed = parse_date(pinned)
        if parsed is None:
            raise ValueError(f"LOTSEN_TODAY='{pinned}' är inget datum på formen ÅÅÅÅ-MM-DD.")
        return parsed
    return dt.date.today()


def content_files(root: Path) -> list[Path]:
    """Every Markdown file of the project, in a stable order."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS and not d.startswith("."))
        found.extend(Path(dirpath) / name for name in sorted(filenames) if name.endswith(".md"))
    return found


def scan_files(model: Model, root: Path, files: Iterable[Path]) -> tuple[list[NeedSource], list[Finding]]:
    """All needs in the files, and the findings that reading them gave."""
    needs: list[NeedSource] = []
    findings: list[Finding] = []
    need_types = set(model.types)
    for path in files:
        shown = path.relative_to(root).as_posix()
        try:
            scan = scan_file(path, shown, need_types)
        except UnicodeDecodeError as exc:
            line = exc.object[: exc.start].count(b"\n") + 1
            findings.append(Finding(
                shown, line, "file_unreadable",
                f"Filen är inte sparad som UTF-8: tecknet på rad {line} går inte att läsa.",
                "Öppna filen i en textredigerare och spara den som UTF-8.",
                model.severity_of("file_unreadable"),
            ))
            continue
        needs.extend(scan.needs)
        findings.extend(
            Finding(f.file, f.line, f.code, f.message, f.hint, model.severity_of(f.code))
            for f in scan.findings
        )
    return needs, findings


@dataclass
class Checked:
    """One run of every check: the objects found, their index, and all findings."""

    needs: list[NeedSource]
    index: ObjectIndex
    findings: list[Finding]


def check(model: Model, root: Path, files: Iterable[Path], today: dt.date) -> Checked:
    needs, findings = scan_files(model, root, files)
    index = ObjectIndex(model, needs, today)
    findings = sorted(findings + validate(model, needs, today) + gate_findings(index))
    return Checked(needs, index, findings)


def check_files(model: Model, root: Path, files: Iterable[Path], today: dt.date) -> list[Finding]:
    """Every finding for the given files, sorted by place."""
    return check(model, root, files, today).findings
