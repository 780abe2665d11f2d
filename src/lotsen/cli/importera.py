"""`lotsen import TYP FIL`: a register kept in Excel or CSV (risk register, egenkontroll-
or internkontrollplan, action list, list of routines, results of controls) brought in as
objects; `lotsen import statistik FIL`: a case system's export of case statistics
brought into a statistics file in the model's folder.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from lotsen.cli.common import EXIT_CLEAN, EXIT_FINDINGS, err, project_model, project_options, shown, today
from lotsen.source.importer.run import Outcome, run_import
from lotsen.source.importer.statistics import STATISTICS_KIND, plan_statistics, write_statistics

#: Widest a cell of the dry run's table is shown.
_CELL = 40


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _table(outcome: Outcome) -> str:
    objects = outcome.plan.objects
    fields = [f for f in dict.fromkeys(name for o in objects for name in o.values)]
    header = ["rad", "ID", "fil", "rubrik", *fields]
    rows = [[str(o.row), o.id, o.path.as_posix(), o.title, *(o.values.get(f, "") for f in fields)] for o in objects]
    cut = [[c if len(c) <= _CELL else c[: _CELL - 1] + "…" for c in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cut) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in cut]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _statistics(args: argparse.Namespace, root: Path, model) -> int:
    result = plan_statistics(model, root, Path(args.file), args.blad)
    write_statistics(model, root, result, args.prov)
    sheet = result.sheet
    if sheet.read_as:
        err(f"Läste {sheet.file} som {sheet.read_as}.")
    if result.ignored:
        err(f"Kolumner som inte läses (de hör inte till statistiken): {', '.join(result.ignored)}.")
    for line in result.existing:
        err(line)
    if result.problems:
        err(f"\n{_plural(len(result.problems), 'problem', 'problem')} i {sheet.where()}. Inget har skrivits. "
            "Rätta kalkylbladet och kör igen:")
        for problem in result.problems:
            err(f"- {problem}")
        return EXIT_FINDINGS
    if result.rows and args.prov:
        names = model.statistics.categories
        print("\n".join(f"{period};{unit};{names[category]};{count}" for period, unit, category, count in result.rows))
        err(f"Statistik: {_plural(len(result.rows), 'rad', 'rader')} kan läsas in till "
            f"{result.target.as_posix()} (provkörning: inget skrivet).")
    elif result.written:
        print(shown(root / result.target))
        err(f"Statistik: {_plural(len(result.rows), 'rad', 'rader')} i {result.target.as_posix()} "
            f"({result.written}). Kör lotsen check.")
    else:
        err(f"Inget nytt att läsa in från {sheet.where()}.")
    return EXIT_CLEAN


def run(args: argparse.Namespace) -> int:
    root, model = project_model(args)
    if args.type == STATISTICS_KIND and args.type not in model.types:
        return _statistics(args, root, model)
    type_def = model.types.get(args.type)
    outcome = run_import(model, root, args.type, Path(args.file), args.blad,
                         Path(args.mappning) if args.mappning else None, args.prov, today())
    sheet, plan = outcome.sheet, outcome.plan
    what = type_def.plural.lower() if type_def else args.type
    if sheet.read_as:
        err(f"Läste {sheet.file} som {sheet.read_as}.")
    if outcome.suggested:
        err(f"Lotsen har skrivit ett förslag på hur kolumnerna ska läsas: {shown(outcome.mapping_path)}. "
            f"Läs igenom och rätta det, och kör sedan samma kommando igen. Inget har skapats än.")
    for line in plan.existing:
        err(line)
    if plan.problems:
        err(f"\n{_plural(len(plan.problems), 'problem', 'problem')} i {sheet.where()}. Inget har skapats. Rätta "
            f"kalkylbladet eller mappningsfilen ({shown(outcome.mapping_path)}) och kör igen:")
        for problem in plan.problems:
            err(f"- {problem}")
    if plan.objects and (args.prov or outcome.suggested or plan.problems):
        print(_table(outcome))
        if plan.problems:  # the rows above are those without a problem; nothing is created yet
            err(f"{what.capitalize()}: {_plural(len(plan.objects), 'rad', 'rader')} utan problem läses in när "
                "problemen ovan är rättade.")
        else:
            err(f"{what.capitalize()}: {_plural(len(plan.objects), 'rad', 'rader')} kan läsas in (provkörning: inget "
                "skapat).")
    for path in outcome.created + outcome.extended:
        print(shown(path))
    if outcome.extended:
        err(f"{what.capitalize()}: lade till i {_plural(len(outcome.extended), 'fil', 'filer')} som fanns; det "
            "som stod där är oförändrat.")
    if outcome.created:
        err(f"{what.capitalize()}: skapade {_plural(len(outcome.created), 'fil', 'filer')}.")
    if outcome.created or outcome.extended:
        err("Kör lotsen check, och lotsen codeowners så att rätt granskare tillfrågas.")
    elif not plan.objects and not plan.problems:
        err(f"Inget nytt att skapa från {sheet.where()}.")
    for note in outcome.later:
        err(f"Att göra efter importen: {note}")
    return EXIT_FINDINGS if plan.problems else EXIT_CLEAN


def register(sub: argparse._SubParsersAction) -> None:
    imp = sub.add_parser("import", help="läs in ett register från Excel eller CSV som objekt",
                         description="Läser ett kalkylblad (.xlsx, eller .csv med semikolon eller komma) och skapar "
                                     "ett objekt per rad. Första gången skriver Lotsen ett förslag på hur "
                                     "kolumnerna ska läsas (FIL.mappning.yaml bredvid kalkylbladet), som du "
                                     "rättar. Inget skapas förrän alla rader går att använda, och inget skrivs "
                                     "över. Resultat av egenkontroller skrivs en fil per egenkontroll och år. "
                                     "'lotsen import statistik FIL' läser ärendestatistik till mappen för "
                                     "statistik.")
    imp.add_argument("type", metavar="TYP", help="objekttypen ur modellen, till exempel risk, kontroll, åtgärd, rutin, resultat; "
                                                   "eller statistik")
    imp.add_argument("file", metavar="FIL", help="kalkylbladet, .xlsx (eller .xlsm) eller .csv (eller .txt, .tsv)")
    imp.add_argument("--blad", metavar="NAMN", help="bladet i Excel-filen (standard: det första)")
    imp.add_argument("--mappning", metavar="FIL", help="mappningsfilen (standard: FIL.mappning.yaml bredvid)")
    imp.add_argument("--prov", action="store_true", help="provkörning: visa vad som skulle skapas, skapa inget")
    project_options(imp)
    imp.set_defaults(func=run)
