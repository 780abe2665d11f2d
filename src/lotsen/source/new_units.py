"""`lotsen init --enhet KOD=NAMN@FÖRÄLDER`: the organisation's units as a tree.

The units given are checked before anything is written (a parent that is not among
them, a unit under itself, units in a cycle, a code that cannot stand in an ID), every
problem at once and in the terms of the command line, and written into ``units`` of
the new model as the loader reads it: each unit's units inside it (``units.py``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from lotsen.model.schema import TypeDef
from lotsen.model.workflow import unit_code_problems

#: What init shows as an example of a unit and a unit under it: codes that fit the IDs.
UNIT_EXAMPLE = "ALD=Äldreomsorg"
SUBUNIT_EXAMPLE = "HT=Hemtjänst@ALD"


@dataclass(frozen=True)
class NewUnit:
    code: str
    name: str
    parent: str
    given: str  # the value as written after --enhet, for the messages


def split_unit(value: str) -> tuple[str, str, str, bool]:
    """``KOD=Namn@FÖRÄLDER`` -> (code, name, parent, whether '@' was written)."""
    code, _, name = value.partition("=")
    parent, at = "", False
    if "@" in name:
        name, _, parent = name.rpartition("@")
        at = True
    return code.strip(), name.strip(), parent.strip(), at


def tree_problems(units: list[NewUnit]) -> list[str]:
    """A parent that is not among the units, an empty parent, a unit under itself, and
    each cycle once, in Swedish."""
    by_code = {u.code: u for u in units}
    problems = []
    for unit in units:
        if unit.parent == unit.code:
            problems.append(f"--enhet '{unit.given}': enheten {unit.code} kan inte höra till sig själv. Skriv "
                            f"koden för enheten ovanför efter @, eller inget @ för en enhet högst upp.")
        elif unit.parent and unit.parent not in by_code:
            problems.append(f"--enhet '{unit.given}': enheten {unit.parent}, som {unit.code} ska höra till, "
                            f"finns inte bland enheterna. Lägg till --enhet {unit.parent}=namn, eller rätta "
                            f"koden efter @.")
    walked: set[str] = set()
    for start in by_code:
        path: list[str] = []
        current = start
        while current in by_code and current not in path and current not in walked:
            path.append(current)
            current = by_code[current].parent
        walked.update(path)
        if current in path and by_code[current].parent != current:
            cycle = path[path.index(current):]
            problems.append(f"--enhet: enheterna går i cirkel: {' → '.join(cycle + [cycle[0]])}. En enhet kan "
                            f"inte ligga under sig själv, direkt eller genom andra. Ändra vad som står efter @ "
                            f"för en av dem.")
    return problems


def code_problems(units: list[NewUnit], types: dict[str, TypeDef]) -> list[str]:
    """One message per unit whose code cannot stand in the IDs of the types."""
    found = unit_code_problems(types, [u.code for u in units])
    return [f"--enhet '{u.given}': koden {u.code} kan inte stå i ett ID: {found[u.code]} Välj en annan kod; "
            f"namnet får ha alla tecken (till exempel --enhet {UNIT_EXAMPLE})." for u in units if u.code in found]


def units_block(names: dict[str, str], parents: dict[str, str]) -> str:
    """The ``units`` section: each unit with the units under it written inside it, in
    the order given; a unit with none is ``CODE: Name``. Codes and names are quoted, so
    that a code such as NO stays text. Walked with a stack, so any depth."""
    children: dict[str, list[str]] = {}
    for code in names:
        children.setdefault(parents.get(code, ""), []).append(code)
    lines = ["units:\n"]
    stack = [(code, 1) for code in reversed(children.get("", []))]
    while stack:
        code, level = stack.pop()
        pad = "    " * level
        pad = pad[2:]  # the top level is indented by two spaces, each level below by four more
        if not children.get(code):
            lines.append(f"{pad}{_quoted(code)}: {_quoted(names[code])}\n")
            continue
        lines.append(f"{pad}{_quoted(code)}:\n{pad}  name: {_quoted(names[code])}\n{pad}  units:\n")
        stack.extend((child, level + 1) for child in reversed(children[code]))
    return "".join(lines)


def _quoted(text: str) -> str:
    """A YAML scalar that stays text: quoted, so that a code such as NO is no boolean."""
    return json.dumps(text, ensure_ascii=False)
