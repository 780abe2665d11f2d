"""The collected objects with their links both ways: what every report is computed from."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from lotsen.dates import parse_date
from lotsen.model import Model
from lotsen.source.scanner import NeedSource

_STEP = re.compile(r"^\d+\.\s+(?P<text>.+)$")


def risk_score(model: Model, need: NeedSource) -> int | None:
    """Likelihood × consequence, or None when either is missing or off the scale."""
    cfg = model.risk
    try:
        likelihood = int(need.value(cfg.likelihood))
        consequence = int(need.value(cfg.consequence))
    except ValueError:
        return None
    scale_l = model.scales[model.fields[cfg.likelihood].scale]
    scale_c = model.scales[model.fields[cfg.consequence].scale]
    if likelihood not in scale_l or consequence not in scale_c:
        return None
    return likelihood * consequence

@dataclass
class ObjectIndex:
    """Objects by ID and by type, outgoing and incoming links, in source order."""

    model: Model
    needs: list[NeedSource]
    today: dt.date
    #: Reads the changes to fastställda documents from git, newest first (None outside
    #: git). Called only when a page shows them: it walks the history.
    history: Callable[[], list | None] | None = None
    #: The case statistics read from the model's folder (source/statistics.py), if any.
    statistics: Any = None
    #: Reads each risk's score over time from git, given the files the risks are in now
    #: (reports/risk_history.py); None outside git.
    risk_history: Callable[[list[str]], dict | None] | None = None
    #: The indicators' outcomes read from the model's folder (source/goal_values.py), if any.
    goal_values: Any = None
    by_id: dict[str, NeedSource] = field(init=False)
    incoming: dict[str, dict[str, list[str]]] = field(init=False)
    _memo: dict = field(init=False, default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.by_id = {}
        for need in self.needs:
            if need.id and need.id not in self.by_id:
                self.by_id[need.id] = need
        self.incoming = defaultdict(lambda: defaultdict(list))
        for need in self.by_id.values():
            for link in self.model.types[need.type].links:
                for target in need.values(link):
                    if target in self.by_id:
                        self.incoming[target][link].append(need.id)

    def memo(self, key: object, compute: Callable[[], object]) -> object:
        """``compute()`` once per build: a report is needed to decide whether its page
        changed, to write the page, and to export it."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    @cached_property
    def changes(self) -> list | None:
        return self.history() if self.history else None

    @cached_property
    def risk_histories(self) -> dict | None:
        if not self.risk_history:
            return None
        return self.risk_history(sorted({n.file for n in self.of_type(self.model.risk.type)}))

    def of_type(self, type_name: str) -> list[NeedSource]:
        return list(self._by_type.get(type_name, ()))

    @cached_property
    def _by_type(self) -> dict[str, list[NeedSource]]:
        grouped: dict[str, list[NeedSource]] = defaultdict(list)
        for need in self.by_id.values():
            grouped[need.type].append(need)
        return grouped

    def targets(self, need: NeedSource, link: str) -> list[NeedSource]:
        """The existing objects a need links to (dangling links are validation's job)."""
        return [self.by_id[t] for t in need.values(link) if t in self.by_id]

    def sources(self, need_id: str, link: str) -> list[NeedSource]:
        return [self.by_id[s] for s in self.incoming.get(need_id, {}).get(link, [])]

    def score(self, need: NeedSource) -> int | None:
        return risk_score(self.model, need)

    def date(self, need: NeedSource, field_name: str) -> dt.date | None:
        return parse_date(need.value(field_name))

    # ------------------------------------------------------------------ units
    def named_units(self, need: NeedSource) -> list[str]:
        """The units an object names in its field with the role ``units`` (known ones)."""
        name = self.model.field_for("units")
        tree = self.model.unit_tree
        return [u for u in need.values(name) if u in tree] if name else []

    def units_of(self, need: NeedSource) -> frozenset[str]:
        """Every unit an object holds for: the units it names and every unit under them
        (an object for an avdelning holds for each of its enheter). The one accessor
        for targeting: pages, reports and ``lotsen diff`` all read it."""
        key = ("units_of", need.id, need.file, need.line)
        cached = self._memo.get(key)
        if cached is None:
            tree = self.model.unit_tree
            cached = frozenset(u for code in self.named_units(need) for u in [code, *tree.descendants(code)])
            self._memo[key] = cached
        return cached

    def holds_for(self, need: NeedSource, unit: str) -> str | None:
        """Whether an object holds for a unit, and where from: None (not), "" (the object
        names the unit), or the code of the unit above that it names."""
        named = self.named_units(need)
        if unit in named:
            return ""
        return next((above for above in self.model.unit_tree.ancestors(unit) if above in named), None)

    @cached_property
    def _within(self) -> dict[tuple[str, str], list[NeedSource]]:
        """(unit, type) -> the objects that hold for the unit or a unit under it."""
        tree = self.model.unit_tree
        found: dict[tuple[str, str], list[NeedSource]] = defaultdict(list)
        for need in self.by_id.values():
            reached: set[str] = set()
            for unit in self.units_of(need):
                reached.update([unit, *tree.ancestors(unit)])
            for unit in reached:
                found[(unit, need.type)].append(need)
        return found

    def within(self, unit: str, type_name: str) -> list[NeedSource]:
        """The objects of a type that hold for a unit or any unit under it, in source
        order: what a unit's page and the start page's count show."""
        return list(self._within.get((unit, type_name), ()))

    def holds_within(self, need: NeedSource, unit: str) -> bool:
        """The object holds for the unit or for any unit under it (an avdelning's page
        and its roll-up count what holds anywhere in the avdelning)."""
        return not self.units_of(need).isdisjoint(self.model.unit_tree.subtree(unit))

    def origin(self, need: NeedSource, unit: str) -> str:
        """Where an object on a unit's page comes from, for the reader: "" for the unit's
        own, "Gäller hela avdelningen Äldreomsorg", or "Gäller Hemtjänsten Norrvik" for
        an object of a unit under it."""
        tree = self.model.unit_tree
        via = self.holds_for(need, unit)
        if via == "":
            return ""
        if via is not None:
            return f"Gäller {tree[via].whole()}"
        below = [u for u in self.named_units(need) if unit in tree.ancestors(u)]
        return "Gäller " + ", ".join(tree[u].name for u in below) if below else ""

    @cached_property
    def children(self) -> dict[str, list[str]]:
        """Process ID -> its delprocesser, through the hierarchy link."""
        link = self.model.structure.hierarchy_link
        result: dict[str, list[str]] = defaultdict(list)
        for need in self.by_id.values():
            for parent in need.values(link):
                if parent in self.by_id and parent != need.id:
                    result[parent].append(need.id)
        return result

    def descendants(self, process_id: str) -> list[str]:
        """All delprocesser below a process, depth first, safe against cycles."""
        seen: list[str] = []
        stack = list(reversed(self.children.get(process_id, [])))
        while stack:
            current = stack.pop()
            if current in seen or current == process_id:
                continue
            seen.append(current)
            stack.extend(reversed(self.children.get(current, [])))
        return seen

    def ancestors(self, process_id: str) -> list[str]:
        link = self.model.structure.hierarchy_link
        seen: list[str] = []
        current = [process_id]
        while current:
            parents = [p for c in current for p in self.by_id[c].values(link) if p in self.by_id and p not in seen and p != process_id]
            seen.extend(parents)
            current = parents
        return seen


def steps(need: NeedSource, heading: str) -> list[str]:
    """The numbered list that follows a bold label such as **Aktiviteter** in a body."""
    found: list[str] = []
    inside = False
    for line in need.body:
        stripped = line.strip()
        if stripped.startswith("**"):
            inside = stripped.strip("*").strip().lower().startswith(heading.lower())
            continue
        if inside:
            match = _STEP.match(stripped)
            if match:
                found.append(match["text"].strip())
            elif found and stripped:
                break
    return found
