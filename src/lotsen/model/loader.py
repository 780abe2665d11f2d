"""The model loader: lotsen.yaml read and checked, every problem at once, with lines.

The file is read here and put together into a Model; each section is read by the
module that knows it (object_types, risk, settings, units, workflow, year)."""

from __future__ import annotations

from pathlib import Path

import yaml

from lotsen.errors import ModelError, Problem
from lotsen.findings import RULES, SEVERITIES
from lotsen.model.goals import GOALS_KEY, read_goals
from lotsen.model.object_types import read_fields, read_links, read_types
from lotsen.model.papers import PAPERS_KEYS, read_internal_control
from lotsen.model.reader import Reader
from lotsen.model.risk import read_risk, read_scales
from lotsen.model.roles import field_roles_of
from lotsen.model.schema import Model
from lotsen.model.settings import (
    read_content_checks,
    read_coverage,
    read_publishing,
    read_reports,
    read_review,
    read_structure,
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
_REQUIRED_TOP = ("organisation", "units", "roles", "fields", "links", "types")



def load_model_kept(path: str | Path) -> Model:
    """``load_model``, reused from the last build or check while the file's content is
    the same (``lotsen.cache``, which also holds Lotsen's version): reading the YAML
    with its line numbers is a tenth of a build that changes nothing. A model with
    problems is never kept, so they are reported every time."""
    from lotsen.cache import bytes_key, remember

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError:
        return load_model(path)  # says what is wrong
    return remember(("model", str(path), bytes_key(data)), lambda: load_model(path))


def kept_model_key(model: Model) -> tuple | None:
    """The key ``load_model_kept`` keeps ``model`` under, when ``model`` is the very
    object kept for what its file holds now: then that key stands for the whole model,
    and results computed from it may be kept under it. None for any other model (read
    otherwise, or changed since), whose results are computed every time."""
    from lotsen.cache import bytes_key, kept

    try:
        key = ("model", model.path, bytes_key(Path(model.path).read_bytes()))
    except OSError:
        return None
    return key if kept(key) is model else None


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
    except (ValueError, TypeError, IndexError, KeyError, AttributeError, OverflowError):
        # what PyYAML's reader lets through as a Python error, with no line (an escape
        # beyond Unicode); a value its constructors cannot make has its line
        # (yaml_lines._Placed). Python's own words are for no author.
        raise ModelError([Problem(shown, 0, "Filen har ett värde som inte går att läsa, till exempel ett tecken "
                                            "som inte finns (som \\U0011FFFF). Kontrollera datum, tal och "
                                            "citattecken, och ta bort taggar som '!!int'.")]) from None
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

    scales = read_scales(r, top)
    fields = read_fields(r, top, scales)
    field_specs = top.get("fields") if isinstance(top.get("fields"), LineDict) else LineDict()
    field_roles = field_roles_of(
        r, top.line_of("fields"), {n: s for n, s in field_specs.items() if isinstance(s, LineDict) and n in fields},
        {n: f.kind for n, f in fields.items()}, "review" in top)
    links = read_links(r, top)
    for name in links:
        if name in fields:
            r.error(top.get("links", LineDict()).line_of(name),
                    f"'{name}' är både ett fält och en länktyp. Ge länktypen ett eget namn.")
    types = read_types(r, top, fields, links)
    for link in links.values():
        for target in link.targets:
            if types and target not in types:
                r.error(top.get("links", LineDict()).line_of(link.name),
                        f"Länktypen '{link.name}' pekar på typen '{target}', som inte finns under 'types'.")

    risk = read_risk(r, top, types, fields, links, scales)
    review = read_review(r, top, types, fields)
    structure = read_structure(r, top, links, types)

    severity: dict[str, str] = {}
    sev = r.mapping(top.get("severity", LineDict()), top.line_of("severity"), "severity")
    for code, level in sev.items():
        if code not in RULES:
            r.error(sev.line_of(code), f"Okänd regel '{code}' i 'severity'. Regler: {', '.join(RULES)}.")
        elif level not in SEVERITIES:
            r.error(sev.line_of(code), f"'severity.{code}' ska vara 'fel' eller 'varning'.")
        else:
            severity[code] = level

    reports = read_reports(r, top, types, fields, links)
    coverage, coverage_lines = read_coverage(r, top)
    publishing = read_publishing(r, top)
    content_checks = read_content_checks(r, top)
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
