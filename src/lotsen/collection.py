"""Python's garbage collector while a build or a check holds many objects that live
through it: collected less often, and left alone while they are made."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def fewer_collections() -> tuple[int, int, int]:
    """Collect garbage less often while a build or a check holds many long-lived objects
    (a build about a million, the kept results some hundred thousand): Python's default
    thresholds walk them again and again (docs/prestanda.md). Returns the thresholds
    before, for whoever wants them back."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], 50_000), max(before[1], 20), max(before[2], 100))
    return before


@contextmanager
def no_collection(freeze: bool = False, settle: bool = False) -> Iterator[None]:
    """Unpickling makes some hundred thousand objects, none of them garbage: the
    collector walking them again and again took half the time of loading (M: 0.1 s).
    With ``freeze``, they (and all else alive) are left out of later collections too,
    until ``gc.unfreeze()``. With ``settle``, they are moved to the oldest generation
    (``settle_collections``), where only a full collection walks them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        elif settle:
            settle_collections()
        if enabled:
            gc.enable()


def settle_collections() -> None:
    """Move every object alive to the oldest generation, without walking them.

    Objects made with the collector off are all young: the first collection after it
    is on again walks every one of them (M: 0.03 s after the results are loaded), and
    finds nothing, since they live through the build. Freezing and unfreezing at once
    moves them in two list operations; a full collection still looks at them, as it
    does at objects that have survived two collections. Left alone when something
    else has frozen objects: unfreezing would let its objects go too.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()
