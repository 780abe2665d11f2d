"""Personal numbers that inline Markdown splits in the source but shows whole.

The guard reads the source line by line (checks/personal_data.py). Markup in a
paragraph can break a number up there and still show it whole on the page, in the PDF
and in Word: bold or code around a part (``**19121212**-1212``), a backslash before the
dash (``19121212\\-1212``), a character reference (``19121212&#45;1212``), a comment
inside it (``19121212-12<!-- x -->12``), or a line break in the middle of a paragraph,
which the page shows as a space. So each paragraph that could hold one is read as
Markdown reads its inline text, and the text it shows is searched as well.

Only paragraphs with at least ten digits and some markup, or more than one line, and
something number-shaped when the markup is left out loosely, are read exactly: the
others show what the source says (XL's 3,750 files: 0.56 s, 3.7 s when every such
paragraph was read as Markdown).
"""

from __future__ import annotations

import functools
import html
import re
from bisect import bisect_right

from markdown_it import MarkdownIt

from lotsen.checks.personal_data import PersonalNumberHit, personal_number_spans

#: Where a number can be split in the source and still be shown whole: a line break
#: between a digit (or a dash) and a digit; a reference, tag or comment right after a
#: digit; markup after a digit that a dash or digit follows (``**1912**-…``, ``\-``),
#: or a link's target between digits; markup right before a digit.
_DASHES = "\\-\u2010-\u2014\u2212+"
_SPLIT = re.compile(rf"[\d{_DASHES}][ \t]*\n[ \t]*\d|\d(?:&#?\w+;|<)|\d[*_`~\\]+[{_DASHES}\d\\&<]"
                    rf"|\d\]\([^)\n]*\)[{_DASHES}\d]|[*_`~\\;>\[]\d")
_NOT_DIGIT = re.compile(r"\D")
#: Inline tokens whose text the reader sees; breaks are shown as a space.
_SHOWN = ("text", "code_inline")
_BREAKS = ("softbreak", "hardbreak")


@functools.lru_cache(maxsize=1)
def _inline_reader() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("strikethrough")


#: What inline markup can put between the digits of a number in the source.
_LOOSE = re.compile(r"<!--.*?-->|<[^>]*>|\]\([^)]*\)|[*_`~\\\[\]]", re.S)


def _loosely_shown(block: str) -> str:
    """More than a reader could see of a paragraph: markup characters, tags and comments
    left out, references read, line breaks as spaces. A number Markdown shows whole is
    whole here too (the exact reading, ``_shown``, follows only when one is found)."""
    return html.unescape(_LOOSE.sub("", block)).replace("\n", " ")


def _digits(text: str) -> int:
    """How many digits ``text`` holds (ten counts in C: most paragraphs have few)."""
    return sum(map(text.count, "0123456789"))


def _paragraphs(text: str) -> list[tuple[int, list[str]]]:
    """(first line number, lines) of every run of non-blank lines."""
    found: list[tuple[int, list[str]]] = []
    current: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            if not current:
                found.append((number, current))
            current.append(line)
        else:
            current = []
    return found


def _shown(lines: list[str]) -> tuple[str, list[int]]:
    """The paragraph's text as a reader sees it, and where in it each line break is."""
    shown: list[str] = []
    breaks: list[int] = []
    length = 0
    for token in _inline_reader().parseInline("\n".join(lines))[0].children or []:
        if token.type in _SHOWN:
            piece = token.content
        elif token.type in _BREAKS:
            breaks.append(length)
            piece = " "
        elif token.type == "image":
            piece = "".join(child.content for child in token.children or [])
        else:  # the markers of emphasis, links and raw HTML are not seen
            continue
        shown.append(piece)
        length += len(piece)
    return "".join(shown), breaks


def find_hidden_personal_numbers(text: str) -> list[PersonalNumberHit]:
    """Personal numbers the paragraphs of a Markdown ``text`` show but its lines do not
    hold as such (those ``find_personal_numbers`` finds are left to it). A hit's
    column is 0: the number has no one place in the source."""
    if _digits(text) < 10:
        return []
    hits: list[PersonalNumberHit] = []
    for first, lines in _paragraphs(text):
        block = "\n".join(lines)
        if _digits(block) < 10 or not _SPLIT.search(block):
            continue
        if not personal_number_spans(_loosely_shown(block)):
            continue  # nothing number-shaped however the markup is read: no parse needed
        shown, breaks = _shown(lines)
        # the numbers the lines hold as such, by their digits (a code span over lines is
        # shown with spaces for its line breaks, so where it stands is not the test)
        in_lines = {_NOT_DIGIT.sub("", line[start:end]) for line in lines
                    for start, end, _, _ in personal_number_spans(line)}
        for start, end, kind, masked in personal_number_spans(shown):
            if _NOT_DIGIT.sub("", shown[start:end]) not in in_lines:
                hits.append(PersonalNumberHit(first + bisect_right(breaks, start), 0, kind, masked))
    return hits
