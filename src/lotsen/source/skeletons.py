"""`lotsen new`: a new object from its type's skeleton, with the next free ID.

The skeleton (needs_templates/skeletons/<type>.md) says which placeholders a type
needs and, through the field line each one stands on (``:ägare: $owner``), what kind
of value goes there. So the choices offered and the defaults taken come from the
model and from the objects already written, never from a list kept in code.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from string import Template

from lotsen.checks.pipeline import scan_files
from lotsen.dates import add_months, parse_date
from lotsen.errors import UsageError
from lotsen.model import Model, TypeDef
from lotsen.model.ids import next_id
from lotsen.source.files import content_files
from lotsen.source.index import ObjectIndex
from lotsen.source.scanner import NeedSource

#: The placeholders a skeleton may use (needs_templates/README.md).
PLACEHOLDERS = ("id", "title", "owner", "unit", "role", "process", "routine", "control", "due")
SKELETONS = Path("needs_templates") / "skeletons"
#: How far ahead a date such as an action's due date is put when none is given.
DEFAULT_MONTHS_AHEAD = 3

_FIELD_LINE = re.compile(r"^:(?P<field>[^:\s]+):\s*\$\{?(?P<name>\w+)\}?\s*$")


@dataclass(frozen=True)
class Slot:
    """One value to fill in: what it is called, what it may be, and what it is by default."""

    name: str
    label: str
    choices: tuple[tuple[str, str], ...] = ()
    default: str = ""
    is_date: bool = False


@dataclass
class Created:
    path: Path
    id: str
    notes: list[str] = field(default_factory=list)


#: Asks the author for a slot's value; given the slot and the function that checks an
#: answer (raising UsageError), returns the checked value.
Asker = Callable[[Slot, Callable[[Slot, str], str]], str]


def resolve(slot: Slot, raw: str) -> str:
    """The value an answer or option stands for, or UsageError saying why it cannot be."""
    text = raw.strip()
    if "\n" in text or not text:
        raise UsageError(f"{slot.label} (--{slot.name}) ska vara en rad text.")
    if slot.is_date:
        if parse_date(text) is None:
            raise UsageError(f"{slot.label} (--{slot.name}): '{text}' är inget datum på formen ÅÅÅÅ-MM-DD.")
        return text
    if not slot.choices:
        return text
    values = [value for value, _ in slot.choices]
    if text in values:
        return text
    folded = {v.casefold(): v for v in values}
    if text.casefold() in folded:
        return folded[text.casefold()]
    if text.isdigit() and 1 <= int(text) <= len(values):
        return values[int(text) - 1]
    shown = ", ".join(values[:25]) + (" …" if len(values) > 25 else "")
    raise UsageError(f"{slot.label} (--{slot.name}): '{text}' finns inte. Välj en av: {shown}.")


class _Filler:
    """Fills slots from the options given, the terminal, or the defaults.

    Without a terminal, defaults are taken only when the author said so (``guess``,
    `--no-input`), and each is noted; otherwise every slot with a choice that was not
    given is collected, so that one message can name all the options to give.
    """

    def __init__(self, ask: Asker | None, guess: bool):
        self.ask, self.guess = ask, guess
        self.missing: list[Slot] = []
        self.chosen: list[tuple[Slot, str]] = []

    def __call__(self, slot: Slot, given: str | None) -> str:
        if given is not None:
            return resolve(slot, given)
        if self.ask is not None:
            return self.ask(slot, resolve)
        if not slot.default:
            raise UsageError(f"{slot.label} saknas. Ange den med --{slot.name} \"…\".")
        if slot.default != "...":  # a place to write text, not a choice
            if self.guess:
                self.chosen.append((slot, slot.default))
            else:
                self.missing.append(slot)
        return slot.default


def create(model: Model, root: Path, type_name: str, given: dict[str, str | None],
           today: dt.date, ask: Asker | None = None, guess: bool = True) -> Created:
    """Write the new object's file and return where it went. Never overwrites.

    Without ``ask`` (no terminal), a value that was not given is a default only with
    ``guess``; otherwise UsageError names every option to give."""
    type_def = _type(model, type_name)
    text = _skeleton(root, type_def)
    template = Template(text)
    names = template.get_identifiers()
    unknown = [n for n in names if n not in PLACEHOLDERS]
    if unknown:
        raise UsageError(f"Mallen {SKELETONS / (type_name + '.md')} använder ${unknown[0]}, som Lotsen "
                         f"inte kan fylla i. Platshållarna är: {', '.join('$' + p for p in PLACEHOLDERS)}.")
    fields_of = {m["name"]: m["field"] for line in text.splitlines() if (m := _FIELD_LINE.match(line.strip()))}
    needs, _ = scan_files(model, root, content_files(root))
    index = ObjectIndex(model, needs, today)

    fill = _Filler(ask, guess)
    values: dict[str, str] = {"title": fill(Slot("title", "Rubrik"), given.get("title"))}
    uses_unit = "unit" in names or any("{unit" in t for t in (type_def.id_template, type_def.file_template))
    unit = ""
    if uses_unit:
        unit = values["unit"] = fill(_unit_slot(model), given.get("unit"))
    for name in names:
        if name not in values and name != "id":
            slot = _slot(model, index, type_def, name, fields_of.get(name, ""), unit, today)
            values[name] = fill(slot, given.get(name))
    if fill.missing:
        options = "\n".join(f"  --{slot.name}: {slot.label.lower()}, {_choices(slot)}" for slot in fill.missing)
        raise UsageError(f"Lotsen frågar bara när kommandot körs i en terminal, och gissar inte. Ange:\n"
                         f"{options}\nEller ange --no-input, så tar Lotsen det vanligaste bland liknande "
                         f"objekt och skriver vad det blev.")
    notes = [f"--{name} används inte för typen {type_def.name} och hoppas över."
             for name, value in given.items()
             if value is not None and name != "id" and name not in values]
    notes += [f"Förval för {slot.label.lower()}: {value} (ange --{slot.name} för ett annat)."
              for slot, value in fill.chosen]

    values["id"] = _new_id(model, type_def, given.get("id"), unit, today, {n.id for n in needs if n.id})
    relative = Path(type_def.folder) / type_def.file_template.format(id=values["id"], unit=unit).lower()
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8") as out:
            out.write(template.substitute(values))
    except FileExistsError:
        raise UsageError(f"Filen {relative.as_posix()} finns redan. Lotsen skriver aldrig över en fil: "
                         f"ange ett annat ID med --id, eller flytta filen först.") from None
    return Created(path, values["id"], notes)


def _type(model: Model, type_name: str) -> TypeDef:
    if type_name not in model.types:
        raise UsageError(f"Typen '{type_name}' finns inte i modellen. Typerna är: {', '.join(model.types)}.")
    type_def = model.types[type_name]
    if not type_def.id_template:
        raise UsageError(f"Typen '{type_name}' har ingen id_template i {Path(model.path).name}, så Lotsen vet "
                         f"inte hur ett nytt ID ska se ut. Lägg till till exempel "
                         f"id_template: \"{type_def.prefix}{{unit}}-{{number:03d}}\" under types.{type_name}.")
    return type_def


def _skeleton(root: Path, type_def: TypeDef) -> str:
    path = root / SKELETONS / f"{type_def.name}.md"
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise UsageError(f"Det finns ingen mall för typen '{type_def.name}': "
                         f"{SKELETONS / path.name} saknas.") from None
    except UnicodeDecodeError:
        raise UsageError(f"Mallen {SKELETONS / path.name} är inte sparad som UTF-8.") from None


#: Choices named in full in the message about missing options; more are cut short.
_CHOICES_NAMED = 8


def _choices(slot: Slot) -> str:
    values = [value for value, _ in slot.choices]
    if not values:
        return f"till exempel {slot.default}"
    if len(values) <= _CHOICES_NAMED:
        return "en av: " + ", ".join(values)
    return "till exempel " + ", ".join(values[:_CHOICES_NAMED]) + " …"


def unit_choices(model: Model, allowed: tuple[str, ...] | None = None) -> tuple[tuple[str, str], ...]:
    """(code, name) of the units in the tree's order, förvaltning → avdelning → enhet,
    each name indented by its depth (and its kind where the model gives one)."""
    tree = model.unit_tree
    wanted = set(model.units if allowed is None else allowed)
    rows = [(u.code, "  " * depth + u.name + (f" ({u.kind})" if u.kind else ""))
            for u, depth in tree.rows_in_tree_order() if u.code in wanted]
    return tuple(rows) + tuple((code, "") for code in (allowed or ()) if code not in tree.units)


def _unit_slot(model: Model) -> Slot:
    return Slot("unit", "Enhet", unit_choices(model), next(iter(model.units), ""))


def _unit_fields(model: Model, need: NeedSource) -> list[str]:
    type_def = model.types[need.type]
    return [name for name, usage in type_def.fields.items() if usage.field.kind == "unit"]


def _closeness(model: Model, need: NeedSource, unit: str) -> int:
    """0: the unit's own object; 1: shared with other units; 2: not the unit's."""
    units = {u for name in _unit_fields(model, need) for u in need.values(name)}
    return 0 if units == {unit} else 1 if unit in units else 2


def _most_common(groups: list[list[NeedSource]], field_name: str, allowed: list[str]) -> str:
    """The value most objects like this one have, ties broken by the model's order."""
    for group in groups:
        counts = Counter(v for n in group for v in n.values(field_name) if v in allowed)
        if counts:
            return max(allowed, key=lambda v: (counts[v], -allowed.index(v)))
    return ""


def _slot(model: Model, index: ObjectIndex, type_def: TypeDef, name: str, field_name: str,
          unit: str, today: dt.date) -> Slot:
    siblings = index.of_type(type_def.name)
    groups = [[n for n in siblings if _closeness(model, n, unit) <= level] for level in (0, 1, 2)]
    if field_name in type_def.links:
        return _link_slot(model, index, name, field_name, unit, groups)
    usage = type_def.fields.get(field_name)
    if usage is None:
        return Slot(name, name, default="...")
    f = usage.field
    if f.kind == "date":
        return Slot(name, f.label, default=add_months(today, DEFAULT_MONTHS_AHEAD).isoformat(), is_date=True)
    allowed = model.allowed_values(usage)
    if not allowed:
        return Slot(name, f.label, default="...")
    if f.kind == "unit":
        choices = unit_choices(model, allowed)
    else:
        described = model.roles if f.kind == "role" else {}
        choices = tuple((v, described.get(v, "")) for v in allowed)
    default = _most_common(groups, field_name, list(allowed)) or allowed[0]
    return Slot(name, f.label, choices, default)


def _link_slot(model: Model, index: ObjectIndex, name: str, link_name: str, unit: str,
               groups: list[list[NeedSource]]) -> Slot:
    link = model.links[link_name]
    withdrawn = set(model.publishing.withdrawn_statuses)
    candidates = [n for t in link.targets for n in index.of_type(t) if n.value(model.field_for("state")) not in withdrawn]
    if not candidates:
        kinds = " eller ".join(model.types[t].title.lower() for t in link.targets)
        raise UsageError(f"Det finns ingen {kinds} att länka till ({link.outgoing.lower()}). Skapa den först "
                         f"med lotsen new {link.targets[0]}.")
    candidates.sort(key=lambda n: _closeness(model, n, unit))  # the unit's own first, stable
    ids = [n.id for n in candidates]
    default = _most_common(groups, link_name, ids) or ids[0]
    return Slot(name, link.outgoing, tuple((n.id, n.title) for n in candidates), default)


def _new_id(model: Model, type_def: TypeDef, given: str | None, unit: str, today: dt.date, taken: set[str]) -> str:
    if given is not None:
        new_id = given.strip()
        if not type_def.id_pattern.fullmatch(new_id) or not new_id.startswith(type_def.prefix):
            raise UsageError(f"ID:t '{new_id}' följer inte formatet för {type_def.title.lower()}, till "
                             f"exempel {type_def.id_example}.")
        if new_id in taken:
            raise UsageError(f"ID:t '{new_id}' används redan. Utelämna --id så väljer Lotsen nästa lediga.")
        return new_id
    new_id = next_id(type_def.id_template, unit or next(iter(model.units), ""), today.year, taken)
    if not type_def.id_pattern.fullmatch(new_id):
        raise UsageError(f"Nästa lediga ID enligt id_template blir '{new_id}', som inte följer formatet för "
                         f"{type_def.title.lower()}: numren kan vara slut. Ange ett ID med --id.")
    return new_id
