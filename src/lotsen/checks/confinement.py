"""Nothing from outside the repository: links that lead out, and files that content
brings in (include directives, images, downloads) from outside, are findings naming
the file and line; nothing outside is read. The files brought in from inside are
guarded for personal data like the content itself.

Content is read as MyST reads it, from markdown-it's tokens with the project's
settings (source/blocks.py): a link in a comment or a code block is no link, a colon
fence is a directive only where colon fences are enabled.

Paths are resolved as Sphinx resolves them: relative to the document's folder, or,
when they start with ``/``, to the project's root; links are followed.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from lotsen.cache import remember, text_key
from lotsen.source.blocks import Reading, block_tokens, directive_body, directive_name, may_hold_fence, option_lines
from lotsen.source.scanner import DEFAULT_READING, normalised

#: Directives whose argument is a file Sphinx reads or copies.
FILE_DIRECTIVES = {"include", "literalinclude", "image", "figure", "mermaid", "needimport", "graphviz",
                   "plantuml", "csv-table", "raw", "kroki", "bibliography"}
#: Directives whose body is shown or run as written, never read as Markdown.
_LITERAL_BODIES = {"code", "code-block", "code-cell", "sourcecode", "literalinclude", "raw", "csv-table", "mermaid",
                   "graphviz", "plantuml", "kroki", "math", "eval-rst", "parsed-literal"}
#: In reStructuredText (an ``{eval-rst}`` block): a directive, and an option naming a file.
_RST = re.compile(r"^\s*\.\.\s+(?P<name>[\w:.-]+)::[ \t]*(?P<arg>.*?)\s*$")
_FILE_OPTION = re.compile(r"^\s*:(?:file|source):[ \t]*(?P<arg>\S.*?)\s*$")
#: The same option in a directive's ``---`` block of options.
_FILE_KEY = re.compile(r"^\s*(?:file|source):[ \t]*(?P<arg>\S.*?)\s*$")
_REFERENCE_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(?P<arg>[^\s>]+)>?")
_URL = re.compile(r"^(?:[a-zA-Z][\w+.-]*:|#|//)")
#: A reference outside a directive stands in text holding one of these: an inline link
#: or image ``](``, a role ``}```, a link reference definition ``]:`` (_inline_references
#: and _REFERENCE_DEFINITION look for nothing else).
_REFERENCE_MARKS = ("](", "}`", "]:")
#: Roles that name a file: {download}`text <path>` / {download}`path`.
_FILE_ROLES = {"download", "file"}


@dataclass(frozen=True)
class Reference:
    """A file named by content: where it is named, and the path as written."""

    line: int
    written: str
    what: str
    #: True when the file named is inside, but brings in something from outside.
    through: bool = False
    #: What a link names after its # (a section of the page), as written.
    fragment: str = ""


def references(text: str, reading: Reading | None = None) -> list[Reference]:
    """Every file path the text asks Sphinx to read or copy, with its line, read as
    MyST reads the project's Markdown (``reading``): nothing in a comment, a code block
    or a fence that is no directive; links, images and ``{download}`` roles; the
    directives that take a file and their ``:file:`` option, in every body MyST reads
    as Markdown and in ``{eval-rst}`` blocks. An unchanged text is read once."""
    reading = reading or DEFAULT_READING
    return remember(("file-references", text_key(text), reading.key), lambda: _references(text, reading))


def _references(text: str, reading: Reading) -> list[Reference]:
    source = normalised(text)
    md, config = reading.parser_for(source)
    found: list[Reference] = []
    pending = [(source, 1)]  # (Markdown text, its first line)
    while pending:
        part, first_line = pending.pop()
        if not may_hold_fence(part) and not any(mark in part for mark in _REFERENCE_MARKS):
            continue  # most objects' bodies: steps naming no file
        lines = part.split("\n")
        covered: set[int] = set()
        for token in block_tokens(md, part):
            if token.map and token.nesting == 0:
                covered.update(range(*token.map))
            if token.type in ("fence", "colon_fence") and token.map:
                _directive_references(token, first_line + token.map[0], reading, config, found, pending)
            elif token.type == "inline" and token.map:
                found += _inline_references(md, token.content, first_line + token.map[0])
        # a link reference definition leaves no token: it stands where no block does
        for index, line in enumerate(lines):
            definition = _REFERENCE_DEFINITION.match(line) if index not in covered else None
            if definition and not _URL.match(definition["arg"]):
                found.append(Reference(first_line + index, unquote(definition["arg"]).split("#")[0], "länken"))
    return sorted(found, key=lambda ref: ref.line)


def _directive_references(token, line: int, reading: Reading, config, found: list[Reference],
                          pending: list[tuple[str, int]]) -> None:
    """A directive's file (its argument or ``:file:`` option), and its body to read on."""
    directives_on = not (config.commonmark_only or config.gfm_only)
    if not directives_on or (token.type == "colon_fence" and "colon_fence" not in config.enable_extensions):
        return
    named = directive_name(token.info, config.fence_as_directive if token.type == "fence" else ())
    if named is None:
        return  # a code block
    name, argument = reading.canonical(named[0].split(":")[-1]), named[1].strip()
    content = token.content.split("\n")
    if name in FILE_DIRECTIVES and argument and name not in ("csv-table", "raw"):
        found.append(Reference(line, argument, f"{{{name}}}"))
    if name == "eval-rst":
        in_file_directive = False
        for offset, text_line in enumerate(content):
            rst = _RST.match(text_line)
            if rst:
                rst_name = rst["name"].split(":")[-1]
                in_file_directive = rst_name in FILE_DIRECTIVES
                if in_file_directive and rst["arg"] and rst_name not in ("csv-table", "raw"):
                    found.append(Reference(line + 1 + offset, rst["arg"], f"{{{rst_name}}}"))
            elif in_file_directive and (option := _FILE_OPTION.match(text_line)):
                found.append(Reference(line + 1 + offset, option["arg"], ":file:"))
        return
    body = option_lines(content)
    if name in FILE_DIRECTIVES:
        for offset in range(body):
            option = _FILE_OPTION.match(content[offset]) or _FILE_KEY.match(content[offset])
            if option:
                found.append(Reference(line + 1 + offset, option["arg"], ":file:"))
    if name not in _LITERAL_BODIES and body < len(content):
        text, start = directive_body(token.content)
        pending.append((text, line + 1 + start))


def _inline_references(md, content: str, line: int) -> list[Reference]:
    """Links, images and file roles in one paragraph or heading, as markdown-it reads it."""
    if "](" not in content and "}`" not in content:
        return []
    children: list = []
    md.inline.parse(content, md, {}, children)
    found = []
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type in ("link_open", "image"):
            target = str(child.attrGet("href") or child.attrGet("src") or "")
            if target and not _URL.match(target):
                found.append(Reference(line, unquote(target).split("#")[0],
                                       "bilden" if child.type == "image" else "länken",
                                       fragment=target.split("#", 1)[1] if "#" in target else ""))
        elif child.type == "myst_role" and child.meta.get("name") in _FILE_ROLES:
            written = child.content.strip()
            if written.endswith(">") and "<" in written:
                written = written[written.rindex("<") + 1:-1]
            found.append(Reference(line, written.strip(), "{download}"))
    return found


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
                       top: Path | None = None, reading: Reading | None = None) -> list[Reference]:
    """The references of ``document`` that lead out of the repository, also through a
    file it includes (which may include another), reported at the including line.

    In an included file a path is resolved both from that file and from the page that
    includes it (``top``): Sphinx's directives take the page's folder, docutils' the file's.
    """
    found = []
    for ref in references(text, reading):
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
            if outside_references(root, target, inner, depth - 1, top or document, reading):
                found.append(Reference(ref.line, ref.written, ref.what, through=True))
    return found


def names_a_file(written: str) -> bool:
    """Whether a link names a file, as Sphinx would look for one: a name with a suffix,
    or a path through a folder. A bare word may be a label, which is no file."""
    last = written.rstrip("/").rsplit("/", 1)[-1]
    return "/" in written.rstrip("/") or "." in last.strip(".")


def missing_files(root: Path, document: Path, text: str, reading: Reading | None = None) -> list[Reference]:
    """The references of ``document`` to a file inside the repository that is not
    there: a link or image to a path, a file a directive reads. A link to a page may
    leave out its suffix (``../processer/hemtjanst``). Links out of the repository are
    ``outside_references``' and addresses (``https:``, ``mailto:``) no file's."""
    found = []
    for ref in references(text, reading):
        if not ref.written or _URL.match(ref.written) or (ref.what == "länken" and not names_a_file(ref.written)):
            continue
        target = resolve(root, document, ref.written)
        if outside(root, target) or target.exists():
            continue
        if ref.what == "länken" and not target.suffix and target.with_suffix(".md").exists():
            continue
        found.append(ref)
    return found


def page_named(shown: str, written: str) -> str | None:
    """The page a link in the page ``shown`` (its path under the root) names, as a path
    under the root, worked out from the text alone: a Markdown file, written with or
    without its suffix. None for anything else, or a path that leaves the root."""
    if not names_a_file(written) or written.endswith("/"):
        return None
    base = "" if written.startswith("/") else posixpath.dirname(shown)
    page = posixpath.normpath(posixpath.join(base, written.lstrip("/")))
    if page.startswith("../") or page == "..":
        return None
    suffix = posixpath.splitext(page)[1]
    return page if suffix == ".md" else (page + ".md" if not suffix else None)


def inside_files(root: Path, document: Path, text: str,
                 reading: Reading | None = None) -> Iterator[tuple[Reference, Path]]:
    """The references that name an existing file inside the repository."""
    for ref in references(text, reading):
        if not ref.written:
            continue
        target = resolve(root, document, ref.written)
        if not outside(root, target) and target.is_file():
            yield ref, target
