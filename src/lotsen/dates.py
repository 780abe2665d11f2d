"""Dates as authors write them: ÅÅÅÅ-MM-DD, nothing else."""

from __future__ import annotations

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
