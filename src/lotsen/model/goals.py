"""The part of lotsen.yaml about goals and indicators (``goals:``): which types they are,
how an indicator links to its goal and to a control, what the direction values mean,
when an outcome counts as partly achieved, and where the outcome files are."""

from __future__ import annotations

import re

from lotsen.model.reader import Reader
from lotsen.model.schema import GOAL_VALUE_COLUMNS, INDICATOR_PERIODS, FieldDef, GoalsConfig, LinkDef, TypeDef
from lotsen.model.yaml_lines import LineDict

GOALS_KEY = {"goals": "mål och indikatorer: typerna, länkarna, riktningarna, toleransen och filerna med utfall"}
_KEYS = {"goal_type", "indicator_type", "goal_link", "control_link", "directions", "tolerance_percent", "folder",
         "columns"}


def read_goals(r: Reader, top: LineDict, types: dict[str, TypeDef], links: dict[str, LinkDef],
               fields: dict[str, FieldDef], field_roles: dict[str, str]) -> GoalsConfig:
    if "goals" not in top:
        return GoalsConfig()
    where = "goals"
    spec = r.mapping(top.get(where, LineDict()), top.line_of(where), where)
    r.known_keys(spec, _KEYS, where)
    names = {}
    for key in ("goal_type", "indicator_type"):
        name = r.text(spec, key, where)
        if name and name not in types:
            r.error(spec.line_of(key), f"'{where}.{key}' nämner typen '{name}', som inte finns.")
        names[key] = name
    indicator = types.get(names["indicator_type"])
    for key in ("goal_link", "control_link"):
        name = r.text(spec, key, where, default="")
        if name and name not in links:
            r.error(spec.line_of(key), f"'{where}.{key}' nämner länktypen '{name}', som inte finns.")
        elif name and indicator is not None and name not in indicator.links:
            r.error(spec.line_of(key), f"'{where}.{key}': typen '{indicator.name}' har inte länktypen '{name}'.")
        names[key] = name
    if not names["goal_link"]:
        r.error(spec.line_of("goal_link") or top.line_of(where),
                f"'{where}.goal_link' saknas: länktypen från en indikator till målet den mäter.")

    direction_field = fields.get(field_roles.get("direction", ""))
    directions = r.mapping(spec.get("directions", LineDict()), spec.line_of("directions") or top.line_of(where),
                           f"{where}.directions")
    r.known_keys(directions, {"higher", "lower"}, f"{where}.directions")
    chosen = {}
    for key in ("higher", "lower"):
        value = r.text(directions, key, f"{where}.directions")
        if value and direction_field is not None and value not in direction_field.values:
            r.error(directions.line_of(key),
                    f"'{where}.directions.{key}' är '{value}', men fältet '{direction_field.name}' har bara "
                    f"värdena {', '.join(direction_field.values)}.")
        chosen[key] = value
    if direction_field is None:
        r.error(spec.line, f"'{where}': inget fält har 'role: direction' (om ett högre eller lägre utfall är bättre).")

    period_field = fields.get(field_roles.get("indicator_period", ""))
    if period_field is not None:
        unknown = [v for v in period_field.values if v not in INDICATOR_PERIODS]
        if unknown:
            r.error(spec.line, f"Fältet '{period_field.name}' (role: indicator_period) har värdena "
                               f"{', '.join(unknown)}, som inte är perioder. Tillåtna: {', '.join(INDICATOR_PERIODS)}.")

    tolerance = spec.get("tolerance_percent", 10)
    if isinstance(tolerance, bool) or not isinstance(tolerance, (int, float)) or tolerance < 0:
        r.error(spec.line_of("tolerance_percent"), f"'{where}.tolerance_percent' ska vara ett tal som är 0 eller "
                                                   "större, till exempel 10.")
        tolerance = 10

    folder = r.text(spec, "folder", where, default="")
    if folder and (folder.startswith(("/", ".")) or ".." in folder.split("/") or not re.fullmatch(r"[\w./-]+", folder)):
        r.error(spec.line_of("folder"), f"'{where}.folder' ska vara en mapp i arkivet, till exempel 'indikatorer'.")
    columns: dict[str, str] = {}
    if folder:
        columns_spec = r.mapping(spec.get("columns", LineDict()), spec.line_of("columns") or spec.line_of("folder"),
                                 f"{where}.columns")
        r.known_keys(columns_spec, GOAL_VALUE_COLUMNS, f"{where}.columns")
        for key, name in GOAL_VALUE_COLUMNS.items():
            if key not in columns_spec:
                r.error(spec.line_of("columns") or spec.line_of("folder"),
                        f"'{where}.columns.{key}' saknas: rubriken på kolumnen som håller {name}.")
            else:
                columns[key] = r.text(columns_spec, key, f"{where}.columns")
    return GoalsConfig(names["goal_type"], names["indicator_type"], names["goal_link"], names["control_link"],
                       chosen["higher"], chosen["lower"], float(tolerance), folder, columns)
