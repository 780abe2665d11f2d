"""ID templates such as ``RUT-{unit}-{number:03d}``: checked, rendered, and counted on.

The model declares one template per type (``id_template``) so that ``lotsen new`` can
give the next free ID without knowing any organisation's ID scheme.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable

#: What an ID template may contain, and what a file template may contain.
ID_PLACEHOLDERS = ("unit", "year", "number")
FILE_PLACEHOLDERS = ("id", "unit")


def template_problem(template: str, allowed: tuple[str, ...], *, needs: str = "") -> str:
    """Why a template cannot be used (in Swedish), or "" when it can."""
    try:
        parts = list(string.Formatter().parse(template))
    except ValueError:
        return (f"mallen går inte att läsa: klamrarna {{ och }} går inte ihop; skriv platshållare som "
                f"{{{allowed[0]}}}, och {{{{ }}}} för en klammer i själva texten")
    names = [name for _, name, _, _ in parts if name is not None]
    unknown = [n for n in names if n not in allowed]
    if unknown:
        return (f"platshållaren {{{unknown[0]}}} finns inte; tillåtna är "
                f"{', '.join('{' + a + '}' for a in allowed)}")
    if needs and needs not in names:
        return f"mallen måste innehålla {{{needs}}}, till exempel {{{needs}:03d}}"
    try:
        template.format(unit="X", year=2000, number=1, id="X")
    except (ValueError, KeyError, IndexError):
        return ("mallen går inte att fylla i: en platshållare har ett format som inte passar den, "
                f"till exempel {{{needs or allowed[0]}:03d}} där bara {{{needs or allowed[0]}}} går")
    return ""


def render_id(template: str, unit: str, year: int, number: int) -> str:
    return template.format(unit=unit, year=year, number=number)


def _id_regex(template: str, unit: str, year: int) -> re.Pattern[str]:
    """The IDs the template gives for this unit and year, with the number captured."""
    pattern = ""
    for literal, name, _, _ in string.Formatter().parse(template):
        pattern += re.escape(literal)
        if name == "number":
            pattern += r"(?P<number>[0-9]+)"
        elif name == "unit":
            pattern += re.escape(unit)
        elif name == "year":
            pattern += re.escape(str(year))
    return re.compile(pattern)


def next_id(template: str, unit: str, year: int, taken: Iterable[str]) -> str:
    """One past the highest number in use for this unit and year, never a taken ID.

    Numbers of removed objects are not reused below the highest one, so an ID is
    never given to two different objects over time within what is still there.
    """
    taken = set(taken)
    regex = _id_regex(template, unit, year)
    numbers = [int(m["number"]) for t in taken if (m := regex.fullmatch(t))]
    number = max(numbers, default=0) + 1
    while (candidate := render_id(template, unit, year, number)) in taken:
        number += 1
    return candidate
