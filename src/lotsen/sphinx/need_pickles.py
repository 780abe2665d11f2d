"""sphinx-needs' small frozen dataclasses, pickled without the generic dataclass code.

Sphinx pickles the environment after every read, on the way to the pages an edit
writes, and unpickles it at the start of every build. Each need holds a few frozen
dataclasses with slots (its content, its source, one per link): at M some 7,500 of
them. Python pickles such a class with ``dataclasses._dataclass_getstate`` and restores
it with ``_dataclass_setstate``, which look the fields up again for every object. That
was about a fifth of pickling the needs (0.13 → 0.10 s at M) and some 40 % of
unpickling them (0.25 → 0.14 s, docs/prestanda.md).

So those classes get a ``__reduce__`` that gives their field values in the order of
their slots, read with one ``attrgetter``, and a function that sets them again. The
object that comes back is the same: every field is set, those not given to
``__init__`` too, as the dataclass code does. An environment pickled before is still
read (the classes keep ``__setstate__``); one pickled after names this module.
"""

from __future__ import annotations

import dataclasses
from operator import attrgetter
from typing import Any

#: The classes, by the name sphinx_needs.need_item gives them.
CLASSES = ("NeedLink", "NeedsContent", "NeedItemSourceDirective", "NeedItemSourceUnknown",
           "NeedItemSourceService", "NeedItemSourceExternal", "NeedItemSourceImport")


def _restore(cls: type, values: tuple) -> Any:
    """An object of ``cls`` with its slots set to ``values`` (frozen: past its ``__setattr__``)."""
    obj = object.__new__(cls)
    for name, value in zip(cls.__slots__, values):  # type: ignore[attr-defined]
        object.__setattr__(obj, name, value)
    return obj


def _reducer(cls: type) -> Any:
    names = tuple(cls.__slots__)  # type: ignore[attr-defined]
    get = attrgetter(*names)
    if len(names) == 1:
        return lambda self: (_restore, (cls, (get(self),)))
    return lambda self: (_restore, (cls, get(self)))


def fast_reducible(cls: type) -> bool:
    """Whether ``cls`` is a frozen dataclass whose slots are its fields, in order: so
    its field values, in the order of its slots, are the whole object."""
    params = getattr(cls, "__dataclass_params__", None)
    return (params is not None and params.frozen and "__slots__" in cls.__dict__
            and tuple(cls.__slots__) == tuple(f.name for f in dataclasses.fields(cls)))


def setup_need_pickles() -> None:
    """Give sphinx-needs' frozen dataclasses the quicker ``__reduce__``; a class that
    is not (or no longer) of that form keeps the generic code."""
    from sphinx_needs import need_item

    for name in CLASSES:
        cls = getattr(need_item, name, None)
        if isinstance(cls, type) and "__reduce__" not in cls.__dict__ and fast_reducible(cls):
            cls.__reduce__ = _reducer(cls)  # type: ignore[method-assign]
