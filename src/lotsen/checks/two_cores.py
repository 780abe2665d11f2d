"""A check that reads many files for the first time reads nearly half of them in a
second process, on the other core.

Each file's part of the check (``file_check.check_file``) depends on that file alone
and is kept under a key of what it is computed from (cache.py). When many files have
no kept part (a fresh clone, a new version of Lotsen, the first build), a forked
process computes the parts of 45 % of the files, spread over all (``CHILD_SHARE``),
with what the check later asks of each file's objects on their own (``also``), and
sends them back through a pipe, while this process computes the rest. Both shares are
then kept as if computed here, and the check goes on as before and finds them kept:
the findings, their order and the saved results are those of one process
(tests/test_two_cores.py).

Nothing is written anywhere by the second process, and nothing it holds reaches a log
or the terminal. It is not used where fork is missing, with one core, when another
thread runs (forking then may hang), with ``LOTSEN_PROCESSES=1``, or for fewer than
``MIN_FILES`` files to read. If it fails in any way, this process computes its half
in the check as before.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import sys
from collections.abc import Callable
from pathlib import Path

from lotsen import cache
from lotsen.checks.file_check import FileCheck, check_file, file_key, model_parts
from lotsen.model import Model
from lotsen.processes import may_fork
from lotsen.source.file_names import name_problem
from lotsen.source.scanner import Reading

#: Fewer files than this are read in one process: starting a second and taking up its
#: results would cost more than it saves.
MIN_FILES = 64
#: How many files, spread over all, are looked at first: when each has its part kept,
#: the files are taken to be read already (an edit, not a first check).
SAMPLE = 32
#: The share of the files the second process reads (XL: with half, this process waited
#: 0.6 s for it, and then unpickled its results for 0.5 s; docs/prestanda.md).
CHILD_SHARE = 0.45
#: How long this process waits for the second once its own half is done.
WAIT_SECONDS = 600


def read_on_two_cores(model: Model, root: Path, files: list[Path], reading: Reading | None,
                      also: Callable[[FileCheck], object] | None = None) -> int:
    """Compute the parts of the files that have none kept, half in a second process.
    ``also``: what more to compute and keep with each part, in the process that reads
    the file (``pipeline.per_file_kept``: what the check later asks of each file's
    needs on their own). Returns how many results the second process gave (0 when it
    was not used)."""
    if not may_fork():
        return 0
    if len(files) < MIN_FILES:
        return 0
    parts, real_root = model_parts(model), str(Path(os.path.realpath(root)))

    def unread(path: Path) -> tuple[Path, str] | None:
        shown = path.relative_to(root).as_posix()
        if name_problem(shown):
            return None
        found = file_key(parts, real_root, path, shown, reading)
        return (path, shown) if found is not None and found[1] is not None and cache.kept(found[0]) is None else None

    # after an edit nearly every part is kept: a sample across the files says so
    # without reading them all (the check reads them anyway)
    step = max(1, len(files) // SAMPLE)
    if not any(unread(path) for path in files[::step]):
        return 0
    todo = [entry for entry in map(unread, files) if entry is not None]
    if len(todo) < MIN_FILES:
        return 0
    # alternate files, so that the halves have the same mix; the second process takes
    # a little less (CHILD_SHARE): it also pickles its results, and this process
    # unpickles them before it can go on
    taken = round(20 * CHILD_SHARE)  # of every 20 files: the first odd-numbered ones

    def second(number: int) -> bool:
        return number % 2 == 1 and number % 20 < 2 * taken

    theirs = [entry for number, entry in enumerate(todo) if second(number)]
    ours = [entry for number, entry in enumerate(todo) if not second(number)]
    sys.stdout.flush()  # the second process would write out again what waits in the buffers
    sys.stderr.flush()
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    worker = context.Process(target=_second_process,
                             args=(send, model, parts, root, real_root, theirs, reading, also), daemon=True)
    worker.start()
    send.close()
    for path, shown in ours:
        part, _ = check_file(model, parts, root, real_root, path, shown, reading)
        if also is not None:
            also(part)
    try:
        # as long as this half took, and more: a second process that hangs is left behind
        if not receive.poll(WAIT_SECONDS):
            raise TimeoutError
        results, deps = pickle.loads(receive.recv_bytes())
    except Exception:  # noqa: BLE001 - the second half is computed in the check instead
        results, deps = {}, {}
    finally:
        receive.close()
        worker.join(timeout=10)
        if worker.is_alive():
            worker.kill()
    cache.adopt(results, deps)
    return len(results)


def _second_process(send, model: Model, parts: tuple, root: Path, real_root: str,  # noqa: ANN001 - a pipe end
                    files: list[tuple[Path, str]], reading: Reading | None,
                    also: Callable[[FileCheck], object] | None) -> None:
    try:
        before = cache.held()
        for path, shown in files:
            part, _ = check_file(model, parts, root, real_root, path, shown, reading)
            if also is not None:
                also(part)
        send.send_bytes(pickle.dumps(cache.computed_since(before), pickle.HIGHEST_PROTOCOL))
    except BaseException:  # noqa: BLE001, S110 - said nowhere: the check computes this half itself
        pass
    finally:
        send.close()
