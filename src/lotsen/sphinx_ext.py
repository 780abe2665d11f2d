"""The Sphinx extension: loads the model, configures sphinx-needs from it, and reports
every finding of every document on every build (incremental builds included)."""

from __future__ import annotations

from pathlib import Path
from typing import Any, NoReturn

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from lotsen import __version__
from lotsen.errors import ModelError, Problem
from lotsen.findings import ERROR, Finding
from lotsen.model import Model, load_model
from lotsen.needs_config import REPLACED_WARNINGS, sphinx_needs_config
from lotsen.project import build_date, check
from lotsen.source import NeedSource
from lotsen.sphinx_reports import remember_process_docs, setup_reports
from lotsen.reference import ModelReferenceDirective, RulesReferenceDirective

logger = logging.getLogger(__name__)

_DEFAULT_PROJECT = "Project name not set"


def _configure(app: Sphinx, config: Config) -> None:
    """Read the model and derive the sphinx-needs configuration from it.

    Runs before sphinx-needs reads its configuration (lower priority number).
    """
    path = Path(app.confdir) / config.lotsen_model
    try:
        model = load_model(path)
    except ModelError as exc:
        _stop("Lotsen kan inte läsa modellen. Rätta följande och bygg igen:", exc.problems)
    app.lotsen_model = model  # type: ignore[attr-defined]
    for name, value in sphinx_needs_config(model).items():
        setattr(config, name, value)
    config.suppress_warnings = [*config.suppress_warnings, *REPLACED_WARNINGS]
    if config.project == _DEFAULT_PROJECT:
        config.project = model.organisation


def _stop(heading: str, problems: list[Problem]) -> NoReturn:
    """End the build with the author's problems listed, and no traceback.

    Sphinx 9 prints a crash report with a traceback for every exception, ConfigError
    included; SystemExit is the one way out of an event handler that it lets pass.
    """
    logger.error(heading)
    for problem in problems:
        logger.error(str(problem))
    raise SystemExit(2)


def _report(finding: Finding) -> None:
    location = f"{finding.file}:{finding.line}" if finding.line else finding.file
    if finding.severity == ERROR:
        logger.warning(finding.text(), location=location, type="lotsen", subtype=finding.code)
    else:
        # A 'varning' is shown to the author but does not fail a `-W` build.
        logger.info(f"{location}: varning: {finding.text()} [lotsen.{finding.code}]", color="darkred")


def _skip_unreadable(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Leave out documents that are not UTF-8, which would stop Sphinx with a traceback.

    They are reported as ``file_unreadable`` findings with everything else.
    """
    unreadable = []
    for docname in sorted(env.found_docs):
        path = Path(env.doc2path(docname))
        try:
            path.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            unreadable.append(path)
            env.found_docs.discard(docname)
            if docname in docnames:
                docnames.remove(docname)
    app.lotsen_unreadable = unreadable  # type: ignore[attr-defined]


def _unchecked(model: Model, env: BuildEnvironment, scanned: list[NeedSource]) -> list[Finding]:
    """Needs that sphinx-needs collected but the source scan did not see.

    They would otherwise escape every rule: report each one where it stands.
    """
    from sphinx_needs.data import SphinxNeedsData

    seen = {(n.file, n.line) for n in scanned}
    root = Path(env.srcdir)
    findings = []
    for need in SphinxNeedsData(env).get_needs_mutable().values():
        if need["is_external"] or not need["docname"]:
            continue
        shown = Path(env.doc2path(need["docname"])).relative_to(root).as_posix()
        if (shown, need["lineno"]) not in seen:
            findings.append(Finding(
                shown, need["lineno"] or 0, "need_not_checked",
                f"Objektet {need['id']} står där Lotsen inte kan läsa och kontrollera det.",
                "Flytta ut direktivet så att det står i början av raden, utanför listor.",
                model.severity_of("need_not_checked"),
            ))
    return findings


def _validate(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Check all documents, not only those this build read again."""
    model: Model = app.lotsen_model  # type: ignore[attr-defined]
    root = Path(app.srcdir)
    files = [Path(env.doc2path(docname)) for docname in env.found_docs]
    files = sorted(files + getattr(app, "lotsen_unreadable", []))
    try:
        today = build_date()
    except ValueError as exc:
        _stop("Lotsen kan inte avgöra byggdatumet:", [Problem("LOTSEN_TODAY", 0, str(exc))])
    checked = check(model, root, files, today)
    app.lotsen_index = checked.index  # type: ignore[attr-defined]
    remember_process_docs(env, checked.index)
    findings = sorted(checked.findings + _unchecked(model, env, checked.needs))
    if findings:
        logger.info("")  # end Sphinx's "checking consistency... " status line
    for finding in findings:
        _report(finding)
    errors = sum(1 for f in findings if f.severity == ERROR)
    logger.info(
        f"Lotsen: {len(files)} filer kontrollerade per {today.isoformat()}: "
        f"{errors} fel, {len(findings) - errors} varningar."
    )
    return []


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_needs")
    app.add_config_value("lotsen_model", "lotsen.yaml", "env", types=(str,))
    setup_reports(app)
    app.connect("config-inited", _configure, priority=100)
    app.add_directive("lotsen-modell", ModelReferenceDirective)
    app.add_directive("lotsen-regler", RulesReferenceDirective)
    app.connect("env-before-read-docs", _skip_unreadable)
    # env-updated: after all reading, before the environment is saved, so what
    # _validate records in it survives to the next incremental build
    app.connect("env-updated", _validate)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
