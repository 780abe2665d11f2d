"""Errors that Lotsen reports to authors in Swedish, never as a traceback."""

from __future__ import annotations

import errno
from dataclasses import dataclass

#: How every Lotsen command ends: nothing wrong; findings (or a failed build) for the
#: author to put right; input it cannot use at all (a command called wrongly, a model
#: that cannot be read, a place it may not publish to).
EXIT_CLEAN, EXIT_FINDINGS, EXIT_BROKEN = 0, 1, 2


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a file, with the line where it is (0 when unknown)."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class LotsenError(Exception):
    """Lotsen cannot go on; every problem found is listed in the message."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class ModelError(LotsenError):
    """The organisation's YAML model is missing or does not hold together."""


class UsageError(Exception):
    """Bad input to a command: a wrong option, a missing file, an unknown revision.

    The message is Swedish and is shown to the author as it is, never as a traceback
    (exit status 2).
    """


#: Why the system refused to read or write a file, as an author would say it.
_SYSTEM_REASONS = {
    errno.EACCES: "Lotsen får inte läsa eller skriva där",
    errno.EPERM: "Lotsen får inte läsa eller skriva där",
    errno.ENOENT: "filen eller mappen finns inte",
    errno.ENOSPC: "disken är full",
    errno.EDQUOT: "utrymmet på disken är slut",
    errno.EROFS: "platsen är skrivskyddad",
    errno.EISDIR: "det är en mapp, inte en fil",
    errno.ENOTDIR: "en del av sökvägen är ingen mapp",
    errno.EEXIST: "det finns redan",
    errno.ENAMETOOLONG: "namnet är för långt",
    errno.ELOOP: "länkarna på vägen dit går runt i en ring",
    errno.EBUSY: "filen används av ett annat program",
    errno.ENOTEMPTY: "mappen är inte tom",
    errno.EIO: "disken kunde inte läsas eller skrivas",
}


def system_reason(exc: OSError) -> str:
    """Why ``exc`` happened, in Swedish: the system's own text is English and for no
    author."""
    return _SYSTEM_REASONS.get(exc.errno or 0, "systemet sade nej")
