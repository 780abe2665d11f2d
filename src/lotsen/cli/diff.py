"""`lotsen diff`: what a change between two git revisions does to the ledningssystem."""

from __future__ import annotations

import argparse
from pathlib import Path

from lotsen.cli.common import EXIT_CLEAN, project_options, today
from lotsen.cli.revisions import read_sides
from lotsen.reports.diff import compare
from lotsen.reports.diff_render import as_json, markdown


def run(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    before, after = read_sides(root, args.base, args.head, args.model, today())
    report = compare(before, after)
    if args.format == "json":
        print(as_json(report))
    else:
        print(markdown(report, after.model or before.model), end="")
    return EXIT_CLEAN


def register(sub: argparse._SubParsersAction) -> None:
    diff = sub.add_parser("diff", help="vad en ändring påverkar, mellan två git-revisioner")
    diff.add_argument("base", metavar="BASE", help="revisionen före, till exempel origin/main")
    diff.add_argument("head", nargs="?", default="HEAD", metavar="HEAD", help="revisionen efter (standard: HEAD)")
    diff.add_argument("--format", choices=("markdown", "json"), default="markdown",
                      help="markdown (standard, för en pull request) eller json")
    project_options(diff)
    diff.set_defaults(func=run)
