"""sphinx-needs forgets a document's objects through an index of them by document.

Before Sphinx reads a document it purges what the last reading left
(``env-purge-doc``), and sphinx-needs then walks every object of the project to find
the document's own (``SphinxNeedsData.remove_doc``). A full build purges each
document before reading it, so it walks all objects read so far once per document:
the cost grows with objects times documents (L: about 4 s of a full build, XL about a
minute; docs/prestanda.md).

So the environment keeps sphinx-needs' dict of objects as a ``NeedsByDocument``: the
same dict, which also knows the objects of each document, kept up to date on every
change of the dict. Lotsen's handler takes sphinx-needs' place and removes what
``remove_doc`` removes, in the same way, and asks each object whether it is in the
document as ``remove_doc`` does. An environment pickled without the index gets it at
the first purge of a build.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx_needs.data import SphinxNeedsData

#: The environment's attribute sphinx-needs keeps the objects in (``SphinxNeedsData``).
ATTRIBUTE = "_needs_all_needs"

_MISSING = object()


def _docname(need: Any) -> str | None:
    """The document the object was read from, as ``NeedItem.is_in_document`` reads it."""
    return need.source.dict_repr.get("docname")


class NeedsByDocument(dict):
    """sphinx-needs' dict of need ID to object, with the IDs of each document's
    objects. Every way of changing the dict keeps the index; reading is a dict's."""

    __slots__ = ("_by_document",)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self._by_document: dict[str | None, set[str]] = {}
        self.update(*args, **kwargs)

    def in_document(self, docname: str) -> list[str]:
        """The IDs of the objects read from ``docname`` (in no order: removing them in
        any order leaves the same dict)."""
        return [key for key in self._by_document.get(docname, ()) if key in self]

    def _add(self, key: str, value: Any) -> None:
        self._by_document.setdefault(_docname(value), set()).add(key)

    def _forget(self, key: str) -> None:
        value = dict.get(self, key, _MISSING)
        if value is not _MISSING:
            ids = self._by_document.get(_docname(value))
            if ids is not None:
                ids.discard(key)

    def __setitem__(self, key: str, value: Any) -> None:
        self._forget(key)
        super().__setitem__(key, value)
        self._add(key, value)

    def __delitem__(self, key: str) -> None:
        self._forget(key)
        super().__delitem__(key)

    def pop(self, key: str, default: Any = _MISSING) -> Any:
        self._forget(key)
        return super().pop(key) if default is _MISSING else super().pop(key, default)

    def popitem(self) -> tuple[str, Any]:
        key, value = super().popitem()
        ids = self._by_document.get(_docname(value))
        if ids is not None:
            ids.discard(key)
        return key, value

    def clear(self) -> None:
        super().clear()
        self._by_document.clear()

    def setdefault(self, key: str, default: Any = None) -> Any:
        if key not in self:
            self[key] = default
        return dict.__getitem__(self, key)

    def update(self, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        for source in (*args, kwargs):
            pairs = source.items() if isinstance(source, Mapping) else source
            for key, value in pairs:
                self[key] = value

    def __ior__(self, other: Any) -> NeedsByDocument:
        self.update(other)
        return self

    def copy(self) -> NeedsByDocument:
        return NeedsByDocument(self)

    def __copy__(self) -> NeedsByDocument:
        return self.copy()

    def __reduce__(self) -> tuple[Any, ...]:
        # the objects alone: the index is made again from them when the dict is loaded
        return NeedsByDocument, (dict(self),)


def purge_needs(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    """What ``SphinxNeedsData.remove_doc`` does, with the objects found by the index."""
    data = SphinxNeedsData(env)
    if data.needs_is_post_processed:
        data.remove_doc(docname)  # sphinx-needs says why that is too late
        return
    needs = data.get_needs_mutable()
    if not isinstance(needs, NeedsByDocument):
        needs = NeedsByDocument(needs)
        setattr(env, ATTRIBUTE, needs)
    for need_id in needs.in_document(docname):
        if needs[need_id].is_in_document(docname):
            del needs[need_id]
            data.remove_need_node(need_id)
    # the rest of remove_doc: a walk of the document lists, extends and diagrams
    docs = data.get_or_create_docs()
    for key, value in docs.items():
        if docname in value:
            docs[key] = [doc for doc in value if doc != docname]
    extends = data.get_or_create_extends()
    for extend_id in [key for key, extend in extends.items() if extend["docname"] == docname]:
        del extends[extend_id]
    umls = data.get_or_create_umls()
    for uml_id in [key for key, uml in umls.items() if uml["docname"] == docname]:
        del umls[uml_id]


def setup_needs_purge(app: Sphinx) -> None:
    """Put Lotsen's purge in place of sphinx-needs' (``purge_needs`` in its need directive)."""
    for listener in list(app.events.listeners.get("env-purge-doc", [])):
        handler = listener.handler
        if getattr(handler, "__module__", "") == "sphinx_needs.directives.need" and handler.__name__ == "purge_needs":
            app.disconnect(listener.id)
            app.connect("env-purge-doc", purge_needs, priority=listener.priority)

