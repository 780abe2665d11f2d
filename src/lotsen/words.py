"""Counts in Swedish: '1 rutin', '2 rutiner', '1 nytt objekt', '2 nya objekt'.

Every message that puts a number before a noun goes through ``plural``, so that the
number and the word agree; tests/test_messages.py runs each template with 1 and 2.
"""

from __future__ import annotations


def plural(n: int, one: str, many: str) -> str:
    """``n`` and the form that agrees with it: ``plural(1, "fel", "fel")`` -> '1 fel'."""
    return f"{n} {one if n == 1 else many}"


def word(n: int, one: str, many: str) -> str:
    """Only the form that agrees with ``n``, for a count written elsewhere."""
    return one if n == 1 else many
