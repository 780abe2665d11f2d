"""The `lotsen` command: checks a ledningssystem without building the site."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from lotsen import __version__
from lotsen.errors import LotsenError
from lotsen.findings import ERROR, RULES
from lotsen.model import load_model
from lotsen.project import build_date, check_files, content_files

EXIT_CLEAN, EXIT_FINDINGS, EXIT_BROKEN = 0, 1, 2


def _check(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    try:
        model = load_model(root / args.model)
        today = build_date()
    except LotsenError as exc:
        print(f"Lotsen kan inte läsa modellen:\n{exc}", file=sys.stderr)
        return EXIT_BROKEN
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_BROKEN
    findings = check_files(model, root, content_files(root), today)
    errors = [f for f in findings if f.severity == ERROR]
    if args.format == "json":
        print(json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2))
    else:
        for f in findings:
            where = f"{f.file}:{f.line}" if f.line else f.file
            print(f"{where}: {f.severity}: {f.text()} [lotsen.{f.code}]")
        print(f"{len(errors)} fel, {len(findings) - len(errors)} varningar.", file=sys.stderr)
    return EXIT_FINDINGS if errors else EXIT_CLEAN


def _rules(_args: argparse.Namespace) -> int:
    for code, text in RULES.items():
        print(f"lotsen.{code}\t{text}")
    return EXIT_CLEAN


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="lotsen", description="Lotsen: ledningssystem som kod.")
    parser.add_argument("--version", action="version", version=f"lotsen {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="kontrollera hela ledningssystemet utan att bygga webbplatsen")
    check.add_argument("--root", default=".", help="projektets rotmapp (standard: aktuell mapp)")
    check.add_argument("--model", default="lotsen.yaml", help="modellfilen, relativt roten")
    check.add_argument("--format", choices=("human", "json"), default="human")
    check.set_defaults(func=_check)
    rules = sub.add_parser("rules", help="lista alla regler och deras koder")
    rules.set_defaults(func=_rules)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
