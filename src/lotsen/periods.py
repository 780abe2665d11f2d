"""Periods as authors and case systems write them: a month (``2026-03``), a quarter
(``2026-K1``), a half-year (``2026-H1``) or a year (``2026``)."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_PERIOD = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<month>0[1-9]|1[0-2])|K(?P<quarter>[1-4])|H(?P<half>[12])))?$")

#: What an author may write, for messages.
PERIOD_FORMS = "ÅÅÅÅ-MM (månad), ÅÅÅÅ-K1 till K4 (kvartal), ÅÅÅÅ-H1 eller H2 (halvår) eller ÅÅÅÅ (år)"


@dataclass(frozen=True, order=True)
class Period:
    year: int
    first: int
    last: int
    text: str

    @property
    def months(self) -> range:
        return range(self.first, self.last + 1)

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, self.first, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year, self.last, calendar.monthrange(self.year, self.last)[1])

    @property
    def quarter(self) -> int:
        """The quarter the period starts in (1–4)."""
        return (self.first - 1) // 3 + 1


def parse_period(text: str) -> Period | None:
    """The period a text names, or None when it names none."""
    match = _PERIOD.match(text.strip())
    if not match:
        return None
    year = int(match["year"])
    if match["month"]:
        first = last = int(match["month"])
    elif match["quarter"]:
        first = (int(match["quarter"]) - 1) * 3 + 1
        last = first + 2
    elif match["half"]:
        first = 1 if match["half"] == "1" else 7
        last = first + 5
    else:
        first, last = 1, 12
    return Period(year, first, last, text.strip())


#: A period as a reader names it.
_KIND_NAMES = {1: "månaden", 3: "kvartalet", 6: "halvåret", 12: "året"}


def period_name(period: Period) -> str:
    """'månaden 2026-03', 'kvartalet 2026-K1', …"""
    return f"{_KIND_NAMES.get(period.last - period.first + 1, 'perioden')} {period.text}"


def overlaps(a: Period, b: Period) -> bool:
    """Whether two periods share a month."""
    return a.year == b.year and a.first <= b.last and b.first <= a.last
