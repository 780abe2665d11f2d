"""Review routing: a CODEOWNERS file from the owner of every object in each file.

The owner of an object is its field with the role ``owner`` (model/roles.py) or, for
types without one, its field with the role ``responsible``. The model's ``accounts`` turn those roles into teams on the git host; '*'
reviews every other file, the model included. A role that exists once per unit
(``enhetschef``) is the account of each unit the object holds for (model/workflow.py
``accounts_for``): an object for an avdelning is reviewed by the enhetschef of each of
its enheter.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lotsen.checks.pipeline import scan_files
from lotsen.cli.common import EXIT_CLEAN, EXIT_FINDINGS, err, project_model, project_options
from lotsen.model import Model
from lotsen.model.workflow import DEFAULT_ACCOUNT, accounts_for
from lotsen.source.files import content_files
from lotsen.source.index import ObjectIndex
from lotsen.source.scanner import NeedSource
from lotsen.words import plural

_HEADER = """\
# Granskare för ledningssystemet, per fil.
# Skapad av `lotsen codeowners` ur objektens ägare ({fields}) och
# 'accounts' i {model}. Ändra inte här: ändra ägaren i objektet eller kontot i
# {model} och kör `lotsen codeowners` igen.
"""
_SPECIAL = re.compile(r"([\\\s#\[\]*?!])")


@dataclass
class Routing:
    """The CODEOWNERS text, and the owners Lotsen could not route (role -> places)."""

    text: str
    unrouted: dict[str, list[str]] = field(default_factory=dict)


def owner_field(model: Model, type_name: str) -> str:
    """The field that names who owns objects of a type, or '' when it has none."""
    fields = model.types[type_name].fields
    for name in (model.field_for("owner"), model.field_for("responsible")):
        if name and name in fields:
            return name
    return ""


def _escape(path: str) -> str:
    return _SPECIAL.sub(r"\\\1", path)


def review_units(index: ObjectIndex, need: NeedSource) -> list[str]:
    """The units whose per-unit role reviews an object: the enheter it holds for (the
    units without units under them), in tree order."""
    tree = index.model.unit_tree
    held = index.units_of(need)
    return [code for code in tree.units if code in held and tree.is_leaf(code)]


def routing(model: Model, needs: Iterable[NeedSource]) -> Routing:
    """One line per file that holds objects, its owners' accounts in order of appearance."""
    needs = list(needs)
    index = ObjectIndex(model, needs, dt.date.today())
    per_file: dict[str, list[str]] = {}
    unrouted: dict[str, list[str]] = {}
    for need in needs:
        name = owner_field(model, need.type)
        accounts = per_file.setdefault(need.file, [])
        for role in need.values(name) if name else []:
            found = accounts_for(model, role, review_units(index, need))
            if not found:
                unrouted.setdefault(role, []).append(f"{need.file}:{need.line_of(name)}")
            for account in found:
                if account not in accounts:
                    accounts.append(account)
    fields = " eller ".join(f for f in (model.field_for("owner"), model.field_for("responsible")) if f)
    lines = [_HEADER.format(fields=fields or "-", model=Path(model.path).name)]
    if DEFAULT_ACCOUNT in model.accounts:
        lines.append(f"* {model.accounts[DEFAULT_ACCOUNT]}\n")
    rows = [f"/{_escape(path)} {' '.join(accounts)}" for path, accounts in sorted(per_file.items()) if accounts]
    if rows:
        lines.append("\n".join(rows) + "\n")
    return Routing("\n".join(lines), unrouted)


#: Lines of a stale CODEOWNERS file's diff shown before the rest is left out.
_DIFF_LINES = 40
#: Where the git hosts read a CODEOWNERS file (GitHub, GitLab, Gitea/Forgejo).
LOCATIONS = (".github/CODEOWNERS", ".gitlab/CODEOWNERS", "docs/CODEOWNERS", "CODEOWNERS", ".gitea/CODEOWNERS")


def refresh(root: Path, model: Model) -> list[str]:
    """Rewrite every CODEOWNERS file the project has, so a new object's file gets its
    reviewers without a step of its own. Returns the files that changed."""
    needs, _ = scan_files(model, root, content_files(root))
    text = routing(model, needs).text
    changed = []
    for name in LOCATIONS:
        path = root / name
        if path.is_file() and path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(name)
    return changed


def _command(args: argparse.Namespace) -> str:
    extra = "" if args.output == ".github/CODEOWNERS" else f" --output {args.output}"
    extra += "" if args.root == "." else f" --root {args.root}"
    return f".venv/bin/lotsen codeowners{extra}"


def run(args: argparse.Namespace) -> int:
    root, model = project_model(args)
    needs, _ = scan_files(model, root, content_files(root))
    result = routing(model, needs)
    for role, places in result.unrouted.items():
        more = f" (och {plural(len(places) - 1, 'ställe', 'ställen')} till)" if len(places) > 1 else ""
        err(f"{places[0]}: rollen '{role}' har inget konto under 'accounts' i {args.model}{more}, så "
            f"filen granskas bara av den som står för '*'. Lägg till rollen under 'accounts'.")
    target = root / args.output
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if args.check:
        if current == result.text:
            print(f"{args.output} är aktuell.")
            return EXIT_CLEAN
        if current is None:
            err(f"{args.output} finns inte. Skapa den med kommandot\n\n    {_command(args)}\n\n"
                f"och lägg till filen i samma ändring.")
            return EXIT_FINDINGS
        err(f"{args.output} är inaktuell: granskarna i filen stämmer inte med objektens ägare (en fil har "
            f"lagts till, flyttats eller fått en ny ägare). Kör det här kommandot och lägg till filen i "
            f"samma ändring:\n\n    {_command(args)}\n\nSå här skiljer sig filen från vad den ska vara:")
        diff = list(difflib.unified_diff(current.splitlines(), result.text.splitlines(),
                                         f"{args.output} (nu)", f"{args.output} (ska vara)", lineterm=""))
        err("\n".join(diff[:_DIFF_LINES]) + ("\n…" if len(diff) > _DIFF_LINES else ""))
        return EXIT_FINDINGS
    if current != result.text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(result.text, encoding="utf-8")
        print(f"Skrev {args.output}.")
    else:
        print(f"{args.output} var redan aktuell.")
    return EXIT_CLEAN


def register(sub: argparse._SubParsersAction) -> None:
    owners = sub.add_parser("codeowners", help="skriv CODEOWNERS ur objektens ägare")
    owners.add_argument("--output", default=".github/CODEOWNERS", metavar="FIL", help="filen, relativt roten "
                        "(standard: .github/CODEOWNERS)")
    owners.add_argument("--check", action="store_true", help="skriv inget; avsluta med 1 om filen är inaktuell")
    project_options(owners)
    owners.set_defaults(func=run)
