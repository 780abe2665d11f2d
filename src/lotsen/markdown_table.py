"""Markdown tables as Lotsen writes them, for a pull request's comment and for pages
generated from the model."""

from __future__ import annotations

import re

#: What starts markup or HTML in Markdown text from content: a backslash, a table's
#: column bar, and HTML's special characters.
_SPECIAL = re.compile(r"([\\|<>&])")


def markdown_text(text: str) -> str:
    """Text from content shown as itself in Markdown: a backslash, ``|`` and HTML's
    ``<``, ``>`` and ``&`` escaped with a backslash, so a title can neither split a
    table's row nor become HTML where the text is pasted."""
    return _SPECIAL.sub(r"\\\1", text)


def markdown_cell(text: str) -> str:
    """A table cell: ``markdown_text`` on one line."""
    return markdown_text(" ".join(text.split()))


def markdown_table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A table, a line per row and a blank line after it. Cells are written as given:
    the caller escapes what it put in them (``|`` above all)."""
    return (["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
            + ["| " + " | ".join(row) + " |" for row in rows] + [""])
