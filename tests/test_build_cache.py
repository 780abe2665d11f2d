"""The results kept between builds: reused only when their sources and Lotsen's code
are the same, and never at the cost of a finding."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lotsen import cache as build_cache

from conftest import FIXTURES, make_project, reported, run_env, sphinx_build


def incremental(src: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "--no-color",
         "-d", str(src / "_build" / "doctrees"), str(src), str(src / "_build" / "html")],
        capture_output=True, text=True, env=run_env(), check=False)


@pytest.fixture
def fresh_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build_cache, "_results", {})
    monkeypatch.setattr(build_cache, "_used", set())


def test_a_result_is_computed_once_and_kept_only_if_used(tmp_path: Path, fresh_cache: None) -> None:
    calls = []
    assert build_cache.remember(("a",), lambda: calls.append(1) or "A") == "A"
    assert build_cache.remember(("a",), lambda: calls.append(1) or "B") == "A"
    assert calls == [1]
    build_cache.save(tmp_path)
    build_cache._results.clear()
    build_cache._used.clear()
    build_cache.load(tmp_path)
    assert build_cache.remember(("a",), lambda: "C") == "A"
    build_cache._results[("stale",)] = "S"  # loaded, never used: not saved again
    build_cache.save(tmp_path)
    build_cache._results.clear()
    build_cache.load(tmp_path)
    assert ("stale",) not in build_cache._results


def test_a_damaged_or_foreign_cache_is_ignored(tmp_path: Path, fresh_cache: None,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / build_cache.CACHE_FILE).write_bytes(b"not a pickle")
    build_cache.load(tmp_path)
    assert build_cache._results == {}
    build_cache.remember(("a",), lambda: "A")
    build_cache.save(tmp_path)
    build_cache._results.clear()
    monkeypatch.setattr(build_cache, "code_version", lambda: "another Lotsen")
    build_cache.load(tmp_path)
    assert build_cache._results == {}


def test_findings_of_unchanged_files_are_reported_on_every_build(tmp_path: Path) -> None:
    """The second build scans nothing again, yet reports the same findings, also
    those from cached personal-data and readability checks."""
    extra = {name: (FIXTURES / "rules" / name).read_text(encoding="utf-8")
             for name in ("personal_number.md", "lix_high.md", "field_value.md")}
    root = make_project(tmp_path / "proj", extra)
    first = sphinx_build(root)
    assert (root / "_build" / "doctrees" / build_cache.CACHE_FILE).is_file()
    second = incremental(root)
    codes = {(r.code, r.file, r.line) for r in reported(first.stderr + first.stdout)}
    assert {"personal_number", "field_value"} <= {c for c, _, _ in codes}
    assert {(r.code, r.file, r.line) for r in reported(second.stderr + second.stdout)} == codes
    assert "lix_high" in second.stdout
    assert first.returncode == second.returncode != 0


def test_an_edited_file_is_scanned_again(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj")
    assert sphinx_build(root).returncode == 0
    shutil.copy(FIXTURES / "rules" / "field_value.md", root / "field_value.md")
    second = incremental(root)
    assert second.returncode != 0
    assert "field_value" in {r.code for r in reported(second.stderr)}
