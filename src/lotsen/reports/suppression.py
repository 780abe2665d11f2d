"""Small counts kept from the site: a count from 1 up to the threshold is masked
("färre än 3"), and further counts are hidden ("visas inte") wherever a masked count
could otherwise be worked out from a total and the counts beside it.

The published figures are given as cells (any key -> count) and the sums that tie them
together as lines (a total and its parts). A masked count can be worked out when a
line holds exactly one unknown, or when every unknown in it is masked and their sum
leaves them one choice (all at the lowest or all at the threshold). Each such line gets
one more hidden figure (its total if shown, else its smallest shown count above zero),
until no line gives anything away."""

from __future__ import annotations

from collections.abc import Hashable

Key = Hashable
Line = tuple[Key, list[Key]]


def suppress(cells: dict[Key, int], lines: list[Line], threshold: int) -> tuple[set[Key], set[Key]]:
    """(masked, hidden): the keys shown as small and those hidden to protect them."""
    masked = {k for k, n in cells.items() if 1 <= n <= threshold}
    hidden: set[Key] = set()
    changed = True
    while changed:
        changed = False
        for total, parts in lines:
            unknown = [k for k in (total, *parts) if k in masked or k in hidden]
            if not unknown or not _revealing(cells, total, parts, unknown, masked, threshold):
                continue
            pick = _next_to_hide(cells, total, parts, masked | hidden)
            if pick is not None:
                hidden.add(pick)
                changed = True
    return masked, hidden


def _revealing(cells: dict[Key, int], total: Key, parts: list[Key], unknown: list[Key], masked: set[Key],
               threshold: int) -> bool:
    if len(unknown) == 1:
        return True
    if total in unknown or any(k not in masked for k in unknown):
        return False
    rest = sum(cells[k] for k in unknown)  # what the total and the shown parts give away
    return rest in (len(unknown), len(unknown) * threshold)


def _next_to_hide(cells: dict[Key, int], total: Key, parts: list[Key], unknown: set[Key]) -> Key | None:
    if total not in unknown:
        return total
    shown = [k for k in parts if k not in unknown and cells[k] > 0]
    return min(shown, key=lambda k: (cells[k], str(k))) if shown else None
