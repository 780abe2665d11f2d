"""One file's part of the check, kept while nothing it depends on has changed.

After an edit the whole check is made again (checks/kept.py), but of every file but
the edited one, the result of reading and checking it alone is the same as before:
its objects, the findings about its name, its content, its personal data and its raw
HTML. Each file's part is kept under a key of everything it is computed from: the
file's path under the root and where it leads (links followed), whether it is a
regular file, its content (never its time stamp), the parts of the model it reads and
how Markdown is read. What a page brings in from other files (``after_reading``:
links, images, included files) depends on those files too: for a page that names any
file, that part is computed again every time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from lotsen.cache import bytes_key, remember, text_key
from lotsen.checks import confinement
from lotsen.checks.anchors import page_labels
from lotsen.checks.content import after_reading, before_reading, personal_data_findings
from lotsen.checks.front_matter import front_matter_findings
from lotsen.checks.headings import heading_findings
from lotsen.findings import Finding
from lotsen.model import Model
from lotsen.source.scanner import NeedSource, Reading, SourceScan, decoded, scan_file


@dataclass(frozen=True)
class FileCheck:
    """What reading and checking one file alone gives."""

    needs: list[NeedSource]
    #: Every finding but those of what the page brings in (``after``), in order.
    findings: list[Finding]
    directives: list[tuple[str, int]]
    references: list[tuple[str, int]]
    #: Whether the file was read as a page, so that ``after_reading`` applies.
    read: bool = False
    #: ``after_reading``'s findings, or None when the page names files: they are
    #: computed again every time, from the files as they are now.
    after: list[Finding] | None = None
    #: A digest of the key this part is kept under: what else is computed from the
    #: file alone may be kept under it (checks/rules.py). None when not kept.
    key: bytes | None = None
    #: Links to pages, as (the page's path under the root, line): read from the text
    #: alone, so whether the page is published is decided with all files (pipeline.py).
    page_links: tuple[tuple[str, int], ...] = ()
    #: Links to a section of a page, as (the page's path under the root, what follows
    #: the #, line); and the labels this page has for such links (None: not known).
    section_links: tuple[tuple[str, str, int], ...] = ()
    labels: frozenset[str] | None = None
    #: Words shaped like an ID in the text outside any object, as (word, line): those of
    #: the model's forms are mentions of objects (``pipeline.page_mention_findings``).
    id_words: tuple[tuple[str, int], ...] = ()
    #: The key the results cache (``lotsen.cache``) keeps this part under; None when
    #: not kept. The whole check names its files' needs by it (checks/kept.py).
    kept_under: tuple | None = None


def model_parts(model: Model) -> tuple:
    """What of the model one file's check reads: the severities, the types (a
    directive is an object), and the content checks' limits and allowances."""
    limits = model.content_checks
    return (tuple(sorted(model.severity.items())), tuple(sorted(model.types)), limits.max_file_kb,
            tuple(limits.allowed_emails), tuple(limits.allowed_html))


def check_file(model: Model, parts: tuple, root: Path, real_root: str, path: Path, shown: str,
               reading: Reading | None) -> tuple[FileCheck, list[Finding]]:
    """One file's part of ``pipeline.scan_files`` (``parts``: ``model_parts(model)``;
    ``real_root``: the root with its links followed), and the findings of what it
    brings in. A file outside the repository, or no regular file, is never read."""
    found = file_key(parts, real_root, path, shown, reading)
    if found is None:
        return _checked(model, root, path, shown, reading)  # said by the check, as before
    key, data = found
    kept: FileCheck = remember(key, lambda: replace(_checked(model, root, path, shown, reading)[0],
                                                    key=text_key(repr(key)), kept_under=key))
    if not kept.read:
        return kept, []
    if kept.after is not None:
        return kept, kept.after
    return kept, after_reading(model, root, path, shown, decoded(data or b""), reading)


def file_key(parts: tuple, real_root: str, path: Path, shown: str,
             reading: Reading | None) -> tuple[tuple, bytes | None] | None:
    """The key ``check_file`` keeps the file's part under, and the file's bytes (None
    when it is outside the repository or no regular file: it is never read). None when
    the file cannot be read: the check says so every time."""
    real = os.path.realpath(path)
    regular = path.is_file()
    inside = real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)
    data = None
    if inside and regular:
        try:
            data = path.read_bytes()
        except OSError:
            return None
    key = ("file-check", shown, real, real_root, regular, bytes_key(data) if data is not None else None,
           parts, reading.key if reading is not None else None)
    return key, data


def _checked(model: Model, root: Path, path: Path, shown: str,
             reading: Reading | None) -> tuple[FileCheck, list[Finding]]:
    findings, read_it = before_reading(model, root, path, shown)
    if not read_it:
        return FileCheck([], findings, [], []), []
    scan = read_within_limits(model, path, shown, reading)
    if isinstance(scan, Finding):
        return FileCheck([], [*findings, scan], [], []), []
    findings.extend(Finding(f.file, f.line, f.code, f.message, f.hint, model.severity_of(f.code))
                    for f in scan.findings)
    if not scan.text.strip():
        findings.append(Finding(
            shown, 1, "file_empty", "Filen är tom och blir en sida utan innehåll.",
            "Skriv innehållet, eller ta bort filen om den kom med av misstag.",
            model.severity_of("file_empty"),
        ))
    findings.extend(personal_data_findings(model, shown, scan.text))
    findings.extend(heading_findings(model, shown, scan.text, reading))
    findings.extend(front_matter_findings(model, shown, scan.text))
    after = after_reading(model, root, path, shown, scan.text, reading)
    named = [ref for ref in confinement.references(scan.text, reading) if ref.written]
    to_pages = [(page, ref) for ref in named if ref.what == "länken"
                and (page := confinement.page_named(shown, ref.written)) is not None]
    return FileCheck(list(scan.needs), findings, list(scan.directives), list(scan.references), read=True,
                     after=None if named else after, page_links=tuple((page, ref.line) for page, ref in to_pages),
                     section_links=tuple((page, ref.fragment, ref.line) for page, ref in to_pages if ref.fragment),
                     labels=page_labels(scan.text, reading), id_words=tuple(scan.id_words)), after


def read_within_limits(model: Model, path: Path, shown: str, reading: Reading | None) -> SourceScan | Finding:
    """A file's scan, or the finding that says why it is not read: larger than the
    model's limit, or not UTF-8. The build leaves such a file out of the site (Sphinx
    would stop, or take all memory); the check reports it."""
    if over_limit(model, path):
        return too_large(model, shown, path)
    try:
        return scan_file(path, shown, set(model.types), reading)
    except UnicodeDecodeError as exc:
        line = exc.object[: exc.start].count(b"\n") + 1
        return Finding(
            shown, line, "file_unreadable",
            f"Filen är inte sparad som UTF-8: tecknet på rad {line} går inte att läsa.",
            "Öppna filen i en textredigerare och spara den som UTF-8.",
            model.severity_of("file_unreadable"),
        )


def over_limit(model: Model, path: Path) -> bool:
    """Whether the file is larger than the model's limit, and so is not read (by the
    check, the build, or the berättelse's prose)."""
    limit_kb = model.content_checks.max_file_kb
    return bool(limit_kb) and path.stat().st_size > limit_kb * 1024


def too_large(model: Model, shown: str, path: Path) -> Finding:
    size_kb = f"{path.stat().st_size / 1024:.1f}".replace(".", ",")
    return Finding(
        shown, 1, "file_too_large",
        f"Filen är {size_kb} kB, mer än gränsen {model.content_checks.max_file_kb} kB. Den läses inte.",
        "Dela upp innehållet i flera filer, eller kontrollera att filen inte kom med av misstag "
        "(till exempel en export eller en bild med fel filändelse).",
        model.severity_of("file_too_large"),
    )
