"""The `lotsen` command: check, create, compare and route reviews of a ledningssystem.

Exit status: 0 clean, 1 findings (or an out-of-date file), 2 could not run. Whatever
goes wrong with the input is said in Swedish on stderr, never as a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys

from lotsen.cli import berattelse, check, codeowners, diff, importera, init, namnd, new, rules
from lotsen.cli.common import EXIT_BROKEN, EXIT_CLEAN, err, masked_output
from lotsen.cli.parser import Parser
from lotsen.errors import LotsenError, ModelError, UsageError
from lotsen.version import __version__

#: The verbs, in the order `lotsen --help` lists them.
VERBS = (init, check, new, importera, diff, berattelse, codeowners, namnd, rules)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="lotsen", description="Lotsen: ledningssystem som kod.")
    parser.add_argument("--version", action="version", version=f"lotsen {__version__}", help="visa versionen")
    sub = parser.add_subparsers(dest="command", required=True, title="kommandon", metavar="KOMMANDO")
    for verb in VERBS:
        verb.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    with masked_output():
        return _run(argv)


def _run(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # the reader (say, `head`) stopped reading: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_CLEAN
    except ModelError as exc:
        err(f"Lotsen kan inte läsa modellen:\n{exc}")
    except (LotsenError, UsageError) as exc:
        err(str(exc))
    except OSError as exc:
        err(f"Lotsen kan inte läsa eller skriva {exc.filename or 'en fil'}: {exc.strerror or exc}.")
    return EXIT_BROKEN


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
