"""Numbers as authors write them: whole or with decimals, with a decimal comma or point,
and shown the Swedish way, with a comma."""

from __future__ import annotations

import re

_NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")


def parse_number(text: str) -> float | None:
    """``91,5``, ``91.5`` or ``91`` as a number; None when the text is not one."""
    text = text.strip()
    if not _NUMBER.match(text):
        return None
    return float(text.replace(",", "."))


def show_number(value: str | float | int) -> str:
    """A number as the site shows it: ``91,5`` (a decimal comma), ``91,0`` kept as written,
    a computed float without trailing zeros."""
    if isinstance(value, str):
        return value.strip().replace(".", ",")
    if isinstance(value, float) and not value.is_integer():
        return f"{round(value, 2):g}".replace(".", ",")
    return str(int(value))


def show_percent(value: float) -> str:
    """A share as Swedish writes it: ``33,3 %`` (a decimal comma, a space before %)."""
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
