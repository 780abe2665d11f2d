"""Dates as authors write them: ÅÅÅÅ-MM-DD, nothing else; and months counted on the calendar."""

from __future__ import annotations

import calendar
import datetime as dt
import re

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_date(text: str) -> dt.date | None:
    """An ISO date (YYYY-MM-DD), or None when the text is not one."""
    if not _DATE.match(text):
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months later (earlier when negative), or the
    last day of that month when it is shorter: 31 January + 1 month = 28 (29) February."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
