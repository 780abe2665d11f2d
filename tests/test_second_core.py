"""An edit's build writes the environment, needs.json and the exports in forked
processes (sphinx/second_core.py): the site is, byte for byte, the one a build in one
process writes; the next build reads the environment the forked process wrote; a
forked process that fails leaves a whole site and a build that reads everything
again; where no process can be started, the build does it all itself; what it says,
the build says, once; a full build forks nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sphinx.util import logging

from lotsen import processes
from lotsen.sphinx import exports, second_core
from test_incremental_outputs import assert_same_site, edit, files_of

from conftest import build_in_process

ONE_PROCESS = {processes.SETTING: "1"}
ROUTINE = Path("routines") / "ht" / "rut-ht-005.md"


PARTS = ("src", "out", "doctrees")


class Twins:
    """Two copies of the sample just after a clean build (sources, site and doctrees,
    every time kept), one built with forked processes, one in a single process. They
    take turns in the folder the sample was built in: Sphinx's environment holds it."""

    def __init__(self, work: Path, store: Path) -> None:
        self.work, self.store, self.here = work, store, "forked"
        for part in PARTS:
            shutil.copytree(work / part, store / "single" / part, symlinks=True)

    def _lay(self, name: str) -> Path:
        if name != self.here:
            away = self.store / self.here
            away.mkdir(parents=True, exist_ok=True)
            for part in PARTS:
                (self.work / part).rename(away / part)
                (self.store / name / part).rename(self.work / part)
            self.here = name
        return self.work

    def retitle(self, title: str) -> None:
        for name in ("forked", "single"):
            path = self._lay(name) / "src" / ROUTINE
            text = path.read_text(encoding="utf-8")
            old = text.split("```{rutin} ", 1)[1].split("\n", 1)[0]
            edit(path, f"```{{rutin}} {old}\n", f"```{{rutin}} {title}\n")

    def build(self, name: str, *extra: str) -> subprocess.CompletedProcess[str]:
        work = self._lay(name)
        return build_in_process(["-b", "html", "-q", "--no-color", *extra, "-d", str(work / "doctrees"),
                                 str(work / "src"), str(work / "out")],
                                env=ONE_PROCESS if name == "single" else None)

    def site(self, name: str, part: str = "out") -> Path:
        """Where the site (or another part) of ``name`` is now."""
        return (self.work if name == self.here else self.store / name) / part

    def assert_same(self) -> None:
        assert_same_site(self.site("forked"), self.site("single"))


@pytest.fixture
def twins(plain_sample: tuple[Path, Path, Path], tmp_path: Path) -> Iterator[Twins]:
    made = Twins(plain_sample[0].parent, tmp_path)
    yield made
    made._lay("forked")  # noqa: SLF001 - the folder as the fixture gave it


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The name of each piece of work given to a forked process, in order."""
    started: list[str] = []
    fork = processes.fork_work

    def counted(work: Callable[[], object]) -> processes.Forked:
        started.append(work.__name__)
        return fork(work)

    monkeypatch.setattr(processes, "fork_work", counted)
    yield started


def test_an_edit_forks_and_writes_what_one_process_writes(twins: Twins, forks: list[str]) -> None:
    for number in (1, 2):
        twins.retitle(f"Larmet besvaras, lydelse {number}")
        forks.clear()
        assert twins.build("forked").returncode == 0
        # the second build forked too: it loaded the environment the first one's
        # forked process wrote (a build without it reads everything, and forks nothing)
        assert forks == ["save", "make"], number
        assert twins.build("single").returncode == 0
        assert forks == ["save", "make"]
        twins.assert_same()
        assert f"lydelse {number}" in (twins.site("forked") / "needs.json").read_text(encoding="utf-8")


def test_a_full_build_forks_nothing(twins: Twins, forks: list[str]) -> None:
    twins.retitle("Larmet besvaras")
    assert twins.build("forked", "-E").returncode == 0
    assert forks == []


def test_a_forked_process_that_fails_leaves_a_whole_site(twins: Twins, forks: list[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The exports fail in the forked process: the build writes them itself, and the
    environment it saved holds. Saving the environment fails: its file is gone, and the
    next build reads every document again."""
    parent = os.getpid()
    write = exports.write_build_exports
    dump = second_core.pickle.dump

    def failing_exports(app, exception) -> None:  # noqa: ANN001 - Sphinx's listener
        if os.getpid() != parent:
            raise RuntimeError("the forked process fails")
        write(app, exception)

    def failing_dump(*args, **kwargs) -> None:  # noqa: ANN002, ANN003
        if os.getpid() != parent:
            raise RuntimeError("the forked process fails")
        dump(*args, **kwargs)

    def both_ways(title: str, forked: list[str]) -> None:
        twins.retitle(title)
        forks.clear()
        result = twins.build("forked")
        assert result.returncode == 0, result.stderr[-3000:]
        assert "Traceback" not in result.stderr and "fails" not in result.stderr
        assert forks == forked
        assert twins.build("single").returncode == 0
        twins.assert_same()

    with monkeypatch.context() as patch:
        patch.setattr(exports, "write_build_exports", failing_exports)
        both_ways("Larmet besvaras", ["save", "make"])
    assert (twins.site("forked", "doctrees") / "environment.pickle").exists()
    both_ways("Larmet besvaras snart", ["save", "make"])  # the environment saved above was read

    with monkeypatch.context() as patch:
        patch.setattr(second_core.pickle, "dump", failing_dump)
        both_ways("Larmet besvaras i tid", ["save", "make"])
    assert not (twins.site("forked", "doctrees") / "environment.pickle").exists()
    both_ways("Larmet besvaras genast", [])  # a fresh environment: every document read again


def test_when_no_process_can_be_started_the_build_does_it_all(twins: Twins, forks: list[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork() -> int:
        raise OSError("no process can be started")

    twins.retitle("Larmet besvaras")
    with monkeypatch.context() as patch:
        patch.setattr(os, "fork", no_fork)
        result = twins.build("forked")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert forks == ["save", "make"]  # both tried, neither started
    assert (twins.site("forked", "doctrees") / "environment.pickle").stat().st_size > 0
    assert twins.build("single").returncode == 0
    twins.assert_same()
    forks.clear()
    twins.retitle("Larmet besvaras snart")
    assert twins.build("forked").returncode == 0
    assert forks == ["save", "make"]  # the environment the build saved itself was read


def test_what_the_forked_process_says_the_build_says_once(twins: Twins, forks: list[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    read = exports.read_kept  # once in the exports' work, wherever it is done
    said = logging.getLogger("lotsen.test")

    def saying(path: Path) -> dict:
        said.warning("Exporten säger något <b>", type="lotsen", subtype="test")
        return read(path)

    monkeypatch.setattr(exports, "read_kept", saying)
    twins.retitle("Larmet besvaras")
    results = {name: twins.build(name) for name in ("forked", "single")}
    assert forks == ["save", "make"]
    for name, result in results.items():
        assert result.returncode == 0, name
        assert result.stderr.count("Exporten säger något <b>") == 1, (name, result.stderr)
    twins.assert_same()
    # and counted as the build's own: with -W the build fails, as in one process
    twins.retitle("Larmet besvaras genast")
    forks.clear()
    assert twins.build("forked", "-W").returncode != 0
    assert forks == ["save", "make"]
    assert twins.build("single", "-W").returncode != 0


def test_the_comparison_takes_in_pages_exports_and_needs_json(twins: Twins) -> None:
    names = set(files_of(twins.site("forked")))
    assert "needs.json" in names and any(name.endswith(".xlsx") for name in names)
    assert any(name.endswith(".html") for name in names)
