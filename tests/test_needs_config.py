"""The sphinx-needs configuration is derived from the model, not declared again."""

from __future__ import annotations

import dataclasses

from lotsen.model import load_model
from lotsen.sphinx.computed import COMPUTED_FIELDS
from lotsen.sphinx.needs_config import sphinx_needs_config

from conftest import REPO


def test_types_fields_and_links_come_from_the_model() -> None:
    model = load_model(REPO / "lotsen.yaml")
    config = sphinx_needs_config(model)
    assert [t["directive"] for t in config["needs_types"]] == list(model.types)
    assert {t["directive"]: t["prefix"] for t in config["needs_types"]}["rutin"] == "RUT-"
    # status is sphinx-needs' own field: used, not redeclared
    assert "status" not in config["needs_fields"]
    # and the values Lotsen computes for needs.json (a risk's score, a control's latest result)
    assert set(config["needs_fields"]) == set(model.fields) - {"status"} | set(COMPUTED_FIELDS)
    assert config["needs_fields"]["målgrupp"]["schema"] == {"type": "array", "items": {"type": "string"}}
    assert config["needs_fields"]["ägare"]["schema"] == {"type": "string"}
    assert config["needs_links"]["åtgärdar"]["target_types"] == ["risk", "kontroll", "rutin"]
    assert config["needs_links"]["tillhör"]["incoming"] == "Rutiner"


def test_a_new_type_in_the_model_reaches_sphinx_needs() -> None:
    model = load_model(REPO / "lotsen.yaml")
    extra = dataclasses.replace(model.types["krav"], name="riktlinje", prefix="RL-")
    model = dataclasses.replace(model, types={**model.types, "riktlinje": extra})
    config = sphinx_needs_config(model)
    assert {"directive": "riktlinje", "title": "Krav", "prefix": "RL-", "color": "", "style": "node"} in config["needs_types"]
