"""The parts of lotsen.yaml about the quality year: results of controls and case
statistics."""

from __future__ import annotations

import re

from lotsen.model.reader import MAX_DAYS, Reader
from lotsen.model.schema import STATISTICS_COLUMNS, LinkDef, ResultsConfig, StatisticsConfig, TypeDef
from lotsen.model.yaml_lines import LineDict

YEAR_KEYS = {
    "results": "resultat av egenkontroller",
    "statistics": "ärendestatistik: mapp, kolumner, kategorier och maskning av små tal",
}


def read_results(r: Reader, top: LineDict, types: dict[str, TypeDef], links: dict[str, LinkDef]) -> ResultsConfig:
    if "results" not in top:
        return ResultsConfig()
    spec = r.mapping(top.get("results", LineDict()), top.line_of("results"), "results")
    r.known_keys(spec, {"type", "control_link", "actions_link", "grace_days", "file_template"}, "results")
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
    file_template = r.text(spec, "file_template", "results", default="{year}/{control}.md")
    try:
        shown = file_template.format(year=2026, control="ktrl")
    except (KeyError, IndexError, ValueError):
        shown = ""
    if not shown.endswith(".md") or ".." in shown.split("/") or shown.startswith("/"):
        r.error(spec.line_of("file_template") or top.line_of("results"),
                "'results.file_template' ska vara en sökväg i resultatmappen som slutar på .md, med {year} och "
                "{control}, till exempel '{year}/{control}.md'.")
    return ResultsConfig(type_name, names["control_link"], names["actions_link"],
                         r.integer(spec, "grace_days", "results", default=30, minimum=0, maximum=MAX_DAYS), file_template)


def read_statistics(r: Reader, top: LineDict) -> StatisticsConfig:
    if "statistics" not in top:
        return StatisticsConfig()
    where = "statistics"
    spec = r.mapping(top.get(where, LineDict()), top.line_of(where), where)
    r.known_keys(spec, {"folder", "columns", "categories", "small_count_threshold", "mask_exports"}, where)
    folder = r.text(spec, "folder", where)
    if folder and (folder.startswith(("/", ".")) or ".." in folder.split("/") or not re.fullmatch(r"[\w./-]+", folder)):
        r.error(spec.line_of("folder"), f"'{where}.folder' ska vara en mapp i arkivet, till exempel 'statistik'.")
    columns_spec = r.mapping(spec.get("columns", LineDict()), spec.line_of("columns") or top.line_of(where),
                             f"{where}.columns")
    r.known_keys(columns_spec, STATISTICS_COLUMNS, f"{where}.columns")
    columns = {}
    for key, name in STATISTICS_COLUMNS.items():
        if key not in columns_spec:
            r.error(spec.line_of("columns") or top.line_of(where),
                    f"'{where}.columns.{key}' saknas: rubriken på kolumnen som håller {name}.")
        else:
            columns[key] = r.text(columns_spec, key, f"{where}.columns")
    categories = r.code_names(spec.get("categories", LineDict()), spec.line_of("categories") or top.line_of(where),
                              f"{where}.categories")
    mask_exports = spec.get("mask_exports", True)
    if not isinstance(mask_exports, bool):
        r.error(spec.line_of("mask_exports"), f"'{where}.mask_exports' ska vara true eller false.")
        mask_exports = True
    return StatisticsConfig(folder, columns, categories,
                            r.integer(spec, "small_count_threshold", where, default=2, minimum=0), mask_exports)
