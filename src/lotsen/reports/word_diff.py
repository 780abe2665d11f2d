"""The changed text of a document, word by word, as staff read it.

The body is compared line by line; where lines changed, their words are compared, so
a reviewer sees exactly which words were removed and added. The text is first made to
read as on the site: a ``{need}`ID``` reference shows its ID, bold and italic markers
go. Each hunk is a list of (op, text) pieces: '=' unchanged, '-' removed, '+' added.
"""

from __future__ import annotations

import difflib
import re

#: Words of unchanged text kept on each side of a change, so the reader finds it.
CONTEXT_WORDS = 6

_ROLE = re.compile(r"\{[a-z:-]+\}`(?:[^`<]*<)?([^`>]+)>?`")
_EMPHASIS = re.compile(r"(\*\*|__|(?<!\w)[*_](?=\S)|(?<=\S)[*_](?!\w))")

Piece = tuple[str, str]


def as_read(line: str) -> str:
    """A source line as the page shows it (roughly: the words, not the markup)."""
    return _EMPHASIS.sub("", _ROLE.sub(r"\1", line)).strip()


def _words(lines: list[str]) -> list[str]:
    return " ".join(as_read(line) for line in lines).split()


def _trim(pieces: list[Piece]) -> list[Piece]:
    """Shorten long unchanged runs to a few words either side of a change."""
    out: list[Piece] = []
    for i, (op, text) in enumerate(pieces):
        if op != "=":
            out.append((op, text))
            continue
        words = text.split()
        head = words[:CONTEXT_WORDS] if i > 0 else []
        tail = words[-CONTEXT_WORDS:] if i < len(pieces) - 1 else []
        if len(words) <= len(head) + len(tail) + 1:
            out.append((op, text))
        else:
            out.append((op, " ".join(head + ["…"] + tail).strip()))
    return out


def word_diff(before: list[str], after: list[str]) -> list[list[Piece]]:
    """The hunks where the text changed, each as pieces; [] when no word changed."""
    old = [as_read(line) for line in before]
    new = [as_read(line) for line in after]
    hunks = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        a, b = _words(before[i1:i2]), _words(after[j1:j2])
        if a == b:
            continue  # only markup or line breaks moved: staff see no change
        pieces: list[Piece] = []
        for op, k1, k2, m1, m2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
            if op == "equal":
                pieces.append(("=", " ".join(a[k1:k2])))
                continue
            if k2 > k1:
                pieces.append(("-", " ".join(a[k1:k2])))
            if m2 > m1:
                pieces.append(("+", " ".join(b[m1:m2])))
        hunks.append(_trim(pieces))
    return hunks
