"""The model's settings sections: document review, structure rules, what the reports
read, coverage gates, what the site shows, and the checks of the text."""

from __future__ import annotations

from typing import Any

from lotsen.model.reader import MAX_DAYS, MAX_MONTHS, Reader
from lotsen.model.roles import REPORT_FIELD_ROLES, moved_to_roles
from lotsen.model.schema import (
    COVERAGE_GATES,
    HARMLESS_HTML,
    REPORT_LINKS,
    REPORT_TYPES,
    ContentChecks,
    PublishingConfig,
    ReportsConfig,
    ReviewConfig,
    StructureConfig,
)
from lotsen.model.yaml_lines import LineDict


def read_review(r: Reader, top: LineDict, types, fields) -> ReviewConfig:
    spec = r.mapping(top.get("review", LineDict()), top.line_of("review"), "review")
    moved_to_roles(r, spec, "review", {"date_field": "review_date"})
    r.known_keys(spec, {"types", "date_field", "statuses", "period_months", "due_soon_days", "overdue_note"}, "review")
    if "review" not in top:
        return ReviewConfig((), (), 12, 60)
    review_types = r.names(spec, "types", "review")
    for name in review_types:
        if name not in types:
            r.error(spec.line_of("types"), f"'review.types' nämner typen '{name}', som inte finns.")
    period = r.integer(spec, "period_months", "review", default=12, minimum=1, maximum=MAX_MONTHS)
    soon = r.integer(spec, "due_soon_days", "review", default=60, minimum=0, maximum=MAX_DAYS)
    note = r.text(spec, "overdue_note", "review", default="")
    return ReviewConfig(review_types, r.names(spec, "statuses", "review"), period, soon, note)


def read_structure(r: Reader, top: LineDict, links, types) -> StructureConfig:
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


def read_reports(r: Reader, top: LineDict, types, fields, links) -> ReportsConfig:
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


def read_coverage(r: Reader, top: LineDict) -> tuple[dict[str, int], dict[str, int]]:
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


def read_publishing(r: Reader, top: LineDict) -> PublishingConfig:
    spec = r.mapping(top.get("publishing", LineDict()), top.line_of("publishing"), "publishing")
    r.known_keys(spec, {"draft_statuses", "withdrawn_statuses"}, "publishing")
    return PublishingConfig(
        draft_statuses=r.names(spec, "draft_statuses", "publishing") if "draft_statuses" in spec else (),
        withdrawn_statuses=r.names(spec, "withdrawn_statuses", "publishing") if "withdrawn_statuses" in spec else (),
    )


def read_content_checks(r: Reader, top: LineDict) -> ContentChecks:
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
