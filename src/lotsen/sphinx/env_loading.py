"""Sphinx loads the last build's environment with Python's garbage collector paused.

The environment of an incremental build is unpickled between config-inited and
builder-inited (M: 11 MB, some million objects, three quarters of it sphinx-needs'
data). Every object in it lives through the build, yet the collector walked the young
ones over and over while they were made (docs/prestanda.md). So collection is paused
after the last config-inited listener, and at the first builder-inited listener,
which Sphinx emits once the environment is loaded, every object is settled in the
oldest generation (``cache.settle_collections``) and collection goes on as before.

A build that fails in between leaves collection paused for the moment; the next
Lotsen build in the same process resumes it first thing (``resume``).

Most of the loading time is sphinx-needs' needs (M: 77 of 80 ms, 2,000 ``NeedItem``):
their parts are dataclasses with slots, which Python restores with
``dataclasses._dataclass_setstate``. That asks ``fields()`` again for every object,
half of the time. ``_quicker_setstate`` gives those classes the same restoring with
the field names looked up once; what is pickled, and the objects made, are the same.
"""

from __future__ import annotations

import dataclasses
import gc
import sys
from collections.abc import Callable
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from lotsen.cache import settle_collections

#: Whether this module paused collection (and so must start it again).
_paused = [False]


def _restoring(names: tuple[str, ...]) -> Callable[[Any, Any], None]:
    def setstate(self: Any, state: Any) -> None:
        # as dataclasses._dataclass_setstate: the fields in order, set past frozen
        for name, value in zip(names, state):
            object.__setattr__(self, name, value)
    return setstate


def _quicker_setstate() -> None:
    """sphinx-needs' dataclasses restored with their field names looked up once."""
    slow = getattr(dataclasses, "_dataclass_setstate", None)
    if slow is None:
        return
    for module_name, module in list(sys.modules.items()):
        if not module_name.startswith("sphinx_needs") or module is None:
            continue
        for cls in list(vars(module).values()):
            if isinstance(cls, type) and cls.__dict__.get("__setstate__") is slow:
                cls.__setstate__ = _restoring(tuple(f.name for f in dataclasses.fields(cls)))


def _pause(app: Sphinx, config: Config) -> None:
    _quicker_setstate()
    if gc.isenabled():
        gc.disable()
        _paused[0] = True


def _settle(app: Sphinx) -> None:
    if _paused[0]:
        settle_collections()
    resume()


def resume() -> None:
    """Collection as it was before ``_pause``, when this module paused it."""
    if _paused[0]:
        _paused[0] = False
        gc.enable()


def setup_env_loading(app: Sphinx) -> None:
    resume()  # a build in this process that failed while the environment was loading
    app.connect("config-inited", _pause, priority=10_000)  # after every other listener
    app.connect("builder-inited", _settle, priority=0)  # before every other listener
