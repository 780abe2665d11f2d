"""The Sphinx extension: loads the model, configures sphinx-needs from it, and reports
every finding of every document on every build (incremental builds included)."""

from __future__ import annotations

import atexit
import datetime as dt
import gc
import hashlib
import logging as logging_std
import os
from pathlib import Path
from typing import Any, NoReturn

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from lotsen import cache as build_cache
from lotsen.checks.confinement import outside_references
from lotsen.checks.kept import check_kept, check_key
from lotsen.checks.personal_data import has_personal_number, mask_personal_numbers
from lotsen.checks.pipeline import per_file_kept, read_within_limits
from lotsen.checks.raw_html import sanitise
from lotsen.checks.two_cores import read_on_two_cores
from lotsen.collection import fewer_collections
from lotsen.errors import EXIT_BROKEN, ModelError, Problem
from lotsen.findings import ERROR, Finding
from lotsen.model import Model, load_model_kept
from lotsen.reports.history import change_log, last_changed
from lotsen.reports.risk_history import risk_histories
from lotsen.site.preview_findings import record as record_findings
from lotsen.site.preview_findings import setup_preview_findings
from lotsen.site.reference import ModelReferenceDirective, RulesReferenceDirective
from lotsen.site.theme import setup_theme
from lotsen.source.file_names import as_pattern, name_problem
from lotsen.source.files import SKIPPED_DIRS, build_date, content_files, content_walk, is_page, only_drafts
from lotsen.source.index import ObjectIndex
from lotsen.sphinx.computed import set_computed
from lotsen.sphinx.data_files import setup_data_files
from lotsen.sphinx.env_loading import setup_env_loading
from lotsen.sphinx.exports import setup_exports
from lotsen.sphinx.id_links import link_bare_ids
from lotsen.sphinx.incremental import pages_to_rewrite, setup_rewrite
from lotsen.sphinx.lazy_nodes import setup_lazy_nodes
from lotsen.sphinx.masked_log import setup_masked_log
from lotsen.sphinx.missing_files_log import setup_missing_files_log
from lotsen.sphinx.needs_config import REPLACED_WARNINGS, sphinx_needs_config
from lotsen.sphinx.needs_defaults import setup_needs_defaults
from lotsen.sphinx.needs_json import setup_needs_json
from lotsen.sphinx.needs_purge import setup_needs_purge
from lotsen.sphinx.nothing_changed import setup_nothing_changed
from lotsen.sphinx.organisation import setup_organisation
from lotsen.sphinx.page_settings import setup_page_settings
from lotsen.sphinx.project_reading import known_directives, reading_of
from lotsen.sphinx.quiet_events import setup_quiet_events
from lotsen.sphinx.reconcile import reconcile
from lotsen.sphinx.report_pages import docname_of, setup_reports
from lotsen.sphinx.second_core import setup_second_core
from lotsen.sphinx.smart_quotes import setup_smart_quotes
from lotsen.sphinx.stale_output import setup_stale_output
from lotsen.sphinx.state import build_state, env_data, env_version, setup_state
from lotsen.sphinx.unchanged import note_inputs, setup_unchanged
from lotsen.sphinx.upstream_warnings import setup_upstream_warnings
from lotsen.sphinx.write_order import setup_write_order
from lotsen.sphinx.write_pause import setup_write_pause
from lotsen.version import __version__
from lotsen.words import plural

logger = logging.getLogger(__name__)

_DEFAULT_PROJECT = "Project name not set"


#: Sphinx's warnings about what Lotsen's site does not use: its theme finds a page by
#: its folder, the search and the objects' links, never by a toctree, so a page in a new
#: folder that no toctree names is as reachable as any (and `lotsen check` says
#: nothing of it either).
UNUSED_WARNINGS = ("toc.not_included",)


def _configure(app: Sphinx, config: Config) -> None:
    """Read the model and derive the sphinx-needs configuration from it.

    Runs before sphinx-needs reads its configuration (lower priority number).
    """
    path = Path(app.confdir) / config.lotsen_model
    # the last build's results, or else the last `lotsen check`'s (cli/check.py)
    build_cache.load(Path(app.doctreedir), also=[Path(app.srcdir) / build_cache.CHECK_FOLDER])
    try:
        model = load_model_kept(path)
    except ModelError as exc:
        _stop("Lotsen kan inte läsa modellen. Rätta följande och bygg igen:", exc.problems)
    state = build_state(app)
    state.model = model
    # Every page shows names, labels and levels from the model: when it changes, Sphinx
    # must see a changed configuration and read everything again.
    config.lotsen_model_digest = hashlib.sha256(path.read_bytes()).hexdigest()
    # Status lines, reports and the footer are judged against the build date: on
    # another day every page is written again (not read again).
    try:
        config.lotsen_build_date = build_date().isoformat()
    except ValueError as exc:
        _stop("Lotsen kan inte avgöra byggdatumet:", [Problem("LOTSEN_TODAY", 0, str(exc))])
    state.changed = last_changed(Path(app.srcdir))
    _leave_out(app, config, model)
    for name, value in sphinx_needs_config(model).items():
        setattr(config, name, value)
    config.suppress_warnings = [*config.suppress_warnings, *REPLACED_WARNINGS, *UNUSED_WARNINGS]
    if config.project == _DEFAULT_PROJECT:
        config.project = model.organisation
    if "html_title" not in config._raw_config:  # Sphinx's default adds "dokumentation"
        config.html_title = model.site_name or model.organisation


class _EmptyFolderGlob(logging_std.Filter):
    """A type's folder may be empty (a new organisation has no objects yet): its index
    page's toctree of every file in it (``*``, ``*/*``) then matches nothing, which is
    no fault of the author's. Sphinx gives that warning no type, so suppress_warnings
    cannot hold it back; other glob patterns that match nothing are still reported."""

    def filter(self, record: logging_std.LogRecord) -> bool:
        if getattr(record, "subtype", None) != "empty_glob":
            return True
        return not all(set(str(a)) <= {"*", "/"} for a in (record.args or ()))


def _allow_empty_folders() -> None:
    target = logging_std.getLogger("sphinx.sphinx.directives.other")
    if not any(isinstance(f, _EmptyFolderGlob) for f in target.filters):
        target.addFilter(_EmptyFolderGlob())


def _stop(heading: str, problems: list[Problem]) -> NoReturn:
    """End the build with the author's problems listed, and no traceback.

    Sphinx 9 prints a crash report with a traceback for every exception, ConfigError
    included; SystemExit is the one way out of an event handler that it lets pass.
    """
    logger.error(heading)
    for problem in problems:
        logger.error(str(problem))
    raise SystemExit(EXIT_BROKEN)


def _report(finding: Finding) -> str | None:
    """A finding in the build's log; a personal number in a name or a value is masked.
    Returns a varning's line, which a build that changed nothing tells again."""
    location = mask_personal_numbers(f"{finding.file}:{finding.line}" if finding.line else finding.file)
    text = mask_personal_numbers(finding.text())
    if finding.severity == ERROR:
        logger.warning(text, location=location, type="lotsen", subtype=finding.code)
        return None
    # A 'varning' is shown to the author but does not fail a `-W` build.
    line = f"{location}: varning: {text} [lotsen.{finding.code}]"
    logger.info(line, color="darkred")
    return line


def _leave_out(app: Sphinx, config: Config, model: Model) -> None:
    """Keep off the site, so that Sphinx never reads them: files that are not UTF-8 or
    too large (Sphinx would stop with a traceback, or take all memory); files that are
    no page (not Markdown, in a hidden or skipped folder, a link out of the repository,
    a folder linked to again, which the checks read once under its first path);
    pages whose name holds a personal number (it would be the address and fill the
    log), or that bring in a file from outside the repository; and, unless this is a
    preview, drafts. All of them are still checked, as ``lotsen check`` checks them:
    both take their files from ``content_files``.

    Done through ``exclude_patterns`` so that Sphinx itself treats a routine that
    becomes a draft, or stops being one, as a removed or added document.
    """
    root = Path(app.srcdir)
    reading = reading_of(config)
    build_state(app).reading = reading
    unreadable, left_out, unsafe = [], [], []
    real_root = Path(os.path.realpath(root))
    files, read_already = content_walk(root)
    # a first build: half the files, and what the check asks of them alone, on the other core
    read_on_two_cores(model, root, files, reading,
                      per_file_kept(model, dt.date.fromisoformat(config.lotsen_build_date)))
    for path in files:
        shown = path.relative_to(root).as_posix()
        if name_problem(shown):
            unreadable.append(path)  # reported as file_name; Sphinx would stop or lose it
            continue
        if not is_page(root, path, real_root) or has_personal_number(shown):
            unsafe.append(path)
            continue
        scan = read_within_limits(model, path, shown, reading)
        if isinstance(scan, Finding):
            unreadable.append(path)  # reported as file_too_large or file_unreadable
            continue
        if outside_references(root, path, scan.text, reading=reading):
            unsafe.append(path)
        elif not config.lotsen_preview and only_drafts(model, scan.needs):
            left_out.append(path)
    # Folders no check reads are no part of the site either, at any depth.
    skipped = [f"{prefix}{name}" for name in sorted(SKIPPED_DIRS) for prefix in ("", "**/")]
    # the berättelse's prose pages are read into its page, not published on their own
    story = [f"{model.story.folder}/**"] if model.story.folder else []
    config.exclude_patterns = [*config.exclude_patterns, *skipped, *story, ".*", "**/.*", "*.rst", "**/*.rst",
                               *(as_pattern(p.relative_to(root).as_posix())
                                 for p in unreadable + left_out + unsafe + read_already)]
    state = build_state(app)
    state.unreadable, state.drafts = unreadable, left_out


def _sanitise_raw_html(app: Sphinx, doctree: nodes.document) -> None:
    """Raw HTML that the model allows keeps only its harmless tags (nh3); all other raw
    HTML is a finding and is removed from the page all the same."""
    model = build_state(app).model
    for node in list(doctree.findall(nodes.raw)):
        if "html" in node.get("format", "").split():
            clean = sanitise(node.astext(), model.content_checks.allowed_html)
            node.replace_self(nodes.raw("", clean, format="html") if clean else [])


def _withheld(commit: str) -> None:
    """An old change note with a personal number: named by its commit, never quoted."""
    logger.info(
        f"varning: ändringsnoteringen i ändring {commit} i versionshistoriken innehåller ett personnummer. "
        "Ändringsloggen visar versionen utan noteringen. Åtgärd: be den som förvaltar arkivet att skriva "
        "om historiken.", color="darkred")


def _validate(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Check all documents, not only those this build read again."""
    state = build_state(app)
    model = state.model
    root = Path(app.srcdir)
    files = content_files(root)  # exactly what `lotsen check` reads
    today = dt.date.fromisoformat(app.config.lotsen_build_date)
    known = known_directives(app)
    key = check_key(model, root, files, today, known, state.reading, leave_out=[Path(app.outdir), Path(app.doctreedir)])
    checked = check_kept(key, model, root, files, today, known, state.reading)
    drafts = {p.relative_to(root).as_posix() for p in state.drafts}
    index = ObjectIndex(model, [n for n in checked.needs if n.file not in drafts], today,
                        history=lambda: change_log(root, model, on_withheld=_withheld), statistics=checked.statistics,
                        goal_values=checked.goal_values, risk_history=lambda files: risk_histories(root, model, files))
    state.index = index
    state.computed_changed = set_computed(env, index)
    data = env_data(env)
    data.object_docs = {docname_of(n.file) for n in index.needs}
    data.routine_docs = {docname_of(n.file) for n in index.of_type(model.structure.routine_type)}
    rewrite = pages_to_rewrite(app, env, index)
    findings = sorted(checked.findings + reconcile(model, env, checked, drafts))
    rewrite = sorted(set(rewrite) | set(record_findings(app, env, findings)))
    note_inputs(app, key, rewrite)
    data.token, state.previous_token = (os.urandom(8).hex() if state.touched or rewrite else data.token), data.token
    if findings:
        logger.info("")  # end Sphinx's "checking consistency... " status line
    state.told = [told for told in map(_report, findings) if told is not None]
    errors = sum(1 for f in findings if f.severity == ERROR)
    logger.info(
        f"Lotsen: {plural(len(files), 'fil', 'filer')} kontrollerade per {today.isoformat()}: "
        f"{plural(errors, 'fel', 'fel')}, {plural(len(findings) - errors, 'varning', 'varningar')}."
    )
    return rewrite


def _fewer_collections() -> None:
    """Collect garbage less often during a build.

    A build keeps about a million objects alive (sphinx-needs holds a copy of every
    need's nodes), and Python's default thresholds walk them again and again: a
    quarter of a large build's CPU time (docs/prestanda.md). Larger thresholds cost
    some memory (M: 290 to 360 MB) for about a fifth of the build time.
    """
    fewer_collections()


def _save_cache(app: Sphinx, exception: Exception | None) -> None:
    """Results are keyed by their sources, so they hold after a failed build too."""
    build_cache.save(Path(app.doctreedir))


def _quick_exit(app: Sphinx, exception: Exception | None) -> None:
    """Let the process end without walking the build's objects once more.

    After the build, some 600,000 objects are still alive, and Python's shutdown
    collected them for about 1.8 s on M, as long as a build that changed nothing took
    itself. Frozen when the process exits, they are left to the operating system; a
    process that runs several builds (the tests) still frees each one's objects.
    """
    if not getattr(_quick_exit, "registered", False):
        atexit.register(gc.freeze)
        _quick_exit.registered = True  # type: ignore[attr-defined]


def setup(app: Sphinx) -> dict[str, Any]:
    setup_masked_log(app)
    setup_missing_files_log(app)
    setup_upstream_warnings(app)
    _fewer_collections()
    setup_env_loading(app)
    _allow_empty_folders()
    app.connect("build-finished", _save_cache)
    app.connect("build-finished", _quick_exit, priority=1000)
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_needs")
    setup_needs_json(app)
    setup_needs_purge(app)
    setup_lazy_nodes(app)
    setup_quiet_events()
    setup_page_settings()
    setup_smart_quotes()
    setup_needs_defaults()
    app.add_config_value("lotsen_model", "lotsen.yaml", "env", types=(str,))
    app.add_config_value("lotsen_model_digest", "", "env", types=(str,))
    app.add_config_value("lotsen_build_date", "", "html", types=(str,))
    # A preview shows drafts, marked; the staff site leaves them out.
    app.add_config_value("lotsen_preview", os.environ.get("LOTSEN_PREVIEW", "") in ("1", "ja", "true"), "env")
    # The units' binders as PDF (site/binder_pdf.py): printed by `make html` and a
    # publish (-D lotsen_pdf=1), not by a preview or a bare sphinx-build, whose reader
    # wants the pages, not minutes of printing.
    app.add_config_value("lotsen_pdf", False, "html", types=(bool,))
    setup_state(app)
    setup_write_order(app)
    setup_write_pause(app)
    setup_reports(app)
    setup_exports(app)
    setup_second_core(app)
    setup_rewrite(app)
    setup_data_files(app)
    setup_theme(app)
    setup_preview_findings(app)
    setup_stale_output(app)
    setup_unchanged(app)
    setup_nothing_changed(app)
    setup_organisation(app)
    # after sphinx-needs and the routine layout: only the body text is left to look at
    app.connect("doctree-resolved", link_bare_ids, priority=450)
    app.connect("config-inited", _configure, priority=100)
    app.add_directive("lotsen-modell", ModelReferenceDirective)
    app.add_directive("lotsen-regler", RulesReferenceDirective)
    # env-updated: after all reading, before the environment is saved, so what
    # _validate records in it survives to the next incremental build
    app.connect("env-updated", _validate)
    app.connect("doctree-read", _sanitise_raw_html)
    return {"version": __version__, "env_version": env_version(), "parallel_read_safe": True,
            "parallel_write_safe": True}
