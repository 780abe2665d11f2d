"""The model's parts for the process owner's workflow: ID and file templates for
``lotsen new``, and the git-host accounts that ``lotsen codeowners`` routes reviews to.

Kept apart from the loader so the loader stays about the ledningssystem itself; the
functions report through the loader's reader, with lines, like everything else.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lotsen.model.ids import FILE_PLACEHOLDERS, ID_PLACEHOLDERS, render_id, template_problem
from lotsen.model.yaml_lines import LineDict

if TYPE_CHECKING:
    from lotsen.model.reader import Reader
    from lotsen.model.schema import TypeDef

#: An account or team on the git host: @name, @org/team or @group/subgroup. Never an
#: e-mail address: that names a person.
ACCOUNT = re.compile(r"^@[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$")
#: The key in ``accounts`` for whoever reviews what no role owns.
DEFAULT_ACCOUNT = "*"


def check_templates(r: Reader, top: LineDict, types: dict[str, TypeDef], units: dict[str, str]) -> None:
    """An ID template must give IDs its type accepts, for every unit it may be filled with."""
    table = top.get("types")
    if not isinstance(table, LineDict):
        return
    unit_lines = top.get("units") if isinstance(top.get("units"), LineDict) else LineDict()
    reported: set[str] = set()
    for name, type_def in types.items():
        spec = table.get(name)
        if not isinstance(spec, LineDict):
            continue
        where = f"types.{name}"
        if "id_template" in spec and type_def.id_template:
            unfit = _unfit_units(type_def, units)
            for unit, reason in unfit.items():
                if unit not in reported:
                    reported.add(unit)
                    r.error(unit_lines.line_of(unit), f"Enhetskoden '{unit}' kan inte stå i ett ID: {reason} "
                                                      f"Byt koden under 'units' (namnet får ha alla tecken).")
            usable = {u: n for u, n in units.items() if u not in unfit}
            if usable:
                _check_id_template(r, spec.line_of("id_template"), where, type_def, usable)
        if "file_template" in spec:
            line = spec.line_of("file_template")
            problem = template_problem(type_def.file_template, FILE_PLACEHOLDERS, needs="id")
            parts = type_def.file_template.replace("\\", "/").split("/")
            if problem:
                r.error(line, f"'{where}.file_template': {problem}.")
            elif not type_def.file_template.endswith(".md") or ".." in parts or parts[0] == "":
                r.error(line, f"'{where}.file_template' ska vara en sökväg inuti typens mapp som "
                              f"slutar på .md, till exempel '{{unit}}/{{id}}.md'.")


def _check_id_template(r: Reader, line: int, where: str, type_def: TypeDef, units: dict[str, str]) -> None:
    problem = template_problem(type_def.id_template, ID_PLACEHOLDERS, needs="number")
    if problem:
        r.error(line, f"'{where}.id_template': {problem}.")
        return
    for unit in units if "{unit" in type_def.id_template else list(units)[:1]:
        try:
            sample = render_id(type_def.id_template, unit, 2000, 1)
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            r.error(line, f"'{where}.id_template' går inte att använda för enheten {unit} ({exc}). "
                          "Skriv mallen med {unit}, {year} och {number}, till exempel 'RUT-{unit}-{number:03d}'.")
            return
        if not type_def.id_pattern.fullmatch(sample) or not sample.startswith(type_def.prefix):
            r.error(line, f"'{where}.id_template' ger ID:t '{sample}' (enheten {unit}), som inte "
                          f"följer '{where}.id_pattern' eller prefixet '{type_def.prefix}'. Ändra "
                          f"mallen eller mönstret så att de stämmer.")
            return


#: Characters tried to tell an author which ones an ID accepts where the unit stands.
_TRIED = "ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖabcdefghijklmnopqrstuvwxyzåäö0123456789-_"


def _unfit_units(type_def: TypeDef, units: dict[str, str]) -> dict[str, str]:
    """Units whose code, not the template, keeps the type's IDs from their pattern.

    A unit is to blame when a code of the same length made of a character the pattern
    accepts gives a valid ID. Which characters it accepts is found by trying them, so
    the message names them whatever the organisation's pattern is.
    """
    template = type_def.id_template
    if "{unit" not in template or template_problem(template, ID_PLACEHOLDERS, needs="number"):
        return {}

    def fits(code: str) -> bool:
        try:
            sample = render_id(template, code, 2000, 1)
        except (ValueError, KeyError, IndexError, TypeError):
            return False
        return bool(type_def.id_pattern.fullmatch(sample)) and sample.startswith(type_def.prefix)

    unfit = {}
    for unit in units:
        if fits(unit):
            continue
        allowed = [c for c in _TRIED if fits(c * len(unit))]
        if allowed:
            bad = sorted({c for c in unit if c not in allowed}, key=unit.index)
            unfit[unit] = (f"{'tecknet' if len(bad) == 1 else 'tecknen'} {_listed(bad)} är inte tillåtet i ID:n för {type_def.title.lower()} "
                           f"(id_pattern), där bara {_ranges(allowed)} får stå.") if bad else \
                          f"ID:n för {type_def.title.lower()} (id_pattern) tillåter inte den här ordningen av tecken."
            continue
        lengths = [n for n in range(1, 13) if any(fits(c * n) for c in _TRIED)]
        if lengths:
            unfit[unit] = (f"den har {len(unit)} tecken, men ID:n för {type_def.title.lower()} (id_pattern) "
                           f"tillåter {lengths[0]}–{lengths[-1]} tecken där enheten står.")
    return unfit


def _listed(chars: list[str]) -> str:
    quoted = [f"'{c}'" for c in chars]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " och " + quoted[-1]


def _ranges(chars: list[str]) -> str:
    """'A–Z, 0–9' rather than every letter."""
    groups = [("A–Z", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"), ("a–z", "abcdefghijklmnopqrstuvwxyz"), ("0–9", "0123456789")]
    parts, rest = [], list(chars)
    for name, members in groups:
        if set(members) <= set(rest):
            parts.append(name)
            rest = [c for c in rest if c not in members]
    parts += [f"'{c}'" for c in rest]
    return ", ".join(parts)


def read_accounts(r: Reader, top: LineDict, roles: dict[str, str]) -> dict[str, str]:
    """Role code (or '*') -> account, every bad row reported with its line."""
    if "accounts" not in top:
        return {}
    table = r.mapping(top.get("accounts"), top.line_of("accounts"), "accounts")
    accounts: dict[str, str] = {}
    for role, account in table.items():
        line = table.line_of(role)
        if role != DEFAULT_ACCOUNT and role not in roles:
            r.error(line, f"'accounts' nämner rollen '{role}', som inte finns under 'roles'. Använd "
                          f"en rollkod, eller '*' (inom citattecken) för den som granskar resten.")
        elif not isinstance(account, str) or not ACCOUNT.fullmatch(account):
            r.error(line, f"'accounts.{role}' ska vara ett konto eller team på git-tjänsten, till "
                          f"exempel '@norrvik/hemtjanst' (inom citattecken). Skriv aldrig en "
                          f"persons namn eller e-postadress.")
        else:
            accounts[str(role)] = account
    return accounts
