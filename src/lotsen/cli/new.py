"""`lotsen new`: a new object from its type's skeleton, with the next free ID."""

from __future__ import annotations

import argparse
import sys

from lotsen.checks.formats import human
from lotsen.checks.pipeline import check_files
from lotsen.cli.codeowners import refresh
from lotsen.cli.common import EXIT_CLEAN, err, project_model, project_options, shown, today
from lotsen.cli.prompt import TerminalAsker
from lotsen.source.files import content_files
from lotsen.source.skeletons import PLACEHOLDERS, create


def run(args: argparse.Namespace) -> int:
    root, model = project_model(args)
    day = today()
    given = {name: getattr(args, name) for name in PLACEHOLDERS}
    ask = TerminalAsker(sys.stdin, sys.stderr) if sys.stdin.isatty() and not args.no_input else None
    created = create(model, root, args.type, given, day, ask, guess=args.no_input)
    for note in created.notes:
        err(note)
    print(shown(created.path))
    for name in refresh(root, model):
        err(f"Uppdaterade {name}, så att rätt granskare tillfrågas om den nya filen. Lägg till den i "
            f"samma ändring.")
    relative = created.path.relative_to(root).as_posix()
    findings = [f for f in check_files(model, root, content_files(root), day) if f.file == relative]
    if findings:
        err(f"Skapade {created.id}. Det här säger lotsen check om det:")
        err(human(findings, lambda file: file))
    else:
        err(f"Skapade {created.id}. Det klarar lotsen check; fyll i texten där det står '...'.")
    link = model.reports.fulfils_link
    if args.type == model.reports.requirement_type:
        # a draft does not count in the coverage gates; once in force, something must fulfil it
        fulfillers = ", ".join(t.title.lower() for t in model.types.values() if link in t.links)
        err(f"När kravet blir gällande räknas det som otäckt tills något uppfyller det. Skriv "
            f"':{link}: {created.id}' i det objekt som uppfyller det ({fulfillers}), gärna i samma ändring.")
    return EXIT_CLEAN


def register(sub: argparse._SubParsersAction) -> None:
    new = sub.add_parser("new", help="skapa ett nytt objekt ur typens mall, med nästa lediga ID",
                         description="Skapar en fil ur needs_templates/skeletons/<typ>.md. Det som inte "
                                     "anges frågar Lotsen efter i terminalen. Utan terminal stannar "
                                     "Lotsen och säger vilka flaggor som saknas; med --no-input tas "
                                     "förval (vanligast bland objekten av samma slag i enheten).")
    new.add_argument("type", metavar="TYP", help="objekttypen ur modellen, till exempel rutin")
    new.add_argument("--title", metavar="RUBRIK", help="rubriken")
    new.add_argument("--unit", metavar="ENHET", help="enhetens kod, till exempel HT")
    new.add_argument("--owner", metavar="ROLL", help="ägarens eller den ansvariges roll")
    new.add_argument("--role", metavar="ROLL", help="målgruppens roll")
    new.add_argument("--process", metavar="ID", help="processen objektet hör till (ID)")
    new.add_argument("--routine", metavar="ID", help="rutinen objektet följer upp (ID)")
    new.add_argument("--control", metavar="ID", help="egenkontrollen ett resultat gäller (ID)")
    new.add_argument("--due", metavar="DATUM", help="ÅÅÅÅ-MM-DD, till exempel när en åtgärd ska vara klar")
    new.add_argument("--id", metavar="ID", help="ett eget ID i stället för nästa lediga")
    new.add_argument("--no-input", action="store_true", help="fråga aldrig; ta förval för det som inte anges")
    project_options(new)
    new.set_defaults(func=run)
