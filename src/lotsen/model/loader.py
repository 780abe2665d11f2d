"""The model loader: lotsen.yaml read and checked, every problem at once, with lines."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from lotsen.errors import ModelError, Problem
from lotsen.findings import RULES, SEVERITIES
from lotsen.model.goals import GOALS_KEY, read_goals
from lotsen.model.papers import PAPERS_KEYS, read_internal_control
from lotsen.model.reader import Reader
from lotsen.model.roles import REPORT_FIELD_ROLES, field_roles_of, moved_to_roles
from lotsen.model.schema import (
    BUILTIN_OPTIONS,
    COVERAGE_GATES,
    FIELD_KINDS,
    HARMLESS_HTML,
    REPORT_LINKS,
    REPORT_TYPES,
    ContentChecks,
    FieldDef,
    LinkDef,
    Model,
    PublishingConfig,
    ReportsConfig,
    ReviewConfig,
    RiskConfig,
    RiskLevel,
    StructureConfig,
    TypeDef,
    TypeField,
)
from lotsen.model.story import STORY_KEYS, read_story
from lotsen.model.units import read_roles, read_units
from lotsen.model.workflow import check_templates, read_accounts, read_repository
from lotsen.model.yaml_lines import LineDict, load_yaml, reason_in_swedish
from lotsen.model.year import YEAR_KEYS, read_results, read_statistics

_TOP_KEYS = {
    "organisation": "organisationens namn",
    "units": "enheter",
    "roles": "roller",
    "scales": "skalor",
    "risk": "riskbedömning",
    "review": "revision",
    "months": "månader",
    "fields": "fält",
    "links": "länktyper",
    "types": "objekttyper",
    "structure": "strukturregler",
    "severity": "allvarlighetsgrad per regel",
    "reports": "vad rapporterna läser",
    "coverage": "lägsta täckning (kvalitetsgränser)",
    "publishing": "vad som visas på webbplatsen",
    "content_checks": "kontroller av texten: klarspråk och personuppgifter",
    "accounts": "granskare per roll (konton på git-tjänsten)",
    "repository": "arkivet på git-tjänsten, för länken Föreslå en ändring",
    "document_control": "används inte längre: fälten har rollerna document_version, approval_date, approver och change_note",
    "offline": "läsning utan nät",
    **YEAR_KEYS,
    **STORY_KEYS,
    **PAPERS_KEYS,
    **GOALS_KEY,
}
#: A risk level's colour goes into the site's stylesheet: a hex code or a colour's name.
_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})|[a-zA-Z]+")
_REQUIRED_TOP = ("organisation", "units", "roles", "fields", "links", "types")



def load_model(path: str | Path) -> Model:
    """Read and check the model file. Raises ModelError listing every problem."""
    path = Path(path)
    shown = path.name
    if not path.is_file():
        raise ModelError(
            [Problem(str(path), 0, "Modellfilen finns inte. Lotsen behöver organisationens "
                     "modellfil (till exempel lotsen.yaml) bredvid conf.py.")]
        )
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ModelError([Problem(shown, 0, "Filen är inte sparad som UTF-8. Spara om den som UTF-8.")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else 0
        reason = getattr(exc, "problem", None) or str(exc)
        raise ModelError(
            [Problem(shown, line, f"Raden går inte att läsa ({reason_in_swedish(reason)}). Kontrollera indrag, kolon och "
                              f"citattecken på raden och raden före.")]
        ) from None
    except RecursionError:
        raise ModelError([Problem(shown, 0, "Filen är för djupt nästlad för att läsas. Kontrollera hakparenteser "
                                            "och indrag.")]) from None
    except (ValueError, TypeError, IndexError, KeyError, AttributeError, OverflowError) as exc:
        # PyYAML lets some bad values through as Python errors: an impossible date,
        # an empty !!int, an escape beyond Unicode.
        raise ModelError([Problem(shown, 0, f"Filen har ett värde som inte går att läsa ({exc}). Kontrollera "
                                            "datum, tal och citattecken, och ta bort taggar som '!!int'.")]) from None
    reader = Reader(shown)
    top = reader.mapping(data, 1, "filen")
    if reader.problems:
        raise ModelError(reader.problems)
    return _build_model(reader, top, str(path))


def _build_model(r: Reader, top: LineDict, path: str) -> Model:
    r.known_keys(top, _TOP_KEYS, "filen")
    if "document_control" in top:
        r.error(top.line_of("document_control"),
                "'document_control' används inte längre. Skriv i stället 'role: document_version', "
                "'role: approval_date', 'role: approver' och 'role: change_note' under fälten i 'fields'.")
    for key in _REQUIRED_TOP:
        if key not in top:
            r.error(1, f"Avsnittet '{key}' ({_TOP_KEYS[key]}) saknas.")

    org = r.mapping(top.get("organisation", LineDict()), top.line_of("organisation"), "organisation")
    r.known_keys(org, {"name", "short_name", "site_name"}, "organisation")
    organisation = r.text(org, "name", "organisation") if "organisation" in top else ""
    short_name = r.text(org, "short_name", "organisation", default=organisation)
    site_name = r.text(org, "site_name", "organisation", default=organisation)
    offline = r.mapping(top.get("offline", LineDict()), top.line_of("offline"), "offline")
    r.known_keys(offline, {"max_pages"}, "offline")
    max_pages = r.integer(offline, "max_pages", "offline", default=300, minimum=1)

    unit_tree = read_units(r, top)
    units = unit_tree.names()
    roles, per_unit_roles = read_roles(r, top)
    months = r.names(top, "months", "filen", default=["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"])
    if months and len(months) != 12:
        r.error(top.line_of("months"), "'months' ska ha tolv namn, ett för varje månad.")

    scales = _read_scales(r, top)
    fields = _read_fields(r, top, scales)
    field_specs = top.get("fields") if isinstance(top.get("fields"), LineDict) else LineDict()
    field_roles = field_roles_of(
        r, top.line_of("fields"), {n: s for n, s in field_specs.items() if isinstance(s, LineDict) and n in fields},
        {n: f.kind for n, f in fields.items()}, "review" in top)
    links = _read_links(r, top)
    for name in links:
        if name in fields:
            r.error(top.get("links", LineDict()).line_of(name),
                    f"'{name}' är både ett fält och en länktyp. Ge länktypen ett eget namn.")
    types = _read_types(r, top, fields, links)
    for link in links.values():
        for target in link.targets:
            if types and target not in types:
                r.error(top.get("links", LineDict()).line_of(link.name),
                        f"Länktypen '{link.name}' pekar på typen '{target}', som inte finns under 'types'.")

    risk = _read_risk(r, top, types, fields, links, scales)
    review = _read_review(r, top, types, fields)
    structure = _read_structure(r, top, links, types)

    severity: dict[str, str] = {}
    sev = r.mapping(top.get("severity", LineDict()), top.line_of("severity"), "severity")
    for code, level in sev.items():
        if code not in RULES:
            r.error(sev.line_of(code), f"Okänd regel '{code}' i 'severity'. Regler: {', '.join(RULES)}.")
        elif level not in SEVERITIES:
            r.error(sev.line_of(code), f"'severity.{code}' ska vara 'fel' eller 'varning'.")
        else:
            severity[code] = level

    reports = _read_reports(r, top, types, fields, links)
    coverage, coverage_lines = _read_coverage(r, top)
    publishing = _read_publishing(r, top)
    content_checks = _read_content_checks(r, top)
    check_templates(r, top, types, units, {u.code: u.line for u in unit_tree.units.values()})
    accounts, unit_accounts = read_accounts(r, top, roles, per_unit_roles, units)
    results = read_results(r, top, types, links)
    statistics = read_statistics(r, top)
    story = read_story(r, top, types, links)
    internal_control = read_internal_control(r, top)
    goals = read_goals(r, top, types, links, fields, field_roles)
    repository = read_repository(r, top)
    if r.problems:
        raise ModelError(r.problems)
    return Model(
        path=path, organisation=organisation, short_name=short_name, units=units,
        roles=roles, scales=scales, months=months, fields=fields, links=links,
        types=types, risk=risk, review=review, structure=structure, severity=severity,
        reports=reports, coverage=coverage, coverage_lines=coverage_lines, publishing=publishing, content_checks=content_checks,
        accounts=accounts, repository=repository, field_roles=field_roles, site_name=site_name, offline_max_pages=max_pages,
        unit_tree=unit_tree, per_unit_roles=per_unit_roles,
        unit_accounts=unit_accounts,
        results=results, statistics=statistics, story=story, internal_control=internal_control, goals=goals,
    )


def _read_content_checks(r: Reader, top: LineDict) -> ContentChecks:
    spec = r.mapping(top.get("content_checks", LineDict()), top.line_of("content_checks"), "content_checks")
    r.known_keys(spec, {"lix_max", "allowed_emails", "max_file_kb", "allowed_html"}, "content_checks")
    emails = r.names(spec, "allowed_emails", "content_checks") if "allowed_emails" in spec else ()
    for address in emails:
        if "@" not in address or address.startswith("@"):
            r.error(spec.line_of("allowed_emails"),
                    f"'{address}' i 'content_checks.allowed_emails' är ingen hel e-postadress. "
                    "Skriv hela adresser till funktionsbrevlådor, till exempel registrator@norrvik.se.")
    html = r.names(spec, "allowed_html", "content_checks") if "allowed_html" in spec else ()
    for tag in html:
        if tag.lower().strip("<>/ ") not in HARMLESS_HTML:
            r.error(spec.line_of("allowed_html"),
                    f"'{tag}' i 'content_checks.allowed_html' får inte tillåtas: elementet kan dölja text, "
                    "skicka läsaren vidare eller köra ett program. Element som kan tillåtas: "
                    f"{', '.join(sorted(HARMLESS_HTML))}.")
    return ContentChecks(
        lix_max=r.integer(spec, "lix_max", "content_checks", default=0, minimum=0),
        allowed_emails=tuple(a.lower() for a in emails),
        allowed_html=tuple(dict.fromkeys(t.lower().strip("<>/ ") for t in html if t.lower().strip("<>/ ") in HARMLESS_HTML)),
        max_file_kb=r.integer(spec, "max_file_kb", "content_checks", default=1024, minimum=0),
    )


def _read_publishing(r: Reader, top: LineDict) -> PublishingConfig:
    spec = r.mapping(top.get("publishing", LineDict()), top.line_of("publishing"), "publishing")
    r.known_keys(spec, {"draft_statuses", "withdrawn_statuses"}, "publishing")
    return PublishingConfig(
        draft_statuses=r.names(spec, "draft_statuses", "publishing") if "draft_statuses" in spec else (),
        withdrawn_statuses=r.names(spec, "withdrawn_statuses", "publishing") if "withdrawn_statuses" in spec else (),
    )


def _read_reports(r: Reader, top: LineDict, types, fields, links) -> ReportsConfig:
    spec = r.mapping(top.get("reports", LineDict()), top.line_of("reports"), "reports")
    keys = set(REPORT_TYPES + REPORT_LINKS) | {"activities_heading", "action_closed_statuses"}
    moved_to_roles(r, spec, "reports", REPORT_FIELD_ROLES)
    r.known_keys(spec, keys | set(REPORT_FIELD_ROLES), "reports")
    values: dict[str, Any] = {}
    for group, known, what in ((REPORT_TYPES, types, "typen"), (REPORT_LINKS, links, "länktypen")):
        for key in group:
            if key in spec:
                name = r.text(spec, key, "reports")
                if name and name not in known:
                    r.error(spec.line_of(key), f"'reports.{key}' nämner {what} '{name}', som inte finns.")
                values[key] = name
    if "activities_heading" in spec:
        values["activities_heading"] = r.text(spec, "activities_heading", "reports")
    if "action_closed_statuses" in spec:
        values["action_closed_statuses"] = r.names(spec, "action_closed_statuses", "reports")
    return ReportsConfig(**values)


def _read_coverage(r: Reader, top: LineDict) -> tuple[dict[str, int], dict[str, int]]:
    spec = r.mapping(top.get("coverage", LineDict()), top.line_of("coverage"), "coverage")
    r.known_keys(spec, COVERAGE_GATES, "coverage")
    gates: dict[str, int] = {}
    for key in spec:
        if key in COVERAGE_GATES:
            value = r.integer(spec, key, "coverage")
            if not 0 <= value <= 100:
                r.error(spec.line_of(key), f"'coverage.{key}' ska vara en procentsats mellan 0 och 100.")
            gates[key] = value
    return gates, {key: spec.line_of(key) for key in gates}


def _read_scales(r: Reader, top: LineDict) -> dict[str, dict[int, str]]:
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


def _read_fields(r: Reader, top: LineDict, scales: dict[str, dict[int, str]]) -> dict[str, FieldDef]:
    fields: dict[str, FieldDef] = {}
    table = r.mapping(top.get("fields", LineDict()), top.line_of("fields"), "fields")
    for name, spec in table.items():
        where = f"fields.{name}"
        spec = r.mapping(spec, table.line_of(name), where)
        r.known_keys(spec, {"kind", "label", "help", "multiple", "values", "scale", "role"}, where)
        if not isinstance(name, str) or not re.fullmatch(r"[^\W\d]\w*", name):
            r.error(table.line_of(name), f"Fältnamnet '{name}' får bara innehålla bokstäver, siffror och _ och ska börja med en bokstav.")
            continue
        if name in BUILTIN_OPTIONS:
            r.error(table.line_of(name), f"'{name}' är inbyggt och kan inte deklareras som fält.")
            continue
        kind = spec.get("kind")
        if kind not in FIELD_KINDS:
            r.error(spec.line_of("kind"), f"'{where}.kind' ska vara en av: {', '.join(FIELD_KINDS)}.")
            kind = "text"  # keep the field, so that its uses are not reported as well
        values: tuple[str, ...] = ()
        if kind == "choice":
            values = tuple(str(v) for v in r.names(spec, "values", where))
        elif "values" in spec:
            r.error(spec.line_of("values"), f"'{where}.values' gäller bara fält av typen choice.")
        scale = ""
        if kind == "scale":
            scale = r.text(spec, "scale", where)
            if scale and scale not in scales:
                r.error(spec.line_of("scale"), f"'{where}.scale' nämner skalan '{scale}', som inte finns under 'scales'.")
        multiple = spec.get("multiple", False)
        if not isinstance(multiple, bool):
            r.error(spec.line_of("multiple"), f"'{where}.multiple' ska vara true eller false.")
            multiple = False
        if multiple is True and kind == "number":
            r.error(spec.line_of("multiple"), f"'{where}': ett fält av typen number kan inte ha flera värden, "
                                              "eftersom ett decimaltal skrivs med komma (91,5).")
            multiple = False
        fields[name] = FieldDef(
            name=name, kind=kind, label=r.text(spec, "label", where, default=name),
            help=r.text(spec, "help", where, default=""), multiple=multiple,
            values=values, scale=scale,
        )
    return fields


def _read_links(r: Reader, top: LineDict) -> dict[str, LinkDef]:
    links: dict[str, LinkDef] = {}
    table = r.mapping(top.get("links", LineDict()), top.line_of("links"), "links")
    for name, spec in table.items():
        where = f"links.{name}"
        spec = r.mapping(spec, table.line_of(name), where)
        r.known_keys(spec, {"targets", "outgoing", "incoming"}, where)
        links[name] = LinkDef(
            name=name, targets=r.names(spec, "targets", where),
            outgoing=r.text(spec, "outgoing", where, default=name),
            incoming=r.text(spec, "incoming", where, default=f"{name} (inkommande)"),
        )
    return links


_TYPE_KEYS = {"title", "plural", "prefix", "id_pattern", "id_example", "folder", "fields", "links",
              "id_template", "file_template", "definite", "pronoun"}
_TYPE_FIELD_KEYS = {"required", "required_for_status", "values"}


def _read_types(r: Reader, top: LineDict, fields: dict[str, FieldDef], links: dict[str, LinkDef]) -> dict[str, TypeDef]:
    types: dict[str, TypeDef] = {}
    table = r.mapping(top.get("types", LineDict()), top.line_of("types"), "types")
    for name, spec in table.items():
        where = f"types.{name}"
        if not isinstance(name, str):
            r.error(table.line_of(name), f"Typnamnet '{name}' ska vara ett ord, till exempel 'rutin'.")
            continue
        spec = r.mapping(spec, table.line_of(name), where)
        r.known_keys(spec, _TYPE_KEYS, where)
        prefix = r.text(spec, "prefix", where)
        pattern_text = r.text(spec, "id_pattern", where)
        example = r.text(spec, "id_example", where)
        try:
            pattern = re.compile(pattern_text)
        except (re.error, OverflowError, RecursionError) as exc:
            r.error(spec.line_of("id_pattern"), f"'{where}.id_pattern' är inget giltigt reguljärt uttryck ({exc}).")
            pattern = re.compile(re.escape(prefix) + ".+")
        if example and not pattern.fullmatch(example):
            r.error(spec.line_of("id_example"), f"Exemplet '{example}' följer inte '{where}.id_pattern'.")
        if example and prefix and not example.startswith(prefix):
            r.error(spec.line_of("id_example"), f"Exemplet '{example}' börjar inte med prefixet '{prefix}'.")

        type_fields: dict[str, TypeField] = {}
        field_table = r.mapping(spec.get("fields", LineDict()), spec.line_of("fields"), f"{where}.fields")
        for fname, usage in field_table.items():
            fwhere = f"{where}.fields.{fname}"
            if fname not in fields:
                r.error(field_table.line_of(fname), f"'{fwhere}': fältet '{fname}' är inte deklarerat under 'fields'.")
                continue
            if usage in ("required", "optional"):
                type_fields[fname] = TypeField(fields[fname], required=usage == "required")
                continue
            usage = r.mapping(usage, field_table.line_of(fname), fwhere)
            r.known_keys(usage, _TYPE_FIELD_KEYS, fwhere)
            values = tuple(str(v) for v in r.names(usage, "values", fwhere)) if "values" in usage else ()
            if values and fields[fname].kind != "choice":
                r.error(usage.line_of("values"), f"'{fwhere}.values' gäller bara fält av typen choice.")
            type_fields[fname] = TypeField(
                fields[fname], required=usage.get("required", False) is True,
                required_for_status=r.names(usage, "required_for_status", fwhere) if "required_for_status" in usage else (),
                values=values,
            )
        type_links = r.names(spec, "links", where, default=[])
        for link in type_links:
            if link not in links:
                r.error(spec.line_of("links"), f"'{where}.links' nämner länktypen '{link}', som inte finns under 'links'.")
        types[name] = TypeDef(
            name=name, title=r.text(spec, "title", where, default=name),
            plural=r.text(spec, "plural", where, default=name), prefix=prefix,
            id_pattern=pattern, id_example=example,
            folder=r.text(spec, "folder", where, default=name), fields=type_fields,
            links=type_links, id_template=r.text(spec, "id_template", where, default=""),
            file_template=r.text(spec, "file_template", where, default="{id}.md"),
            definite=r.text(spec, "definite", where, default="") or r.text(spec, "title", where, default=name),
            pronoun=r.text(spec, "pronoun", where, default="den"),
        )
    prefixes = sorted((t.prefix, t.name) for t in types.values())
    for (p1, n1), (p2, n2) in zip(prefixes, prefixes[1:]):
        if p1 and p2.startswith(p1):
            r.error(table.line_of(n2), f"Prefixen för '{n1}' ({p1}) och '{n2}' ({p2}) går inte att skilja åt.")
    return types


def _read_risk(r: Reader, top: LineDict, types, fields, links, scales) -> RiskConfig:
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
                      r.integer(spec, "reassess_months", "risk", default=0, minimum=0),
                      r.names(spec, "active_statuses", "risk") if "active_statuses" in spec else ())


def _read_review(r: Reader, top: LineDict, types, fields) -> ReviewConfig:
    spec = r.mapping(top.get("review", LineDict()), top.line_of("review"), "review")
    moved_to_roles(r, spec, "review", {"date_field": "review_date"})
    r.known_keys(spec, {"types", "date_field", "statuses", "period_months", "due_soon_days", "overdue_note"}, "review")
    if "review" not in top:
        return ReviewConfig((), (), 12, 60)
    review_types = r.names(spec, "types", "review")
    for name in review_types:
        if name not in types:
            r.error(spec.line_of("types"), f"'review.types' nämner typen '{name}', som inte finns.")
    period = r.integer(spec, "period_months", "review", default=12, minimum=1)
    soon = r.integer(spec, "due_soon_days", "review", default=60, minimum=0)
    note = r.text(spec, "overdue_note", "review", default="")
    return ReviewConfig(review_types, r.names(spec, "statuses", "review"), period, soon, note)


def _read_structure(r: Reader, top: LineDict, links, types) -> StructureConfig:
    spec = r.mapping(top.get("structure", LineDict()), top.line_of("structure"), "structure")
    r.known_keys(spec, {"hierarchy_link", "routine_type", "routine_process_link", "control_type", "control_links"}, "structure")
    if "structure" not in top:
        return StructureConfig("", "", "", "", ())
    hierarchy = r.text(spec, "hierarchy_link", "structure")
    routine = r.text(spec, "routine_process_link", "structure")
    control = r.names(spec, "control_links", "structure")
    routine_type = r.text(spec, "routine_type", "structure")
    control_type = r.text(spec, "control_type", "structure")
    for key, name in (("routine_type", routine_type), ("control_type", control_type)):
        if name and name not in types:
            r.error(spec.line_of(key), f"'structure.{key}' nämner typen '{name}', som inte finns.")
    for key, name in (("hierarchy_link", hierarchy), ("routine_process_link", routine)):
        if name and name not in links:
            r.error(spec.line_of(key), f"'structure.{key}' nämner länktypen '{name}', som inte finns.")
    for name in control:
        if name not in links:
            r.error(spec.line_of("control_links"), f"'structure.control_links' nämner länktypen '{name}', som inte finns.")
    return StructureConfig(hierarchy, routine_type, routine, control_type, control)
