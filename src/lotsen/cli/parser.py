"""argparse speaking Swedish: help headings and the errors it stops a command with."""

from __future__ import annotations

import argparse
import re
from typing import Any, NoReturn

from lotsen.errors import EXIT_BROKEN

_ERRORS = (
    (re.compile(r"the following arguments are required: (.*)"), r"det här saknas: \1"),
    (re.compile(r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)"), r"\1: \2 finns inte; välj bland \3"),
    (re.compile(r"argument (\S+): expected one argument"), r"\1 behöver ett värde"),
    (re.compile(r"unrecognized arguments: (.*)"), r"okända argument: \1"),
)


class _Help(argparse.HelpFormatter):
    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, prefix if prefix is not None else "användning: ")


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose subcommands, help and errors are in Swedish too."""

    def __init__(self, *args: Any, **kwargs: Any):
        kwargs.setdefault("formatter_class", _Help)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "argument"
        self._optionals.title = "flaggor"
        self.add_argument("-h", "--help", action="help", help="visa den här hjälpen")

    def error(self, message: str) -> NoReturn:
        for pattern, swedish in _ERRORS:
            if pattern.fullmatch(message):
                message = pattern.sub(swedish, message)
                break
        self.exit(EXIT_BROKEN, f"{self.prog}: {message}. Se '{self.prog} --help'.\n")
