"""A ``sphinx-build`` whose inputs and output are as the last finished build left them
ends before Sphinx reads anything.

Even a build that changes nothing loads Sphinx's extensions, the environment and
Lotsen's results, and checks every file again: about 2 s on M, most of it before the
first page (docs/prestanda.md). When nothing it depends on has changed, the site in
the output folder is already what the build would write, so the build can say so and
stop as soon as Lotsen is loaded.

What a build depends on, and so what is compared (``inputs``):

- every file under the source folder that a check or a build could see
  (``source.files.project_tree``): its path, size and time of change, as Sphinx
  itself judges a page;
- files outside it that the build read (the model, when ``lotsen_model`` points
  there), by the same;
- the command line (output, doctrees, builder, ``-D``, ``-t``, ``-W`` …), except the
  options that only force reading or writing everything again (``-E``, ``-a``) or say
  how much to print (``-q``, ``-Q``, ``-v``), which do not change the site;
- the whole environment (``LOTSEN_TODAY``, ``LOTSEN_PREVIEW``, ``LOTSEN_PDF_CACHE`` …),
  the build date, and the commit git has checked out (its history dates pages);
- Lotsen's own files and the installed packages (the folders they are installed in).

A record beside the doctrees keeps them, with every file in the output folder (path,
size, time of change) and what the build told its author. It is written only by a
build from the command line that finished without an error or a warning, after its
last file was written, and it is removed when any other build starts. The next build
from the command line with the same inputs and an output folder exactly as recorded
tells the author the same notices again, says that nothing changed, and ends with
status 0. Builds inside another program (the tests, ``lotsen berättelse``) never end
early.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

from lotsen.cache import read_kept
from lotsen.git import git_output
from lotsen.source.files import build_date, leaves_repository, project_tree
from lotsen.sphinx.state import build_state

#: Beside the doctrees.
RECORD_FILE = "lotsen-nothing-changed.json"
#: Options that do not change what is written, only whether everything is made again
#: and how much is printed.
_NO_EFFECT = ("force_all", "freshenv", "quiet", "really_quiet", "verbosity", "color", "filenames")


def end_if_nothing_changed(app: Sphinx) -> None:
    """When this is a ``sphinx-build`` from the command line and nothing it depends on
    has changed since the last finished build, tell the author and end the process
    (status 0). Otherwise remove the last record and remember this build's inputs."""
    record = Path(app.doctreedir) / RECORD_FILE
    kept = read_kept(record)
    arguments, forced = _command_line(app)
    inputs = _inputs(app, arguments) if arguments is not None else None
    if inputs is None or forced or not _same(kept, inputs, Path(app.outdir)):
        record.unlink(missing_ok=True)
        build_state(app).inputs = inputs
        return
    from sphinx.util import logging

    logger = logging.getLogger(__name__)
    for line in kept.get("told", []):
        logger.info(str(line), color="darkred")
    logger.info(f"Lotsen: inget har ändrats sedan förra bygget. Webbplatsen i {app.outdir} är redan aktuell.")
    raise SystemExit(0)


def _record_finished(app: Sphinx, exception: Exception | None) -> None:
    """After a build's last file is written: keep what it depended on and wrote, when
    it came from the command line and finished without an error or a warning."""
    state = build_state(app)
    if state.inputs is None or exception is not None or app.statuscode != 0 or app._warncount:  # Sphinx's count
        return
    model = Path(app.confdir) / app.config.lotsen_model
    outside = [str(model.resolve())] if leaves_repository(Path(app.srcdir), model) else []
    _write(Path(app.doctreedir) / RECORD_FILE, {
        "inputs": state.inputs, "outside": {p: _stat(Path(p)) for p in outside},
        "output": _tree_digest(Path(app.outdir), ()), "told": state.told})


def setup_nothing_changed(app: Sphinx) -> None:
    """Connect the record; ``end_if_nothing_changed`` runs before the rest of Lotsen
    is even imported (lotsen/__init__.py)."""
    app.connect("build-finished", _record_finished, priority=2000)  # after every file is written


def _command_line(app: Sphinx) -> tuple[dict[str, Any] | None, bool]:
    """This process's ``sphinx-build`` options when the process is ``sphinx-build``
    (or ``python -m sphinx``) building exactly this application, else None; and
    whether they ask for everything to be made again (``-E``, ``-a``), which the
    author is given even when nothing changed. The site is the same either way, so
    such a build's record holds for the next one without them."""
    program = Path(sys.argv[0] if sys.argv else "")
    if program.name != "sphinx-build" and program.parts[-2:] != ("sphinx", "__main__.py"):
        return None, False
    argv = sys.argv[1:]
    if argv[:1] == ["build"]:
        argv = argv[1:]
    if argv[:1] in (["-M"], ["--bug-report"]):
        return None, False
    from sphinx.cmd.build import get_parser

    try:
        args = get_parser().parse_args(argv)
    except SystemExit:
        return None, False
    if args.filenames or Path(args.sourcedir).resolve() != Path(app.srcdir) \
            or Path(args.outputdir).resolve() != Path(app.outdir):
        return None, False
    kept = {key: repr(value) for key, value in sorted(vars(args).items()) if key not in _NO_EFFECT}
    return kept, bool(args.force_all or args.freshenv)


def _inputs(app: Sphinx, arguments: dict[str, Any]) -> str | None:
    """A digest of everything the build depends on (the module's docstring), or None
    when the build date cannot be told (the build then says why)."""
    try:
        today = build_date().isoformat()
    except ValueError:
        return None
    package = Path(__file__).resolve().parent.parent
    installed = [[p, _stat(Path(p))] for p in sys.path if p and os.path.isdir(p)]
    source, out, doctrees = Path(app.srcdir), Path(app.outdir), Path(app.doctreedir)
    parts = [
        "1", sys.version, os.getcwd(), json.dumps(arguments, sort_keys=True), today,
        (git_output(source, "rev-parse", "HEAD") or "").strip(), json.dumps(sorted(os.environ.items())),
        _tree_digest(source, (out, doctrees)), _tree_digest(package, ()), json.dumps(installed),
    ]
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def _same(kept: dict[str, Any], inputs: str, outdir: Path) -> bool:
    outside = kept.get("outside")
    return (kept.get("inputs") == inputs and isinstance(outside, dict)
            and all(_stat(Path(p)) == value for p, value in outside.items())
            and kept.get("output") == _tree_digest(outdir, ()))


def _tree_digest(root: Path, leave_out: Iterable[Path]) -> str:
    """Every file under ``root`` as Sphinx judges a changed page: path, size and time
    of its last change."""
    digest = hashlib.sha256()
    for shown, path, linked_folder in project_tree(root, leave_out):
        if linked_folder:
            digest.update(f"L{shown}\0{os.readlink(path)}\0".encode("utf-8", "surrogatepass"))
        else:
            digest.update(f"F{shown}\0{_stat(path)}\0".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _stat(path: Path) -> list[int]:
    try:
        info = path.stat()
    except OSError as exc:
        return [-1, exc.errno or 0]
    return [info.st_mode, info.st_size, info.st_mtime_ns]


def _write(path: Path, record: dict[str, Any]) -> None:
    try:
        path.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    except OSError:
        pass  # the next build does all its work: slower, never wrong
