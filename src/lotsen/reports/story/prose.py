"""The prose authors write beside the data: one optional Markdown page per chapter, in
the model's folder, ``<folder>/<year>/<chapter>.md`` (an avdelning's in a folder of its
own under the year). The page's first heading is the author's; the chapter's title is
the model's. A Markdown file in the folder that no chapter reads is a finding
(``unused_prose``): its text would be missing from the berättelse without a word."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import Path

from lotsen.checks.file_check import over_limit
from lotsen.checks.personal_data import mask_personal_numbers
from lotsen.findings import Finding
from lotsen.model import Model
from lotsen.source.files import leaves_repository
from lotsen.source.scanner import decoded

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
    text = prose_text(model, root, root / shown)
    if text is None:
        return "", shown
    lines = text.splitlines()
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and _HEADING.match(lines[0]):
        lines.pop(0)
    return mask_personal_numbers("\n".join(lines).strip()), shown


def prose_text(model: Model, root: Path, path: Path) -> str | None:
    """A prose file's text as the check reads it, or None when the check does not read
    it (and says so): larger than the model's limit, not UTF-8, or a link out of the
    repository. What the check leaves out is never in the berättelse."""
    try:
        if not path.is_file() or leaves_repository(root, path) or over_limit(model, path):
            return None
        return decoded(path.read_bytes())
    except (OSError, UnicodeDecodeError):
        return None


def unused_prose(model: Model, root: Path, files: Iterable[Path], year: int) -> list[Finding]:
    """A finding for each Markdown file among ``files`` under the prose folder that no
    chapter of any year or unit reads: a name that is no chapter's, or a file deeper
    than a unit's folder. A year's or unit's folder that is neither is one finding of its
    own, for all the files in it. ``year``: the year the hints take as their example."""
    story = model.story
    if not story.folder or not story.chapters:
        return []
    chapters = [spec.key for spec in story.chapters]
    units = {code.lower() for code in model.units}
    severity = model.severity_of("story_prose_unused")
    lost = "kommer inte med i kvalitetsberättelsen"
    findings: dict[str, Finding] = {}

    def add(where: str, line: int, message: str, hint: str) -> None:
        findings.setdefault(where, Finding(where, line, "story_prose_unused", message, hint, severity))

    for path in files:
        shown = path.relative_to(root).as_posix()
        if not shown.startswith(story.folder + "/") or path.suffix.lower() != ".md":
            continue
        parts = shown[len(story.folder) + 1:].split("/")
        if len(parts) == 1:
            add(shown, 1, f"Filen ligger inte i en mapp för ett år, så texten {lost}.",
                f"Flytta den till årets mapp och ge den ett kapitels namn, till exempel "
                f"{story.folder}/{year}/{chapters[0]}.md.")
        elif not re.fullmatch(r"\d{4}", parts[0]):
            add(f"{story.folder}/{parts[0]}", 0, f"Mappen '{parts[0]}' är inget år, så texterna i den {lost}.",
                f"Byt namn på mappen till året texterna gäller, till exempel {story.folder}/{year}.")
        elif len(parts) == 3 and parts[1] not in units:
            add("/".join([story.folder, *parts[:2]]), 0,
                f"Mappen '{parts[1]}' är ingen enhet i modellen, så texterna i den {lost}.",
                "Byt namn på mappen till koden för avdelningen eller enheten, med små bokstäver"
                f"{_nearest(parts[1], units, ' (menade du {}?)')}.")
        elif len(parts) > 3:
            add(shown, 1, f"Filen ligger för djupt, så texten {lost}. Ett års mapp har bara kapitlens filer "
                "och en mapp per enhet.",
                f"Flytta filen till {'/'.join([story.folder, *parts[:2]])} och ge den ett kapitels namn.")
        elif Path(parts[-1]).stem not in chapters:
            add(shown, 1, f"Filen heter inte som något kapitel, så texten {lost}.",
                f"Byt namn på filen till kapitlets namn{_nearest(Path(parts[-1]).stem, chapters, ' (menade du {}.md?)')}. "
                f"Kapitlen är: {', '.join(chapters)}.")
    return sorted(findings.values())


def _nearest(word: str, candidates: Iterable[str], form: str) -> str:
    close = difflib.get_close_matches(word.lower(), list(candidates), n=1, cutoff=0.6)
    return form.format(close[0]) if close else ""
