"""The `lotsen` command: check, create, compare and route reviews of a ledningssystem.

Exit status: 0 clean, 1 findings (or an out-of-date file), 2 could not run. Whatever
goes wrong with the input is said in Swedish on stderr, never as a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import os
import sys
from pathlib import Path

from lotsen import __version__
from lotsen.argparse_sv import Parser
from lotsen.codeowners import routing
from lotsen.diff import compare
from lotsen.diff_render import as_json as diff_json
from lotsen.diff_render import markdown as diff_markdown
from lotsen.errors import LotsenError, ModelError
from lotsen.findings import ERROR, RULES
from lotsen.model import Model, load_model
from lotsen.new import PLACEHOLDERS, create
from lotsen.output_formats import FORMATS, Where, human
from lotsen.project import build_date, check_files, content_files, scan_files
from lotsen.prompt import TerminalAsker
from lotsen.revisions import read_sides
from lotsen.usage import UsageError

EXIT_CLEAN, EXIT_FINDINGS, EXIT_BROKEN = 0, 1, 2
#: Where each CI format's reader resolves paths from: the checked-out repository.
_WORKSPACE_ENV = {"github": "GITHUB_WORKSPACE", "gitlab": "CI_PROJECT_DIR"}
#: Lines of a stale CODEOWNERS file's diff shown before the rest is left out.
_DIFF_LINES = 40


def _err(text: str) -> None:
    print(text, file=sys.stderr)


def _today() -> dt.date:
    try:
        return build_date()
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _model(root: Path, name: str) -> Model:
    return load_model(root / name)


def _shown(path: Path) -> str:
    """A path as the author can use it from where they stand."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def _where(root: Path, output_format: str) -> Where:
    """Paths relative to the CI's checkout for CI formats; to the project root otherwise."""
    env = _WORKSPACE_ENV.get(output_format)
    if env is None:
        return lambda file: file
    base = Path(os.environ.get(env) or Path.cwd()).resolve()

    def where(file: str) -> str:
        try:
            return (root / file).resolve().relative_to(base).as_posix()
        except ValueError:
            return file
    return where


# --------------------------------------------------------------------------- check

def _check(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    model = _model(root, args.model)
    findings = check_files(model, root, content_files(root), _today())
    errors = sum(1 for f in findings if f.severity == ERROR)
    text = FORMATS[args.format](findings, _where(root, args.format))
    if text:
        print(text)
    if args.format in ("human", "github"):
        _err(f"{errors} fel, {len(findings) - errors} varningar.")
    return EXIT_FINDINGS if errors else EXIT_CLEAN


# --------------------------------------------------------------------------- new

def _new(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    model = _model(root, args.model)
    today = _today()
    given = {name: getattr(args, name) for name in PLACEHOLDERS}
    ask = TerminalAsker(sys.stdin, sys.stderr) if sys.stdin.isatty() and not args.no_input else None
    created = create(model, root, args.type, given, today, ask)
    for note in created.notes:
        _err(note)
    print(_shown(created.path))
    relative = created.path.relative_to(root).as_posix()
    findings = [f for f in check_files(model, root, content_files(root), today) if f.file == relative]
    if findings:
        _err(f"Skapade {created.id}. Det här säger lotsen check om det:")
        _err(human(findings, lambda file: file))
    else:
        _err(f"Skapade {created.id}. Det klarar lotsen check; fyll i texten där det står '...'.")
    link = model.reports.fulfils_link
    if args.type == model.reports.requirement_type:
        # a draft does not count in the coverage gates; once in force, something must fulfil it
        fulfillers = ", ".join(t.title.lower() for t in model.types.values() if link in t.links)
        _err(f"När kravet blir gällande räknas det som otäckt tills något uppfyller det. Skriv "
             f"':{link}: {created.id}' i det objekt som uppfyller det ({fulfillers}), gärna i samma ändring.")
    return EXIT_CLEAN


# --------------------------------------------------------------------------- diff

def _diff(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    before, after = read_sides(root, args.base, args.head, args.model, _today())
    report = compare(before, after)
    if args.format == "json":
        print(diff_json(report))
    else:
        print(diff_markdown(report, after.model or before.model), end="")
    return EXIT_CLEAN


# --------------------------------------------------------------------------- codeowners

def _codeowners(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    model = _model(root, args.model)
    needs, _ = scan_files(model, root, content_files(root))
    result = routing(model, needs)
    for role, places in result.unrouted.items():
        more = f" (och {len(places) - 1} ställen till)" if len(places) > 1 else ""
        _err(f"{places[0]}: rollen '{role}' har inget konto under 'accounts' i {args.model}{more}, så "
             f"filen granskas bara av den som står för '*'. Lägg till rollen under 'accounts'.")
    target = root / args.output
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if args.check:
        if current == result.text:
            print(f"{args.output} är aktuell.")
            return EXIT_CLEAN
        if current is None:
            _err(f"{args.output} finns inte. Skapa den med 'lotsen codeowners' och checka in den.")
            return EXIT_FINDINGS
        _err(f"{args.output} är inaktuell: granskarna i filen stämmer inte med objektens ägare. "
             f"Kör 'lotsen codeowners' och checka in filen. Skillnaden:")
        diff = list(difflib.unified_diff(current.splitlines(), result.text.splitlines(),
                                         f"{args.output} (nu)", f"{args.output} (ska vara)", lineterm=""))
        _err("\n".join(diff[:_DIFF_LINES]) + ("\n…" if len(diff) > _DIFF_LINES else ""))
        return EXIT_FINDINGS
    if current != result.text:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(result.text, encoding="utf-8")
        print(f"Skrev {args.output}.")
    else:
        print(f"{args.output} var redan aktuell.")
    return EXIT_CLEAN


# --------------------------------------------------------------------------- rules

def _rules(_args: argparse.Namespace) -> int:
    for code, text in RULES.items():
        print(f"lotsen.{code}\t{text}")
    return EXIT_CLEAN


# --------------------------------------------------------------------------- parser

def _project_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", default=".", metavar="MAPP", help="projektets rotmapp (standard: aktuell mapp)")
    parser.add_argument("--model", default="lotsen.yaml", metavar="FIL", help="modellfilen, relativt roten")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="lotsen", description="Lotsen: ledningssystem som kod.")
    parser.add_argument("--version", action="version", version=f"lotsen {__version__}", help="visa versionen")
    sub = parser.add_subparsers(dest="command", required=True, title="kommandon", metavar="KOMMANDO")

    check = sub.add_parser("check", help="kontrollera hela ledningssystemet utan att bygga webbplatsen")
    _project_options(check)
    check.add_argument("--format", choices=tuple(FORMATS), default="human",
                       help="human (standard), json, github (anteckningar i GitHub Actions) eller "
                            "gitlab (kodkvalitetsrapport i GitLab)")
    check.set_defaults(func=_check)

    new = sub.add_parser("new", help="skapa ett nytt objekt ur typens mall, med nästa lediga ID",
                         description="Skapar en fil ur needs_templates/skeletons/<typ>.md. Det som inte "
                                     "anges frågar Lotsen efter i terminalen; utan terminal tas "
                                     "standardval (vanligast bland objekten av samma slag i enheten).")
    new.add_argument("type", metavar="TYP", help="objekttypen ur modellen, till exempel rutin")
    new.add_argument("--title", metavar="RUBRIK", help="rubriken")
    new.add_argument("--unit", metavar="ENHET", help="enhetens kod, till exempel HT")
    new.add_argument("--owner", metavar="ROLL", help="ägarens eller den ansvariges roll")
    new.add_argument("--role", metavar="ROLL", help="målgruppens roll")
    new.add_argument("--process", metavar="ID", help="processen objektet hör till (ID)")
    new.add_argument("--routine", metavar="ID", help="rutinen objektet följer upp (ID)")
    new.add_argument("--due", metavar="DATUM", help="ÅÅÅÅ-MM-DD, till exempel när en åtgärd ska vara klar")
    new.add_argument("--id", metavar="ID", help="ett eget ID i stället för nästa lediga")
    new.add_argument("--no-input", action="store_true", help="fråga aldrig, ta standardval")
    _project_options(new)
    new.set_defaults(func=_new)

    diff = sub.add_parser("diff", help="vad en ändring påverkar, mellan två git-revisioner")
    diff.add_argument("base", metavar="BASE", help="revisionen före, till exempel origin/main")
    diff.add_argument("head", nargs="?", default="HEAD", metavar="HEAD", help="revisionen efter (standard: HEAD)")
    diff.add_argument("--format", choices=("markdown", "json"), default="markdown",
                      help="markdown (standard, för en pull request) eller json")
    _project_options(diff)
    diff.set_defaults(func=_diff)

    owners = sub.add_parser("codeowners", help="skriv CODEOWNERS ur objektens ägare")
    owners.add_argument("--output", default=".github/CODEOWNERS", metavar="FIL", help="filen, relativt roten "
                        "(standard: .github/CODEOWNERS)")
    owners.add_argument("--check", action="store_true", help="skriv inget; avsluta med 1 om filen är inaktuell")
    _project_options(owners)
    owners.set_defaults(func=_codeowners)

    rules = sub.add_parser("rules", help="lista alla regler och deras koder")
    rules.set_defaults(func=_rules)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # the reader (say, `head`) stopped reading: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_CLEAN
    except ModelError as exc:
        _err(f"Lotsen kan inte läsa modellen:\n{exc}")
    except (LotsenError, UsageError) as exc:
        _err(str(exc))
    except OSError as exc:
        _err(f"Lotsen kan inte läsa eller skriva {exc.filename or 'en fil'}: {exc.strerror or exc}.")
    return EXIT_BROKEN


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
