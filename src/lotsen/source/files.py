"""Which files are content, and the date a build judges them against."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from lotsen.dates import parse_date

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


def content_files(root: Path) -> list[Path]:
    """Every Markdown file of the project, in a stable order."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS and not d.startswith("."))
        found.extend(Path(dirpath) / name for name in sorted(filenames) if name.endswith(".md"))
    return found
