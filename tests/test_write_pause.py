"""Garbage collection waits while an edit's pages are written (sphinx/write_pause.py):
paused from the first page until Pagefind is started, on again after the build, and on
again after ``LIMIT`` pages of a build that writes many."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

import lotsen.sphinx.write_pause as write_pause
from test_incremental_outputs import build, edit

from conftest import make_project


def recorded(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """Whether collection is on as each page is resolved, and at html-collect-pages."""
    seen: list[tuple[str, bool]] = []
    count, resume_collecting = write_pause._count, write_pause._resume_collecting

    def counting(app: Any, doctree: Any, docname: str) -> None:
        seen.append((docname, gc.isenabled()))
        count(app, doctree, docname)

    def resuming(app: Any) -> list:
        seen.append(("html-collect-pages", gc.isenabled()))
        return resume_collecting(app)

    monkeypatch.setattr(write_pause, "_count", counting)
    monkeypatch.setattr(write_pause, "_resume_collecting", resuming)
    return seen


def test_paused_while_an_edits_pages_are_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = make_project(tmp_path / "src")
    out, doctrees = tmp_path / "out", tmp_path / "doctrees"
    build(src, out, doctrees)
    edit(src / "objects.md", "Leta i nyckelskåpet", "Leta noga i nyckelskåpet")
    seen = recorded(monkeypatch)
    build(src, out, doctrees)
    assert "objects" in [name for name, _ in seen] and seen[-1][0] == "html-collect-pages"
    assert [on for _, on in seen] == [False] * len(seen)
    assert gc.isenabled()
    assert "Leta noga i nyckelskåpet" in (out / "objects.html").read_text(encoding="utf-8")


def test_a_build_of_many_pages_collects_past_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(write_pause, "LIMIT", 2)
    seen = recorded(monkeypatch)
    extra = {f"sida-{n}.md": f"# Sida {n}\n\nEn sida utan objekt.\n" for n in range(4)}
    build(make_project(tmp_path / "src", extra), tmp_path / "out", tmp_path / "doctrees")
    pages = [on for name, on in seen if name != "html-collect-pages"]
    assert len(pages) > 3 and pages[:3] == [False, False, False] and all(pages[3:])
    assert gc.isenabled()
