"""Values Lotsen computes, carried in needs.json beside the authors' fields: a risk's
score and level, and a control's latest result (its ID, period and assessment).
Set on every build, since a control's latest result lives in another document."""

from __future__ import annotations

from typing import Any

from sphinx.environment import BuildEnvironment

from lotsen.reports.goals import goal_rows
from lotsen.reports.year import latest_result
from lotsen.source.index import ObjectIndex

#: Computed field -> what it holds (the sphinx-needs field's description).
COMPUTED_FIELDS = {
    "lotsen_riskvarde": "Riskvärde (sannolikhet gånger konsekvens), beräknat av Lotsen",
    "lotsen_riskniva": "Risknivå enligt modellens gränser, beräknad av Lotsen",
    "lotsen_senaste_resultat": "Egenkontrollens senaste resultat (ID), beräknat av Lotsen",
    "lotsen_senaste_period": "Perioden för egenkontrollens senaste resultat",
    "lotsen_senaste_bedomning": "Bedömningen i egenkontrollens senaste resultat",
    "lotsen_maluppfyllelse": "Om målet eller indikatorn är uppnått (Uppnått, Delvis, Ej uppnått, Inget utfall)",
    "lotsen_senaste_utfall": "Indikatorns senaste utfall, med decimalkomma",
    "lotsen_utfallsperiod": "Perioden för indikatorns senaste utfall",
    "lotsen_trend": "Om indikatorns senaste utfall är bättre eller sämre än det föregående",
}


def computed_config() -> dict[str, Any]:
    return {name: {"description": text, "nullable": True, "schema": {"type": "string"}, "parse_variants": False,
                   "parse_dynamic_functions": False} for name, text in COMPUTED_FIELDS.items()}


def computed_values(index: ObjectIndex) -> dict[str, dict[str, str]]:
    model = index.model
    values: dict[str, dict[str, str]] = {}
    assessment = model.field_for("assessment")
    for need in index.by_id.values():
        if need.type == model.risk.type:
            score = index.score(need)
            level = model.risk.level(score) if score is not None else None
            values[need.id] = {"lotsen_riskvarde": str(score) if score is not None else "",
                               "lotsen_riskniva": level.label if level else ""}
        elif need.type == model.structure.control_type and model.results.type:
            latest = latest_result(index, need)
            values[need.id] = {
                "lotsen_senaste_resultat": latest.need.id if latest else "",
                "lotsen_senaste_period": latest.period.text if latest else "",
                "lotsen_senaste_bedomning": latest.need.value(assessment) if latest and assessment else "",
            }
    if model.goals.goal_type:
        for row in goal_rows(index):
            values[row.id] = {"lotsen_maluppfyllelse": row.status}
            if row.indicator:
                values[row.id] |= {"lotsen_senaste_utfall": row.latest.text.replace(".", ",") if row.latest else "",
                                   "lotsen_utfallsperiod": row.latest.period.text if row.latest else "",
                                   "lotsen_trend": row.trend}
    return values


def set_computed(env: BuildEnvironment, index: ObjectIndex) -> set[str]:
    """Set the computed values; returns the IDs of the objects whose values changed."""
    from sphinx_needs.data import SphinxNeedsData

    values = computed_values(index)
    changed = set()
    for need_id, need in SphinxNeedsData(env).get_needs_mutable().items():
        for name, value in values.get(need_id, {}).items():
            if need.get(name) != value:
                need[name] = value
                changed.add(need_id)
    return changed
