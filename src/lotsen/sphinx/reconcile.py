"""The source scan and sphinx-needs must see the same objects: each one that only one
of them sees is a finding where it stands.

An object that sphinx-needs collected but the scan did not would escape every rule;
one that the scan read but sphinx-needs did not is counted in reports and coverage
but missing from the site. The scan follows MyST's own parser, so either is a case
Lotsen does not yet know how to read; the finding makes sure it is not silent.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection
from pathlib import Path

from sphinx.environment import BuildEnvironment

from lotsen.checks.pipeline import Checked
from lotsen.findings import Finding
from lotsen.model import Model

#: Findings of the scan that already name an object it sees but cannot read.
NAMED_BY_SCAN = frozenset({"need_in_rst"})


def reconcile(model: Model, env: BuildEnvironment, checked: Checked, left_out: Collection[str]) -> list[Finding]:
    """Findings for objects seen by only one of the scan and sphinx-needs.

    ``left_out`` are the files this build does not publish (drafts): their objects are
    scanned but never collected. A place where the scan already reported something
    (an object it cannot read, a duplicate ID that sphinx-needs refuses) is not
    reported twice.
    """
    from sphinx_needs.data import SphinxNeedsData

    root = Path(env.srcdir)
    shown_of = {doc: Path(env.doc2path(doc)).relative_to(root).as_posix() for doc in env.found_docs}
    published = set(shown_of.values())
    built: dict[tuple[str, int], str] = {}
    for need in SphinxNeedsData(env).get_needs_mutable().values():
        if need["is_external"] or not need["docname"]:
            continue
        docname = need["docname"]
        if docname not in shown_of:  # a page that is no longer found
            shown_of[docname] = Path(env.doc2path(docname)).relative_to(root).as_posix()
        built[(shown_of[docname], need["lineno"] or 0)] = need["id"]
    scanned = {(n.file, n.line): n for n in checked.needs if n.file in published and n.file not in left_out}
    reported: dict[str, list[int]] = {}
    for finding in checked.findings:
        reported.setdefault(finding.file, []).append(finding.line)
    named = {(f.file, f.line) for f in checked.findings if f.code in NAMED_BY_SCAN}
    # an ID the scan found twice is its finding, wherever it stands: sphinx-needs keeps
    # the object of the document it reads first, which need not be the scan's first
    counts = Counter(n.id for n in checked.needs if n.id)
    duplicated = {need_id for need_id, count in counts.items() if count > 1}
    findings = []
    for (file, line), need_id in sorted(built.items()):
        if (file, line) in scanned or (file, line) in named:
            continue
        findings.append(Finding(
            file, line, "need_not_checked",
            f"Objektet {need_id} står där Lotsen inte kan läsa och kontrollera det.",
            "Skriv objektet direkt i en av projektets sidor, i början av raden: inte i en fil "
            "som tas in från en annan, och inte i ett block som hämtar objekt från annat håll.",
            model.severity_of("need_not_checked"),
        ))
    for (file, line), need in sorted(scanned.items()):
        if (file, line) in built or need.id in duplicated or any(
                need.line <= at < max(need.body_line, need.line + 1) for at in reported.get(file, ())):
            continue
        findings.append(Finding(
            file, line, "need_not_built",
            f"Objektet {need.id or need.title} står i texten men kommer inte med på webbplatsen, "
            "så det saknas i rapporter och länkar dit leder ingenstans.",
            "Skriv objektet som de andra: i början av raden, utanför listor, citat och andra block.",
            model.severity_of("need_not_built"),
        ))
    return findings
