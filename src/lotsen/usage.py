"""The error a command stops with when its input cannot be used (exit status 2)."""

from __future__ import annotations


class UsageError(Exception):
    """Bad input to a command: a wrong option, a missing file, an unknown revision.

    The message is Swedish and is shown to the author as it is, never as a traceback.
    """
