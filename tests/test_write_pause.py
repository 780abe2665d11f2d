"""Garbage collection waits while an edit's pages are written and its build finishes
(sphinx/write_pause.py): paused from the first page to the end of ``build-finished``,
on again after the build, and on again after ``LIMIT`` pages of a build that writes many."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

import lotsen.sphinx.write_pause as write_pause
from test_incremental_outputs import build, edit

from conftest import make_project


def recorded(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """Whether collection is on as each page is resolved, and once every other handler
    of build-finished has run."""
    seen: list[tuple[str, bool]] = []
    count, resume_finished = write_pause._count, write_pause._resume_finished

    def counting(app: Any, doctree: Any, docname: str) -> None:
        seen.append((docname, gc.isenabled()))
        count(app, doctree, docname)

    def finishing(app: Any, exception: Exception | None) -> None:
        seen.append(("build-finished", gc.isenabled()))
        resume_finished(app, exception)

    monkeypatch.setattr(write_pause, "_count", counting)
    monkeypatch.setattr(write_pause, "_resume_finished", finishing)
    return seen


#: Lotsen's theme, which has the pages of objects written first; pages without objects.
THEMED = {"conf.py": 'extensions = ["lotsen"]\nlotsen_model = "lotsen.yaml"\nlanguage = "sv"\n'
                     'exclude_patterns = ["_build"]\nhtml_theme = "lotsen"\n',
          **{f"sida-{n}.md": f"# Sida {n}\n\nEn sida utan objekt.\n" for n in range(4)}}


def test_paused_while_an_edits_pages_are_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Paused from the first page written to the end of the build (Pagefind finishes
    before Python does, so a collection would be on the edit's way); on after it."""
    src = make_project(tmp_path / "src", THEMED)
    out, doctrees = tmp_path / "out", tmp_path / "doctrees"
    build(src, out, doctrees)
    edit(src / "objects.md", "# ", "# Ändrad: ")
    seen = recorded(monkeypatch)
    build(src, out, doctrees)
    names = [name for name, _ in seen]
    assert names[0] == "objects" and "index" in names and names[-1] == "build-finished"
    assert [on for _, on in seen] == [False] * len(seen)
    assert gc.isenabled()
    assert "Ändrad: " in (out / "objects.html").read_text(encoding="utf-8")


def test_collection_goes_on_past_the_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """A build that writes many pages (a full build) collects again past ``LIMIT``."""
    monkeypatch.setattr(write_pause, "LIMIT", 2)
    assert gc.isenabled()
    try:
        write_pause._pause(None, None)  # type: ignore[arg-type]
        for _ in range(2):
            write_pause._count(None, None, "sida")  # type: ignore[arg-type]
            assert not gc.isenabled()
        write_pause._count(None, None, "sida")  # type: ignore[arg-type]
        assert gc.isenabled()
    finally:
        write_pause.resume()


def test_the_end_of_a_build_collects_nothing() -> None:
    """What the pause left young is settled when collection goes on after the build,
    so that no collection walks it on the way to the process's end."""
    assert gc.isenabled() and gc.get_freeze_count() == 0
    try:
        write_pause._pause(None, None)  # type: ignore[arg-type]
        young = [[n] for n in range(20_000)]
        assert gc.get_count()[0] >= 20_000
        write_pause._resume_finished(None, None)  # type: ignore[arg-type]
        assert gc.isenabled() and gc.get_count()[0] < 1_000 and gc.get_freeze_count() == 0
        assert gc.is_tracked(young[0])
    finally:
        write_pause.resume()
