"""Months counted on the calendar and shares written as percent, checked against values
written out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from lotsen.dates import add_months
from lotsen.numbers import show_percent

D = dt.date


@pytest.mark.parametrize(("day", "months", "expected"), [
    (D(2026, 1, 15), 1, D(2026, 2, 15)),
    (D(2026, 1, 31), 1, D(2026, 2, 28)),      # the month is shorter: its last day
    (D(2028, 1, 31), 1, D(2028, 2, 29)),      # a leap year
    (D(2026, 3, 31), 1, D(2026, 4, 30)),
    (D(2026, 12, 15), 1, D(2027, 1, 15)),     # over a new year
    (D(2026, 12, 31), 2, D(2027, 2, 28)),
    (D(2028, 2, 29), 12, D(2029, 2, 28)),
    (D(2026, 1, 15), 12, D(2027, 1, 15)),
    (D(2026, 5, 31), 25, D(2028, 6, 30)),
    (D(2027, 1, 15), -1, D(2026, 12, 15)),    # backwards over a new year
    (D(2026, 3, 31), -1, D(2026, 2, 28)),
    (D(2026, 7, 4), 0, D(2026, 7, 4)),
])
def test_add_months(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (33.3, "33,3 %"), (100.0, "100 %"), (70, "70 %"), (0.5, "0,5 %"), (0.0, "0 %"),
])
def test_percent_is_written_the_swedish_way(value: float, expected: str) -> None:
    """One way for the coverage finding, the coverage report and the diff's table."""
    assert show_percent(value) == expected
