"""One reading of the authors' prose (a chapter's text, a document's introduction) for
every output: the site's page, the standalone page and its PDF, the Word file and the
Markdown text. The subset the outputs show is CommonMark with tables, without raw
HTML or pictures, and with ``{need}`ID``` (a link to an object, shown as its ID).
Anything else that the check reads in a prose file is a finding there
(reports/story/prose.py ``prose_format``), never garbled in the outputs.

Headings: the file's first heading is the chapter's (the builder leaves it out); the
others go below the chapter's heading, the same way in every output: ``##`` one level
below it, ``###`` two, and a second ``#`` (a finding) as ``##``."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from html import escape

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

#: ``{need}`ID``` in the text: the one role the outputs show.
NEED = re.compile(r"\{need\}`([^`\n]+)`")


def _need_role(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "{":
        return False
    match = NEED.match(state.src, state.pos)
    if match is None:
        return False
    if not silent:
        token = state.push("need_ref", "", 0)
        token.content = match[1].strip()
    state.pos = match.end()
    return True


@functools.lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    # raw HTML in the author's text is shown as text, and a picture would be fetched
    md = MarkdownIt("commonmark", {"html": False}).enable("table").disable("image")
    md.inline.ruler.before("backticks", "need_role", _need_role)
    return md


def heading_level(level: int, chapter_level: int) -> int:
    """The level a heading of ``level`` hashes takes below a chapter heading of
    ``chapter_level``."""
    return max(chapter_level + 1, level + chapter_level - 1)


def tokens(markdown: str, chapter_level: int, top: int = 6) -> list[Token]:
    """The prose's tokens, its headings moved below the chapter's (at most ``top``)."""
    parsed = parser().parse(markdown)
    for token in parsed:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(top, heading_level(int(token.tag[1]), chapter_level))}"
    return parsed


def prose_html(markdown: str, chapter_level: int = 2, resolve: Callable[[str], str | None] | None = None) -> str:
    """The prose as HTML below a chapter heading of ``chapter_level``; ``resolve``
    gives an object's address for ``{need}`ID``` (none: the ID as text)."""
    if not markdown:
        return ""
    md = parser()

    def need(tokens_: list[Token], idx: int, _options, _env) -> str:
        written = tokens_[idx].content
        href = resolve(written) if resolve is not None else None
        return f'<a href="{escape(href)}">{escape(written)}</a>' if href else escape(written)

    md.renderer.rules["need_ref"] = need
    try:
        return md.renderer.render(tokens(markdown, chapter_level), md.options, {})
    finally:
        del md.renderer.rules["need_ref"]


def prose_markdown(markdown: str, chapter_level: int) -> str:
    """The prose as Markdown text below a chapter heading of ``chapter_level`` hashes:
    headings moved as in the other outputs, ``{need}`ID``` as the ID."""
    lines: list[str | None] = list(markdown.split("\n"))
    code: set[int] = set()
    parsed = parser().parse(markdown)
    for index, token in enumerate(parsed):
        if token.map is None:
            continue
        start, end = token.map
        if token.type in ("fence", "code_block"):
            code.update(range(start, end))
        elif token.type == "heading_open":
            level = min(6, heading_level(int(token.tag[1]), chapter_level))
            lines[start] = "#" * level + " " + parsed[index + 1].content
            for underline in range(start + 1, end):  # a setext heading's underline
                lines[underline] = None
    return "\n".join(line if index in code else NEED.sub(r"\1", line)
                     for index, line in enumerate(lines) if line is not None)
