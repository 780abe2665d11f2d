"""Results computed from the sources, kept from one build to the next beside the
doctrees.

Validation must see every file on every build, but between two builds usually one
file has changed: scanning and checking all of them again was a third of a
one-routine rebuild (docs/prestanda.md). Each result is keyed by what it was
computed from (a file's content, never its time stamp, or the text itself, with the
parts of the model and of MyST's settings it depends on) and is reused only by the
same Lotsen code, with the same parsers, that computed it. `lotsen check` keeps its
own file (``CHECK_FOLDER``), and each starts from the other's when it has none.
What depends on several files or on the file system is computed again every time.
The file is written whole or not at all, under a lock that a load waits for; the
`lotsen` command leaves the writing to a process of its own as it ends (``save``).

An edit changes a few results of tens of thousands (XL: 7 of 48,000, writing them all
took 0.8 s): so what is new since the file was written whole goes to a second, small
file (``NEW_FILE``) that names the whole one it adds to. The whole file is written
again when the results it holds that were not used, and those new beside it, come to
more than an eighth of it.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
import time
from collections.abc import Callable, Iterable
from contextlib import suppress
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from lotsen.collection import no_collection
from lotsen.processes import may_fork

try:
    import fcntl
except ImportError:  # where there is no flock (Windows), saves are not locked: none outlives its command
    fcntl = None  # type: ignore[assignment]

T = TypeVar("T")

#: Beside the doctrees.
CACHE_FILE = "lotsen-cache.pickle"
#: Beside it: the results that are new since it was written (``save``).
NEW_FILE = "lotsen-cache-new.pickle"
#: The whole file is written again when what changed since comes to more than this
#: share of it.
REWRITE_SHARE = 8
#: `lotsen check`'s folder for it, under the project's root, apart from the build's.
CHECK_FOLDER = Path("_build") / "lotsen-check"
#: The build's, as `make html` runs it.
BUILD_FOLDER = Path("_build") / "doctrees"
#: Beside ``CACHE_FILE``: held while the file is written (``save``).
LOCK_FILE = "lotsen-cache.lock"
#: How long a load or a save waits for a save under way before it goes on without.
WAIT_SECONDS = 120

_results: dict[tuple, object] = {}
_used: set[tuple] = set()
#: Key -> the keys its computation remembered: kept while it is (checks/kept.py keeps
#: the whole check, and each file's results must stay for when one file changes).
_deps: dict[tuple, tuple] = {}
#: The keys remembered by each computation under way, innermost last.
_computing: list[set[tuple]] = []
#: Whether this build computed anything the file does not hold yet.
_computed = [False]
#: The whole file this process loaded from its own folder: the folder, the file's name
#: for itself (``token``) and the keys it holds; empty when none was.
_whole: dict = {}


def remember(key: tuple, compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave for the same key in this build or the last."""
    _use(key)
    if key not in _results:
        _computing.append(set())
        try:
            value = compute()
        finally:
            inner = _computing.pop()
        _results[key] = value
        if inner:
            _deps[key] = tuple(inner)
        _computed[0] = True
    return _results[key]  # type: ignore[return-value]


def kept(key: tuple) -> object | None:
    """What is kept under ``key`` in this build, if anything; computes nothing."""
    return _results.get(key)


def computed_since(before: set[tuple]) -> tuple[dict[tuple, object], dict[tuple, tuple]]:
    """What was computed since ``before`` (the keys held then), with what each
    remembered: for a process that computed part of a check for another."""
    results = {key: value for key, value in _results.items() if key not in before}
    return results, {key: _deps[key] for key in results if key in _deps}


def adopt(results: dict[tuple, object], deps: dict[tuple, tuple]) -> None:
    """Take up what another process computed (``computed_since``): the same keys give
    the same values, so it is kept as if computed here (and saved if used)."""
    for key, value in results.items():
        _results.setdefault(key, value)
    for key, remembered in deps.items():
        _deps.setdefault(key, remembered)
    if results:
        _computed[0] = True


def held() -> set[tuple]:
    """The keys held now (see ``computed_since``)."""
    return set(_results)


def _use(key: tuple) -> None:
    if _computing:
        _computing[-1].add(key)
    waiting = [key]
    while waiting:
        found = waiting.pop()
        if found not in _used:
            _used.add(found)
            waiting.extend(_deps.get(found, ()))


def text_key(text: str) -> bytes:
    return bytes_key(text.encode("utf-8", "surrogatepass"))


def bytes_key(data: bytes) -> bytes:
    return hashlib.blake2b(data, digest_size=16).digest()


@lru_cache(maxsize=None)
def writer_code(folder: Path, names: tuple[str, ...], distribution: str) -> bytes:
    """The code of the modules that write a file and the version of the library they
    write it with: part of a digest that tells a build it need not write the file
    again (reports/render.py, reports/document_docx.py)."""
    from importlib.metadata import version

    return b"".join((folder / name).read_bytes() for name in names) + version(distribution).encode("ascii")


def read_kept(path: Path | None) -> dict:
    """A small JSON record a build keeps beside its doctrees (digests, page stamps):
    empty when it is missing, unreadable or not a record, so that everything is made
    again rather than trusted."""
    if path is None:
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


@lru_cache(maxsize=1)
def code_version() -> str:
    """Lotsen's own code and the versions of the parsers it reads with (MyST,
    markdown-it and its plugins, PyYAML): a change to any makes the results stale."""
    # every check reads with them, so they are imported anyway; importlib.metadata costs more
    import markdown_it
    import mdit_py_plugins
    import myst_parser
    import yaml

    versions = (myst_parser.__version__, markdown_it.__version__, mdit_py_plugins.__version__, yaml.__version__)
    digest = hashlib.sha256(" ".join(versions).encode())
    package = Path(__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load(folder: Path, also: Iterable[Path] = (), *, freeze: bool = False) -> None:
    """Take up the last build's results; a missing, damaged or older file is ignored.

    When ``folder`` holds none, the first of ``also`` that does is taken (the build
    starts from the last `lotsen check`, and the check from the last build: the
    results are keyed by content, so either's are right for the other). A build
    starts from what those folders hold, never from an earlier build in the same
    process (tests build several projects in one process). ``freeze``: see
    ``lotsen.collection.no_collection``.
    """
    _results.clear()
    _used.clear()
    _deps.clear()
    _whole.clear()
    _computed[0] = True  # until the folder's own file is read: it is to be written
    for index, where in enumerate((folder, *also)):
        wait_for_save(where)
        with no_collection(freeze, settle=True):
            found = _read(where)
        if found is None:
            continue
        token, whole, new = found
        for part in (whole, new):
            _results.update(part.get("results", {}))
            _deps.update(part.get("deps", {}))
        if index == 0:
            _whole.update(folder=folder, token=token, keys=frozenset(whole.get("results", {})))
        _computed[0] = index > 0
        return


def _read(folder: Path) -> tuple[str, dict, dict] | None:
    """The folder's whole file (its token and its results) and what is new beside it;
    None when the whole file is missing, damaged or from other code. A file of what is
    new that belongs to another whole file, or is damaged, is left out."""
    version = code_version()
    try:
        with (folder / CACHE_FILE).open("rb") as file:
            head = pickle.load(file)
            if not (isinstance(head, dict) and head.get("version") == version and head.get("token")):
                return None
            whole = pickle.load(file)
    except Exception:  # noqa: BLE001 - any unreadable cache is as good as none
        return None
    if not isinstance(whole, dict):
        return None
    new: dict = {}
    try:
        with (folder / NEW_FILE).open("rb") as file:
            found = pickle.load(file)
        if isinstance(found, dict) and found.get("version") == version and found.get("whole") == head["token"]:
            new = found
    except Exception:  # noqa: BLE001, S110 - what is new is computed again
        pass
    return head["token"], whole, new


def save(folder: Path, *, outliving: bool = False) -> int | None:
    """Keep what this build used (not what it replaced), written whole or not at all;
    when the build computed nothing new, the file already holds all it used.

    ``outliving``: the process ends as soon as it has said its findings (the `lotsen`
    command), so a forked process writes the file while it does, and after (XL: 1.1 s
    of a first check, 1.0 s of a check after an edit). Returns that process's id. The
    file is in place when it is done, and a ``load`` waits for it."""
    if not (_computed[0] or not (folder / CACHE_FILE).is_file()):
        return None
    if outliving and may_fork():
        return _write_outliving(folder)
    _write(folder)
    return None


def _write(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    lock = _lock(folder, exclusive=True)
    try:
        _fill(*_partial(folder), folder)
    finally:
        if lock is not None:
            os.close(lock)


def _write_outliving(folder: Path) -> int:
    """Fork a process that writes the file and holds the lock until it is in place (an
    ``OSError`` when none can be started, as when the file cannot be written).
    It writes into a file opened here and puts it in place only if that file is still
    there: a folder removed meanwhile (``rm -rf _build``) is not made again. It leaves
    the terminal's session and writes nothing to it."""
    folder.mkdir(parents=True, exist_ok=True)
    lock = _lock(folder, exclusive=True)  # after the last save of the folder, if one is under way
    try:
        partial, name = _partial(folder)
        for stream in (sys.stdout, sys.stderr):  # what waits in the buffers is written once, here
            stream.flush()
        pid = os.fork()
    except OSError:
        if lock is not None:
            os.close(lock)
        raise
    if pid == 0:
        code = 1
        try:
            os.setsid()
            quiet = os.open(os.devnull, os.O_RDWR)
            for number in (0, 1, 2):
                os.dup2(quiet, number)
            _fill(partial, name, folder)
            code = 0
        except BaseException:  # noqa: BLE001, S110 - the results are computed again next time
            with suppress(OSError):
                os.unlink(name)
        finally:
            os._exit(code)
    os.close(partial)
    if lock is not None:
        os.close(lock)  # the forked process holds it on
    return pid


def _fill(partial: int, name: str, folder: Path) -> None:
    """Write what is kept into ``partial`` (the file ``name``, from ``_partial``), then
    put it in place: as what is new beside the whole file this process loaded, when
    that is still the folder's and little has changed since; else as the whole file."""
    with os.fdopen(partial, "wb") as file, no_collection():
        target = _dump_kept(file, folder)
    os.replace(name, folder / target)
    if target == CACHE_FILE:  # what was new belonged to the whole file before
        with suppress(OSError):
            (folder / NEW_FILE).unlink()


def _dump_kept(file, folder: Path) -> str:  # noqa: ANN001 - a file open for writing
    """Write the results this process used (not those it replaced) and what they were
    computed from; returns the name of the file they are for."""
    kept = {key: _results[key] for key in _used if key in _results}
    deps = {key: _deps[key] for key in kept if key in _deps}
    whole = _whole.get("keys") if _whole.get("folder") == folder and _token(folder) == _whole.get("token") else None
    if whole is not None:
        new = [key for key in kept if key not in whole]
        unused = len(whole) - (len(kept) - len(new))
        if (len(new) + unused) * REWRITE_SHARE <= len(whole):
            pickle.dump({"version": code_version(), "whole": _whole["token"],
                         "results": {key: kept[key] for key in new},
                         "deps": {key: deps[key] for key in new if key in deps}},
                        file, protocol=pickle.HIGHEST_PROTOCOL)
            return NEW_FILE
    results = pickle.dumps({"results": kept, "deps": deps}, protocol=pickle.HIGHEST_PROTOCOL)
    # named by its content, so that the same results give the same file
    token = hashlib.blake2b(results, digest_size=16).hexdigest()
    pickle.dump({"version": code_version(), "token": token}, file, protocol=pickle.HIGHEST_PROTOCOL)
    file.write(results)
    return CACHE_FILE


def _token(folder: Path) -> str | None:
    """The name the folder's whole file gives itself (read under the lock)."""
    try:
        with (folder / CACHE_FILE).open("rb") as file:
            head = pickle.load(file)
    except Exception:  # noqa: BLE001 - none to add to
        return None
    return head.get("token") if isinstance(head, dict) else None


def _partial(folder: Path) -> tuple[int, str]:
    """A new file to write the results into, beside where they go, after removing what
    a stopped save left (the caller holds the lock)."""
    for left in folder.glob(CACHE_FILE + ".*"):
        with suppress(OSError):
            left.unlink()
    name = folder / f"{CACHE_FILE}.{os.getpid()}.part"
    return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644), str(name)


def _lock(folder: Path, *, exclusive: bool) -> int | None:
    """The folder's lock, held (``exclusive`` to write, shared to read) once a save under
    way is done; ``None`` after ``WAIT_SECONDS`` (a save that hangs is not waited for)
    or when there is no lock to take. Only a writer makes the lock's file."""
    if fcntl is None:
        return None
    kind = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
    try:
        lock = os.open(folder / LOCK_FILE, (os.O_RDWR | os.O_CREAT) if exclusive else os.O_RDONLY, 0o644)
    except OSError:
        return None
    deadline = time.monotonic() + WAIT_SECONDS
    while True:
        try:
            fcntl.flock(lock, kind | fcntl.LOCK_NB)
            return lock
        except BlockingIOError:
            if time.monotonic() > deadline:
                break
            time.sleep(0.01)
        except OSError:
            break
    os.close(lock)
    return None


def wait_for_save(folder: Path) -> None:
    """Return once a save of ``folder``'s results that is under way is done."""
    lock = _lock(folder, exclusive=False)
    if lock is not None:
        os.close(lock)
