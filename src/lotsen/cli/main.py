"""The `lotsen` command: check, create, compare and route reviews of a ledningssystem.

Exit status: 0 clean, 1 findings (or an out-of-date file), 2 could not run. Whatever
goes wrong with the input is said in Swedish on stderr, never as a traceback.
"""

from __future__ import annotations

import argparse
import atexit
import importlib
import os
import sys
from typing import NoReturn

from lotsen.cli.common import EXIT_BROKEN, EXIT_CLEAN, err, masked_output
from lotsen.cli.parser import Parser
from lotsen.errors import LotsenError, ModelError, UsageError, system_reason
from lotsen.version import __version__

#: The verbs (each a module in lotsen.cli), in the order `lotsen --help` lists them.
VERBS = ("init", "check", "new", "importera", "diff", "berattelse", "codeowners", "namnd", "rules")


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser of every verb; when ``argv`` starts with a verb, of that verb only.

    A verb's module brings in what the verb needs (the berättelse its documents and
    Word, the import its spreadsheets): `lotsen check` imports none of the others.
    """
    parser = Parser(prog="lotsen", description="Lotsen: ledningssystem som kod.")
    parser.add_argument("--version", action="version", version=f"lotsen {__version__}", help="visa versionen")
    sub = parser.add_subparsers(dest="command", required=True, title="kommandon", metavar="KOMMANDO")
    chosen = argv[:1] if argv and argv[0] in VERBS else VERBS
    for name in chosen:
        importlib.import_module(f"lotsen.cli.{name}").register(sub)
    return parser


def main(argv: list[str] | None = None, *, ending: bool = False) -> int:
    """Run the verb in ``argv``. ``ending``: the process ends when this returns, so
    what is only kept for the next run may be written after (``cache.save``)."""
    with masked_output():
        return _run(argv, ending)


def entry() -> NoReturn:
    """The `lotsen` command: ``main``, then out without taking the interpreter apart.
    A first check of a large system holds millions of objects when all is said and
    saved, and Python frees them one by one at exit: 2.5 s of a 12.7 s check at XL
    (docs/prestanda.md). Exit handlers run and the output is flushed first, as at a
    normal exit; only the freeing of memory is left to the operating system. The
    results kept for the next check are written while it ends (``cache.save``)."""
    leave(main(ending=True))


def leave(code: int) -> NoReturn:
    """Exit with ``code`` after the exit handlers and a flush of the output, without
    freeing the process's objects one by one."""
    atexit._run_exitfuncs()  # noqa: SLF001 - what a normal exit runs first (logging, temporary files)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a reader that stopped reading, or a closed stream
            pass
    os._exit(code)


def _run(argv: list[str] | None, ending: bool) -> int:
    if argv is None:
        argv = sys.argv[1:]
    args = build_parser(argv).parse_args(argv)
    args.ending = ending
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
        err(f"Lotsen kan inte läsa eller skriva {exc.filename or 'en fil'}: {system_reason(exc)}.")
    return EXIT_BROKEN


if __name__ == "__main__":  # pragma: no cover
    entry()
