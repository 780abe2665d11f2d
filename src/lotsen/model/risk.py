"""Risk assessment in the model: the scales (contiguous steps), and how a risk's score,
levels, colours and the control it needs are read."""

from __future__ import annotations

import re

from lotsen.model.reader import MAX_MONTHS, Reader
from lotsen.model.schema import RiskConfig, RiskLevel
from lotsen.model.yaml_lines import LineDict

#: A risk level's colour goes into the site's stylesheet: a hex code or a colour's name.
_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})|[a-zA-Z]+")


def read_scales(r: Reader, top: LineDict) -> dict[str, dict[int, str]]:
    scales: dict[str, dict[int, str]] = {}
    table = r.mapping(top.get("scales", LineDict()), top.line_of("scales"), "scales")
    for name, steps in table.items():
        steps_table = r.mapping(steps, table.line_of(name), f"scales.{name}")
        scale: dict[int, str] = {}
        for value, label in steps_table.items():
            if not re.fullmatch(r"-?[0-9]+", str(value)) or not isinstance(label, str):
                r.error(steps_table.line_of(value), f"'scales.{name}': varje steg ska vara 'heltal: benämning'.")
                continue
            scale[int(value)] = label
        if not scale:
            r.error(table.line_of(name), f"Skalan '{name}' har inga steg.")
            continue
        steps_in_order = sorted(scale)
        missing = sorted(set(range(steps_in_order[0], steps_in_order[-1] + 1)) - set(scale))
        if missing:
            r.error(table.line_of(name), f"Skalan '{name}' hoppar över {', '.join(map(str, missing))}. "
                                         f"Stegen ska följa på varandra, till exempel 1, 2, 3, 4.")
        scales[name] = dict(sorted(scale.items()))
    return scales


def read_risk(r: Reader, top: LineDict, types, fields, links, scales) -> RiskConfig:
    spec = r.mapping(top.get("risk", LineDict()), top.line_of("risk"), "risk")
    r.known_keys(spec, {"type", "likelihood", "consequence", "levels", "control_required_from", "control_link",
                        "reassess_months", "active_statuses"}, "risk")
    if "risk" not in top:
        return RiskConfig("", "", "", (), 0, "")
    cfg_type = r.text(spec, "type", "risk")
    likelihood = r.text(spec, "likelihood", "risk")
    consequence = r.text(spec, "consequence", "risk")
    control_link = r.text(spec, "control_link", "risk")
    if cfg_type and cfg_type not in types:
        r.error(spec.line_of("type"), f"'risk.type' nämner typen '{cfg_type}', som inte finns.")
    for key, name in (("likelihood", likelihood), ("consequence", consequence)):
        if name and (name not in fields or fields[name].kind != "scale"):
            r.error(spec.line_of(key), f"'risk.{key}' ska vara ett fält av typen scale; '{name}' är det inte.")
    if control_link and control_link not in links:
        r.error(spec.line_of("control_link"), f"'risk.control_link' nämner länktypen '{control_link}', som inte finns.")
    levels = []
    raw_levels = spec.get("levels", [])
    if not isinstance(raw_levels, list) or not raw_levels:
        r.error(spec.line_of("levels"), "'risk.levels' ska vara en lista med nivåer, till exempel {from: 1, label: Låg, color: '#d8f0d2'}.")
        raw_levels = []
    for item in raw_levels:
        item = r.mapping(item, spec.line_of("levels"), "risk.levels")
        r.known_keys(item, {"from", "label", "color"}, "risk.levels")
        color = r.text(item, "color", "risk.levels", default="")
        if color and not _COLOR.fullmatch(color):
            r.error(item.line_of("color"), f"'risk.levels': '{color}' är ingen färg. Skriv en färgkod som '#d8f0d2'.")
        levels.append(RiskLevel(r.integer(item, "from", "risk.levels"), r.text(item, "label", "risk.levels"),
                                color if _COLOR.fullmatch(color) else ""))
    if [lv.start for lv in levels] != sorted(lv.start for lv in levels):
        r.error(spec.line_of("levels"), "'risk.levels' ska stå i stigande ordning efter 'from'.")
    return RiskConfig(cfg_type, likelihood, consequence, tuple(levels),
                      r.integer(spec, "control_required_from", "risk"), control_link,
                      r.integer(spec, "reassess_months", "risk", default=0, minimum=0, maximum=MAX_MONTHS),
                      r.names(spec, "active_statuses", "risk") if "active_statuses" in spec else ())
