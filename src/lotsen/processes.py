"""Whether Lotsen may fork a second process: to read half of a first check
(checks/two_cores.py), to write the kept results while the command ends (cache.py), or
to do an edit's build's steps beside it (sphinx/second_core.py); and ``fork_work``, to
run work in one and have what it returns."""

from __future__ import annotations

import gc
import os
import pickle
import sys
import threading
from collections.abc import Callable
from typing import Any

#: ``LOTSEN_PROCESSES=1`` keeps all of Lotsen's work in one process.
SETTING = "LOTSEN_PROCESSES"


def may_fork() -> bool:
    """Fork exists, there is more than one core, no other thread runs (forking then may
    hang) and the setting does not say one process."""
    return (hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1
            and os.environ.get(SETTING, "") != "1")


class Forked:
    """Work running in a forked process (``fork_work``): ``wait`` for what it returned."""

    def __init__(self, pid: int, pipe: int) -> None:
        self.pid, self._pipe = pid, pipe

    def wait(self) -> tuple[bool, Any]:
        """Whether the work was done without an exception, and what it returned."""
        with os.fdopen(self._pipe, "rb") as pipe:
            data = pipe.read()  # before waiting: the process may be writing more than a pipe holds
        _, status = os.waitpid(self.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            return False, None
        try:
            return True, pickle.loads(data)  # noqa: S301 - written by this program's own forked process
        except Exception:  # noqa: BLE001 - taken as work not done
            return False, None


def fork_work(work: Callable[[], Any]) -> Forked:
    """Run ``work`` in a forked process, which sends back what it returns (pickled) and
    ends without Python's exit (no handlers, no buffers written twice). The caller
    checks ``may_fork`` first; an ``OSError`` when no process can be started."""
    for stream in (sys.stdout, sys.stderr):  # what waits in the buffers is written once, here
        stream.flush()
    receive, send = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(receive)
        os.close(send)
        raise
    if pid == 0:  # the forked process
        code = 1
        try:
            os.close(receive)
            gc.disable()  # it lives briefly: a collection would only copy pages of memory
            data = pickle.dumps(work(), pickle.HIGHEST_PROTOCOL)
            with os.fdopen(send, "wb") as pipe:
                pipe.write(data)
            code = 0
        except BaseException:  # noqa: BLE001, S110 - the caller sees the exit status
            pass
        finally:
            os._exit(code)
    os.close(send)
    return Forked(pid, receive)
