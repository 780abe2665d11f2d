"""`lotsen check`: every finding of the whole ledningssystem, without building the site."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
from collections.abc import Iterator
from pathlib import Path

from lotsen import cache as build_cache
from lotsen.checks.formats import FORMATS
from lotsen.checks.kept import check_kept, check_key
from lotsen.checks.pipeline import Checked
from lotsen.cli.common import EXIT_CLEAN, EXIT_FINDINGS, err, project_options, today, where
from lotsen.collection import fewer_collections
from lotsen.findings import ERROR
from lotsen.model import Model, load_model_kept
from lotsen.source.files import content_files
from lotsen.sphinx.project_reading import project_reading
from lotsen.words import plural

#: Beside the build output, apart from the build's own results.
CHECK_CACHE = build_cache.CHECK_FOLDER


@contextlib.contextmanager
def _fewer_collections() -> Iterator[None]:
    """The kept results are some hundred thousand objects that live as long as the
    check: Python's default thresholds walked them again and again, a third of a check
    of L. They are frozen when loaded (``build_cache.load``), and the rest is collected
    less often during the check, as during a build; all as before afterwards."""
    before = fewer_collections()
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


def run(args: argparse.Namespace) -> int:
    with _fewer_collections():
        checked, model, root, day = _checked(args)
    findings = checked.findings
    if args.base:  # git and the comparison only when asked for
        from lotsen.checks.document_control import document_control_findings
        from lotsen.cli.revisions import read_base

        base = read_base(root, args.base, args.model, day)
        findings = sorted(findings + document_control_findings(model, base.objects, checked.needs, args.base))
    errors = sum(1 for f in findings if f.severity == ERROR)
    text = FORMATS[args.format](findings, where(root, args.format))
    if text:
        print(text)
    if args.format in ("human", "github"):
        err(f"{plural(errors, 'fel', 'fel')}, {plural(len(findings) - errors, 'varning', 'varningar')}.")
    return EXIT_FINDINGS if errors else EXIT_CLEAN


def _checked(args: argparse.Namespace) -> tuple[Checked, Model, Path, dt.date]:
    root = Path(args.root).resolve()
    # results of the last check (the model among them), for what did not change since
    results = root / CHECK_CACHE
    build_cache.load(results, also=[root / build_cache.BUILD_FOLDER], freeze=True)
    model = load_model_kept(root / args.model)
    # the same reading of Markdown, and the same known directives, as the build
    project = project_reading(root, Path(model.path))
    day = today()
    files = content_files(root)
    key = check_key(model, root, files, day, project.known, project.reading)
    checked = check_kept(key, model, root, files, day, project.known, project.reading)
    try:
        build_cache.save(results, outliving=args.ending)
    except OSError:
        pass  # a read-only checkout is checked all the same, only slower
    return checked, model, root, day


def register(sub: argparse._SubParsersAction) -> None:
    verb = sub.add_parser("check", help="kontrollera hela ledningssystemet utan att bygga webbplatsen")
    project_options(verb)
    verb.add_argument("--format", choices=tuple(FORMATS), default="human",
                      help="human (standard), json, github (anteckningar i GitHub Actions) eller "
                           "gitlab (kodkvalitetsrapport i GitLab)")
    verb.add_argument("--base", metavar="REVISION",
                      help="jämför också med revisionen före ändringen, till exempel origin/main: ett "
                           "dokument som gäller och ändras ska få ny version, ändringsnotering och "
                           "datum för fastställelse, och tas inte bort")
    verb.set_defaults(func=run)
