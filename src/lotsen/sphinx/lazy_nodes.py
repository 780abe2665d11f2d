"""sphinx-needs' copies of the need nodes, kept pickled between builds.

sphinx-needs keeps a deep copy of every need's node in ``env._needs_all_nodes`` for
``needextract`` and a few dynamic functions, which read one now and then
(``get_need_node`` copies it again). Sphinx pickles the environment after every read
and unpickles it at the start of every build: at M the nodes are 4.8 MB of the 11 MB
and half the time of pickling it, although an edit changes the nodes of one document.

So the dict holds each node as it was given or as the bytes of its pickle. Its values
are unpickled when read; pickling the dict pickles only the nodes that are not bytes
yet, and the bytes of the others are written as they are. An incremental build thus
pickles the nodes of the documents it read, and loading the environment copies bytes
instead of building millions of objects. To sphinx-needs it is the dict it made.
"""

from __future__ import annotations

import copy
import pickle
from collections.abc import ItemsView, Iterable, Mapping, ValuesView
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

#: The environment's attribute sphinx-needs keeps the nodes in (``SphinxNeedsData``).
ATTRIBUTE = "_needs_all_nodes"

_MISSING = object()


def _node(value: Any) -> Any:
    return pickle.loads(value) if isinstance(value, bytes) else value


def _pickled(value: Any) -> bytes:
    return value if isinstance(value, bytes) else pickle.dumps(value, pickle.HIGHEST_PROTOCOL)


class LazyNodes(dict):
    """A dict of need id to node whose values may be stored pickled.

    A node given is kept as it is until the dict is pickled; from then on the dict
    holds its bytes and hands out a new node of them on every read, as
    ``get_need_node`` copies the node it reads anyway. Nodes themselves are never
    bytes, so a stored value is unambiguous. Nobody else holds a stored node
    (``set_need_node`` stores a copy), so changing it into bytes changes nothing seen.
    """

    __slots__ = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self.update(*args, **kwargs)

    # reading: every value comes out as a node

    def __getitem__(self, key: str) -> Any:
        return _node(super().__getitem__(key))

    def get(self, key: str, default: Any = None) -> Any:
        value = super().get(key, _MISSING)
        return default if value is _MISSING else _node(value)

    def pop(self, key: str, default: Any = _MISSING) -> Any:
        if default is _MISSING:
            return _node(super().pop(key))
        value = super().pop(key, _MISSING)
        return default if value is _MISSING else _node(value)

    def popitem(self) -> tuple[str, Any]:
        key, value = super().popitem()
        return key, _node(value)

    def setdefault(self, key: str, default: Any = None) -> Any:
        if key not in self:
            self[key] = default
        return self[key]

    def values(self) -> ValuesView[Any]:  # type: ignore[override]
        return ValuesView(self)

    def items(self) -> ItemsView[str, Any]:  # type: ignore[override]
        return ItemsView(self)

    def copy(self) -> LazyNodes:
        return LazyNodes(self)

    def __or__(self, other: Any) -> Any:
        if not isinstance(other, Mapping):
            return NotImplemented
        merged = self.copy()
        merged.update(other)
        return merged

    def __copy__(self) -> LazyNodes:
        return self.copy()

    def __deepcopy__(self, memo: dict[int, Any]) -> LazyNodes:
        nodes = LazyNodes()
        dict.update(nodes, {key: copy.deepcopy(value, memo) for key, value in dict.items(self)})
        return nodes

    # writing: another such dict gives its stored values as they are

    def update(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        for source in (*args, kwargs):
            if isinstance(source, LazyNodes):
                dict.update(self, dict.items(source))
            elif isinstance(source, Mapping):
                for key in source:
                    self[key] = source[key]
            else:
                for key, value in source:
                    self[key] = value

    def stored(self, key: str) -> Any:
        """The value as it is held: a node, or the bytes of one."""
        return super().__getitem__(key)

    # pickling: only what is not bytes yet

    def __reduce__(self) -> tuple[Any, ...]:
        stored = {key: _pickled(value) for key, value in dict.items(self)}
        dict.update(self, stored)  # the next pickling writes these bytes again
        return _of_pickled, (stored,)


def _of_pickled(stored: dict[str, bytes]) -> LazyNodes:
    nodes = LazyNodes()
    dict.update(nodes, stored)
    return nodes


def keep_pickled(app: Sphinx, env: BuildEnvironment, docnames: Iterable[str]) -> None:
    """Let the environment keep its need nodes in a ``LazyNodes`` before any is read.

    An environment this module pickled brings its ``LazyNodes`` along; a fresh one,
    or one an earlier version pickled, gets one here, holding the nodes it has.
    """
    nodes = getattr(env, ATTRIBUTE, None)
    if not isinstance(nodes, LazyNodes):
        setattr(env, ATTRIBUTE, LazyNodes(nodes or {}))


def setup_lazy_nodes(app: Sphinx) -> None:
    app.connect("env-before-read-docs", keep_pickled)
