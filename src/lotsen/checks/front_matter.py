"""The lines between ``---`` at the top of a page (its front matter), read as MyST
reads them: lines it cannot read, and settings under ``myst:`` it cannot use, are
findings at their line. The build then says only these (MyST's own English warnings of
the kind ``myst.topmatter`` are left out, sphinx/needs_config.py)."""

from __future__ import annotations

import re

from myst_parser.config.main import MdParserConfig, TopmatterReadError, merge_file_level, read_topmatter

from lotsen.findings import Finding
from lotsen.model import Model

_HINT = ("Skriv varje uppgift som 'namn: värde' på en egen rad, med blanksteg (inte tabbar) för indrag. "
         "Behövs uppgifterna inte: ta bort raderna från och med den första '---' till och med den andra.")


def front_matter_findings(model: Model, shown: str, text: str) -> list[Finding]:
    if not text.startswith("---"):
        return []
    lines = text.splitlines()
    try:
        topmatter = read_topmatter(text)
    except TopmatterReadError as exc:
        mark = getattr(exc.__cause__, "problem_mark", None) or getattr(exc.__cause__, "context_mark", None)
        line = mark.line + 2 if mark is not None else 1
        bad = lines[line - 1] if 0 < line <= len(lines) else ""
        reason = ("ett tabbtecken står där det ska vara blanksteg" if "\t" in bad or "\t" in text.split("\n---", 1)[0]
                  else "raden har inte formen 'namn: värde'" if exc.__cause__ is not None
                  else "det står inget mellan dem" if "NoneType" in str(exc)
                  else "de är inte skrivna som 'namn: värde'")
        return [Finding(shown, line, "front_matter_invalid",
                        f"Uppgifterna överst i filen, mellan raderna '---', går inte att läsa: {reason}.",
                        _HINT, model.severity_of("front_matter_invalid"))]
    if not topmatter:
        return []
    said: list[str] = []
    merge_file_level(MdParserConfig(), topmatter, lambda _kind, message: said.append(message))
    return [Finding(shown, _line_of(lines, message), "front_matter_invalid", _in_swedish(message),
                    "Rätta eller ta bort raden. Inställningarna för hela webbplatsen står i conf.py.",
                    model.severity_of("front_matter_invalid")) for message in said]


def _named(message: str) -> str | None:
    found = re.search(r"'([^']+)'|Unknown field: (\S+)", message)
    return (found[1] or found[2]) if found else None


def _line_of(lines: list[str], message: str) -> int:
    """The line of the setting a message names, within the front matter (else 1)."""
    name = _named(message)
    for number, line in enumerate(lines[1:], 2):
        if line.startswith(("---", "...")):
            break
        if name and re.match(rf"\s*{re.escape(name)}\s*:", line):
            return number
    return 1


def _in_swedish(message: str) -> str:
    name = _named(message) or ""
    if " key not a dict" in message:
        return f"Inställningarna under '{name}' ska stå på egna, indragna rader som 'namn: värde'."
    if "is deprecated" in message:
        return f"Uppgiften '{name}' används inte överst i en sida."
    if message.startswith("Unknown field"):
        return f"Det finns ingen inställning för en sida som heter '{name}'."
    if "global-only" in message:
        return f"Inställningen '{name}' gäller hela webbplatsen och kan inte ändras för en sida."
    return f"Inställningen '{name}' har ett värde som inte går att använda." if name else \
        "En inställning för sidan har ett värde som inte går att använda."
