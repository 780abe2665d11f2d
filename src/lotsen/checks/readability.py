"""Readability of Swedish text as LIX (läsbarhetsindex), computed from Markdown.

``LIX = words / sentences + 100 * long_words / words``, where a long word has
more than six letters. Interpretation (``LIX_LEVELS``, upper bounds exclusive):

========  =================
LIX       Nivå
========  =================
< 30      mycket lättläst
30–40     lättläst
40–50     medelsvår
50–60     svår
> 60      mycket svår
========  =================

Before counting, Markdown is reduced to the text a reader sees:

* lines that are directive or code fences (```` ``` ````, ``:::``), option lines
  (``:id: RUT-HT-001``) and target lines (``(label)=``) are dropped, as is the
  content of plain code blocks (```` ```python ````, ```` ```{code-block} ````,
  ```` ```{mermaid} ````); directive content such as a routine's body is kept;
* heading markers, list markers (``-``, ``*``, ``+``, ``1.``), quote markers,
  table pipes and bold/italic markers are removed;
* ``[text](url)`` becomes ``text``; inline code is removed;
* a MyST role (``{need}`RUT-HT-012```) is removed, since its content is a target
  rendered as a title the author did not write here; with an explicit title
  (``{ref}`Avvikelser <avvikelser>```) the title is kept.

Words are runs of letters, possibly with digits or inner hyphens
(``covid-19``, ``LSS-insats``); pure numbers are not words. A sentence ends at
``. ! ? :`` followed by white space or the end of the text, and at the end of
each heading, list item, table row and paragraph that lacks such punctuation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Upper bound (exclusive) of each level, in order; above the last is "mycket svår".
LIX_LEVELS: dict[float, str] = {
    30: "mycket lättläst",
    40: "lättläst",
    50: "medelsvår",
    60: "svår",
    float("inf"): "mycket svår",
}

LONG_WORD = 6

_FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})\s*(\{(?P<directive>[\w:-]+)\})?(?P<info>.*)$")
_CODE_DIRECTIVES = {"code-block", "code", "sourcecode", "mermaid", "literalinclude"}
_OPTION = re.compile(r"^\s*:[^\s:][^:]*:(\s|$)")
_TARGET = re.compile(r"^\s*\([^)]*\)=\s*$")
_BLOCK_START = re.compile(r"^\s*(?:#{1,6}\s|[-*+]\s|\d+[.)]\s|\|)")
_PREFIX = re.compile(r"^\s*(?:>\s*)*(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+)?")

_ROLE = re.compile(r"\{[\w:.-]+\}`([^`]*)`")
_ROLE_TITLE = re.compile(r"^(.*?)\s*<[^<>]*>$", re.DOTALL)
_CODE = re.compile(r"`+[^`]*`+")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"\*+|~~|(?<![^\W_])_+|_+(?![^\W_])")

_TOKEN = re.compile(r"(?P<word>[^\W_]+(?:-[^\W_]+)*)|(?P<end>[.!?:]+(?=\s|$))")


@dataclass(frozen=True)
class Lix:
    """A LIX value (one decimal) with the counts it was computed from."""

    value: float
    words: int
    sentences: int
    long_words: int


def lix_level(value: float) -> str:
    """The Swedish label for a LIX value, e.g. ``lix_level(42.0) == "medelsvår"``."""
    for bound, label in LIX_LEVELS.items():
        if value < bound:
            return label
    return LIX_LEVELS[float("inf")]


def _inline(text: str) -> str:
    def role(match: re.Match[str]) -> str:
        titled = _ROLE_TITLE.match(match.group(1))
        return titled.group(1) if titled else " "

    text = _ROLE.sub(role, text)
    text = _CODE.sub(" ", text)
    text = _LINK.sub(r"\1", text)
    text = _EMPHASIS.sub("", text)
    return text.replace("|", " ")


def _blocks(text: str) -> list[str]:
    """Text blocks whose end is a sentence end: headings, list items, table rows, paragraphs."""
    blocks: list[str] = []
    current: list[str] = []
    fences: list[tuple[str, bool]] = []  # open fences: (marker, is code)

    def flush() -> None:
        if current:
            blocks.append(" ".join(current))
            current.clear()

    for line in text.splitlines():
        fence = _FENCE.match(line)
        in_code = any(code for _, code in fences)
        if fence:
            marker = fence.group(1)
            closes = fences and marker[0] == fences[-1][0][0] and len(marker) >= len(fences[-1][0])
            if closes and not fence["directive"] and not fence["info"].strip():
                fences.pop()
                flush()
                continue
            if not in_code:
                directive = fence["directive"]
                plain = directive is None and marker[0] != ":"
                fences.append((marker, plain or directive in _CODE_DIRECTIVES))
                flush()
                continue
        if in_code:
            continue
        if not line.strip() or _OPTION.match(line) or _TARGET.match(line):
            flush()
            continue
        heading = line.lstrip().startswith("#")
        if _BLOCK_START.match(line) or heading:
            flush()
        current.append(_inline(_PREFIX.sub("", line)))
        if heading or line.lstrip().startswith("|"):
            flush()
    flush()
    return blocks


def lix(text: str) -> Lix:
    """LIX for ``text`` (Markdown/MyST); 0.0 with zero counts when it has no words."""
    words = sentences = long_words = 0
    for block in _blocks(text):
        open_sentence = False
        for token in _TOKEN.finditer(block):
            word = token["word"]
            if word is not None:
                # most words are letters only: counted without a look at each letter
                letters = len(word) if word.isalpha() else sum(char.isalpha() for char in word)
                if not letters:
                    continue
                words += 1
                long_words += letters > LONG_WORD
                open_sentence = True
            elif open_sentence:
                sentences += 1
                open_sentence = False
        sentences += open_sentence
    if words == 0:
        return Lix(0.0, 0, 0, 0)
    value = words / sentences + 100 * long_words / words
    return Lix(round(value, 1), words, sentences, long_words)
