"""`lotsen init MAPP`: a new ledningssystem repository for an organisation, or the sample."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from lotsen.cli.codeowners import routing
from lotsen.cli.common import EXIT_CLEAN, err, today
from lotsen.errors import UsageError
from lotsen.model import load_model
from lotsen.source.new_project import (
    DEFAULT_ROLES,
    DEFAULT_UNIT,
    Organisation,
    create_project,
    create_sample_project,
    first_commit,
    lotsen_requirement,
    parse_pairs,
    parse_units,
    unit_problems,
)
from lotsen.source.new_units import SUBUNIT_EXAMPLE, UNIT_EXAMPLE


def _ask(stdin: TextIO, out: TextIO, question: str, default: str = "") -> str:
    out.write(f"{question}" + (f" [{default}]" if default else "") + ": ")
    out.flush()
    line = stdin.readline()
    if not line:
        raise UsageError(f"Avbrutet: inget svar på frågan '{question}'.")
    return line.strip() or default


def _ask_pairs(stdin: TextIO, out: TextIO, what: str, one: str, example: str) -> list[str]:
    out.write(f"{what}, en per rad som kod=namn (till exempel {example}). Tom rad när du är klar.\n")
    answers = []
    while answer := _ask(stdin, out, f"  {one}"):
        answers.append(answer)
    return answers


def organisation(args: argparse.Namespace, interactive: bool) -> Organisation:
    name, short = args.namn, args.kortnamn
    units, roles, host = list(args.enhet), list(args.roll), args.git_vard
    if interactive:
        stdin, out = sys.stdin, sys.stderr
        name = name or _ask(stdin, out, "Organisationens namn, som det ska stå på webbplatsen")
        short = short or _ask(stdin, out, "Kort namn", (name or "").split()[0] if name else "")
        units = units or _ask_pairs(stdin, out, "Enheter", "enhet", f"{UNIT_EXAMPLE}; en enhet under den: {SUBUNIT_EXAMPLE}")
        roles = roles or _ask_pairs(stdin, out, "Roller", "roll", "enhetschef=Enhetschef")
        host = host if host is not None else _ask(stdin, out, "Adressen till arkivet på git-tjänsten (kan lämnas tom)")
    if not name or not name.strip():
        raise UsageError("Organisationens namn saknas. Ange det med --namn \"…\".")
    name = name.strip()
    short = (short or name.split()[0]).strip()
    new_units, problems = parse_units(units)
    role_codes, role_problems = parse_pairs(roles, "--roll")
    problems += unit_problems(new_units) + role_problems
    if problems:
        raise UsageError("\n".join(problems))
    notes = []
    unit_codes = {u.code: u.name for u in new_units}
    parents = {u.code: u.parent for u in new_units if u.parent}
    if not unit_codes:
        unit_codes = dict([DEFAULT_UNIT])
        notes.append(f"Ingen enhet angavs: enheten {DEFAULT_UNIT[0]} ({DEFAULT_UNIT[1]}) skapades. Ändra under "
                     f"'units' i lotsen.yaml.")
    if not role_codes:
        role_codes = dict(DEFAULT_ROLES)
        notes.append(f"Inga roller angavs: {', '.join(DEFAULT_ROLES)} skapades. Ändra under 'roles' i lotsen.yaml.")
    return Organisation(name, short, unit_codes, role_codes, (host or "").strip(), notes, parents)


def _write_codeowners(dest: Path) -> None:
    model = load_model(dest / "lotsen.yaml")
    target = dest / ".github" / "CODEOWNERS"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(routing(model, []).text, encoding="utf-8")


def run(args: argparse.Namespace) -> int:
    dest = Path(args.folder)
    requirement = lotsen_requirement(args.lotsen)
    day = today()
    if args.exempel:
        create_sample_project(dest, requirement)
        message = "Exempelsystemet från Lotsen (lotsen init --exempel)"
        name = "exempelsystemet"
    else:
        interactive = sys.stdin.isatty() and not args.no_input
        org = organisation(args, interactive)
        create_project(dest, org, requirement, day)
        _write_codeowners(dest)
        for note in org.notes:
            err(note)
        message = f"Nytt ledningssystem för {org.name} (lotsen init)"
        name = org.name
    problem = first_commit(dest, message)
    if problem:
        err(problem)
    err(f"Skapade ledningssystemet för {name} i {dest}. Lotsen: {requirement}")
    err(f"Nästa steg: cd {dest} && make html. Guiden står i docs/kom-igang.md.")
    print(dest)
    return EXIT_CLEAN


def register(sub: argparse._SubParsersAction) -> None:
    init = sub.add_parser("init", help="skapa ett nytt ledningssystem för en organisation",
                          description="Skapar en ny mapp med modell (lotsen.yaml), innehållsmappar, guider, "
                                      "CI-filer, CODEOWNERS och README, och en första version i git. Det som "
                                      "inte anges frågar Lotsen efter i terminalen.")
    init.add_argument("folder", metavar="MAPP", help="den nya mappen (ska inte finnas, eller vara tom)")
    init.add_argument("--namn", help="organisationens namn, till exempel \"Socialförvaltningen i Ekby\"")
    init.add_argument("--kortnamn", help="ett kort namn, till exempel Ekby")
    init.add_argument("--enhet", action="append", default=[], metavar="KOD=NAMN",
                      help="en enhet; upprepa för fler. KOD=NAMN@FÖRÄLDER anger vilken enhet den hör till, "
                           f"till exempel --enhet {UNIT_EXAMPLE} --enhet {SUBUNIT_EXAMPLE}")
    init.add_argument("--roll", action="append", default=[], metavar="KOD=NAMN", help="en roll; upprepa för fler")
    init.add_argument("--git-värd", "--git-vard", dest="git_vard", metavar="ADRESS",
                      help="arkivets adress på git-tjänsten; ger gruppen för granskarnas konton")
    init.add_argument("--lotsen", metavar="PAKET",
                      help="vilken Lotsen arkivet ska använda: en .whl, en mapp, git+https://…@v1.0 eller en "
                           "version (standard: den som körs nu)")
    init.add_argument("--exempel", action="store_true", help="skapa exempelsystemet i stället")
    init.add_argument("--no-input", action="store_true", help="fråga aldrig")
    init.set_defaults(func=run)
