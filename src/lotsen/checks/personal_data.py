"""Find personal data that must not be published: Swedish personal identity
numbers (personnummer, samordningsnummer) and e-mail addresses.

Pure functions without dependencies. A hit carries where it is and a masked form
only; the full number or address is never stored, so neither the hit nor its
``repr`` can leak it into logs or build output.

Personal identity numbers
-------------------------
Recognised forms, with ``C`` the Luhn check digit computed over ``YYMMDDNNN``:

* ``YYMMDD-NNNC``, ``YYMMDD+NNNC`` (``+`` = aged 100 or more) and ``YYMMDDNNNC``;
* ``CCYYMMDD-NNNC`` and ``CCYYMMDDNNNC`` with century 18, 19 or 20 (never ``+``).

The dash may be any of ``DASHES`` (hyphen, non-breaking hyphen, en dash, minus…),
with or without a space on either side (``850101 – 1236``).

The date must exist, leap years included. A samordningsnummer has the day plus 60
(61–91). In the 10-digit form the century is unknown; for 29 February the year
counts as a leap year when ``YY`` is divisible by four, except ``00`` with ``+``
(1900, not a leap year).

Heuristics against look-alikes (dates, SFS numbers, ids, money, phone numbers):

1. No letter or digit directly before or after the number, and no ``+`` directly
   before it (``+46…`` is an international phone number).
2. No continuation of a longer number: a separator ``- + . , : /`` with a digit
   on its far side directly before or after (``12-8501011234``,
   ``8501011234-5``, ``1,8501011234``), and no ``-`` joining it to an
   identifier (``ATG-…``, ``…-A``).
3. Part of a run of digit groups: a group of one to four digits (optionally
   ``+46``-style or ``070-123``-style) one space away before or after, as in
   phone numbers and amounts (``08 0811234567``, ``0811234567 12 500 kr``).
   Two personal numbers in a row are still both found, and so is a number after
   an ISO date.
4. A 10-digit number without separator that starts with ``0`` is a phone
   number when a phone label comes directly before it (``tel``, ``telefon``,
   ``tfn``, ``mobil``, ``sms``, ``fax``, ``växel``, ``ring``, with endings
   such as ``telefonnummer``, ``mobilnr``, ``tel.nr``, then optional ``:``).

Without a label, an unseparated ``0701234569`` is ambiguous: Swedish phone
numbers start with ``0`` and so do the numbers of people born 2000–2009, who are
often children in social-services matters. It is reported (it is better to ask
the author than to publish a child's number); write phone numbers in grouped
form (``070-123 45 69``), which never looks like a personal number.
Numbers written with a space (``850101 1234``) are not recognised.

E-mail addresses
----------------
``find_emails`` reports every address except the exact addresses in
``allowed`` (compared in lower case), meant for functional mailboxes such as
``registrator@norrvik.se``. An entry like ``@norrvik.se`` is no wildcard: it
matches no address at all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

PERSONNUMMER = "personnummer"
SAMORDNINGSNUMMER = "samordningsnummer"

#: The dashes authors and word processors write between date and serial: hyphen, the
#: Unicode hyphens, the en and em dash and the minus sign.
DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2212"
_SEP = rf"(?:[ \u00a0]?[{DASHES}][ \u00a0]?)"
# CCYYMMDD[-]NNNC or YYMMDD[-+]NNNC, with no letter or digit on either side.
_NUMBER = re.compile(
    r"(?<![^\W_])"
    rf"(?:(?P<century>\d\d)(?P<long>\d{{6}})(?P<long_sep>{_SEP}?)|(?P<short>\d{{6}})(?P<short_sep>\+|{_SEP}?))"
    r"(?P<tail>\d{4})"
    r"(?![^\W_])"
)
# Heuristics 1-2: part of a longer number or an identifier.
_BEFORE_CONTINUATION = re.compile(rf"(?:\+|\d[{DASHES}+.,:/]|[A-ZÅÄÖ][{DASHES}])$")
_AFTER_CONTINUATION = re.compile(rf"^(?:[{DASHES}+.,:/]\d|[{DASHES}][A-ZÅÄÖ])")
# The same, without the identifier: what is masked in output (an ID such as
# PROC-19121212-1212 is no finding, but nothing prints the number in it either).
_BEFORE_NUMBER = re.compile(rf"(?:\+|\d[{DASHES}+.,:/])$")
_AFTER_NUMBER = re.compile(rf"^[{DASHES}+.,:/]\d")
# Heuristic 3: a short digit group one space away (phone numbers, amounts).
_GROUP = r"\+?\d{1,4}(?:-\d{1,4})?"
_GROUP_BEFORE = re.compile(r"(?:^|(?<=[\s(\[|]))" + _GROUP + r"[ \u00a0]$")
_GROUP_AFTER = re.compile(r"^[ \u00a0]" + _GROUP + r"(?=$|[\s.,;!?)\]|])")
# Heuristic 4: a phone label directly before an unseparated number starting with 0.
_PHONE_LABEL = re.compile(
    r"(?:^|(?<![^\W_]))(?:tel|tfn|mobil|sms|fax|växel|ring)[^\W\d_]*\.?(?:nr|nummer)?\.?\s*:?\s*$",
    re.IGNORECASE,
)

_EMAIL = re.compile(r"(?<![\w.%+-])(?P<local>[\w.%+-]+)@(?P<domain>[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,})(?![\w-])")


@dataclass(frozen=True)
class PersonalNumberHit:
    """A personal number found in text. ``masked`` shows only the year (``85xxxx-xxxx``)."""

    line: int
    column: int
    kind: str
    masked: str


@dataclass(frozen=True)
class EmailHit:
    """An e-mail address found in text, masked like ``n***@example.se``."""

    line: int
    column: int
    masked: str


def luhn_digit(digits: str) -> int:
    """The Luhn check digit for ``digits`` (for a personal number: ``YYMMDDNNN``)."""
    total = 0
    for index, char in enumerate(digits):
        product = int(char) * (2 if index % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10


def _is_leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _kind(century: str | None, ten: str, sep: str) -> str | None:
    """The kind of the number with 10-digit form ``ten``, or None when it is invalid."""
    if century is not None and century not in ("18", "19", "20"):
        return None
    if luhn_digit(ten[:9]) != int(ten[9]):
        return None
    yy, month, day = int(ten[0:2]), int(ten[2:4]), int(ten[4:6])
    kind = PERSONNUMMER
    if day > 60:
        kind, day = SAMORDNINGSNUMMER, day - 60
    if century is not None:
        leap = _is_leap(int(century) * 100 + yy)
    else:
        leap = yy % 4 == 0 and not (yy == 0 and sep == "+")
    try:
        date(2000 if leap else 2001, month, day)
    except ValueError:
        return None
    return kind


def _looks_like_other_number(line: str, start: int, end: int, unseparated_zero: bool,
                             in_identifiers: bool = False) -> bool:
    before, after = line[:start], line[end:]
    if in_identifiers:
        if _BEFORE_NUMBER.search(before) or _AFTER_NUMBER.search(after):
            return True
    elif _BEFORE_CONTINUATION.search(before) or _AFTER_CONTINUATION.search(after):
        return True
    if _GROUP_BEFORE.search(before) or _GROUP_AFTER.search(after):
        return True
    return unseparated_zero and _PHONE_LABEL.search(before) is not None


def _number_spans(line: str, in_identifiers: bool = False) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, kind, masked) of every personal number in one line; with
    ``in_identifiers``, also one an identifier's letters and dash stand right beside."""
    for match in _NUMBER.finditer(line):
        if match["long"] is not None:
            century, sep, ten = match["century"], match["long_sep"], match["long"] + match["tail"]
        else:
            century, sep, ten = None, match["short_sep"], match["short"] + match["tail"]
        kind = _kind(century, ten, sep)
        if kind is None:
            continue
        unseparated_zero = century is None and sep == "" and ten.startswith("0")
        if _looks_like_other_number(line, match.start(), match.end(), unseparated_zero, in_identifiers):
            continue
        yield match.start(), match.end(), kind, f"{ten[:2]}xxxx{'+' if sep == '+' else '-'}xxxx"


def personal_number_spans(text: str) -> list[tuple[int, int, str, str]]:
    """(start, end, kind, masked) of every personal number in ``text`` read as one line
    (line breaks are no separators): for text another reader has put together, such
    as a paragraph as Markdown shows it (checks/hidden_numbers.py)."""
    return list(_number_spans(text))


def find_personal_numbers(text: str) -> list[PersonalNumberHit]:
    """Every valid personnummer and samordningsnummer in ``text``, in order.

    See the module docstring for the accepted forms and the look-alike heuristics.
    """
    if _NUMBER.search(text) is None:  # most texts: a number on any line is one in the whole
        return []
    return [PersonalNumberHit(line_number, start + 1, kind, masked)
            for line_number, line in enumerate(text.splitlines(), 1)
            for start, _, kind, masked in _number_spans(line)]


def mask_personal_numbers(text: str) -> str:
    """``text`` with every personal number replaced by its mask (``85xxxx-xxxx``).

    The one function every output that may carry content (diffs, findings, logs,
    commit messages) passes its text through before it is printed or written. A number
    inside an identifier (``PROC-19121212-1212``) is masked too, though no finding: a
    message that quotes a mistyped ID must not print it.
    """
    if not any(char.isdigit() for char in text):
        return text
    out = []
    for line in text.splitlines(keepends=True):
        spans = list(_number_spans(line, in_identifiers=True))
        for start, end, _, masked in reversed(spans):
            line = line[:start] + masked + line[end:]
        out.append(line)
    return "".join(out)


def mask_in(value: object) -> object:
    """``value`` with every string in it masked, in lists, tuples and dicts (keys too):
    for data that is serialised afterwards (JSON escapes line breaks into letters, which
    would hide a number from ``mask_personal_numbers``)."""
    if isinstance(value, str):
        return mask_personal_numbers(value)
    if isinstance(value, dict):
        return {mask_in(k): mask_in(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [mask_in(v) for v in value]
    return value


def has_personal_number(text: str) -> bool:
    if _NUMBER.search(text) is None:
        return False
    return any(True for line in text.splitlines() for _ in _number_spans(line))


def mask_email(address: str) -> str:
    """``name@example.se`` as ``n***@example.se``: first character and domain only."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}"


def find_emails(text: str, allowed: Iterable[str] = ()) -> list[EmailHit]:
    """Every e-mail address in ``text`` not exactly listed in ``allowed``, in order."""
    if "@" not in text:
        return []
    permitted = {address.strip().lower() for address in allowed}
    hits: list[EmailHit] = []
    for line_number, line in enumerate(text.splitlines(), 1):
        for match in _EMAIL.finditer(line):
            address = match.group(0)
            if address.lower() in permitted:
                continue
            hits.append(EmailHit(line_number, match.start() + 1, mask_email(address)))
    return hits
