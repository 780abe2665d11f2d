"""A spreadsheet cell as the person who typed it sees it, and as the text a CSV export
of it would hold: the one reading of cells for the check's tables and the import."""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import ROUND_HALF_UP, Decimal


def sheet_cell(value: object) -> str:
    """A spreadsheet cell as the text a CSV export would hold: a whole number without
    decimals, a decimal comma, TRUE and FALSE as Swedish Excel shows them, and a date as
    its month (what a spreadsheet makes of '2026-03' typed into a cell; the import of
    statistics reads a date cell the same way)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "SANT" if value else "FALSKT"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value).replace(".", ",")
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{value.year:04d}-{value.month:02d}"
    return str(value)


#: A number format's parts that show text, not digits: a quoted string, an escaped
#: character, a colour or condition in brackets.
_FORMAT_TEXT = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]')


def percent_decimals(number_format: str | None) -> int | None:
    """The decimals a percentage format shows (``0%`` 0, ``0.0 %`` 1), or None for a
    format that shows no percentage (a % in quotes is text, not a percentage)."""
    if not number_format:
        return None
    positive = _FORMAT_TEXT.sub("", number_format).split(";")[0]
    if "%" not in positive:
        return None
    _, point, after = positive.partition(".")
    return sum(c in "0#?" for c in after.split("%")[0]) if point else 0


def shown_value(value: object, number_format: str | None) -> object:
    """A cell's value as the person who typed it sees it: a number in a percentage
    format is the percentage (0.957 shown as 95.7 % is 95.7), rounded as the format
    shows it; other values as they are."""
    decimals = percent_decimals(number_format)
    if decimals is None or isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    if isinstance(value, float) and not math.isfinite(value):
        return value
    scaled = (Decimal(repr(value)) * 100).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return int(scaled) if scaled == scaled.to_integral_value() else float(scaled)
