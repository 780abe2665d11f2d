"""Sphinx's debug line for an event, written out only when a handler can show it.

Sphinx writes out the arguments of every event it emits (``repr(args)`` in
``EventManager.emit``) for a debug line that only ``-vv`` shows, and writes them out
whether the line is shown or not. Two kinds of event made that costly on every build:
sphinx-needs emits ``needs-before-post-processing`` and ``needs-before-sealing`` with
the dict of all needs (at M about 4,000 needs written out, half of sphinx-needs'
post-processing at the start of the write phase, which every edit waits for), and
``html-page-context`` carries each page's whole body.

So ``sphinx.events`` gets a ``repr`` that writes the arguments out as before when a
handler of its logger takes debug lines (``-vv``, or a parallel build's worker, which
collects every line to send it back), and otherwise gives an empty text for a line
that no handler takes. A line that is shown is the same as before.
"""

from __future__ import annotations

import builtins
import logging
from typing import Any

import sphinx.events


def _debug_taken(logger: logging.Logger) -> bool:
    """Whether a debug line of ``logger`` reaches a handler that takes it, as
    ``Logger.callHandlers`` passes it on (a handler's filters aside)."""
    if not logger.isEnabledFor(logging.DEBUG):
        return False
    current: logging.Logger | None = logger
    while current is not None:
        if any(handler.level <= logging.DEBUG for handler in current.handlers):
            return True
        current = current.parent if current.propagate else None
    return False


def quiet_repr(value: Any) -> str:
    """``repr(value)`` when the debug line can be shown, else empty."""
    logger = sphinx.events.logger
    if _debug_taken(getattr(logger, "logger", logger)):  # Sphinx's adapter holds the logger
        return builtins.repr(value)
    return ""


def setup_quiet_events() -> None:
    """For the whole process: every Sphinx application emits through the same module."""
    sphinx.events.repr = quiet_repr  # type: ignore[attr-defined]
