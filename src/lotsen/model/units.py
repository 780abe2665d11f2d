"""The organisation's units as a tree (förvaltning → avdelning → enhet, any depth) and
the roles that exist once per unit (enhetschef), read from lotsen.yaml with every
problem at once.

``units`` takes three forms, freely mixed:

- ``CODE: Name`` (a unit at the top, or under the unit it is written in);
- ``CODE: {name: …, kind: avdelning, parent: CODE}`` (placed by its parent's code);
- ``CODE: {name: …, kind: förvaltning, units: {…}}`` (its units written inside it).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

from lotsen.model.yaml_lines import LineDict

if TYPE_CHECKING:
    from lotsen.model.reader import Reader

#: The kinds a unit may be, and how "the whole …" reads for each.
UNIT_KINDS = {"förvaltning": "förvaltningen", "avdelning": "avdelningen", "enhet": "enheten"}
_UNIT_KEYS = {"name", "kind", "parent", "units"}
_ROLE_KEYS = {"name", "per_unit"}


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    kind: str = ""
    parent: str = ""
    line: int = 0

    def whole(self) -> str:
        """"hela avdelningen Äldreomsorg": what an object for this unit holds for."""
        definite = UNIT_KINDS.get(self.kind, "")
        if self.kind == "förvaltning":
            return f"hela {definite}"
        return f"hela {definite} {self.name}" if definite else f"hela {self.name}"


@dataclass(frozen=True)
class UnitTree:
    """Units by code in tree order (each unit followed by the units under it)."""

    units: dict[str, Unit] = field(default_factory=dict)

    def __contains__(self, code: object) -> bool:
        return code in self.units

    def __getitem__(self, code: str) -> Unit:
        return self.units[code]

    def names(self) -> dict[str, str]:
        return {code: unit.name for code, unit in self.units.items()}

    @cached_property
    def _children(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {code: [] for code in self.units}
        for code, unit in self.units.items():
            if unit.parent in found:
                found[unit.parent].append(code)
        return found

    @cached_property
    def _below(self) -> dict[str, list[str]]:
        """Code -> every unit below it, in tree order (the tree has no cycles: the
        loader places one unit of a cycle at the top)."""
        found: dict[str, list[str]] = {}
        for code in reversed(list(self.units)):
            found[code] = [d for child in self._children[code] for d in [child, *found[child]]]
        return found

    @cached_property
    def _subtree(self) -> dict[str, frozenset[str]]:
        return {code: frozenset([code, *below]) for code, below in self._below.items()}

    def children(self, code: str) -> list[str]:
        return list(self._children.get(code, ()))

    def roots(self) -> list[str]:
        return [c for c, u in self.units.items() if not u.parent]

    def ancestors(self, code: str) -> list[str]:
        """The units above, nearest first."""
        found: list[str] = []
        seen = {code}
        current = self.units[code].parent if code in self.units else ""
        while current and current in self.units and current not in seen:
            found.append(current)
            seen.add(current)
            current = self.units[current].parent
        return found

    def descendants(self, code: str) -> list[str]:
        """Every unit below, in tree order."""
        return list(self._below.get(code, ()))

    def subtree(self, code: str) -> frozenset[str]:
        """The unit and every unit below it."""
        return self._subtree.get(code, frozenset())

    def is_leaf(self, code: str) -> bool:
        return not self._children.get(code)

    @cached_property
    def _depths(self) -> dict[str, int]:
        """Code -> how many units are above it (tree order puts each parent first)."""
        found: dict[str, int] = {}
        for code, unit in self.units.items():
            found[code] = found[unit.parent] + 1 if unit.parent in found else 0
        return found

    def depth(self, code: str) -> int:
        return self._depths.get(code, 0)

    def rows_in_tree_order(self) -> list[tuple[Unit, int]]:
        """(unit, depth) for every unit, each followed by the units under it."""
        return [(self.units[c], self.depth(c)) for c in self.units]


def read_units(r: Reader, top: LineDict) -> UnitTree:
    """The tree from ``units``. Problems (with lines): a parent that does not exist, a
    cycle, a code written at two places, an unknown kind or key. A unit with a parent
    that does not exist, or in a cycle, is still a unit: it is placed at the top, so
    that nothing that names it is reported too."""
    if "units" not in top:
        return UnitTree()
    if top.get("units") is None:
        r.error(top.line_of("units"), _EMPTY_UNITS)
        return UnitTree()
    table = r.mapping(top.get("units"), top.line_of("units"), "units")
    found: list[Unit] = []
    _read_levels(r, table, found)
    if not table and isinstance(top.get("units"), LineDict):
        r.error(top.line_of("units"), _EMPTY_UNITS)
    by_code = {u.code: u for u in found}
    for unit in found:
        if unit.parent and unit.parent not in by_code:
            r.error(unit.line, f"Enheten '{unit.code}' har 'parent: {unit.parent}', men det finns ingen enhet "
                               f"med koden '{unit.parent}' under 'units'. Skriv koden för enheten ovanför.")
            by_code[unit.code] = replace(unit, parent="")
    for first in _cycles(r, by_code):
        by_code[first] = replace(by_code[first], parent="")
    return UnitTree(_tree_order(by_code))


_EMPTY_UNITS = "'units' får inte vara tom. Skriv organisationens enheter, en per rad, till exempel 'HT: Hemtjänsten'."


def _read_levels(r: Reader, top_table: LineDict, found: list[Unit]) -> None:
    """Every unit of the tree in the order written, each followed by the units written
    inside it: a walk with its own stack, so any depth is read without recursion."""
    seen: dict[str, int] = {}
    stack = [("", iter(top_table.items()), top_table)]
    while stack:
        parent, items, table = stack[-1]
        entry = next(items, None)
        if entry is None:
            stack.pop()
            continue
        code, spec = entry
        below = _read_unit(r, table, code, spec, parent, found, seen)
        if below is not None:
            stack.append((code, iter(below.items()), below))


def _read_unit(r: Reader, table: LineDict, code: Any, spec: Any, parent: str, found: list[Unit],
               seen: dict[str, int]) -> LineDict | None:
    """One unit read into ``found``; the table of the units written inside it, if any."""
    line = table.line_of(code)
    if not isinstance(code, str) or not code.strip():
        r.error(line, "'units': varje enhet ska ha en kod, till exempel 'HT: Hemtjänsten'.")
        return None
    if code in seen:
        r.error(line, f"Enhetskoden '{code}' står två gånger under 'units' (även på rad {seen[code]}). "
                      "En kod får bara finnas på ett ställe i hela trädet.")
        return None
    seen[code] = line
    if isinstance(spec, str):
        found.append(Unit(code, spec, "", parent, line))
        return None
    if not isinstance(spec, LineDict):
        r.error(line, f"'units.{code}' ska vara ett namn eller en tabell med name, kind, parent och units.")
        return None
    where = f"units.{code}"
    r.known_keys(spec, _UNIT_KEYS, where)
    name = r.text(spec, "name", where)
    kind = r.text(spec, "kind", where, default="")
    if kind and kind not in UNIT_KINDS:
        r.error(spec.line_of("kind"), f"'{where}.kind' ska vara en av: {', '.join(UNIT_KINDS)}.")
        kind = ""
    own_parent = r.text(spec, "parent", where, default="")
    if own_parent and parent:
        r.error(spec.line_of("parent"), f"Enheten '{code}' står under '{parent}' men har 'parent: "
                                        f"{own_parent}'. Ta bort 'parent' eller flytta enheten.")
    found.append(Unit(code, name, kind, parent or own_parent, line))
    if "units" not in spec:
        return None
    return r.mapping(spec.get("units"), spec.line_of("units"), f"{where}.units")


def _cycles(r: Reader, by_code: dict[str, Unit]) -> list[str]:
    """Units whose parents lead back to themselves, each cycle reported once at its
    first unit in the file; those first units."""
    walked: set[str] = set()  # units whose way up is known: to the top, or into a cycle already said
    firsts: list[str] = []
    for start in by_code:
        path: list[str] = []
        on_path: set[str] = set()
        current = start
        while current in by_code and current not in on_path and current not in walked:
            path.append(current)
            on_path.add(current)
            current = by_code[current].parent
        walked.update(path)
        if current in on_path:
            cycle = path[path.index(current):]
            first = min(cycle, key=lambda c: by_code[c].line)
            firsts.append(first)
            r.error(by_code[first].line, f"Enheterna går i cirkel: {' → '.join(cycle + [cycle[0]])}. En enhet kan "
                                         "inte ligga under sig själv. Ändra 'parent' på en av dem.")
    return firsts


def _tree_order(units: dict[str, Unit]) -> dict[str, Unit]:
    """The units with each followed by the units under it, walked with a stack (no
    recursion, so any depth)."""
    children: dict[str, list[str]] = {}
    for code, unit in units.items():
        children.setdefault(unit.parent, []).append(code)
    ordered: dict[str, Unit] = {}
    stack = list(reversed(children.get("", [])))
    while stack:
        code = stack.pop()
        if code in ordered:
            continue
        ordered[code] = units[code]
        stack.extend(reversed(children.get(code, [])))
    return ordered


#: How a quality lead may write yes or no for ``per_unit``, besides true and false.
_YES_NO = {"ja": True, "nej": False}


def read_roles(r: Reader, top: LineDict) -> tuple[dict[str, str], frozenset[str]]:
    """Role code -> name, and the roles that exist once per unit (``per_unit: true``).
    A role is ``code: Name`` or ``code: {name: …, per_unit: true}``; ``ja`` and ``nej``
    are read as true and false."""
    if "roles" not in top:
        return {}, frozenset()
    if top.get("roles") is None:
        r.error(top.line_of("roles"), _EMPTY_ROLES)
        return {}, frozenset()
    table = r.mapping(top.get("roles"), top.line_of("roles"), "roles")
    roles: dict[str, str] = {}
    per_unit: set[str] = set()
    for code, spec in table.items():
        line = table.line_of(code)
        if isinstance(spec, str):
            roles[code] = spec
            continue
        if not isinstance(spec, LineDict):
            r.error(line, "'roles': varje rad ska vara 'kod: namn' eller 'kod: {name: namn, per_unit: true}'.")
            continue
        r.known_keys(spec, _ROLE_KEYS, f"roles.{code}")
        roles[code] = r.text(spec, "name", f"roles.{code}")
        flag: Any = spec.get("per_unit", False)
        if isinstance(flag, str) and flag.strip().casefold() in _YES_NO:
            flag = _YES_NO[flag.strip().casefold()]
        if not isinstance(flag, bool):
            r.error(spec.line_of("per_unit"), f"'roles.{code}.per_unit' ska vara true (ja) eller false (nej).")
            # taken as a role per unit, so that its accounts per unit are not reported too
            per_unit.add(code)
        elif flag:
            per_unit.add(code)
    if not table and isinstance(top.get("roles"), LineDict):
        r.error(top.line_of("roles"), _EMPTY_ROLES)
    return roles, frozenset(per_unit)


_EMPTY_ROLES = "'roles' får inte vara tom. Skriv rollerna, en per rad, till exempel 'enhetschef: Enhetschef'."
