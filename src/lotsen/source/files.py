"""Which files are content, which of them the site leaves out as drafts, and the date a
build judges them against."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from lotsen.dates import parse_date

if TYPE_CHECKING:
    from lotsen.model import Model
    from lotsen.source.scanner import NeedSource

#: Folders under the project root that never hold content (build/ and dist/: a wheel being
#: built, which carries the sample).
SKIPPED_DIRS = {"_build", ".venv", "venv", ".git", "node_modules", "tests", ".tox", "needs_templates", "build", "dist"}


def build_date() -> dt.date:
    """The date findings are judged against: LOTSEN_TODAY (YYYY-MM-DD) or today.

    Pinning it keeps a build reproducible and lets tests ask "as of" a date.
    """
    pinned = os.environ.get("LOTSEN_TODAY", "").strip()
    if pinned:
        parsed = parse_date(pinned)
        if parsed is None:
            raise ValueError(f"LOTSEN_TODAY='{pinned}' är inget datum på formen ÅÅÅÅ-MM-DD.")
        return parsed
    return dt.date.today()


#: What Sphinx reads as a page: Markdown (MyST) and, by its own default, reStructuredText.
SOURCE_SUFFIXES = (".md", ".rst")
NEVER_READ = SKIPPED_DIRS | {"__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"}


def _inside(path: Path, root: Path) -> bool:
    """Whether ``path``, links followed, is ``root`` (a real path) or below it; compared
    as text, as ``Path.parents`` would, at a fraction of the cost."""
    real, base = os.path.realpath(path), str(root)
    return real == base or real.startswith(base.rstrip(os.sep) + os.sep)


def content_files(root: Path) -> list[Path]:
    """Every file the checks look at, in a stable order; the build reads the pages
    among them (``is_page``) and nothing else (sphinx/extension.py ``_leave_out``).

    Walks like Sphinx does, into linked folders, so that nothing Sphinx could read
    escapes the checks: Markdown and reStructuredText files, those in hidden folders
    (which the site leaves out) too, and links that lead out of the repository, which
    are reported without being read. ``SKIPPED_DIRS`` are never read by either.
    """
    return content_walk(root)[0]


def content_walk(root: Path) -> tuple[list[Path], list[Path]]:
    """``content_files``, and the folders it did not go into because it had read them
    already under another path (a link to a folder of the repository, or a link back
    up, which Sphinx would walk round and round): the build leaves those out too."""
    real_root = Path(os.path.realpath(root))
    found: list[Path] = []
    again: list[Path] = []
    seen: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        here = Path(dirpath)
        seen.add(os.path.realpath(here))
        kept = []
        for name in sorted(dirnames):
            path = here / name
            if name in NEVER_READ:
                continue
            if path.is_symlink() and not _inside(path, real_root):
                found.append(path)  # reported as leading out of the repository
            elif os.path.realpath(path) not in seen:
                kept.append(name)
            else:
                again.append(path)
        dirnames[:] = kept
        # pipes and devices too: no page (``is_page``), and the build must leave them out
        found.extend(here / name for name in sorted(filenames) if name.endswith(SOURCE_SUFFIXES))
    return found, again


def project_tree(root: Path, leave_out: Iterable[Path] = ()) -> Iterator[tuple[str, Path, bool]]:
    """Everything under ``root`` that a check or a build could see, in a stable order:
    each entry's path from the root, its path, and whether it is a linked folder.

    Walks into linked folders once each; a linked folder that leads out of the
    repository is given but not walked. ``NEVER_READ`` folders and ``leave_out`` (the
    build's output and doctrees, wherever they are) are skipped.
    """
    real_root = os.path.realpath(root)
    skipped = {os.path.realpath(p) for p in leave_out}
    seen: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
        seen.add(os.path.realpath(dirpath))
        here = Path(dirpath)
        kept = []
        for name in sorted(dirnames):
            path = here / name
            target = os.path.realpath(path)
            if name in NEVER_READ or target in skipped:
                continue
            if path.is_symlink():
                yield path.relative_to(root).as_posix(), path, True
                if not (target == real_root or target.startswith(real_root + os.sep)):
                    continue  # leads out of the repository: reported, never read
            if target not in seen:
                kept.append(name)
        dirnames[:] = kept
        for name in sorted(filenames):
            path = here / name
            yield path.relative_to(root).as_posix(), path, False


def leaves_repository(root: Path, path: Path, real_root: Path | None = None) -> bool:
    """Whether ``path`` (or a link on its way) leads out of the repository at ``root``.
    ``real_root``: ``root``'s real path, when the caller asks about many files (each
    ``realpath`` of the root looks at every folder above it)."""
    return not _inside(path, real_root or Path(os.path.realpath(root)))


def is_page(root: Path, path: Path, real_root: Path | None = None) -> bool:
    """Whether a file of ``content_files`` becomes a page: Markdown, inside the
    repository, and not in a folder the site leaves out. ``real_root``: see
    ``leaves_repository``."""
    relative = path.relative_to(root)
    if path.suffix != ".md" or leaves_repository(root, path, real_root) or not path.is_file():
        return False
    return not any(part.startswith(".") for part in relative.parts)


def only_drafts(model: Model, needs: Sequence[NeedSource]) -> bool:
    """Whether a page holds objects and every one of them is a draft: the staff site
    leaves it out (sphinx/extension.py ``_leave_out``), so a link to it leads nowhere."""
    state, drafts = model.field_for("state"), model.publishing.draft_statuses
    return bool(needs) and all(need.value(state) in drafts for need in needs)
