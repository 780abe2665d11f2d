"""How long a build takes to start: seconds (wall and CPU) from the process's start to
Sphinx's config-inited and builder-inited, then the process ends without building.

builder-inited comes right after Sphinx has loaded the last build's environment, so
the second figure is all an incremental build pays before it reads the first changed
page (docs/prestanda.md). Run it on a folder built before, with sphinx-build's own
arguments. Nothing is saved, but the record of a build that changed nothing is
removed, as by any build not run as sphinx-build (sphinx/nothing_changed.py), and
Lotsen's saved results must be those of the code measured (build once after changing
Lotsen):

    LOTSEN_TODAY=2030-12-31 python bench/startup.py -b html -q -d DOCTREES SRC OUT
"""

from __future__ import annotations

import os
import sys
import time

_T0, _C0 = time.perf_counter(), time.process_time()

from sphinx.events import EventManager  # noqa: E402 - after the clocks start

_marks: dict[str, tuple[float, float]] = {}
_emit = EventManager.emit


def _timed_emit(self: EventManager, name: str, *args: object, **kwargs: object) -> list:
    if name not in _marks:
        _marks[name] = (time.perf_counter() - _T0, time.process_time() - _C0)
    if name == "builder-inited":
        configured, loaded = _marks["config-inited"], _marks[name]
        print(f"config-inited {configured[0]:.3f} wall {configured[1]:.3f} cpu; "
              f"builder-inited {loaded[0]:.3f} wall {loaded[1]:.3f} cpu", file=sys.stderr, flush=True)
        os._exit(0)  # nothing built, nothing saved
    return _emit(self, name, *args, **kwargs)


EventManager.emit = _timed_emit  # type: ignore[method-assign]

if __name__ == "__main__":
    from sphinx.cmd.build import main

    sys.exit(main(sys.argv[1:]))
