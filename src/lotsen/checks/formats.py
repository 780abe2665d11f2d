"""Findings written for the reader at hand: an author, a program, GitHub or GitLab.

Each formatter takes the findings and a function that turns a finding's file (relative
to the project root) into the path the reader expects, and returns the text to print.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence

from lotsen.checks.personal_data import mask_personal_numbers
from lotsen.findings import ERROR, RULES, Finding

Where = Callable[[str], str]


def human(findings: Sequence[Finding], where: Where) -> str:
    lines = []
    for f in findings:
        place = f"{where(f.file)}:{f.line}" if f.line else where(f.file)
        lines.append(f"{place}: {f.severity}: {f.text()} [lotsen.{f.code}]")
    return "\n".join(lines)


def as_json(findings: Sequence[Finding], where: Where) -> str:
    return json.dumps([{**f.as_dict(), "file": where(f.file)} for f in findings], ensure_ascii=False, indent=2)


def _escape_data(text: str) -> str:
    """GitHub's escaping of a workflow command's message (actions/toolkit, command.ts)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """GitHub's escaping of a workflow command's property value."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(findings: Sequence[Finding], where: Where) -> str:
    """GitHub workflow commands: each finding becomes an annotation on its file and line."""
    lines = []
    for f in findings:
        command = "error" if f.severity == ERROR else "warning"
        props = [f"file={_escape_property(where(f.file))}"]
        if f.line:
            props.append(f"line={f.line}")
        # the heading a process owner sees above the annotation: what the rule is about,
        # in Swedish; the rule's code stays at the end of the text, as in the other formats
        title = RULES.get(f.code, "Lotsen").rstrip(".")
        props.append(f"title={_escape_property(title)}")
        lines.append(f"::{command} {','.join(props)}::{_escape_data(f.text())} [lotsen.{f.code}]")
    return "\n".join(lines)


def gitlab(findings: Sequence[Finding], where: Where) -> str:
    """GitLab's code quality report (Code Climate JSON), shown in a merge request.

    The fingerprint leaves out the line so that a finding keeps its identity when
    lines above it move; GitLab uses it to tell new findings from old ones.
    """
    issues, seen = [], set()
    for f in findings:
        path = where(f.file)
        base = hashlib.sha256(f"{f.code}\0{path}\0{f.message}".encode()).hexdigest()
        fingerprint, n = base, 1
        while fingerprint in seen:
            n += 1
            fingerprint = hashlib.sha256(f"{base}\0{n}".encode()).hexdigest()
        seen.add(fingerprint)
        issues.append({
            "description": f.text(),
            "check_name": f"lotsen.{f.code}",
            "fingerprint": fingerprint,
            "severity": "major" if f.severity == ERROR else "minor",
            "location": {"path": path, "lines": {"begin": max(f.line, 1)}},
        })
    return json.dumps(issues, ensure_ascii=False, indent=2)


def _masked(finding: Finding) -> Finding:
    """A finding whose file, message and hint show no personal number (a file name may
    hold one, and a message may quote a value)."""
    return Finding(mask_personal_numbers(finding.file), finding.line, finding.code,
                   mask_personal_numbers(finding.message), mask_personal_numbers(finding.hint), finding.severity)


def _guarded(formatter: Callable[[Sequence[Finding], Where], str]) -> Callable[[Sequence[Finding], Where], str]:
    def write(findings: Sequence[Finding], where: Where) -> str:
        return mask_personal_numbers(formatter([_masked(f) for f in findings],
                                               lambda file: mask_personal_numbers(where(file))))
    return write


#: Every format masks personal numbers in what it prints.
FORMATS: dict[str, Callable[[Sequence[Finding], Where], str]] = {
    name: _guarded(formatter)
    for name, formatter in {"human": human, "json": as_json, "github": github, "gitlab": gitlab}.items()
}
