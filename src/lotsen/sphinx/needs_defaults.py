"""sphinx-needs' default values copied as cheaply as they can be.

For every object and every field and link type it has no value for, sphinx-needs
hands out a deep copy of the type's default (``_get_field_default`` and
``_get_links_default``): at M 39,000 deep copies of an empty list of links or of a
text, 0.25 s of a 10 s full build.

A default is a frozen value. One that holds a text, a number, a truth value or
nothing cannot change, so it is handed out as it is; one that holds a list of frozen
links or of texts gets a new list of the same items, which is what a deep copy gives
for them. Anything else is deep-copied as before.
"""

from __future__ import annotations

import copy
from typing import Any

from sphinx_needs.need_item import NeedLink
from sphinx_needs.needs_schema import FieldLiteralValue, LinksLiteralValue

#: Values that cannot change: the same object serves every need.
_UNCHANGING = (str, int, float, bool, type(None))


def default_copy(value: Any) -> Any:
    """A copy of a field's or link type's default that no need can change in another."""
    kind = type(value)
    if kind is LinksLiteralValue and all(type(link) is NeedLink for link in value.value):
        return LinksLiteralValue(list(value.value))
    if kind is FieldLiteralValue:
        inner = value.value
        if type(inner) in _UNCHANGING:
            return value
        if type(inner) is list and all(type(item) in _UNCHANGING for item in inner):
            return FieldLiteralValue(list(inner))
    return copy.deepcopy(value)


def setup_needs_defaults() -> None:
    """For the whole process: ``deepcopy`` in that module copies only defaults.
    Imported here: the module brings docutils' image directive, and with it PIL,
    which importing the extension must not (tests/test_startup.py)."""
    import sphinx_needs.api.need

    sphinx_needs.api.need.deepcopy = default_copy  # type: ignore[attr-defined]
