"""The part of lotsen.yaml about the nämnd's papers: which risks the internkontrollplan
holds. A risk in force is in the plan when its score is at least ``from_score``, or
when its field with ``role: internal_control`` holds that field's first value."""

from __future__ import annotations

from dataclasses import dataclass

from lotsen.model.reader import Reader
from lotsen.model.yaml_lines import LineDict

PAPERS_KEYS = {"internal_control": "nämndens internkontrollplan: vilka risker som står i planen"}


@dataclass(frozen=True)
class InternalControlConfig:
    """``from_score``: risks with this score or more are in the plan (0: none by score)."""

    from_score: int = 0


def read_internal_control(r: Reader, top: LineDict) -> InternalControlConfig:
    if "internal_control" not in top:
        return InternalControlConfig()
    where = "internal_control"
    spec = r.mapping(top.get(where, LineDict()), top.line_of(where), where)
    r.known_keys(spec, {"from_score"}, where)
    return InternalControlConfig(r.integer(spec, "from_score", where, default=0, minimum=0))
