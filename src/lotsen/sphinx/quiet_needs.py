"""sphinx-needs' needs, in a dict that is short to write out.

Sphinx writes out the arguments of every event it emits (``repr(args)``) for a debug
line that only ``-vv`` shows, and writes them out whether the line is shown or not.
sphinx-needs emits two events with the dict of all needs (``needs-before-post-processing``
and ``needs-before-sealing``), so every build wrote out each need's every field twice:
at M about 4,000 needs written out, half of sphinx-needs' post-processing at the start
of the write phase, which every edit waits for.

So the environment keeps its needs in a dict whose ``repr`` names how many it holds.
Everything else is the dict sphinx-needs made: same keys, values and order.
"""

from __future__ import annotations

from collections.abc import Iterable

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

#: The environment's attribute sphinx-needs keeps the needs in (``SphinxNeedsData``).
ATTRIBUTE = "_needs_all_needs"


class QuietNeeds(dict):
    """A dict of need id to need that is written out as its size."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{len(self)} needs>"


def keep_quiet(app: Sphinx, env: BuildEnvironment, docnames: Iterable[str]) -> None:
    """Give the environment a ``QuietNeeds`` before any document is read.

    An environment pickled with one brings it along; a fresh one, or one an earlier
    version pickled, gets one here, holding the needs it has (nobody holds the dict
    yet: sphinx-needs looks it up on the environment every time).
    """
    needs = getattr(env, ATTRIBUTE, None)
    if not isinstance(needs, QuietNeeds):
        setattr(env, ATTRIBUTE, QuietNeeds(needs or {}))


def setup_quiet_needs(app: Sphinx) -> None:
    # before sphinx-needs' own handlers, which may add external needs
    app.connect("env-before-read-docs", keep_quiet, priority=100)
