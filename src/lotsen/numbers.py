"""Numbers as authors write them: whole or with decimals, with a decimal comma or point,
and shown the Swedish way, with a comma."""

from __future__ import annotations

import math
import re

_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")
_WHOLE = re.compile(r"^\d+$")

#: The most digits a number may have: more is no count or measure a quality system
#: holds, and a float holds 15 digits exactly (a string of digits long enough is beyond
#: what Python turns into an int at all).
MOST_DIGITS = 15


def parse_number(text: str) -> float | None:
    """``91,5``, ``91.5`` or ``91`` as a number; None when the text is not one, or has
    more than MOST_DIGITS digits (never inf or nan)."""
    text = text.strip()
    if not _NUMBER.match(text) or sum(c.isdigit() for c in text) > MOST_DIGITS:
        return None
    value = float(text.replace(",", "."))
    return value if math.isfinite(value) else None


def parse_count(text: str) -> int | None:
    """A whole number from 0 up (``12``), of at most MOST_DIGITS digits; None otherwise."""
    text = text.strip()
    if not _WHOLE.match(text) or len(text) > MOST_DIGITS:
        return None
    return int(text)


def too_long(text: str) -> bool:
    """Whether ``text`` is digits (a number as written) with more digits than a number may have."""
    return sum(c.isdigit() for c in text) > MOST_DIGITS and not any(c.isalpha() for c in text)


def show_number(value: str | float | int) -> str:
    """A number as the site shows it: ``91,5`` (a decimal comma), ``91,0`` kept as written,
    a computed float without trailing zeros."""
    if isinstance(value, str):
        return value.strip().replace(".", ",")
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    if isinstance(value, float) and not value.is_integer():
        return f"{round(value, 2):g}".replace(".", ",")
    return str(int(value))


def show_percent(value: float) -> str:
    """A share as Swedish writes it: ``33,3 %`` (a decimal comma, a space before %)."""
    if not math.isfinite(value):
        return ""
    return f"{value:g} %".replace(".", ",")


def parse_unit_figures(raw: str) -> list[tuple[str, str]] | None:
    """``HT: 88,0; LSS: 95,5`` as [(unit, number as written)], or None when a part is
    not ``enhet: tal``. Parts are separated by semicolons: a comma is a decimal comma."""
    found: list[tuple[str, str]] = []
    for part in raw.split(";"):
        if not part.strip():
            continue
        unit, sep, number = part.partition(":")
        if not sep or not unit.strip() or parse_number(number) is None:
            return None
        found.append((unit.strip(), number.strip()))
    return found
