"""The parts of lotsen.yaml about the quality year: results of controls and case
statistics."""

from __future__ import annotations

from lotsen.model.reader import Reader
from lotsen.model.schema import LinkDef, ResultsConfig, TypeDef
from lotsen.model.yaml_lines import LineDict

YEAR_KEYS = {
    "results": "resultat av egenkontroller",
}


def read_results(r: Reader, top: LineDict, types: dict[str, TypeDef], links: dict[str, LinkDef]) -> ResultsConfig:
    if "results" not in top:
        return ResultsConfig()
    spec = r.mapping(top.get("results", LineDict()), top.line_of("results"), "results")
    r.known_keys(spec, {"type", "control_link", "actions_link", "grace_days"}, "results")
    type_name = r.text(spec, "type", "results")
    if type_name and type_name not in types:
        r.error(spec.line_of("type"), f"'results.type' nämner typen '{type_name}', som inte finns.")
    names = {}
    for key in ("control_link", "actions_link"):
        name = r.text(spec, key, "results", default="")
        if name and name not in links:
            r.error(spec.line_of(key), f"'results.{key}' nämner länktypen '{name}', som inte finns.")
        elif name and type_name in types and name not in types[type_name].links:
            r.error(spec.line_of(key), f"'results.{key}': typen '{type_name}' har inte länktypen '{name}'.")
        names[key] = name
    if not names["control_link"]:
        r.error(spec.line_of("control_link") or top.line_of("results"),
                "'results.control_link' saknas: länktypen från ett resultat till dess egenkontroll.")
    return ResultsConfig(type_name, names["control_link"], names["actions_link"],
                         r.integer(spec, "grace_days", "results", default=30, minimum=0))
