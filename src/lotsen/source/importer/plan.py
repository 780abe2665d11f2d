"""From a sheet and its mapping to the objects an import would create, and every
problem at once, each with its sheet, row and column and what to do.

IDs come from the type's ``id_template`` (or an ID column), files go where the type's
``folder`` and ``file_template`` say, and an object that already exists (same type and
title, or same ID) is reported and left alone.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lotsen.checks.personal_data import find_personal_numbers
from lotsen.model import Model, TypeDef
from lotsen.model.ids import next_id
from lotsen.source.importer.mapping import ID, SCORE, SKIP, TEXT, TITLE, Mapping
from lotsen.source.importer.results import result_shape
from lotsen.source.importer.sheets import Column, Row, Sheet
from lotsen.source.importer.values import cell_text, convert, quoted, small_int
from lotsen.source.scanner import NeedSource


@dataclass
class Planned:
    row: int
    id: str
    title: str
    path: Path  # relative to the project root
    values: dict[str, str]  # field or link -> value, in the model's order
    body: list[tuple[str, str]] = field(default_factory=list)  # (header, text)
    #: The file's heading, where the file holds several objects (results of a control).
    heading: str = ""


@dataclass
class Plan:
    objects: list[Planned] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)  # what is already there, said in Swedish
    problems: list[str] = field(default_factory=list)


def _has_personal_number(value: Any) -> bool:
    return bool(find_personal_numbers(cell_text(value)))


def _resolve_link(model: Model, link_name: str, value: Any, known: list[NeedSource],
                  planned_ids: set[str]) -> tuple[str, str]:
    """IDs (or titles) of objects the link may point to -> their IDs."""
    link = model.links[link_name]
    candidates = [n for n in known if n.type in link.targets and n.id]
    by_id = {n.id.casefold(): n.id for n in candidates} | {i.casefold(): i for i in planned_ids}
    by_title = {n.title.casefold(): n.id for n in candidates}
    ids = []
    for token in (t.strip() for t in cell_text(value).replace(";", ",").split(",")):
        if not token:
            continue
        found = by_id.get(token.casefold()) or by_title.get(token.casefold())
        if found is None:
            kinds = " eller ".join(model.types[t].title.lower() for t in link.targets)
            near = difflib.get_close_matches(token.casefold(), list(by_title) + list(by_id), n=1, cutoff=0.5)
            hint = ""
            if near:
                target_id = by_title.get(near[0]) or by_id[near[0]]
                hint = f" Menar du {target_id}?"
            # an ID-shaped text is shown; a title or other text (a name?) is not
            shaped = any(model.types[t].id_pattern.fullmatch(token.upper()) for t in link.targets)
            named = f"'{token}'" if shaped else quoted(token, "texten")
            return "", (f"{named} är ingen {kinds} som finns "
                        f"(ange ID eller rubrik).{hint} Skapa den "
                        f"först, eller låt kolumnen vara {TEXT}.")
        if found not in ids:
            ids.append(found)
    return ", ".join(ids), ""


def build(model: Model, type_def: TypeDef, sheet: Sheet, mapping: Mapping, existing: list[NeedSource],
          taken_files: set[str], today: dt.date) -> Plan:
    plan = Plan()
    columns = {c.header: c for c in sheet.columns}
    mapped = [(columns[h], t) for h, t in mapping.columns.items() if h in columns and t != SKIP]
    same_type = {n.title.casefold(): n for n in existing if n.type == type_def.name}
    taken_ids = {n.id for n in existing if n.id}
    seen_ids: dict[str, int] = {}
    unit_field = next((n for n, u in type_def.fields.items() if u.field.kind == "unit"), "")
    targets = set(mapping.columns.values()) | set(mapping.constants) | mapping.named_constants
    shape = result_shape(model, type_def, existing)
    if shape is not None:
        targets.add(model.field_for("units"))  # taken from the control where the sheet has none
    for name, usage in type_def.fields.items():
        if usage.required and name not in targets and not mapping.columns_unreadable:
            plan.problems.append(f"{sheet.where()}: {name} måste fyllas i för varje {type_def.title.lower()}, men "
                                 f"ingen kolumn är {name}. Ange kolumnen under kolumner, eller ett värde för alla "
                                 f"rader under fasta_värden i mappningsfilen.")
    constants = dict(mapping.constants)
    for name in [n for n in constants if n in type_def.links]:
        value, text = _resolve_link(model, name, constants[name], existing, set())
        if text:
            plan.problems.append(f"{sheet.where()}: fasta_värden, {name}: {text}")
        constants[name] = value
    if plan.problems:
        return plan
    for row in sheet.rows:
        problems: list[str] = []

        def problem(column: Column | None, text: str, row: Row = row, problems: list[str] = problems) -> None:
            problems.append(f"{sheet.where(row.number, column)}: {text}")

        # a personal number anywhere in the row, mapped or not, is never read or shown
        hidden = set()
        for column in sheet.columns:
            if _has_personal_number(row.cells.get(column.index)):
                hidden.add(column.index)
                problem(column, "cellen innehåller ett personnummer eller samordningsnummer (visas inte här). "
                                "Ta bort det ur kalkylbladet: sådant hör inte hemma i ledningssystemet.")
        values: dict[str, str] = dict(constants)
        title, given_id, score, body = "", "", "", []
        for column, target in mapped:
            raw = row.cells.get(column.index)
            if column.index in hidden or cell_text(raw) == "":
                continue
            if target == TITLE:
                title = cell_text(raw)
            elif target == ID:
                given_id = cell_text(raw)
            elif target == TEXT:
                body.append((column.header, str(raw).strip() if isinstance(raw, str) else cell_text(raw)))
            elif target == SCORE:
                score = cell_text(raw)
            else:
                if target in type_def.links:
                    value, text = _resolve_link(model, target, raw, existing, set(seen_ids))
                else:
                    usage = type_def.fields[target]
                    value, text = convert(model, usage, model.allowed_values(usage), raw)
                if text:
                    problem(column, text)
                else:
                    values[target] = value
        by_target = {t: c for c, t in mapped}
        if shape is not None:
            shape.complete(values)
            title = title or shape.title(values)
        if not title and TITLE in by_target and by_target[TITLE].index not in hidden:
            problem(by_target[TITLE], "rubriken är tom. Skriv en rubrik, eller ta bort raden.")
        status = values.get(model.field_for("state"), "")
        for name, usage in type_def.fields.items():
            needed = usage.required or (status and status in usage.required_for_status)
            if needed and not values.get(name) and not any(name in p for p in problems):
                column = by_target.get(name)
                if column is not None and column.index not in hidden and cell_text(row.cells.get(column.index)) == "":
                    problem(column, f"cellen är tom, men {usage.field.label.lower()} måste fyllas i.")
        if score and model.risk.type == type_def.name:
            likelihood, consequence = values.get(model.risk.likelihood), values.get(model.risk.consequence)
            if likelihood and consequence and small_int(score) is not None \
                    and small_int(score) != int(likelihood) * int(consequence):
                problem(by_target[SCORE], f"riskvärdet {score} stämmer inte med {likelihood} × {consequence} = "
                                          f"{int(likelihood) * int(consequence)}. Lotsen räknar fram riskvärdet: rätta "
                                          f"{model.risk.likelihood} eller {model.risk.consequence}.")
        if problems:
            plan.problems += problems
            continue
        if title.casefold() in same_type:
            old = same_type[title.casefold()]
            plan.existing.append(f"{sheet.where(row.number)}: '{title}' finns redan som {old.id} ({old.file}); "
                                 f"raden hoppas över.")
            continue
        unit = (values.get(unit_field, "") or "").split(",")[0].strip() if unit_field else ""
        if not unit and "{unit" in type_def.id_template + type_def.file_template:
            problem(by_target.get(unit_field), "enheten saknas, och Lotsen behöver den för ID:t. Fyll i enheten.")
            plan.problems += problems
            continue
        derived = shape.id(values) if shape is not None and not given_id else ""
        if derived and derived in taken_ids:
            plan.existing.append(f"{sheet.where(row.number)}: {derived} finns redan; raden hoppas över.")
            continue
        if derived:
            new_id = derived
        elif given_id:
            new_id = given_id.upper()
            if not type_def.id_pattern.fullmatch(new_id) or not new_id.startswith(type_def.prefix):
                problem(by_target[ID], f"ID:t i cellen följer inte formatet för {type_def.title.lower()}, till "
                                       f"exempel {type_def.id_example}. Rätta det, eller ta bort ID-kolumnen ur "
                                       f"mappningen så ger Lotsen nästa lediga.")
            elif new_id in taken_ids and new_id not in seen_ids:
                plan.existing.append(f"{sheet.where(row.number)}: {new_id} finns redan; raden hoppas över.")
                continue
        else:
            new_id = next_id(type_def.id_template, unit, today.year, taken_ids | set(seen_ids))
        if new_id in seen_ids:
            problem(by_target.get(ID), f"raden får samma ID ({new_id}) som rad {seen_ids[new_id]}"
                    + (", eftersom ID:t ges av egenkontrollen och perioden: raderna gäller samma egenkontroll och "
                       "period. Ta bort den ena raden, eller rätta perioden på den."
                       if new_id == derived else ". Ge raderna olika ID, eller ta bort den ena."))
        if problems:
            plan.problems += problems
            continue
        seen_ids[new_id] = row.number
        filed = shape.path(values) if shape is not None else None
        relative = filed or Path(type_def.folder) / type_def.file_template.format(id=new_id, unit=unit).lower()
        if filed is None and relative.as_posix() in taken_files:
            plan.existing.append(f"{sheet.where(row.number)}: filen {relative.as_posix()} finns redan; Lotsen "
                                 f"skriver aldrig över en fil, så raden hoppas över.")
            continue
        ordered = {name: values[name] for name in [*type_def.fields, *type_def.links] if values.get(name)}
        plan.objects.append(Planned(row.number, new_id, title, relative, ordered, body,
                                    shape.heading(values) if shape is not None else ""))
    return plan


def render(type_def: TypeDef, planned: Planned) -> str:
    """The object's file, as `lotsen new` writes one."""
    return f"# {' '.join(planned.title.split())}\n\n" + render_block(type_def, planned)


def render_block(type_def: TypeDef, planned: Planned) -> str:
    """The object itself, fenced."""
    title = " ".join(planned.title.split())
    lines = [f"```{{{type_def.name}}} {title}", f":id: {planned.id}"]
    lines += [f":{name}: {' '.join(value.split())}" for name, value in planned.values.items()]
    lines.append("")
    for header, text in planned.body:
        paragraphs = [" ".join(p.split()) for p in text.replace("```", "'''").split("\n\n") if p.strip()]
        lines += [f"**{header}**", ""] + [line for p in paragraphs for line in (p, "")]
    if not planned.body:
        lines += ["...", ""]
    lines.append("```")
    return "\n".join(lines) + "\n"


def file_texts(root: Path, type_def: TypeDef, objects: list[Planned]) -> dict[str, tuple[str, bool, list]]:
    """Path -> (the file's new text, whether it exists, [(first line, last line, planned)]).
    A file that holds several objects gets them in sheet order after its heading; a file
    that exists keeps its text and gets the new objects at its end."""
    grouped: dict[str, list[Planned]] = {}
    for planned in objects:
        grouped.setdefault(planned.path.as_posix(), []).append(planned)
    texts = {}
    for path, group in grouped.items():
        target = root / path
        exists = target.is_file()
        if exists:
            text = target.read_text(encoding="utf-8")
            text = text if text.endswith("\n") else text + "\n"
        elif len(group) == 1 and not group[0].heading:
            texts[path] = (render(type_def, group[0]), False, [(1, render(type_def, group[0]).count("\n"), group[0])])
            continue
        else:
            text = f"# {' '.join((group[0].heading or group[0].title).split())}\n"
        spans = []
        for planned in group:
            text += "\n"
            first = text.count("\n") + 1
            text += render_block(type_def, planned)
            spans.append((first, text.count("\n"), planned))
        texts[path] = (text, exists, spans)
    return texts
