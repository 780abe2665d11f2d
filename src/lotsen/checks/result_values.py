"""Rules for the values of one result of a control: counts that cannot be (a negative
sample, more with shortcomings than were reviewed), an outcome that cannot be (below
zero, or above 100 for a share in percent), a date done long before the period, and an
ID or a file that names another period than the result's own.

Every field is found through its role in the model (``model.field_for``)."""

from __future__ import annotations

import datetime as dt
import re

from lotsen.dates import add_months, parse_date
from lotsen.findings import Finding
from lotsen.model import Model
from lotsen.numbers import parse_number, parse_unit_figures, show_number
from lotsen.periods import Period
from lotsen.source.scanner import NeedSource

#: The period at the end of a result's ID as `lotsen import resultat` names it:
#: ``RES-KTRL-HT-01-2026-K4`` (the year alone when a result is numbered, ``-2026``).
_ID_PERIOD = re.compile(r"-(?P<year>\d{4})(?:-(?P<part>0[1-9]|1[0-2]|K[1-4]|H[12]))?$")
#: What a control's outcome measure says when its outcome is a share in percent.
_PERCENT = re.compile(r"%|\bprocent", re.IGNORECASE)


def _label(model: Model, name: str) -> str:
    field = model.fields.get(name)
    return field.label if field is not None and field.label else name


def is_percent(model: Model, controls: list[NeedSource]) -> bool:
    """Whether a control the result is of measures its outcome in percent."""
    measure = model.field_for("outcome_measure")
    return bool(measure) and any(_PERCENT.search(c.value(measure)) for c in controls)


def file_pattern(model: Model) -> str | None:
    """The files results are kept in (``results.file_template`` under the type's
    folder) as a pattern with the year, and ``{control}`` left to fill in; None when
    the template names no year."""
    cfg = model.results
    type_def = model.types.get(cfg.type)
    if type_def is None or "{year}" not in cfg.file_template or "{control}" not in cfg.file_template:
        return None
    text = re.escape(f"{type_def.folder}/{cfg.file_template}" if type_def.folder else cfg.file_template)
    return text.replace(re.escape("{year}"), r"(?P<year>\d{4})", 1).replace(re.escape("{year}"), r"\d{4}")


def _file_year(pattern: str | None, file: str, controls: list[NeedSource]) -> tuple[int, str] | None:
    """The year of the file a result stands in, when it is the file the model names
    for one of the result's controls and a year (``results/2026/ktrl-ht-01.md``)."""
    for control in controls if pattern is not None else []:
        placed = re.fullmatch(pattern.replace(re.escape("{control}"), re.escape(control.id.lower())), file)
        if placed:
            return int(placed["year"]), control.id.lower()
    return None


def value_findings(model: Model, need: NeedSource, period: Period | None, controls: list[NeedSource],
                   today: dt.date, files: str | None) -> list[Finding]:
    """The findings on one result's own values (``controls``: the controls it is of
    that exist)."""
    findings: list[Finding] = []
    name = need.id or need.title

    def add(field: str, code: str, message: str, hint: str) -> None:
        line = need.line_of(field) if field else need.line
        findings.append(Finding(need.file, line, code, message, hint, model.severity_of(code)))

    counts: dict[str, float] = {}
    for role in ("sample_size", "shortcomings"):
        field = model.field_for(role)
        value = parse_number(need.value(field)) if field else None
        if value is None:  # not a number: field_number says so
            continue
        if value < 0 or not value.is_integer():
            add(field, "result_sample",
                f"Resultatet {name} har {show_number(need.value(field))} som {_label(model, field).lower()}, men ett "
                "antal är ett heltal som är 0 eller större.", "Skriv antalet som ett heltal, till exempel 0, 3 eller 20.")
        else:
            counts[role] = value
    if "sample_size" in counts and "shortcomings" in counts and counts["shortcomings"] > counts["sample_size"]:
        sample, shortcomings = model.field_for("sample_size"), model.field_for("shortcomings")
        add(shortcomings, "result_sample",
            f"Resultatet {name} har {show_number(counts['shortcomings'])} med brister men bara "
            f"{show_number(counts['sample_size'])} granskade.",
            f"Rätta '{_label(model, shortcomings)}' eller '{_label(model, sample)}': fler än de granskade kan inte ha "
            "brister.")

    percent = is_percent(model, controls)
    outcome = model.field_for("outcome")
    value = parse_number(need.value(outcome)) if outcome else None
    problem = _outcome_problem(value, percent)
    if problem:
        add(outcome, "result_outcome", f"Resultatet {name} har utfallet {show_number(need.value(outcome))}, {problem}.",
            "Rätta utfallet." + (" Skriv andelen i procent, från 0 till 100." if percent else ""))
    per_unit = model.field_for("outcome_per_unit")
    for unit, text in (parse_unit_figures(need.value(per_unit)) or []) if per_unit else []:
        problem = _outcome_problem(parse_number(text), percent)
        if problem:
            add(per_unit, "result_outcome",
                f"Resultatet {name} har utfallet {show_number(text)} för {unit}, {problem}.",
                "Rätta utfallet." + (" Skriv andelen i procent, från 0 till 100." if percent else ""))

    if period is None:
        return findings
    date_field = model.field_for("performed_date")
    done = parse_date(need.value(date_field)) if date_field else None
    earliest = add_months(period.start, -(period.last - period.first + 1))
    if done is not None and done < earliest:
        add(date_field, "result_done_early",
            f"Resultatet {name} är genomfört {done.isoformat()}, mer än en period före {period.text}, som börjar "
            f"{period.start.isoformat()}.",
            "Rätta datumet eller perioden. En egenkontroll görs under perioden den gäller, eller strax före eller efter.")
    period_field = model.field_for("result_period")
    match = _ID_PERIOD.search(need.id)
    id_disagrees = bool(match) and (int(match["year"]) != period.year
                  or match["part"] and f"{match['year']}-{match['part']}" != period.text)
    if match and id_disagrees:
        add(period_field, "result_id_period",
            f"ID:t {need.id} slutar på perioden {match[0][1:]}, men resultatet gäller {period.text}.",
            "Rätta perioden, eller ge resultatet ett ID som slutar på perioden det gäller "
            f"(till exempel …-{period.text}).")
    placed = _file_year(files, need.file, controls)
    # a period written wrong is one mistake: said once, by the ID, when the ID disagrees too
    if placed is not None and placed[0] != period.year and not id_disagrees:
        year, control = placed
        cfg, folder = model.results, model.types[model.results.type].folder
        target = f"{folder}/" if folder else ""
        target += cfg.file_template.format(year=period.year, control=control)
        add(period_field, "result_file_year",
            f"Resultatet {name} gäller {period.text}, men står i filen för {year} ({need.file}).",
            f"Flytta resultatet till filen för {period.year} ({target}), eller rätta perioden.")
    return findings


def _outcome_problem(value: float | None, percent: bool) -> str:
    if value is None:
        return ""
    if value < 0:
        return "som är mindre än 0"
    if percent and value > 100:
        return "som är mer än 100 %"
    return ""
