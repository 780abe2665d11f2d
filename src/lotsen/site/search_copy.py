"""A page as Pagefind indexes it, without the parts it reads only to leave out.

Pagefind leaves out of its index every element marked ``data-pagefind-ignore``, but
it reads them all the same: at L, 15 of the 27 MB of the marked pages (the objects'
lists of links, the processes' overviews, folded parts, edit links). Given the pages
without them, it makes the same index, file for file once stabilised, for 0.71× the
processor time (docs/prestanda.md).

An element is left out only where that cannot change the index: it is of a kind
whose end tag is always written (``_CUT``); it holds nothing Pagefind still takes
from a part it leaves out (a filter, metadata or sort key) or from the first of its
kind (the page's first heading or image), and no comment, script or style; as many
tags are closed in it as are opened (those that close themselves aside); and it
stands between tags or spaces, not inside a word. Otherwise it stays.
"""

from __future__ import annotations

import functools
import re

#: The attribute, as it stands in a start tag.
IGNORED = b"data-pagefind-ignore"
#: Elements whose end tag is always written, in the theme and in Sphinx's HTML.
_CUT = frozenset({b"div", b"dl", b"details", b"section", b"p", b"span", b"ul", b"ol", b"table", b"aside", b"nav"})
_START = re.compile(rb"<([a-zA-Z][a-zA-Z0-9-]*)(\s[^>]*)>")
#: Tags void in HTML, unless written ``<x ... />``.
_VOID = re.compile(rb"<(?:area|base|br|col|embed|hr|img|input|link|meta|source|track|wbr)\b[^<>]*(?<!/)>",
                   re.IGNORECASE)
#: What Pagefind takes from a part it leaves out, or from the first of its kind.
_STILL_READ = re.compile(rb"data-pagefind-(?!ignore)|<h1\b|<img\b|<!|<script\b|<style\b")
#: Looked for first, as plain bytes in lower case: most parts hold none of them.
_STILL_READ_HINTS = (b"data-pagefind-", b"<h1", b"<img", b"<!", b"<script", b"<style")
_SPACE = b" \t\r\n\f"


def search_copy(page: bytes) -> bytes | None:
    """``page`` without the parts Pagefind leaves out, or None when none can be."""
    parts: list[bytes] = []
    last = position = 0
    while (found := page.find(IGNORED, position)) != -1:
        position = found + len(IGNORED)
        start = page.rfind(b"<", 0, found)
        tag = _START.match(page, start) if start != -1 else None
        if (tag is None or tag.end() <= found or page[found - 1] not in _SPACE
                or page[position] not in b"=>/" + _SPACE or page.count(b'"', start, found) % 2):
            continue  # the words in a text, or in a value
        end = _cut_end(page, tag)
        if end is not None:
            parts.append(page[last:start])
            last = position = end
    if not parts:
        return None
    parts.append(page[last:])
    return b"".join(parts)


def _cut_end(page: bytes, tag: re.Match[bytes]) -> int | None:
    """Where the element that ``tag`` starts ends, when it may be left out."""
    name = tag.group(1).lower()
    if name not in _CUT or tag.group(2).rstrip().endswith(b"/") or _STILL_READ.search(tag.group(2).lower()):
        return None
    if tag.start() > 0 and page[tag.start() - 1] not in b">" + _SPACE:
        return None
    depth = 1
    for inner in _same_name(name).finditer(page, tag.end()):
        depth += -1 if inner.group(1) else 1
        if depth == 0:
            break
    else:
        return None
    end = inner.end()
    if end < len(page) and page[end] not in b"<" + _SPACE:
        return None
    content = page[tag.end():inner.start()]
    lower = content.lower()
    if any(hint in lower for hint in _STILL_READ_HINTS) and _STILL_READ.search(lower):
        return None
    # every "<" opens a tag (a "<" in text is written &lt;): as many closed as opened,
    # those that close themselves (<x/>, <br>) aside
    closed = content.count(b"</")
    opened = content.count(b"<") - closed - content.count(b"/>") - len(_VOID.findall(content))
    return end if opened == closed else None


@functools.cache
def _same_name(name: bytes) -> re.Pattern[bytes]:
    return re.compile(rb"<(/?)" + re.escape(name) + rb"[\s>]", re.IGNORECASE)
