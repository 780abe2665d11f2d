"""The turn of the year: what was not done in the year just ended is still said in the
new year, by the check and by the nämnd's papers for that year (both had taken the new
year's årshjul, so December's gaps were never said)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lotsen.checks.pipeline import check
from lotsen.model import load_model
from lotsen.reports.management_review import management_review
from lotsen.reports.story.checking import LAST_YEAR_UNTIL_MONTH
from lotsen.source.files import content_files
from lotsen.source.index import ObjectIndex

from conftest import copy_sample

GAP = "story_control_without_result"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_sample(tmp_path_factory.mktemp("turn") / "src")


def _index(root: Path, day: dt.date) -> tuple[ObjectIndex, list]:
    checked = check(load_model(root / "lotsen.yaml"), root, content_files(root), day)
    return checked.index, checked.findings


def _gaps(findings: list, year: int) -> list[str]:
    """The controls said to lack a result in ``year`` (a control's months are said in one
    message, so the message grows as December comes due)."""
    return sorted(f.message.split()[1] for f in findings if f.code == GAP and f" {year} " in f"{f.message} ")


def test_the_year_just_ended_is_judged_whole_in_the_first_quarter(sample: Path) -> None:
    grace = load_model(sample / "lotsen.yaml").results.grace_days
    december_due = dt.date(2026, 12, 31) + dt.timedelta(days=grace + 1)  # the day December is over, with grace
    _, before = _index(sample, dt.date(2026, 12, 31))
    _, after = _index(sample, december_due)
    assert december_due.year == 2027 and _gaps(before, 2026)
    # all that was said at the year's end is still said, and December too once it is due
    assert set(_gaps(before, 2026)) <= set(_gaps(after, 2026))
    assert any("december 2026" in f.message for f in after if f.code == GAP)
    last = dt.date(2027, LAST_YEAR_UNTIL_MONTH + 1, 1) - dt.timedelta(days=1)
    assert _gaps(_index(sample, last)[1], 2026) == _gaps(after, 2026)
    assert _gaps(_index(sample, last + dt.timedelta(days=1))[1], 2026) == []


def test_the_papers_for_a_year_are_the_same_on_new_years_day(sample: Path) -> None:
    def not_done(day: dt.date) -> list:
        index, _ = _index(sample, day)
        document = management_review(index, 2026)
        [section] = [s for c in document.chapters for s in c.sections if s.title == "Ej genomförda egenkontroller"]
        return [[str(cell) for cell in row[:2]] for row in section.table.rows]

    at_the_end = not_done(dt.date(2026, 12, 31))
    assert at_the_end  # the sample has controls not done in 2026
    assert not_done(dt.date(2027, 1, 1)) == at_the_end
