"""An edit's build saves its environment, and writes needs.json and the exports, in
processes forked from it, on the second core.

After an edit one core writes the pages and the other has little to do: Pagefind
indexes only the part of changes (site/search_parts.py). Two steps need nothing the
writing of the pages makes:

1. **The environment.** Sphinx pickles it after reading, before it writes a page
   (L: 42 MB, 0.3 s). Where it would, the build forks; the forked process writes the
   environment, as it stands then, into the file Sphinx opened for it.
2. **needs.json and the exports** (sphinx/needs_json.py, sphinx/exports.py): made from
   the objects alone, and only from what changed since the last build's files (L:
   0.57 s). At ``write-started``, once sphinx-needs has processed the objects, the
   build forks again; the forked process writes them, keeping what they say.

At ``build-finished``, where the build would write needs.json and the exports, it
waits for both. What the second said is said by the build then, in order, and counted
as the build's own warnings. A process that fails leaves nothing behind: without the
environment's file the next build reads every document again, and the build writes
needs.json and the exports itself, as it does without this module.

Only in an edit's build (``an_edit``): the environment loaded from the last build, and
at most an eighth of its documents read again or removed. A full build has Pagefind on
the second core for the whole index, and a forked process would count the build's
memory twice while it lives (bench/run.py measures the memory of the process tree).
Not with ``lotsen_pdf``: the papers' PDF files are printed by the build, which says
once that PDF cannot be made. Not where ``processes.may_fork`` says no
(``LOTSEN_PROCESSES=1`` among others).

Two forks, not one that also processes the objects for itself: both processes would
then write every object sphinx-needs holds, and each page of memory written after a
fork is copied (docs/prestanda.md: one fork was 0.3 s slower at L).

Sphinx pickles the environment in ``Builder.build``, which no extension may change:
the ``pickle`` module as ``sphinx.builders`` sees it is given a ``dump`` that sends an
edit's environment to the forked process and passes everything else on.
"""

from __future__ import annotations

import logging as logging_std
import pickle
from pathlib import Path
from types import ModuleType
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.util import logging

from lotsen import processes
from lotsen.sphinx import exports, needs_json
from lotsen.sphinx.state import build_state

#: An edit reads again or removes at most this share of the documents.
SHARE = 8
#: Values of a log record that are sent back from the forked process as they are.
_PLAIN = (str, int, float, bool, type(None))


def an_edit(app: Sphinx) -> bool:
    """Whether this build is an edit's: the environment loaded from the last build, at
    most an eighth of its documents read again or removed, and no papers printed."""
    env = app.env
    touched = build_state(app).touched
    return (app._fresh_env_used is False and not app.config.lotsen_pdf  # noqa: SLF001 - Sphinx's own record
            and len(touched) * SHARE <= len(env.found_docs) and processes.may_fork())


class _SphinxPickle:
    """The ``pickle`` module as ``sphinx.builders`` sees it: an edit's environment is
    written by a forked process, every other ``dump`` as before."""

    def __init__(self, module: ModuleType) -> None:
        self._module = module

    def __getattr__(self, name: str) -> Any:
        return getattr(self._module, name)

    def dump(self, obj: object, file: Any, protocol: int | None = None, **kwargs: Any) -> None:  # noqa: ANN401
        if isinstance(obj, BuildEnvironment) and not kwargs and _dump_beside(obj, file, protocol):
            return
        self._module.dump(obj, file, protocol, **kwargs)


def _dump_beside(env: BuildEnvironment, file: Any, protocol: int | None) -> bool:  # noqa: ANN401
    """Start writing ``env`` into ``file`` in a forked process; False when it is not an
    edit's build or no process can be started."""
    app = getattr(env, "_app", None)  # the environment's application, as Sphinx keeps it
    if not isinstance(app, Sphinx) or not an_edit(app):
        return False

    def save() -> None:
        pickle.dump(env, file, protocol)
        file.flush()

    try:
        build_state(app).saving_env = processes.fork_work(save)
    except OSError:
        return False
    return True


def _outputs_beside(app: Sphinx, builder: Builder) -> None:
    """At ``write-started``, after sphinx-needs has processed the objects: needs.json
    and the exports in a forked process, when this is an edit's build."""
    state = build_state(app)
    if not state.touched or app.builder.format != "html" or not an_edit(app):
        return

    def make() -> list[dict[str, Any]]:
        state.pages_written = max(1, state.pages_written)  # this process's own record
        with logging.suppress_logging() as said:
            needs_json.write_needs_json(app, None)
            exports.write_build_exports(app, None)
        return [_plain(record) for record in said.buffer]

    try:
        state.making_outputs = processes.fork_work(make)
    except OSError:
        state.making_outputs = None


def _plain(record: logging_std.LogRecord) -> dict[str, Any]:
    """A log record as values that pickle: its message made, a location as its text."""
    values = {key: value for key, value in vars(record).items() if isinstance(value, _PLAIN)}
    values.update(msg=record.getMessage(), args=None, exc_info=None)
    location = getattr(record, "location", None)
    if isinstance(location, tuple) and all(isinstance(part, _PLAIN) for part in location):
        values["location"] = location
    elif location is not None and not isinstance(location, str):
        values["location"] = logging.get_node_location(location)
    return values


def _join(app: Sphinx, exception: Exception | None) -> None:
    """Before needs.json and the exports would be written: wait for the forked processes."""
    state = build_state(app)
    saving, state.saving_env = state.saving_env, None
    if saving is not None and not saving.wait()[0]:
        from sphinx.application import ENV_PICKLE_FILENAME

        (Path(app.doctreedir) / ENV_PICKLE_FILENAME).unlink(missing_ok=True)  # the next build reads all
    making, state.making_outputs = state.making_outputs, None
    if making is None:
        return
    done, said = making.wait()
    if not done:
        return  # the build writes them itself, as without a forked process
    for values in said:
        logging_std.getLogger(values["name"]).handle(logging_std.makeLogRecord(values))
    # a failed build's needs.json may be behind the environment: its own listener says so
    state.outputs_made = exception is None


def setup_second_core(app: Sphinx) -> None:
    import sphinx.builders

    if not isinstance(sphinx.builders.pickle, _SphinxPickle):
        sphinx.builders.pickle = _SphinxPickle(sphinx.builders.pickle)  # type: ignore[assignment]
    app.connect("write-started", _outputs_beside, priority=900)  # after sphinx-needs' processing
    app.connect("build-finished", _join, priority=499)  # before needs.json and the exports
