"""What every verb shares: exit codes, messages on stderr, the build date, the project's options."""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from lotsen.checks.formats import Where, human
from lotsen.checks.personal_data import mask_personal_numbers
from lotsen.errors import EXIT_BROKEN, EXIT_CLEAN, EXIT_FINDINGS, UsageError
from lotsen.findings import ERROR, Finding
from lotsen.model import Model, load_model
from lotsen.source.files import build_date
from lotsen.words import plural, word

__all__ = ["EXIT_BROKEN", "EXIT_CLEAN", "EXIT_FINDINGS"]  # the verbs take them from here
#: Where each CI format's reader resolves paths from: the checked-out repository.
_WORKSPACE_ENV = {"github": "GITHUB_WORKSPACE", "gitlab": "CI_PROJECT_DIR"}

Verb = Callable[[argparse.Namespace], int]


def err(text: str) -> None:
    print(text, file=sys.stderr)


class _Masked:
    """A text stream that masks personal numbers in everything written to it."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(mask_personal_numbers(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextlib.contextmanager
def masked_output() -> Iterator[None]:
    """Everything a verb prints, on stdout and stderr, shows no personal number: not
    from a file name, a value a message quotes, a title or a model's value."""
    with contextlib.redirect_stdout(_Masked(sys.stdout)), contextlib.redirect_stderr(_Masked(sys.stderr)):
        yield


def today() -> dt.date:
    try:
        return build_date()
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def not_after(year: int, latest: int, what: str, choose: str) -> int:
    """``year``, or UsageError when it lies after ``latest``, the last year a verb can
    show from the content as it is at the build date (``what``: what the verb makes,
    ``choose``: the years to choose among instead). The one rule for every verb."""
    if year > latest:
        raise UsageError(f"{year} är för långt fram: året har inte börjat, och Lotsen tar fram {what} ur "
                         f"innehållet som det är i dag. Åtgärd: välj {choose}.")
    return year


def refused_for_errors(findings: Sequence[Finding], what: str, since: str = "") -> bool:
    """Whether a verb that writes documents from the content refuses to: when the check
    (``findings``) has errors. Then the errors are written to stderr as `lotsen check`
    writes them, with what to do. ``what``: what the verb would write; ``since``: which
    version of the content was checked (none: the working tree)."""
    errors = [f for f in findings if f.severity == ERROR]
    if not errors:
        return False
    err(human(errors, lambda file: file))
    err(f"Innehållet{since} har {plural(len(errors), 'fel', 'fel')}, så {what} kan bli fel och skrivs inte. "
        f"Åtgärd: rätta {word(len(errors), 'felet', 'felen')} först. {word(len(errors), 'Det', 'De')} står ovan, "
        f"och 'lotsen check' visar {word(len(errors), 'det', 'dem')} också.")
    return True


def project_model(args: argparse.Namespace) -> tuple[Path, Model]:
    root = Path(args.root).resolve()
    return root, load_model(root / args.model)


def shown(path: Path) -> str:
    """A path as the author can use it from where they stand."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def where(root: Path, output_format: str) -> Where:
    """Paths relative to the CI's checkout for CI formats; to the project root otherwise."""
    env = _WORKSPACE_ENV.get(output_format)
    if env is None:
        return lambda file: file
    base = Path(os.environ.get(env) or Path.cwd()).resolve()

    def relative(file: str) -> str:
        try:
            return (root / file).resolve().relative_to(base).as_posix()
        except ValueError:
            return file
    return relative


def project_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", default=".", metavar="MAPP", help="projektets rotmapp (standard: aktuell mapp)")
    parser.add_argument("--model", default="lotsen.yaml", metavar="FIL", help="modellfilen, relativt roten")
