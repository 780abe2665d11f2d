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
