"""Sphinx's debug line for an event, written out only when it is shown.

Sphinx writes out the arguments of every event it emits (``repr(args)`` in
``EventManager.emit``) for a debug line that only ``-vv`` shows, and writes them out
whether the line is shown or not. Two kinds of event made that costly on every build:
sphinx-needs emits ``needs-before-post-processing`` and ``needs-before-sealing`` with
the dict of all needs (at M about 4,000 needs written out, half of sphinx-needs'
post-processing at the start of the write phase, which every edit waits for), and
``html-page-context`` carries each page's whole body.

So ``sphinx.events`` gets a ``repr`` that writes the arguments out when the line is
formatted, that is when a handler shows it: with ``-vv`` the line is the same as
before, without it nothing is written out. Sphinx's logger formats a record only
for a handler whose level it reaches (Lotsen's mask of personal numbers is such a
handler's filter, sphinx/masked_log.py).
"""

from __future__ import annotations

import builtins
from typing import Any

import sphinx.events


class LazyRepr:
    """The arguments, written out by ``str`` as ``repr`` writes them."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __str__(self) -> str:
        try:
            return builtins.repr(self.value)
        except Exception:  # Sphinx left out the line of an object that cannot be written out
            return "(...)"


def setup_quiet_events() -> None:
    """For the whole process: every Sphinx application emits through the same module."""
    sphinx.events.repr = LazyRepr  # type: ignore[attr-defined]
