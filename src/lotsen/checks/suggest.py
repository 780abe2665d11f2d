"""What "Menade du" names in a finding: the closest of the known words, and of the
objects' IDs only those the site shows."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from lotsen.model import Model
from lotsen.source.scanner import NeedSource

#: How alike a word must be to a field name, or to an allowed value, to be suggested.
#: Values are short codes (HT, mas): a looser match would suggest an unrelated one.
NAME_CUTOFF, VALUE_CUTOFF = 0.6, 0.75


def close_word(word: str, candidates: Iterable[str], cutoff: float = NAME_CUTOFF) -> str:
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=cutoff)
    return close[0] if close else ""


def suggest(word: str, candidates: Iterable[str], cutoff: float = NAME_CUTOFF) -> str:
    close = close_word(word, candidates, cutoff)
    return f" Menade du '{close}'?" if close else ""


def published_ids(model: Model, needs: Iterable[NeedSource]) -> list[str]:
    """The IDs of the objects the site shows, in order: what "Menade du" may name (a
    draft would be a link to a draft, itself a finding)."""
    state, drafts = model.field_for("state"), set(model.publishing.draft_statuses)
    return list(dict.fromkeys(n.id for n in needs if n.id and not (state and n.value(state) in drafts)))
