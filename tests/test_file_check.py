"""Each file's part of the check is kept (checks/file_check.py): an unchanged file is
not checked again, and a kept part never hides a change that another file, a link or
the model makes to it."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from lotsen import cache as build_cache
from lotsen.checks import file_check
from lotsen.checks.pipeline import Checked, check
from lotsen.model import load_model
from lotsen.source.files import content_files

from conftest import make_project

_DAY = dt.date(2026, 11, 29)
_NUMBER = "121212-1212"  # Skatteverket's test number: a valid personnummer


def _check(root: Path) -> Checked:
    return check(load_model(root / "lotsen.yaml"), root, content_files(root), _DAY)


def _codes(checked: Checked) -> set[tuple[str, str, int]]:
    return {(f.code, f.file, f.line) for f in checked.findings}


def _kept_as_clean(root: Path, change: Callable[[], None], monkeypatch: pytest.MonkeyPatch) -> set:
    """Check, change, check again with the kept parts; that second check must give
    what a check that starts clean gives. Returns the findings that changed."""
    before = _check(root)
    change()
    kept = _check(root)
    monkeypatch.setattr(build_cache, "_results", {})
    clean = _check(root)
    assert kept.findings == clean.findings
    assert [(n.id, n.file, n.line, n.title) for n in kept.needs] == [(n.id, n.file, n.line, n.title)
                                                                    for n in clean.needs]
    return _codes(clean) ^ _codes(before)


def test_an_unchanged_file_is_not_checked_again(tmp_path: Path, fresh_cache: None,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path / "proj", {"a.md": "# A\n\nText.\n", "b.md": "# B\n\nText.\n"})
    checked: list[str] = []
    real = file_check._checked
    monkeypatch.setattr(file_check, "_checked", lambda model, root, path, shown, reading: (
        checked.append(shown), real(model, root, path, shown, reading))[1])
    first = _check(root)
    assert "a.md" in checked and "b.md" in checked
    checked.clear()
    (root / "a.md").write_text("# A\n\nAnnan text.\n", encoding="utf-8")
    assert _check(root).findings == first.findings
    assert checked == ["a.md"]


def test_a_file_a_page_brings_in_is_read_again(tmp_path: Path, fresh_cache: None,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """The page does not change, the file it includes does: its personal number is
    reported at the file, named with the page."""
    root = make_project(tmp_path / "proj", {"sida.md": "# Sida\n\n```{literalinclude} data.txt\n```\n",
                                            "data.txt": "Inget här.\n"})
    changed = _kept_as_clean(root, lambda: (root / "data.txt").write_text(f"Nummer {_NUMBER}.\n",
                                                                          encoding="utf-8"), monkeypatch)
    assert ("personal_number", "data.txt", 1) in changed


def test_a_link_that_now_leads_out_of_the_repository(tmp_path: Path, fresh_cache: None,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Same name, nothing to read either time, but the link now leads out."""
    root = make_project(tmp_path / "proj")
    os.symlink(root / "saknas.md", root / "lank.md")

    def lead_out() -> None:
        (root / "lank.md").unlink()
        os.symlink(tmp_path / "saknas.md", root / "lank.md")

    changed = _kept_as_clean(root, lead_out, monkeypatch)
    assert ("outside_repository", "lank.md", 1) in changed


def test_a_link_to_a_checked_file_is_reported_under_its_own_name(tmp_path: Path, fresh_cache: None,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path / "proj", {"a.md": f"# A\n\nNummer {_NUMBER}.\n"})
    changed = _kept_as_clean(root, lambda: os.symlink(root / "a.md", root / "kopia.md"), monkeypatch)
    assert changed == {("personal_number", "kopia.md", 3)}


def test_a_changed_model_checks_every_file_again(tmp_path: Path, fresh_cache: None,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path / "proj", {"stor.md": "# Stor\n\n" + "Text. " * 400 + "\n"})
    model = root / "lotsen.yaml"
    smaller = lambda: model.write_text(  # noqa: E731
        model.read_text(encoding="utf-8").replace("max_file_kb: 1024", "max_file_kb: 1"), encoding="utf-8")
    changed = _kept_as_clean(root, smaller, monkeypatch)
    assert ("file_too_large", "stor.md", 1) in changed


def test_a_renamed_file_is_reported_under_its_new_name(tmp_path: Path, fresh_cache: None,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path / "proj", {"a.md": f"# A\n\nNummer {_NUMBER}.\n"})
    changed = _kept_as_clean(root, lambda: (root / "a.md").rename(root / "b.md"), monkeypatch)
    assert {("personal_number", "a.md", 3), ("personal_number", "b.md", 3)} <= changed
