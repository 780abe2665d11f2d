"""Markdown tables as Lotsen writes them, for a pull request's comment and for pages
generated from the model."""

from __future__ import annotations


def markdown_table(header: list[str], rows: list[list[str]]) -> list[str]:
    """A table, a line per row and a blank line after it. Cells are written as given:
    the caller escapes what it put in them (``|`` above all)."""
    return (["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
            + ["| " + " | ".join(row) + " |" for row in rows] + [""])
