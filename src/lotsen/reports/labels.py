"""The readable names of a field's values: roles and units by name, and a role per unit
with the units of the object it stands on."""

from __future__ import annotations

from lotsen.model import Model
from lotsen.source.index import ObjectIndex
from lotsen.source.scanner import NeedSource


def label(index: ObjectIndex, field_name: str, value: str) -> str:
    """The readable name of a role or unit code; the value itself for other fields."""
    return index.model.value_name(field_name, value)


def names(model: Model, need: NeedSource, field_name: str) -> str:
    """A field's values by name (roles and units), comma-separated."""
    return ", ".join(model.value_name(field_name, v) for v in need.values(field_name))


def label_list(index: ObjectIndex, need: NeedSource, field_name: str) -> list[str]:
    """The names of a field's values; a role per unit with the object's units."""
    per_unit, model = index.model.per_unit_roles, index.model
    return [label(index, field_name, v) + (f" ({', '.join(model.units[u] for u in index.named_units(need))})"
                                            if v in per_unit and index.named_units(need) else "")
            for v in need.values(field_name)]


def labels(index: ObjectIndex, need: NeedSource, field_name: str) -> str:
    return ", ".join(label_list(index, need, field_name))
