"""Shared helpers: fixture projects built from tests/fixtures with the real model."""

from __future__ import annotations

import collections
import contextlib
import fcntl
import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
RULE_FIXTURES = FIXTURES / "rules"
#: The date every test judges review dates against.
TODAY = "2026-11-22"

_WARNING = re.compile(r"^(?P<file>[^\s:]+?)(?::(?P<line>\d+))?: WARNING: (?P<text>.*) \[lotsen\.(?P<code>\w+)\]$")
_VARNING = re.compile(r"^(?P<file>[^\s:]+?)(?::(?P<line>\d+))?: varning: (?P<text>.*) \[lotsen\.(?P<code>\w+)\]$")


@dataclass(frozen=True)
class Reported:
    file: str
    line: int
    code: str
    text: str


def make_project(root: Path, extra: dict[str, bytes | str] | None = None, *, gates: bool = False,
                 completeness: bool = False) -> Path:
    """A small clean project (tests/fixtures/base + the repository's lotsen.yaml).

    The coverage gates are off unless asked for, so that a fixture that adds one
    uncovered object is reported for its own rule only; so is the completeness check of
    the year (a control of the base project has no results).
    """
    shutil.copytree(FIXTURES / "base", root, dirs_exist_ok=True)
    model = (REPO / "lotsen.yaml").read_text(encoding="utf-8")
    if not gates:
        model = re.sub(r"(?m)^(  (requirements_covered|high_risks_controlled|routines_in_process)): \d+$", r"\1: 0", model)
    if not completeness:
        model = model.replace("\n  check_completeness: true\n", "\n  check_completeness: false\n")
    (root / "lotsen.yaml").write_text(model, encoding="utf-8")
    for name, content in (extra or {}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def run_env(today: str = TODAY) -> dict[str, str]:
    env = dict(os.environ)
    env["LOTSEN_TODAY"] = today
    return env


def sphinx_build(src: Path, *extra_args: str, today: str = TODAY, pdf: bool = True,
                 ) -> subprocess.CompletedProcess[str]:
    """Build a project as the README's command does (-W --keep-going, fresh), in this
    process: Sphinx's own entry point, with its output captured and the build date set
    as the command line would set it. ``pdf=False``: as a preview builds, without the
    PDF and Word files (for tests whose subject they are not)."""
    args = ["-b", "html", "-E", "-a", "-W", "--keep-going", "--no-color", *(["-D", "lotsen_pdf=1"] if pdf else []),
            "-d", str(src / "_build" / "doctrees"), *extra_args, str(src), str(src / "_build" / "html")]
    return build_in_process(args, today)


def build_in_process(args: list[str], today: str = TODAY, env: dict[str, str] | None = None,
                     ) -> subprocess.CompletedProcess[str]:
    """`sphinx-build ARGS` run in this process; exit code and output as a subprocess's."""
    from sphinx.cmd.build import build_main

    stdout, stderr = io.StringIO(), io.StringIO()
    saved = dict(os.environ)
    os.environ.update(env or {})
    os.environ["LOTSEN_TODAY"] = today
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = build_main(args)
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else 1
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return subprocess.CompletedProcess(["sphinx-build", *args], code, stdout.getvalue(), stderr.getvalue())


#: `python -m lotsen.site.publish ARGS`, except that its build is a copy of a site built
#: before (sys.argv[1]): every step after the build is the publish's own.
_PUBLISH_BUILT = """
import shutil, sys
from pathlib import Path
import lotsen.site.publish as publish
built = sys.argv[1]
publish._build = lambda source, work: shutil.copytree(built, Path(work) / "site", symlinks=True) and 0
sys.exit(publish.main(sys.argv[2:]))
"""


def publish_built(site: Path, dest: Path, src: Path, *args: str, env: dict[str, str] | None = None,
                  ) -> subprocess.CompletedProcess[str]:
    """A publish of ``src`` to ``dest`` whose build is a copy of ``site``, a build of
    the same sources (the session's build of the sample: ``site``), where a test needs
    a site published before, or kills a publish after its build, and not the build."""
    return subprocess.run([sys.executable, "-c", _PUBLISH_BUILT, str(site), str(dest), "--source", str(src), *args],
                          capture_output=True, text=True, env=env or run_env(), check=False)


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def reported(output: str, pattern: re.Pattern[str] = _WARNING) -> list[Reported]:
    found = []
    for line in _ANSI.sub("", output).splitlines():
        match = pattern.match(line.strip())
        if match:
            found.append(Reported(match["file"], int(match["line"] or 0), match["code"], match["text"]))
    return found


def reported_varnings(output: str) -> list[Reported]:
    return reported(output, _VARNING)


def write_model(folder: Path, replace: dict[str, str], *, unique: bool = False) -> Path:
    """The sample's lotsen.yaml with each ``old`` replaced by ``new`` (the first time it
    stands; with ``unique``, it must stand exactly once), written into ``folder``."""
    text = (REPO / "lotsen.yaml").read_text(encoding="utf-8")
    for old, new in replace.items():
        if unique:
            assert text.count(old) == 1, old
        else:
            assert old in text, old
        text = text.replace(old, new, 1)
    path = folder / "lotsen.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    """The first line of a file that holds ``needle`` (1-based)."""
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


#: Test files whose tests share no build or browser made once per file: `make test`
#: (pytest-xdist, ``--dist loadfile``) hands their tests one by one to whichever worker
#: is free, where any other file runs whole on one worker.
SPREAD_FILES = {"test_fuzz.py", "test_publish.py", "test_reports.py"}


#: The test files that take longest, longest first (bench/suite_durations.py on the
#: JUnit XML of `make test` from a fresh clone, 30 November 2026, after the PDF files of
#: the rebuilds were no longer printed). `make test` hands the files out in this order,
#: then the others by their number of tests, as pytest-xdist would, so that a long file
#: starts early and is not one process's tail while the other has nothing left to do.
#: The second needs no build of the sample: its process has work while the first builds
#: the sample that the run's processes share (conftest._sample_build).
LONGEST_FIRST = (
    "test_browser.py", "test_fuzz.py", "test_reports.py", "test_incremental_outputs.py", "test_publish.py",
    "test_leaks.py", "test_new.py", "test_generated_inputs.py", "test_nothing_changed.py", "test_rules.py",
    "test_reading.py", "test_reproducible.py", "test_story.py", "test_generate.py", "test_build_state.py",
    "test_stale_output.py", "test_escaping.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The files of LONGEST_FIRST first, in that order, then the others, most tests
    first; each file's tests in their own order."""
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    tests = collections.Counter(item.path.name for item in items)
    items.sort(key=lambda item: (rank.get(item.path.name, len(rank)),
                                 0 if item.path.name in rank else -tests[item.path.name], item.path.name))


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log):  # noqa: ANN201 - xdist's hook
    """``--dist loadfile``, except for the tests of SPREAD_FILES; the files handed out
    in the order collected (LONGEST_FIRST), not by their number of tests."""
    if config.getvalue("dist") != "loadfile":
        return None
    from xdist.scheduler import LoadScopeScheduling

    config.option.loadscopereorder = False

    class FileOrTest(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            file = nodeid.split("::", 1)[0]
            return nodeid if file.rsplit("/", 1)[-1] in SPREAD_FILES else file

    return FileOrTest(config, log)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return make_project(tmp_path / "proj")


@pytest.fixture
def fresh_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """An empty results cache (lotsen/cache.py) for this test, the process's own put back after."""
    from lotsen import cache as build_cache

    monkeypatch.setattr(build_cache, "_results", {})
    monkeypatch.setattr(build_cache, "_used", set())
    monkeypatch.setattr(build_cache, "_deps", {})


@pytest.fixture(autouse=True)
def _pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LOTSEN_TODAY", TODAY)


def _run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of this run that every pytest-xdist process of it shares (each has its
    own base folder in it), or this process's base folder when it runs alone."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Held by one process of the run at a time (an advisory lock on ``path``)."""
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@pytest.fixture(scope="session", autouse=True)
def _shared_pdf_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The suite's builds share their printed binders and papers (site/binder_pdf.py,
    site/document_pdf.py), across the run's processes too: a page is printed once a
    run, not once a build (the store writes each file whole: a process never reads
    another's half-written PDF)."""
    store = _run_folder(tmp_path_factory) / "pdf-cache"
    store.mkdir(exist_ok=True)
    os.environ["LOTSEN_PDF_CACHE"] = str(store)


def _stand_in_pdf(html: str, site: Path | None = None) -> bytes:
    """What ``unprinted`` puts in place of a printed PDF: the same page gives the same
    bytes, another page other bytes, as WeasyPrint's would."""
    return b"%PDF-1.7\n% Lotsen test: not printed, page " + hashlib.sha256(html.encode("utf-8")).hexdigest().encode() \
        + b"\n%%EOF\n"


@contextlib.contextmanager
def without_printing(store: Path) -> Iterator[None]:
    from lotsen.site import document_pdf

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(document_pdf, "document_pdf", _stand_in_pdf)
        # kept apart: a stand-in must never be served from the suite's shared store
        patch.setenv("LOTSEN_PDF_CACHE", str(store))
        yield


@pytest.fixture
def unprinted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Builds in this test's process write every PDF file as `make html` does (same
    settings, same pages, same links, each file written again when its page changed),
    but do not print it with WeasyPrint (by far the slowest step): for tests whose
    subject is the pages and the exports, not the PDF files' content, which other
    tests check on the sample (test_binder_pdf.py, test_story.py, test_reproducible.py,
    test_incremental_outputs.py). Unlike ``pdf=False``, an incremental build on top of
    the session's build keeps its settings, so it is not made a full one."""
    with without_printing(tmp_path_factory.mktemp("unprinted")):
        yield


SAMPLE_IGNORE = shutil.ignore_patterns(".venv", "_build", "build", "dist", ".git", "tests", "__pycache__", ".pytest_cache", ".mermaid-tmp",
                                      ".hypothesis", ".ruff_cache")


def copy_sample(dest: Path) -> Path:
    shutil.copytree(REPO, dest, ignore=SAMPLE_IGNORE)
    return dest


@pytest.fixture(scope="session")
def _sample_build(tmp_path_factory: pytest.TempPathFactory,
                  ) -> tuple[Path, Path, subprocess.CompletedProcess[str]]:
    """The bundled sample built once for the run as `make html` builds it, in a
    working folder, with an untouched copy (sources, doctrees and site, every mtime
    kept) beside it. Returns (working folder, copy, the build's result). The run's
    processes share it: the first to need it builds it, the others wait for it."""
    root = _run_folder(tmp_path_factory)
    work, kept, outcome = root / "sample-work" / "src", root / "sample" / "src", root / "sample.json"
    with _locked(root / "sample.lock"):
        if not outcome.exists():
            copy_sample(work)
            result = sphinx_build(work)
            shutil.copytree(work, kept, symlinks=True)
            outcome.write_text(json.dumps([result.args, result.returncode, result.stdout, result.stderr]),
                               encoding="utf-8")
    return work, kept, subprocess.CompletedProcess(*json.loads(outcome.read_text(encoding="utf-8")))


@pytest.fixture(scope="session")
def sample_site(_sample_build: tuple[Path, Path, subprocess.CompletedProcess[str]],
                ) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """The bundled sample, built once for the session as `make html` builds it; only
    to be read (a test that changes it takes ``built_sample``)."""
    _, kept, result = _sample_build
    return kept, result


@pytest.fixture
def built_sample(_sample_build: tuple[Path, Path, subprocess.CompletedProcess[str]],
                 tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The sample just after a clean build (`make html`), the test's own to change and
    build again: the session's build, laid anew in the folder it was built in, so that
    Sphinx takes the next build as incremental, as it would after `make html`. One
    test of the run at a time has it (the folder is the run's, not a process's)."""
    work, kept, result = _sample_build
    assert result.returncode == 0, result.stderr
    with _laid_anew(work, kept, _run_folder(tmp_path_factory) / "sample-work.lock"):
        yield work


@contextlib.contextmanager
def _laid_anew(work: Path, kept: Path, lock: Path) -> Iterator[None]:
    """``work`` made again from its untouched copy ``kept`` (every mtime kept), held
    by one test of the run at a time."""
    with _locked(lock):
        shutil.rmtree(work)
        shutil.copytree(kept, work, symlinks=True)
        yield


#: A build as a preview or a bare sphinx-build makes it: no PDF or Word files.
PLAIN = ("-b", "html", "-q", "--no-color")


def _sources_key(src: Path, today: str) -> str:
    """What a build of ``src`` on ``today`` is made from: every file's path and bytes."""
    digest = hashlib.sha256(today.encode())
    for path in sorted(p for p in src.rglob("*") if p.is_file() and "_build" not in p.relative_to(src).parts):
        digest.update(path.relative_to(src).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:24]


@pytest.fixture(scope="session")
def clean_site(tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201 - a function
    """``clean_site(src, today)``: the output of a clean build (``PLAIN``) of ``src`` as
    it is now, the oracle an incremental build is compared with; only to be read. Made
    once a run for the same sources and day (several tests make the same edit to the
    sample), in a folder of the run's: the folder a site is built in does not change it
    (test_reproducible.py)."""
    root = _run_folder(tmp_path_factory) / "clean"
    root.mkdir(exist_ok=True)

    def clean(src: Path, today: str = TODAY) -> Path:
        folder = root / _sources_key(src, today)
        with _locked(root / "lock"):
            if not (folder / "done").exists():
                shutil.rmtree(folder, ignore_errors=True)
                result = build_in_process([*PLAIN, "-d", str(folder / "doctrees"), str(src), str(folder / "out")],
                                          today)
                assert result.returncode == 0, result.stderr[-3000:]
                (folder / "done").touch()
        return folder / "out"
    return clean


@pytest.fixture(scope="session")
def _plain_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sample built once for the run with ``PLAIN`` (work folder, untouched copy)."""
    root = _run_folder(tmp_path_factory)
    work, kept = root / "plain-work", root / "plain"
    with _locked(root / "plain.lock"):
        if not kept.exists():
            shutil.rmtree(work, ignore_errors=True)
            copy_sample(work / "src")
            result = build_in_process([*PLAIN, "-d", str(work / "doctrees"), str(work / "src"), str(work / "out")])
            assert result.returncode == 0, result.stderr[-3000:]
            shutil.copytree(work, kept, symlinks=True)
    return work, kept


@pytest.fixture
def plain_sample(_plain_build: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory,
                 ) -> Iterator[tuple[Path, Path, Path]]:
    """(sources, output, doctrees) of the sample just after a clean build with
    ``PLAIN``, the test's own to change and build again incrementally: the run's build,
    laid anew in the folder it was built in (as ``built_sample``); one test at a time."""
    work, kept = _plain_build
    with _laid_anew(work, kept, _run_folder(tmp_path_factory) / "plain-work.lock"):
        yield work / "src", work / "out", work / "doctrees"


@pytest.fixture(scope="session")
def site(sample_site: tuple[Path, subprocess.CompletedProcess[str]]) -> Path:
    """The sample's built HTML (a module may define its own ``site``)."""
    src, result = sample_site
    assert result.returncode == 0, result.stderr
    return src / "_build" / "html"


@pytest.fixture(scope="session")
def needs(site: Path) -> dict[str, dict]:
    """The sample's needs.json, one version: ID -> need."""
    data = json.loads((site / "needs.json").read_text(encoding="utf-8"))
    [version] = data["versions"].values()
    return version["needs"]


@pytest.fixture(scope="module")
def browser():
    """Debian's chromium through Playwright, one per test module."""
    from playwright.sync_api import sync_playwright

    from browser import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def base_url(sample_site: tuple[Path, subprocess.CompletedProcess[str]]):
    """The sample's built site, served on this machine's loopback address."""
    from browser import serve

    src, result = sample_site
    assert result.returncode == 0, result.stderr
    with serve(src / "_build" / "html") as url:
        yield url
