"""Nothing from outside the repository: links that lead out, and files that content
brings in (include directives, images, downloads) from outside, are findings naming
the file and line; nothing outside is read. The files brought in from inside are
guarded for personal data like the content itself.

Paths are resolved as Sphinx resolves them: relative to the document's folder, or,
when they start with ``/``, to the project's root; links are followed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

#: Directives whose argument is a file Sphinx reads or copies.
FILE_DIRECTIVES = {"include", "literalinclude", "image", "figure", "mermaid", "needimport", "graphviz",
                   "plantuml", "csv-table", "raw", "kroki", "bibliography"}
_FENCE = re.compile(r"^\s*(?:>\s*)*(?:`{3,}|~{3,}|:{3,})\s*\{(?P<name>[\w:.-]+)\}[ \t]*(?P<arg>.*?)\s*$")
_RST = re.compile(r"^\s*(?:>\s*)*\.\.\s+(?P<name>[\w:.-]+)::[ \t]*(?P<arg>.*?)\s*$")
_FILE_OPTION = re.compile(r"^\s*(?:>\s*)*:(?:file|source):[ \t]*(?P<arg>\S.*?)\s*$")
# Markdown images and links, and roles that name a file: ![alt](path), [text](path),
# {download}`text <path>` / {download}`path`, {literalinclude}-like roles.
_MD_TARGET = re.compile(r"\]\(\s*<?(?P<arg>[^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_ROLE_TARGET = re.compile(r"\{(?:download|file)\}`(?:[^`<]*<(?P<angle>[^>`]+)>|(?P<plain>[^`]+))`")
_REFERENCE_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(?P<arg>[^\s>]+)>?")
_URL = re.compile(r"^(?:[a-zA-Z][\w+.-]*:|#|//)")


@dataclass(frozen=True)
class Reference:
    """A file named by content: where it is named, and the path as written."""

    line: int
    written: str
    what: str
    #: True when the file named is inside, but brings in something from outside.
    through: bool = False


def references(text: str) -> Iterator[Reference]:
    """Every file path the text asks Sphinx to read or copy, with its line."""
    in_file_directive = False
    for number, line in enumerate(text.splitlines(), 1):
        match = _FENCE.match(line) or _RST.match(line)
        if match:
            name = match["name"].split(":")[-1]
            in_file_directive = name in FILE_DIRECTIVES
            arg = match["arg"]
            if in_file_directive and arg and name not in ("csv-table", "raw"):
                yield Reference(number, arg, f"{{{name}}}")
            continue
        option = _FILE_OPTION.match(line)
        if option and in_file_directive:
            yield Reference(number, option["arg"], ":file:")
            continue
        definition = _REFERENCE_DEFINITION.match(line)
        if definition and not _URL.match(definition["arg"]):
            yield Reference(number, definition["arg"].split("#")[0], "länken")
        for target in _MD_TARGET.finditer(line):
            if not _URL.match(target["arg"]):
                yield Reference(number, target["arg"].split("#")[0], "länken")
        for role in _ROLE_TARGET.finditer(line):
            yield Reference(number, (role["angle"] or role["plain"]).strip(), "{download}")


def resolve(root: Path, document: Path, written: str) -> Path:
    """The path Sphinx would open for ``written`` in ``document``."""
    if written.startswith("/"):
        return root / written.lstrip("/")
    return document.parent / written


def outside(root: Path, target: Path) -> bool:
    real_root = Path(os.path.realpath(root))
    real = Path(os.path.realpath(target))
    return not (real == real_root or real_root in real.parents)


def outside_references(root: Path, document: Path, text: str, depth: int = 3,
                       top: Path | None = None) -> list[Reference]:
    """The references of ``document`` that lead out of the repository, also through a
    file it includes (which may include another), reported at the including line.

    In an included file a path is resolved both from that file and from the page that
    includes it (``top``): Sphinx's directives take the page's folder, docutils' the file's.
    """
    found = []
    for ref in references(text):
        if not ref.written:
            continue
        targets = {resolve(root, document, ref.written)}
        if top is not None:
            targets.add(resolve(root, top, ref.written))
        if any(outside(root, target) for target in targets):
            found.append(ref)
            continue
        target = resolve(root, document, ref.written)
        if depth and ref.what in ("{include}", ":file:") and target.is_file() \
                and target.stat().st_size < 2 * 1024 * 1024:
            inner = target.read_text(encoding="utf-8", errors="replace")
            if outside_references(root, target, inner, depth - 1, top or document):
                found.append(Reference(ref.line, ref.written, ref.what, through=True))
    return found


def inside_files(root: Path, document: Path, text: str) -> Iterator[tuple[Reference, Path]]:
    """The references that name an existing file inside the repository."""
    for ref in references(text):
        if not ref.written:
            continue
        target = resolve(root, document, ref.written)
        if not outside(root, target) and target.is_file():
            yield ref, target
