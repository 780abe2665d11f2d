"""File names that cannot become a page: not UTF-8, or with a control character (a line
break, a tab).

Sphinx stops with a traceback on a name that is not UTF-8, and a name with a line
break cannot be named on one line of a log. Such a file is left out of the build and
reported by a safe rendering of its name, never read. (Spaces, '#', '?' and brackets
are fine: Sphinx writes them percent-encoded into every link.)
"""

from __future__ import annotations

import re

#: A control character: C0 (line break, tab …), DEL and C1. One search of the name,
#: not a test of every character: every file's name is asked about on every build.
_CONTROL = re.compile("[\x00-\x1f\x7f\x80-\x9f]")


def name_problem(relative: str) -> str | None:
    """Why a content file's name (relative to the project, '/' between folders) cannot
    be a page, in Swedish, or None."""
    try:
        relative.encode("utf-8")
    except UnicodeEncodeError:
        return "namnet innehåller tecken som inte är UTF-8"
    if _CONTROL.search(relative):
        return "namnet innehåller ett osynligt styrtecken (till exempel en radbrytning eller tabb)"
    return None


def safe_name(relative: str) -> str:
    """The name with every byte that is not UTF-8 and every control character written
    as an escape (``\\xff``, ``\\n``), safe to print anywhere."""
    out = []
    for char in relative:
        code = ord(char)
        if 0xDC80 <= code <= 0xDCFF:  # a byte os.fsdecode could not decode
            out.append(f"\\x{code - 0xDC00:02x}")
        elif code < 32 or code == 127 or 0x80 <= code < 0xA0 or 0xD800 <= code <= 0xDFFF:
            out.append(char.encode("unicode_escape").decode("ascii") if code < 0xD800 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


def as_pattern(relative: str) -> str:
    """The name as an exclude pattern that matches it alone ('[ny]' in a name is no
    character class)."""
    return "".join(f"[{c}]" if c in "*?[]" else c for c in relative)
