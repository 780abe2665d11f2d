"""The whole check, kept while nothing it reads has changed.

Each file's results are kept by its content (``lotsen.cache``), but what depends on
several files (the rules between objects, coverage, the berättelse's gaps) is
computed again from them every time: most of a build that changed nothing, and of a
second `lotsen check` (docs/prestanda.md). Those results depend on nothing but the
project's files, the model, the date and how Markdown is read, so the whole result
is kept under a key made of exactly those: every file's path under the project's
root, the content of every file a check could read, and where each link leads. A
file that is added, removed, renamed or changed, a link that is moved, a new model,
another day or another reading gives another key, and everything is checked again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from lotsen.cache import bytes_key, kept, remember, text_key
from lotsen.source.files import project_tree

if TYPE_CHECKING:
    from lotsen.checks.pipeline import Checked
    from lotsen.model import Model
    from lotsen.source.blocks import Reading

#: Files whose content a check reads (pages, tables, the model, settings); of every
#: other file its name, place, size and time of change count: a page may fetch it (it
#: must exist) or include it (its text is checked for personal data). Its time stands
#: for its content, so that images and other large files are not read on every check.
_READ_SUFFIXES = (".md", ".rst", ".txt", ".csv", ".xlsx", ".yaml", ".yml", ".json", ".py", ".toml", ".html")


def project_key(root: Path, leave_out: Iterable[Path] = ()) -> bytes:
    """A digest of everything under ``root`` that a check could see: paths, link
    targets, and the content of the files it reads. ``leave_out``: folders under the
    root that no check reads (the build's output and doctrees, wherever they are)."""
    digest = hashlib.blake2b(digest_size=16)
    for shown, path, linked_folder in project_tree(root, leave_out):
        if linked_folder:
            digest.update(f"L{shown}\0{os.readlink(path)}\0".encode("utf-8", "surrogatepass"))
            continue
        digest.update(f"F{shown}\0".encode("utf-8", "surrogatepass"))
        if path.is_symlink():
            digest.update(f"{os.readlink(path)}\0".encode("utf-8", "surrogatepass"))
        try:
            info = path.stat()
        except OSError as exc:  # a link that leads nowhere
            digest.update(f"E{exc.errno}\0".encode())
            continue
        if not stat.S_ISREG(info.st_mode):  # a pipe or a device is never read
            digest.update(f"M{info.st_mode}\0".encode())
        elif path.name.lower().endswith(_READ_SUFFIXES):
            try:
                digest.update(bytes_key(path.read_bytes()))
            except OSError as exc:  # unreadable: reported by the check
                digest.update(f"E{exc.errno}\0".encode())
        else:  # a page may include it, and its text is checked for personal data
            digest.update(f"S{info.st_size}\0{info.st_mtime_ns}\0".encode())
    return digest.digest()


def check_key(model: Model, root: Path, files: list[Path], today: dt.date, known: frozenset[str] | None,
              reading: Reading | None, leave_out: Iterable[Path] = ()) -> tuple:
    """What the whole check of ``files`` (those ``content_files(root)`` gives) depends
    on. ``model`` must be as read from its file (``model.path``), unchanged: the
    file's content stands for it."""
    shown = tuple(p.relative_to(root).as_posix() for p in files)
    return ("check", project_key(root, leave_out), bytes_key(Path(model.path).read_bytes()),
            text_key("\n".join(shown)), today.isoformat(),
            text_key("\n".join(sorted(known))) if known is not None else None, getattr(reading, "key", None))


def check_kept(key: tuple, model: Model, root: Path, files: list[Path], today: dt.date,
               known: frozenset[str] | None, reading: Reading | None) -> Checked:
    """``pipeline.check``, reused while its inputs (``key``, from ``check_key``) are
    the same."""
    from lotsen.checks.pipeline import check

    held = remember(key, lambda: _without_needs(check(model, root, files, today, known, reading)))
    whole = _with_needs(held)
    if whole is None:  # a file's part is no longer kept (never while the check is: it is kept with them)
        whole = replace(check(model, root, files, today, known, reading), built=None)
    return whole  # a copy: its index, when made, is this caller's, and not kept


def _without_needs(checked: Checked) -> Checked:
    """The check as kept: without its objects when the files' kept parts hold exactly
    them, in order (``Checked.parts``). The kept results are then the objects once and
    the rest of the check, which is small: after an edit only that rest and the changed
    file's part are new to keep (lotsen/cache.py writes only what is new)."""
    if checked.parts is not None:
        held = [kept(key) for key in checked.parts]
        objects = [need for part in held if part is not None for need in part.needs]  # type: ignore[attr-defined]
        if len(objects) == len(checked.needs) and all(a is b for a, b in zip(objects, checked.needs)):
            return replace(checked, needs=[], built=None)
    return replace(checked, parts=None, built=None)


def _with_needs(held: Checked) -> Checked | None:
    """The kept check with its objects again (None when a part is not kept)."""
    if held.parts is None:
        return replace(held)
    parts = [kept(key) for key in held.parts]
    if any(part is None for part in parts):
        return None
    return replace(held, needs=[need for part in parts for need in part.needs])  # type: ignore[union-attr]
