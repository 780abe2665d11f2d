"""The model's parts for the process owner's workflow: ID and file templates for
``lotsen new``, the git-host accounts that ``lotsen codeowners`` routes reviews to, the
repository the site links to for edits.

Kept apart from the loader so the loader stays about the ledningssystem itself; the
functions report through the loader's reader, with lines, like everything else.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from lotsen.model.ids import FILE_PLACEHOLDERS, ID_PLACEHOLDERS, render_id, template_problem
from lotsen.model.schema import REPOSITORY_HOSTS, RepositoryConfig
from lotsen.model.yaml_lines import LineDict

if TYPE_CHECKING:
    from lotsen.model.reader import Reader
    from lotsen.model.schema import TypeDef

#: An account or team on the git host: @name, @org/team or @group/subgroup. Never an
#: e-mail address: that names a person.
ACCOUNT = re.compile(r"^@[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*$")
#: The key in ``accounts`` for whoever reviews what no role owns.
DEFAULT_ACCOUNT = "*"


def check_templates(r: Reader, top: LineDict, types: dict[str, TypeDef], units: dict[str, str],
                    lines: dict[str, int] | None = None) -> None:
    """An ID template must give IDs its type accepts, for every unit it may be filled with."""
    table = top.get("types")
    if not isinstance(table, LineDict):
        return
    unit_lines = top.get("units") if isinstance(top.get("units"), LineDict) else LineDict()
    if lines:  # the tree: each unit at its own line, nested or not
        unit_lines = LineDict()
        unit_lines.key_lines = dict(lines)
    reported: set[str] = set()
    for name, type_def in types.items():
        spec = table.get(name)
        if not isinstance(spec, LineDict):
            continue
        where = f"types.{name}"
        if "id_template" in spec and type_def.id_template:
            unfit = _unfit_units(type_def, units, reported)
            for unit, reason in unfit.items():
                reported.add(unit)
                r.error(unit_lines.line_of(unit), f"Enhetskoden '{unit}' kan inte stå i ett ID: {reason} "
                                                  f"Byt koden under 'units' (namnet får ha alla tecken).")
            # a unit already reported is not reported again through a template
            usable = {u: n for u, n in units.items() if u not in reported}
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
        except (ValueError, KeyError, IndexError, TypeError):
            r.error(line, f"'{where}.id_template' går inte att använda för enheten {unit}: ett fält inom "
                          "klamrar har ett format som inte passar det. Skriv mallen med {unit}, {year} och "
                          "{number}, till exempel 'RUT-{unit}-{number:03d}'.")
            return
        if not type_def.id_pattern.fullmatch(sample) or not sample.startswith(type_def.prefix):
            r.error(line, f"'{where}.id_template' ger ID:t '{sample}' (enheten {unit}), som inte "
                          f"följer '{where}.id_pattern' eller prefixet '{type_def.prefix}'. Ändra "
                          f"mallen eller mönstret så att de stämmer.")
            return


def unit_code_problems(types: dict[str, TypeDef], units: list[str]) -> dict[str, str]:
    """Unit code -> why it cannot stand in the IDs of the types (the first type it does
    not fit), for codes not yet in a model: what ``check_templates`` says at the unit."""
    found: dict[str, str] = {}
    for type_def in types.values():
        if "{unit" not in type_def.id_template or template_problem(type_def.id_template, ID_PLACEHOLDERS,
                                                                     needs="number"):
            continue
        found.update(_unfit_units(type_def, units, set(found)))
        for unit in units:
            if unit in found:
                continue
            try:
                sample = render_id(type_def.id_template, unit, 2000, 1)
            except (ValueError, KeyError, IndexError, TypeError):
                continue  # the template's own problem, not the unit's
            if not type_def.id_pattern.fullmatch(sample):
                found[unit] = (f"ID:n för {type_def.title.lower()} skulle bli som '{sample}', och det går inte "
                               f"(ett ID ser ut som '{type_def.id_example}').")
    return found


#: The longest unit code whose characters are judged one by one.
_LONGEST = 12
#: Classes of characters tried, each with one representative, to name what an ID accepts.
_CLASSES = (("A–Z", "A", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"), ("a–z", "a", "abcdefghijklmnopqrstuvwxyz"),
            ("0–9", "0", "0123456789"))


def _unfit_units(type_def: TypeDef, units: dict[str, str], skip: set[str]) -> dict[str, str]:
    """Units whose code, not the template, keeps the type's IDs from their pattern.

    A unit is to blame when a code of the same length made of letters A–Z (or a–z, or
    digits) gives a valid ID. Which of those classes the pattern accepts is found by
    trying one representative of each, so the message names them whatever the
    organisation's pattern is, at the cost of a few matches per unit that does not fit.
    """
    template = type_def.id_template
    # only a plain {unit}: a format spec (width, fill) makes the unit's own characters moot
    if "{unit}" not in template or template_problem(template, ID_PLACEHOLDERS, needs="number"):
        return {}

    def fits(code: str) -> bool:
        try:
            sample = render_id(template, code, 2000, 1)
        except (ValueError, KeyError, IndexError, TypeError):
            return False
        return bool(type_def.id_pattern.fullmatch(sample)) and sample.startswith(type_def.prefix)

    unfit = {}
    what = type_def.title.lower()
    for unit in units:
        if unit in skip or fits(unit):
            continue
        allowed = [(name, members) for name, one, members in _CLASSES if fits(one * min(len(unit), _LONGEST))]
        if allowed:
            members = "".join(m for _, m in allowed)
            bad = sorted({c for c in unit if c not in members}, key=unit.index)
            names = _listed([name for name, _ in allowed], quote=False)
            if bad:
                unfit[unit] = (f"{'tecknet' if len(bad) == 1 else 'tecknen'} {_listed(bad)} "
                               f"{'är inte tillåtet' if len(bad) == 1 else 'är inte tillåtna'} i ID:n för "
                               f"{what}, där bara {names} får stå.")
            continue
        # a code longer than any ID part is left to the template's own check
        lengths = [n for n in range(1, _LONGEST + 1) if fits("A" * n)]
        if lengths and (len(unit) <= _LONGEST or lengths[-1] < _LONGEST):
            unfit[unit] = (f"den har {len(unit)} tecken, men ID:n för {what} tillåter "
                           f"{_span(lengths[0], lengths[-1])} där enheten står.")
    return unfit


def _span(low: int, high: int) -> str:
    return f"{low} tecken" if low == high else f"{low}–{high} tecken"


def _listed(chars: list[str], quote: bool = True) -> str:
    quoted = [f"'{c}'" if quote else c for c in chars]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " och " + quoted[-1]


def read_accounts(r: Reader, top: LineDict, roles: dict[str, str], per_unit: frozenset[str] = frozenset(),
                  units: dict[str, str] | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """Role code (or '*') -> account, every bad row reported with its line.

    A role that exists once per unit (``per_unit: true``) may have one account per unit,
    written ``role@UNIT`` (``enhetschef@HT: '@norrvik/hemtjanst-ledning'``), and its
    plain account may be a pattern with ``{unit}``, the unit's code in lower case
    (``enhetschef: '@norrvik/ledning-{unit}'``).

    Returns (role or '*' -> account, 'role@UNIT' -> account)."""
    if "accounts" not in top:
        return {}, {}
    table = r.mapping(top.get("accounts"), top.line_of("accounts"), "accounts")
    accounts: dict[str, str] = {}
    unit_accounts: dict[str, str] = {}
    # no roles or no units: that section has its own finding, and its codes are not known
    for key, account in table.items():
        line = table.line_of(key)
        role, _, unit = str(key).partition("@")
        if key != DEFAULT_ACCOUNT and roles and role not in roles:
            r.error(line, f"'accounts' nämner rollen '{role}', som inte finns under 'roles'. Använd "
                          f"en rollkod, eller '*' (inom citattecken) för den som granskar resten.")
        elif unit and roles and role not in per_unit:
            r.error(line, f"'accounts.{key}': rollen '{role}' finns inte en gång per enhet. Skriv "
                          f"'per_unit: true' på rollen under 'roles', eller ta bort '@{unit}'.")
        elif unit and units and unit not in units:
            r.error(line, f"'accounts.{key}' nämner enheten '{unit}', som inte finns under 'units'.")
        elif not isinstance(account, str) or not ACCOUNT.fullmatch(account.replace("{unit}", "x")):
            r.error(line, f"'accounts.{key}' ska vara ett konto eller team på git-tjänsten, till "
                          f"exempel '@norrvik/hemtjanst' (inom citattecken). Skriv aldrig en "
                          f"persons namn eller e-postadress.")
        elif "{unit}" in account and (unit or (roles and role not in per_unit)):
            r.error(line, f"'accounts.{key}': '{{unit}}' går bara att använda för en roll som finns en "
                          f"gång per enhet, utan '@enhet' i nyckeln.")
        else:
            (unit_accounts if unit else accounts)[str(key)] = account
    return accounts, unit_accounts


def accounts_for(model, role: str, units: list[str]) -> list[str]:
    """The accounts that review for a role on an object held for these units: for a role
    per unit, each unit's own account (``role@UNIT``, else the nearest unit above with
    one, else the ``{unit}`` pattern); otherwise, and when no unit gives one, the role's
    plain account. [] when there is none."""
    found: list[str] = []
    if role in model.per_unit_roles:
        tree = model.unit_tree
        for unit in units:
            account = next((model.unit_accounts[f"{role}@{u}"] for u in [unit, *tree.ancestors(unit)]
                            if f"{role}@{u}" in model.unit_accounts), None)
            if account is None and "{unit}" in model.accounts.get(role, ""):
                account = model.accounts[role].replace("{unit}", unit.lower())
            if account and account not in found:
                found.append(account)
    if not found and role in model.accounts and "{unit}" not in model.accounts[role]:
        found.append(model.accounts[role])
    return found


def read_repository(r: Reader, top: LineDict) -> RepositoryConfig:
    """Where the content lives on the git host, for the 'Föreslå en ändring' link."""
    if "repository" not in top:
        return RepositoryConfig()
    spec = r.mapping(top.get("repository"), top.line_of("repository"), "repository")
    r.known_keys(spec, {"host", "url", "branch", "path"}, "repository")
    host = r.text(spec, "host", "repository")
    url = r.text(spec, "url", "repository").rstrip("/")
    branch = r.text(spec, "branch", "repository", default="main")
    path = r.text(spec, "path", "repository", default="").strip("/")
    if host and host not in REPOSITORY_HOSTS:
        r.error(spec.line_of("host"), f"'repository.host' är '{host}', som Lotsen inte känner. "
                                      f"Välj en av: {', '.join(REPOSITORY_HOSTS)}.")
    if url and not re.fullmatch(r"https://[^\s/]+(/[^\s]+)+", url):
        r.error(spec.line_of("url"), "'repository.url' ska vara arkivets webbadress som börjar med "
                                     "https://, till exempel https://github.com/norrvik/ledningssystem.")
    if ".." in path.split("/"):
        r.error(spec.line_of("path"), "'repository.path' ska vara en mapp inuti arkivet.")
    return RepositoryConfig(host, url, branch, path)
