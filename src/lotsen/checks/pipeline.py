"""Validation of a whole project: find its content, scan it, check it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lotsen.checks.content import personal_data_findings, readability_findings
from lotsen.checks.coverage import gate_findings
from lotsen.checks.rules import validate
from lotsen.findings import Finding
from lotsen.model import Model
from lotsen.source.index import ObjectIndex
from lotsen.source.scanner import NeedSource, close_to_type, scan_file


def scan_files(model: Model, root: Path, files: Iterable[Path],
               directives: list[tuple[str, str, int]] | None = None) -> tuple[list[NeedSource], list[Finding]]:
    """All needs in the files, and the findings that reading them gave.

    ``directives``, when given, collects (file, name, line) of every directive.
    """
    needs: list[NeedSource] = []
    findings: list[Finding] = []
    need_types = set(model.types)
    limit_kb = model.content_checks.max_file_kb
    for path in files:
        shown = path.relative_to(root).as_posix()
        if limit_kb and path.stat().st_size > limit_kb * 1024:
            findings.append(too_large(model, shown, path))
            continue
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
        if directives is not None:
            directives.extend((shown, name, line) for name, line in scan.directives)
        findings.extend(
            Finding(f.file, f.line, f.code, f.message, f.hint, model.severity_of(f.code))
            for f in scan.findings
        )
        if not scan.text.strip():
            findings.append(Finding(
                shown, 1, "file_empty", "Filen är tom och blir en sida utan innehåll.",
                "Skriv innehållet, eller ta bort filen om den kom med av misstag.",
                model.severity_of("file_empty"),
            ))
        findings.extend(personal_data_findings(model, shown, scan.text))
    return needs, findings


def unknown_directives(model: Model, directives: list[tuple[str, str, int]], known: set[str]) -> list[Finding]:
    findings = []
    for file, name, line in directives:
        if name in known or name in model.types or close_to_type(name, model):
            continue  # a name close to a type is reported by the scan already
        findings.append(Finding(
            file, line, "directive_unknown",
            f"Direktivet '{{{name}}}' finns inte, så blocket visas inte.",
            f"Kontrollera stavningen. Objekttyperna är: {', '.join(model.types)}.",
            model.severity_of("directive_unknown"),
        ))
    return findings


def too_large(model: Model, shown: str, path: Path) -> Finding:
    size_kb = f"{path.stat().st_size / 1024:.1f}".replace(".", ",")
    return Finding(
        shown, 1, "file_too_large",
        f"Filen är {size_kb} kB, mer än gränsen {model.content_checks.max_file_kb} kB. Den läses inte.",
        "Dela upp innehållet i flera filer, eller kontrollera att filen inte kom med av misstag "
        "(till exempel en export eller en bild med fel filändelse).",
        model.severity_of("file_too_large"),
    )


def model_findings(model: Model) -> list[Finding]:
    """The model file is checked for personal data like any content."""
    path = Path(model.path)
    if not path.is_file():
        return []
    return personal_data_findings(model, path.name, path.read_text(encoding="utf-8"))


@dataclass
class Checked:
    """One run of every check: the objects found, their index, and all findings."""

    needs: list[NeedSource]
    index: ObjectIndex
    findings: list[Finding]


def check(model: Model, root: Path, files: Iterable[Path], today: dt.date,
          known_directives: set[str] | None = None) -> Checked:
    """Every check. With ``known_directives`` (the build knows them), a directive that
    no extension provides is reported too."""
    directives: list[tuple[str, str, int]] = []
    needs, findings = scan_files(model, root, files, directives)
    if known_directives is not None:
        findings += unknown_directives(model, directives, known_directives)
    index = ObjectIndex(model, needs, today)
    findings = sorted(findings + validate(model, needs, today) + gate_findings(index)
                      + readability_findings(model, needs) + model_findings(model))
    return Checked(needs, index, findings)


def check_files(model: Model, root: Path, files: Iterable[Path], today: dt.date) -> list[Finding]:
    """Every finding for the given files, sorted by place."""
    return check(model, root, files, today).findings
