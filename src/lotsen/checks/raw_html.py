"""Raw HTML in content: found with the same Markdown parser the site uses (MyST's),
and sanitised with nh3 (the Ammonia library) when the model allows a few tags.

By default every piece of raw HTML is a finding: Markdown has a form for what authors
need (a table, a link, an image), and raw HTML can hide text, redirect the reader or
run a script. ``content_checks.allowed_html`` in the model may allow a short list of
harmless tags; ``NEVER_ALLOWED`` tags and event or style attributes never are.
HTML comments are allowed: they show nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import nh3

from lotsen.cache import remember, text_key
from lotsen.model.schema import HARMLESS_HTML
from lotsen.source.blocks import Reading, block_tokens, directive_body, directive_name, may_hold_fence
from lotsen.source.scanner import DEFAULT_READING, normalised

#: Tags that are never allowed, whatever the model says.
NEVER_ALLOWED = frozenset({
    "script", "style", "meta", "iframe", "form", "object", "embed", "base", "link", "frame", "frameset",
    "applet", "noscript", "template", "svg", "math", "input", "button", "textarea", "select", "option",
    "portal", "html", "head", "body", "title", "audio", "video", "source", "track", "img", "a", "picture",
})
#: Tags a model may allow: inline text semantics and a few harmless blocks.
HARMLESS = HARMLESS_HTML
#: Attributes kept on allowed tags.
ATTRIBUTES = {"*": {"title", "lang", "dir"}, "abbr": {"title"}, "time": {"datetime"}, "data": {"value"}}

_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)([^>]*)>?", re.S)
_ATTRIBUTE = re.compile(r"([^\s\"'>/=]+)\s*(?:=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
#: Directives whose body is shown as it is written, never read as Markdown.
_LITERAL = {"code", "code-block", "sourcecode", "literalinclude", "mermaid", "math", "csv-table", "graphviz",
            "eval-rst", "needtable", "needflow", "needpie", "needlist", "needextract", "needimport", "list-table"}
_RST_RAW = re.compile(r"^\s*\.\.\s+raw::\s*html\b", re.I | re.M)


@dataclass(frozen=True)
class RawHtml:
    """One piece of raw HTML in content: its line, the tags in it, and what is never allowed."""

    line: int
    tags: tuple[str, ...]
    forbidden: tuple[str, ...]


def _problems(snippet: str, line: int) -> Iterator[tuple[int, str, tuple[str, ...]]]:
    """(line, tag, never-allowed parts) of each tag in an HTML snippet starting at
    ``line``, comments left out (blanked, so that lines keep their numbers)."""
    visible = _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), snippet)
    for match in _TAG.finditer(visible):
        name = match[2].lower()
        forbidden = [f"<{name}>"] if name in NEVER_ALLOWED else []
        for attribute in _ATTRIBUTE.finditer(match[3]):
            key = attribute[1].lower()
            value = (attribute[2] or "").strip("\"'").strip().lower()
            if value.startswith(("javascript:", "data:", "vbscript:")):
                forbidden.append(value.split(":")[0] + ":")
            elif key.startswith("on") or key in ("style", "srcdoc", "formaction", "http-equiv"):
                forbidden.append(key)
        yield line + visible[: match.start()].count("\n"), name, tuple(forbidden)


def _pieces(text: str, offset: int, reading: Reading, depth: int = 0) -> Iterator[tuple[int, str]]:
    """(line, snippet) of every raw HTML token, directive bodies included."""
    if "<" not in text and not may_hold_fence(text):
        return  # no HTML, and no directive that could be {raw}: most objects' bodies
    md, config = reading.parser_for(text)
    directives_on = not (config.commonmark_only or config.gfm_only)
    for token in block_tokens(md, text):
        first = offset + (token.map[0] if token.map else 0)
        if token.type == "html_block":
            yield first + 1, token.content
        elif token.type == "inline" and "<" in token.content:
            children: list = []
            md.inline.parse(token.content, md, {}, children)  # the reading parses blocks only
            line = first + 1
            for child in children:
                if child.type in ("softbreak", "hardbreak"):
                    line += 1
                elif child.type == "html_inline":
                    yield line, child.content
        elif token.type in ("fence", "colon_fence") and depth < 10 and directives_on:
            if token.type == "colon_fence" and "colon_fence" not in config.enable_extensions:
                continue
            named = directive_name(token.info, config.fence_as_directive if token.type == "fence" else ())
            if named is None:
                continue
            name = reading.canonical(named[0].split(":")[-1])
            if name == "raw":
                yield first + 2, token.content if "html" in named[1].lower() else ""
            elif name == "eval-rst":
                for match in _RST_RAW.finditer(token.content):
                    yield first + 2 + token.content[: match.start()].count("\n"), "<raw>"
            elif name not in _LITERAL:
                body, start = directive_body(token.content)  # as the scan and confinement.py read it
                yield from _pieces(body, first + 1 + start, reading, depth + 1)


def find_raw_html(text: str, reading: Reading | None = None) -> list[RawHtml]:
    """Every line of a MyST Markdown text with raw HTML, in order (lines 1-based), read
    with the project's MyST settings (``reading``; MyST's defaults when not given).
    An unchanged text is read once."""
    reading = reading or DEFAULT_READING
    return remember(("raw-html", text_key(text), reading.key), lambda: _find_raw_html(text, reading))


def _find_raw_html(text: str, reading: Reading) -> list[RawHtml]:
    by_line: dict[int, tuple[list[str], list[str]]] = {}
    for line, snippet in _pieces(normalised(text), 0, reading):
        if snippet == "<raw>":
            by_line.setdefault(line, ([], []))[0].append("raw")
            continue
        for where, tag, forbidden in _problems(snippet, line):
            tags, bad = by_line.setdefault(where, ([], []))
            tags.append(tag)
            bad.extend(forbidden)
    return [RawHtml(line, tuple(dict.fromkeys(tags)), tuple(dict.fromkeys(bad)))
            for line, (tags, bad) in sorted(by_line.items())]


def disallowed(hit: RawHtml, allowed: Iterable[str]) -> bool:
    """Whether a piece of raw HTML breaks the policy of a model that allows ``allowed``."""
    permitted = set(allowed) & HARMLESS
    return bool(hit.forbidden) or not set(hit.tags) <= permitted


def sanitise(html: str, allowed: Iterable[str]) -> str:
    """``html`` with only the allowed harmless tags and attributes left, by nh3.

    A lone opening or closing tag (Markdown splits inline HTML into pieces) is cleaned
    on its own: an opening tag with a closing tag added and removed again.
    """
    permitted = set(allowed) & HARMLESS
    attributes = {tag: set(ATTRIBUTES.get(tag, ())) | ATTRIBUTES["*"] for tag in permitted}
    lone = re.fullmatch(r"\s*<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)([^<>]*)>\s*", html)
    if lone and lone[2].lower() in permitted and lone[2].lower() not in ("br", "wbr", "hr"):
        name = lone[2].lower()
        if lone[1]:
            return f"</{name}>"
        cleaned = nh3.clean(f"<{name}{lone[3]}></{name}>", tags=permitted, attributes=attributes,
                            link_rel=None, strip_comments=True)
        return cleaned[: -len(f"</{name}>")] if cleaned.endswith(f"</{name}>") else ""
    return nh3.clean(html, tags=permitted, attributes=attributes, link_rel=None, strip_comments=True)
