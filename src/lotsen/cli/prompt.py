"""Questions on the terminal for `lotsen new`, when the author did not give an option."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from lotsen.errors import UsageError
from lotsen.source.skeletons import Slot

#: Wrong answers in a row before the command gives up.
ATTEMPTS = 5
#: Choices listed before the rest are only named by count (the closest come first).
SHOWN = 30


class TerminalAsker:
    """Shows a slot's choices as a numbered list and reads an answer, a number or a code.

    Questions go to ``out`` (stderr) so that stdout holds only the new file's path.
    """

    def __init__(self, stdin: TextIO, out: TextIO):
        self.stdin = stdin
        self.out = out

    def __call__(self, slot: Slot, resolve: Callable[[Slot, str], str]) -> str:
        if slot.choices:
            self.out.write(f"{slot.label}:\n")
            shown = slot.choices[:SHOWN]
            width = max(len(v) for v, _ in shown)
            for number, (value, text) in enumerate(shown, 1):
                self.out.write(f"  {number:>2}. {value.ljust(width)}  {text}".rstrip() + "\n")
            if len(slot.choices) > SHOWN:
                self.out.write(f"  … och {len(slot.choices) - SHOWN} till: skriv koden eller ID:t.\n")
        question = f"{slot.label}" + (f" [{slot.default}]" if slot.default else "") + ": "
        for _ in range(ATTEMPTS):
            self.out.write(question)
            self.out.flush()
            line = self.stdin.readline()
            if not line:
                raise UsageError(f"Avbrutet: inget svar om {slot.label.lower()}.")
            answer = line.strip()
            if not answer and slot.default:
                return slot.default
            try:
                return resolve(slot, answer)
            except UsageError as exc:
                self.out.write(f"{exc}\n")
        raise UsageError(f"Inget giltigt svar om {slot.label.lower()} efter {ATTEMPTS} försök.")
