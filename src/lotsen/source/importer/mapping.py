"""The column mapping: which column of the sheet becomes which field of an object.

Lotsen suggests a first version from the sheet's headers, matched against the
model's own field names and labels, link names and the titles of the types they point
to, and a few words municipalities commonly use for a title, an ID, a risk score, a
month, a unit or free text. The user reads it, corrects it and runs the import again.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from lotsen.errors import UsageError
from lotsen.model import Model, TypeDef
from lotsen.model.yaml_lines import LineDict, load_yaml
from lotsen.source.importer.sheets import Sheet
from lotsen.source.importer.values import cell_text, convert

TITLE, ID, TEXT, SKIP, SCORE = "rubrik", "id", "text", "hoppa över", "riskvärde"
#: Header words (normalised) for the parts every object has, whatever the model.
TITLE_WORDS = {"rubrik", "titel", "benämning", "namn", "kontrollmoment", "moment", "aktivitet", "riskbeskrivning",
               "beskrivning av risk", "beskrivning av risken", "riskområde"}
ID_WORDS = {"id", "nr", "nummer", "löpnummer", "ref", "referens"}
SCORE_WORDS = {"riskvärde", "risktal", "riskpoäng", "riskvärdering", "risk (s x k)", "s x k"}
TEXT_WORDS = {"kommentar", "kommentarer", "beskrivning", "anteckning", "anteckningar", "övrigt", "bakgrund",
              "orsak", "förklaring", "uppföljning", "notering", "noteringar"}
#: Header words for a field of a kind (the type's first field of that kind).
KIND_WORDS = {"month": {"tidpunkt", "månad", "när", "tidplan", "period", "tidsplan"},
              "unit": {"enhet", "verksamhet", "verksamheter", "avdelning", "område"},
              "date": {"datum"}}


def normalised(header: str) -> str:
    return " ".join(header.casefold().replace("*", "").split()).strip(" :")


@dataclass
class Mapping:
    type_name: str
    sheet: str | None
    columns: dict[str, str]  # header -> target
    constants: dict[str, str] = field(default_factory=dict)  # field -> value (converted)
    problems: list[str] = field(default_factory=list)
    #: fields named under fasta_värden, whether their value could be used or not
    named_constants: set[str] = field(default_factory=set)
    #: the kolumner section is no table: which fields lack a column is not known (one
    #: problem for the section, none for each field it would have named)
    columns_unreadable: bool = False


def targets(model: Model, type_def: TypeDef) -> list[str]:
    found = [TITLE, ID, TEXT, SKIP, *type_def.fields, *type_def.links]
    if model.risk.type == type_def.name:
        found.append(SCORE)
    return found


def _words(model: Model, type_def: TypeDef) -> list[tuple[str, str]]:
    """(word, target) for every field and link of the type, most specific first."""
    words = []
    for name, usage in type_def.fields.items():
        words += [(name.replace("_", " ").casefold(), name), (usage.field.label.casefold(), name)]
    for name in type_def.links:
        link = model.links[name]
        words += [(name.replace("_", " ").casefold(), name), (link.outgoing.casefold(), name)]
        for target in link.targets:
            if target != type_def.name:
                words += [(model.types[target].title.casefold(), name), (model.types[target].plural.casefold(), name),
                          (target.casefold(), name)]
    return words


def _first_of_kind(type_def: TypeDef, kind: str) -> str:
    return next((n for n, u in type_def.fields.items() if u.field.kind == kind), "")


def _owner(model: Model, type_def: TypeDef) -> str:
    """The field that says who owns or answers for an object of the type (as for CODEOWNERS)."""
    for name in (model.field_for("owner"), model.field_for("responsible")):
        if name and name in type_def.fields:
            return name
    return ""


def suggest_target(model: Model, type_def: TypeDef, header: str) -> str:
    n = normalised(header)
    words = _words(model, type_def)
    owner = _owner(model, type_def)
    if owner:  # 'Ansvarig' on a type whose owner is 'ägare', and the other way round
        for name in (model.field_for("owner"), model.field_for("responsible")):
            if name and name in model.fields:
                words.append((name.replace("_", " ").casefold(), owner))
                words.append((model.fields[name].label.casefold(), owner))
    if n in ID_WORDS or n == f"{type_def.title.casefold()} id":
        return ID
    if n in TITLE_WORDS or n in (type_def.title.casefold(), type_def.plural.casefold()):
        return TITLE
    if model.risk.type == type_def.name and n in SCORE_WORDS:
        return SCORE
    for word, target in words:
        if n == word:
            return target
    for kind, kind_words in KIND_WORDS.items():
        if n in kind_words and _first_of_kind(type_def, kind):
            return _first_of_kind(type_def, kind)
    for word, target in words:  # compounds: kontrollansvarig, kontrollmetod
        if len(word) >= 5 and n.endswith(word) and target in type_def.fields:
            return target
    for kind, kind_words in KIND_WORDS.items():
        if any(len(w) >= 5 and n.endswith(w) for w in kind_words) and _first_of_kind(type_def, kind):
            return _first_of_kind(type_def, kind)
    close = difflib.get_close_matches(n, [w for w, _ in words], n=1, cutoff=0.85)
    if close:
        return dict(words)[close[0]]
    if n in TEXT_WORDS or "/" in n:
        return TEXT
    return SKIP


def suggest(model: Model, type_def: TypeDef, sheet: Sheet) -> Mapping:
    columns: dict[str, str] = {}
    used: set[str] = set()
    for column in sheet.columns:
        target = suggest_target(model, type_def, column.header)
        if target in used and target not in (TEXT, SKIP):
            target = SKIP
        used.add(target)
        columns[column.header] = target
    constants = {}
    mapped = set(columns.values())
    from_control = {model.field_for("units")} if type_def.name == model.results.type else set()
    for name, usage in type_def.fields.items():
        if name in mapped or not usage.required or name in from_control:  # a result holds for its control's units
            continue
        allowed = model.allowed_values(usage)
        if usage.field.kind == "number":
            constants[name] = "1"
        elif name == model.field_for("state") and type_def.name == model.results.type and allowed:
            # a result is imported once it is done: not as a draft the site leaves out
            drafts = set(model.publishing.draft_statuses)
            constants[name] = next((v for v in allowed if v not in drafts), allowed[0])
        elif allowed and usage.field.kind not in ("role", "unit"):
            constants[name] = allowed[0]
        else:
            constants[name] = ""
    unit_field = _first_of_kind(type_def, "unit")
    if unit_field and unit_field not in mapped and unit_field not in from_control and "{unit" in type_def.id_template + type_def.file_template:
        constants[unit_field] = next(iter(model.units))
    return Mapping(type_def.name, sheet.name if sheet.name != sheet.file else None, columns, constants)


def render(model: Model, type_def: TypeDef, mapping: Mapping, source: str) -> str:
    """The mapping file's text, with what each line means in Swedish."""
    fields = ", ".join(type_def.fields)
    links = ", ".join(type_def.links)
    lines = [
        f"# Hur kolumnerna i {source} blir {type_def.plural.lower()} i Lotsen.",
        "# Lotsen har gissat utifrån rubrikerna. Läs igenom, rätta och kör lotsen import igen.",
        "#",
        "# Till höger om kolon står vad kolumnen blir:",
        f"#   {TITLE}      objektets rubrik (måste finnas)",
        f"#   {ID}         ett eget ID (annars ger Lotsen nästa lediga)",
        f"#   {TEXT}       text i objektet, under kolumnens rubrik",
        f"#   {SKIP} kolumnen läses inte",
        f"#   ett fält:  {fields}",
    ]
    if links:
        lines.append(f"#   en länk:   {links} (cellen anger ID eller rubrik på ett objekt som finns)")
    if model.risk.type == type_def.name:
        lines.append(f"#   {SCORE}  kontrolleras mot {model.risk.likelihood} × {model.risk.consequence}")
    lines += ["#", "# Under fasta_värden står värden som alla rader får, för fält som inte har en kolumn.",
              "# Ett tomt värde (\"\") måste fyllas i.", "", f"typ: {json.dumps(type_def.name, ensure_ascii=False)}"]
    if mapping.sheet:
        lines.append(f"blad: {json.dumps(mapping.sheet, ensure_ascii=False)}")
    lines.append("kolumner:")
    lines += [f"  {json.dumps(h, ensure_ascii=False)}: {json.dumps(t, ensure_ascii=False)}"
              for h, t in mapping.columns.items()]
    lines.append("fasta_värden:" + ("" if mapping.constants else " {}"))
    lines += [f"  {json.dumps(f, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False)}"
              for f, v in mapping.constants.items()]
    return "\n".join(lines) + "\n"


def read(model: Model, path: Path, sheet: Sheet | None = None) -> Mapping:
    """The mapping file, every problem with its line."""
    name = path.name
    try:
        top = load_yaml(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise UsageError(f"{name} är inte sparad som UTF-8.") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise UsageError(f"{name}:{mark.line + 1 if mark else 0}: filen går inte att läsa. Kontrollera indrag, "
                         f"kolon och citattecken på raden.") from None
    if not isinstance(top, LineDict):
        raise UsageError(f"{name}: filen ska ha raderna typ:, kolumner: och fasta_värden:.")
    problems: list[str] = []
    for key in top:
        if key not in ("typ", "blad", "kolumner", "fasta_värden"):
            problems.append(f"{name}:{top.line_of(key)}: '{key}' känns inte igen; nycklarna är typ, blad, "
                            f"kolumner och fasta_värden.")
    type_name = str(top.get("typ", ""))
    if type_name not in model.types:
        raise UsageError(f"{name}:{top.line_of('typ')}: typ '{type_name}' finns inte i modellen. Typerna är: "
                         f"{', '.join(model.types)}.")
    type_def = model.types[type_name]
    allowed = targets(model, type_def)
    columns: dict[str, str] = {}
    table = top.get("kolumner")
    unreadable = not isinstance(table, LineDict)
    if unreadable:
        problems.append(f"{name}:{top.line_of('kolumner')}: under kolumner ska varje rad vara \"Rubrik\": mål.")
        table = LineDict()
    # a header is found whatever its case and spacing
    headers = {normalised(c.header): c.header for c in sheet.columns} if sheet else None
    for header, target in table.items():
        line = table.line_of(header)
        if headers is not None and normalised(str(header)) not in headers:
            near = difflib.get_close_matches(normalised(str(header)), list(headers), n=1, cutoff=0.6)
            problems.append(f"{name}:{line}: kolumnen '{header}' finns inte i kalkylbladet."
                            + (f" Menar du '{headers[near[0]]}'?" if near else ""))
        elif not isinstance(target, str) or target not in allowed:
            near = difflib.get_close_matches(str(target).casefold(), allowed, n=1, cutoff=0.6)
            problems.append(f"{name}:{line}: '{target}' är inget mål för en kolumn. Skriv ett av: "
                            f"{', '.join(allowed)}." + (f" Menar du '{near[0]}'?" if near else ""))
        else:
            columns[headers[normalised(str(header))] if headers is not None else str(header)] = target
    used = [t for t in columns.values() if t not in (TEXT, SKIP)]
    for target in sorted({t for t in used if used.count(t) > 1}):
        problems.append(f"{name}: {target} står för flera kolumner; bara en kolumn kan bli {target}.")
    constants: dict[str, str] = {}
    named: set[str] = set()
    fixed = top.get("fasta_värden") or LineDict()
    if not isinstance(fixed, LineDict):
        problems.append(f"{name}:{top.line_of('fasta_värden')}: under fasta_värden ska varje rad vara fält: värde.")
        fixed = LineDict()
    for field_name, value in fixed.items():
        line = fixed.line_of(field_name)
        named.add(str(field_name))
        usage = type_def.fields.get(str(field_name))
        if str(field_name) in type_def.links:
            if cell_text(value):  # IDs or titles, resolved against the objects when the rows are read
                constants[str(field_name)] = cell_text(value)
        elif usage is None:
            problems.append(f"{name}:{line}: '{field_name}' är inget fält för {type_def.title.lower()}. Fälten och "
                            f"länkarna är: {', '.join([*type_def.fields, *type_def.links])}.")
        elif cell_text(value) == "":
            if usage.required:
                problems.append(f"{name}:{line}: {field_name} måste ha ett värde. Skriv ett värde här, eller "
                                f"ange en kolumn för {field_name} under kolumner.")
        else:
            converted, problem = convert(model, usage, model.allowed_values(usage), value)
            if problem:
                problems.append(f"{name}:{line}: {field_name}: {problem}")
            else:
                constants[str(field_name)] = converted
    if TITLE not in columns.values() and type_name != model.results.type and not unreadable:  # a result is titled by its control
        problems.append(f"{name}: ingen kolumn är {TITLE}. Skriv {TITLE} efter den kolumn som har objektens rubriker.")
    sheet_name = top.get("blad")
    return Mapping(type_name, str(sheet_name) if sheet_name is not None else None, columns, constants, problems,
                   named, unreadable)
