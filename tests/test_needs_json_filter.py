"""needs.json lists the objects sphinx-needs' builder filter lets in, in its order
(sphinx/needs_json.py ``_filtered``): for the default filter Lotsen picks them itself,
without sphinx-needs' indexes, and must pick the same objects in the same order."""

from __future__ import annotations

from types import SimpleNamespace

from sphinx_needs.config import NeedsSphinxConfig
from sphinx_needs.filter_common import filter_needs_view
from sphinx_needs.views import NeedsView, _LazyIndexes

from lotsen.sphinx.needs_json import _filtered


def _view() -> NeedsView:
    needs = {}
    for number, external in enumerate([False, True, False, False, True, False]):
        # a part may say otherwise than its object: the file lists whole objects only
        parts = {"p1": {"is_external": not external}} if number % 2 else {}
        needs[f"OBJ-{9 - number}"] = {"id": f"OBJ-{9 - number}", "is_external": external, "type": "rutin",
                                      "type_name": "Rutin", "status": None, "tags": [], "parts": parts}
    return NeedsView(_indexes=_LazyIndexes(needs), _selected_ids=None)


def _config(builder_filter: str) -> NeedsSphinxConfig:
    return SimpleNamespace(builder_filter=builder_filter)  # type: ignore[return-value]


def test_the_default_filter_picks_what_sphinx_needs_picks() -> None:
    config = _config("is_external==False")
    ours = [need["id"] for need in _filtered(_view(), config, filter_needs_view)]
    theirs = [need["id"] for need in filter_needs_view(_view(), config, config.builder_filter)]
    assert ours == theirs == ["OBJ-9", "OBJ-7", "OBJ-6", "OBJ-4"]


def test_another_filter_is_sphinx_needs_own() -> None:
    asked = []

    def sphinx_needs_filter(needs, config, filter_string, **kwargs) -> list:
        asked.append(filter_string)
        return list(needs.values())[:1]

    assert [n["id"] for n in _filtered(_view(), _config("is_external==True"), sphinx_needs_filter)] == ["OBJ-9"]
    assert asked == ["is_external==True"]
    assert NeedsSphinxConfig.__dataclass_fields__["builder_filter"].default == "is_external==False"
