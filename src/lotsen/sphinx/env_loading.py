"""Sphinx loads the last build's environment with Python's garbage collector paused.

The environment of an incremental build is unpickled between config-inited and
builder-inited (M: 11 MB, some million objects, three quarters of it sphinx-needs'
data). Every object in it lives through the build, yet the collector walked the young
ones over and over while they were made (docs/prestanda.md). So collection is paused
after the last config-inited listener, and at the first builder-inited listener,
which Sphinx emits once the environment is loaded, every object is settled in the
oldest generation (``collection.settle_collections``) and collection goes on as before.

A build that fails in between leaves collection paused for the moment; the next
Lotsen build in the same process resumes it first thing (``resume``).
"""

from __future__ import annotations

import gc

from sphinx.application import Sphinx
from sphinx.config import Config

from lotsen.collection import settle_collections

#: Whether this module paused collection (and so must start it again).
_paused = [False]


def _pause(app: Sphinx, config: Config) -> None:
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
