"""Reading the model file's tables with every problem collected, each with its line."""

from __future__ import annotations

from typing import Any

from lotsen.errors import Problem
from lotsen.model.yaml_lines import LineDict

#: The longest a period in months or days in the model may be (ten years): dates are
#: reckoned with them, and a larger number is a slip of the keyboard.
MAX_MONTHS, MAX_DAYS = 120, 3660


class Reader:
    """Collects every problem in the model file so the author sees them all at once."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def error(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.file, line, message))

    def mapping(self, value: Any, line: int, where: str) -> LineDict:
        if isinstance(value, LineDict):
            return value
        self.error(line, f"'{where}' ska vara en tabell (nyckel: värde).")
        return LineDict()

    def known_keys(
        self, table: LineDict, allowed: set[str] | dict[str, str], where: str
    ) -> None:
        for key in table:
            if key not in allowed:
                self.error(
                    table.line_of(key),
                    f"Okänd nyckel '{key}' i '{where}'. Tillåtna nycklar: "
                    f"{', '.join(sorted(allowed))}. Kontrollera stavningen.",
                )

    def text(self, table: LineDict, key: str, where: str, default: str | None = None) -> str:
        value = table.get(key, default)
        if value is None:
            self.error(table.line, f"'{where}' saknar '{key}'.")
            return ""
        if not isinstance(value, (str, int)) or isinstance(value, bool):
            self.error(table.line_of(key), f"'{where}.{key}' ska vara en text.")
            return ""
        return str(value)

    def integer(self, table: LineDict, key: str, where: str, default: int | None = None,
                minimum: int | None = None, maximum: int | None = None) -> int:
        value = table.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(table.line_of(key), f"'{where}.{key}' ska vara ett heltal.")
            return 0
        if minimum is not None and value < minimum:
            self.error(table.line_of(key), f"'{where}.{key}' ska vara minst {minimum}, inte {value}.")
            return max(minimum, 0)
        if maximum is not None and value > maximum:
            shown = value if value < 10**12 else "ett tal med " + str(len(str(value))) + " siffror"
            self.error(table.line_of(key), f"'{where}.{key}' ska vara högst {maximum}, inte {shown}.")
            return maximum
        return value

    def names(self, table: LineDict, key: str, where: str, default: Any = None) -> tuple[str, ...]:
        value = table.get(key, default)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.error(table.line_of(key), f"'{where}.{key}' ska vara en lista med namn, till exempel [a, b].")
            return ()
        return tuple(value)

    def code_names(self, value: Any, line: int, where: str) -> dict[str, str]:
        table = self.mapping(value, line, where)
        result = {}
        for code, name in table.items():
            if not isinstance(code, str) or not isinstance(name, str):
                self.error(table.line_of(code), f"'{where}': varje rad ska vara 'kod: namn'.")
                continue
            result[code] = name
        if not result:
            self.error(line, f"'{where}' får inte vara tom.")
        return result
