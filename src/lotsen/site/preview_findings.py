"""The preview (`make preview`, LOTSEN_PREVIEW=1) shows a page's findings at the top of
the page, in plain Swedish with the line to fix: the author sees the mistake where they
look, not only in the terminal. The staff site never shows them."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from lotsen.findings import ERROR, Finding
from lotsen.site.templates import Markup, Templates, default_templates, project_templates
from lotsen.sphinx.state import build_state, env_data
from lotsen.words import plural


def findings_html(file: str, findings: list[Finding], templates: Templates | None = None) -> Markup:
    """The box at the top of a page: every finding in the page's file, in line order."""
    errors = sum(1 for f in findings if f.severity == ERROR)
    counts = [plural(errors, "fel", "fel")] if errors else []
    if len(findings) - errors:
        counts.append(plural(len(findings) - errors, "varning", "varningar"))
    return (templates or default_templates()).render(
        "lotsen/preview-findings.html", file=file, counts=" och ".join(counts), error=ERROR,
        findings=sorted(findings, key=lambda f: (f.line, f.code)))


def record(app: Sphinx, env: BuildEnvironment, findings: list[Finding]) -> list[str]:
    """Keep the findings per file for the pages; in a preview, return the pages whose
    findings changed since the last build, so that they are written again."""
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_file[finding.file].append(finding)
    build_state(app).page_findings = dict(by_file)
    if not app.config.lotsen_preview:
        return []
    shown = {file: tuple(items) for file, items in by_file.items()}
    data = env_data(env)
    before, data.shown_findings = data.shown_findings, shown
    changed = {f for f in set(shown) | set(before) if shown.get(f) != before.get(f)}
    docnames = {env.path2doc(str(Path(app.srcdir) / f)) for f in changed}
    return sorted(d for d in docnames if d and d in env.all_docs)


def _page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    if not app.config.lotsen_preview or "body" not in context or pagename not in app.env.all_docs:
        return
    source = Path(app.env.doc2path(pagename)).relative_to(Path(app.srcdir)).as_posix()
    found = build_state(app).page_findings.get(source, [])
    if found:
        templates = project_templates(app.srcdir, app.config.templates_path,
                                      Path(app.doctreedir) / "lotsen-templates")
        # str(): the body is already HTML, and Markup + str would escape it
        context["body"] = str(findings_html(source, found, templates)) + context["body"]


def setup_preview_findings(app: Sphinx) -> None:
    app.connect("html-page-context", _page_context)
