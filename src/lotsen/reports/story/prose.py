"""The prose authors write beside the data: one optional Markdown page per chapter, in
the model's folder, ``<folder>/<year>/<chapter>.md`` (an avdelning's in a folder of its
own under the year). The page's first heading is the author's; the chapter's title is
the model's."""

from __future__ import annotations

import re
from pathlib import Path

from lotsen.checks.personal_data import mask_personal_numbers
from lotsen.model import Model

_HEADING = re.compile(r"^#\s+.*$")


def prose_folder(model: Model, year: int, unit: str = "") -> str:
    """The folder of a year's prose pages, relative to the project root ("" without one)."""
    if not model.story.folder:
        return ""
    base = f"{model.story.folder}/{year}"
    return f"{base}/{unit.lower()}" if unit else base


def read_prose(root: Path | None, model: Model, year: int, key: str, unit: str = "") -> tuple[str, str]:
    """(Markdown without its first heading, path relative to root) or ("", path)."""
    folder = prose_folder(model, year, unit)
    if not folder:
        return "", ""
    shown = f"{folder}/{key}.md"
    if root is None:
        return "", shown
    path = root / shown
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return "", shown
    lines = text.splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and _HEADING.match(lines[0]):
        lines.pop(0)
    return mask_personal_numbers("\n".join(lines).strip()), shown
