"""`lotsen rules`: every rule code with what it checks."""

from __future__ import annotations

import argparse

from lotsen.cli.common import EXIT_CLEAN
from lotsen.findings import RULES


def run(_args: argparse.Namespace) -> int:
    for code, text in RULES.items():
        print(f"lotsen.{code}\t{text}")
    return EXIT_CLEAN


def register(sub: argparse._SubParsersAction) -> None:
    sub.add_parser("rules", help="lista alla regler och deras koder").set_defaults(func=run)
