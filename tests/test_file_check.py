"""Each file's part of the check is kept (checks/file_check.py), and so is what the
rules find in each object on its own (checks/rules_kept.py): an unchanged file is not
checked again, and a kept part never hides a change that another file, a link, the
model or the date makes to it."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from lotsen import cache as build_cache
from lotsen.checks import file_check, pipeline, rules
from lotsen.checks.pipeline import Checked, check
from lotsen.model import load_model, load_model_kept
from lotsen.model.loader import kept_model_key
from lotsen.source.files import content_files
from test_goals import GOALS

from conftest import FIXTURES, make_project

_DAY = dt.date(2026, 11, 29)
_NUMBER = "121212-1212"  # Skatteverket's test number: a valid personnummer


def _check(root: Path, day: dt.date = _DAY) -> Checked:
    """As the build and `lotsen check` check: with the model kept for its file."""
    return check(load_model_kept(root / "lotsen.yaml"), root, content_files(root), day)


def _codes(checked: Checked) -> set[tuple[str, str, int]]:
    return {(f.code, f.file, f.line) for f in checked.findings}


def _kept_as_clean(root: Path, change: Callable[[], None], monkeypatch: pytest.MonkeyPatch,
                   day: dt.date = _DAY) -> set:
    """Check, change, check again (on ``day``) with the kept parts; that second check
    must give what a check that starts clean gives. Returns the findings that changed."""
    before = _check(root)
    change()
    kept = _check(root, day)
    monkeypatch.setattr(build_cache, "_results", {})
    clean = _check(root, day)
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
    alone: list[set[str]] = []
    real_alone = rules._Checker.run_alone
    monkeypatch.setattr(rules._Checker, "run_alone", lambda self: (
        alone.append({n.file for n in self.needs}), real_alone(self))[1])
    first = _check(root)
    assert "a.md" in checked and "b.md" in checked and alone == [{"objects.md"}]
    checked.clear()
    alone.clear()
    (root / "a.md").write_text("# A\n\nAnnan text.\n", encoding="utf-8")
    (root / "objects.md").write_text((root / "objects.md").read_text(encoding="utf-8") + "\nMer.\n",
                                     encoding="utf-8")
    assert _check(root).findings == first.findings
    assert checked == ["a.md", "objects.md"]
    assert alone == [{"objects.md"}]  # a.md holds no object


def test_only_a_model_kept_for_its_file_stands_for_it(tmp_path: Path, fresh_cache: None) -> None:
    root = make_project(tmp_path / "proj")
    kept = load_model_kept(root / "lotsen.yaml")
    assert kept_model_key(kept) is not None
    assert kept_model_key(load_model(root / "lotsen.yaml")) is None  # read otherwise: checked every time
    (root / "lotsen.yaml").write_text((root / "lotsen.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert kept_model_key(kept) is None  # the file has changed since


def test_another_day_checks_each_object_again(tmp_path: Path, fresh_cache: None,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_project(tmp_path / "proj")
    changed = _kept_as_clean(root, lambda: None, monkeypatch, day=dt.date(2027, 2, 1))
    assert {code for code, _, _ in changed} == {"review_overdue"}


def test_a_changed_model_checks_each_object_again(tmp_path: Path, fresh_cache: None,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Of the model, the file's own part reads only what it needs: a shorter review
    period leaves it as it was, but not what the rules find in each object."""
    root = make_project(tmp_path / "proj")
    model = root / "lotsen.yaml"
    shorter = lambda: model.write_text(  # noqa: E731
        model.read_text(encoding="utf-8").replace("period_months: 12", "period_months: 6"), encoding="utf-8")
    changed = _kept_as_clean(root, shorter, monkeypatch)
    assert {code for code, _, _ in changed} == {"review_period"}


def test_an_edit_elsewhere_changes_what_an_unchanged_file_links_to(tmp_path: Path, fresh_cache: None,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """A link into a removed file, and an ID that another file now also uses."""
    objects = (FIXTURES / "base" / "objects.md").read_text(encoding="utf-8")
    risk = "```{risk}" + objects.split("```{risk}")[1].split("```")[0] + "```\n"
    root = make_project(tmp_path / "proj", {"risk.md": risk.replace("RISK-HT-01", "RISK-HT-02")})
    (root / "objects.md").write_text(objects.replace(":hanterar: RISK-HT-01", ":hanterar: RISK-HT-01, RISK-HT-02"),
                                     encoding="utf-8")

    def elsewhere() -> None:
        (root / "risk.md").unlink()
        (root / "kopia.md").write_text(risk.replace("Nyckel kommer bort", "Samma ID"), encoding="utf-8")

    changed = _kept_as_clean(root, elsewhere, monkeypatch)
    assert ("link_target_missing", "objects.md", 41) in changed
    assert ("id_duplicate", "objects.md", 48) in changed  # kopia.md comes first


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


def test_a_changed_statistics_file_is_read_again(tmp_path: Path, fresh_cache: None,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The tables are kept by their content (checks/tables_kept.py): an edit to one
    changes its findings; an edit elsewhere reads none of them again."""
    table = "Period;Enhet;Kategori;Antal\n2026-K1;HT;avvikelse;4\n"
    root = make_project(tmp_path / "proj", {"statistik/2026.csv": table})
    stats = root / "statistik" / "2026.csv"
    changed = _kept_as_clean(root, lambda: stats.write_text(table + "2026-K2;XX;avvikelse;oj\n", encoding="utf-8"),
                             monkeypatch)
    assert {code for code, file, _ in changed} and all(file == "statistik/2026.csv" for _, file, _ in changed)
    read: list[Path] = []
    real = pipeline.read_statistics
    monkeypatch.setattr(pipeline, "read_statistics", lambda model, root: (read.append(root), real(model, root))[1])
    _kept_as_clean(root, lambda: (root / "a.md").write_text("# A\n\nText.\n", encoding="utf-8"), monkeypatch)
    assert len(read) == 1  # only the check that starts clean


def test_an_indicator_that_changes_its_period_reads_its_outcomes_again(tmp_path: Path, fresh_cache: None,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # tests/test_goals.py's goals and indicators: IND-HT-01 is measured per year
    root = make_project(tmp_path / "proj", {"indikatorer.md": GOALS,
                                            "indikatorer/utfall.csv": "Indikator;Period;Utfall\nIND-HT-01;2026;70\n"})
    page = root / "indikatorer.md"
    changed = _kept_as_clean(root, lambda: page.write_text(GOALS.replace(":mätperiod: år", ":mätperiod: kvartal"),
                                                           encoding="utf-8"), monkeypatch)
    assert ("goal_value", "indikatorer/utfall.csv", 2) in changed
    changed = _kept_as_clean(root, lambda: page.write_text(GOALS, encoding="utf-8"), monkeypatch)
    assert ("goal_value", "indikatorer/utfall.csv", 2) in changed
    changed = _kept_as_clean(root, lambda: page.write_text(GOALS.replace("IND-HT-01", "IND-HT-08"),
                                                           encoding="utf-8"), monkeypatch)
    assert ("goal_value", "indikatorer/utfall.csv", 2) in changed
