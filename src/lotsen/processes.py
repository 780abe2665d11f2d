"""Whether Lotsen may fork a second process: to read half of a first check
(checks/two_cores.py), or to write the kept results while the command ends (cache.py)."""

from __future__ import annotations

import os
import threading

#: ``LOTSEN_PROCESSES=1`` keeps all of Lotsen's work in one process.
SETTING = "LOTSEN_PROCESSES"


def may_fork() -> bool:
    """Fork exists, there is more than one core, no other thread runs (forking then may
    hang) and the setting does not say one process."""
    return (hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1
            and os.environ.get(SETTING, "") != "1")
