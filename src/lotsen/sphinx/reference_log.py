"""Sphinx's, MyST's and docutils' own warnings about a link or a reference that goes
nowhere, said in Swedish as Lotsen's findings.

A link to a section that is not there (``[se](#saknas)``, ``[se](rutin.md#saknas)``),
to a name that is no page, heading or label (``[se](rutin)``), a reference to a label
or a page that does not exist (``{ref}`...```, ``{doc}`...```), and a label written
twice are found only when Sphinx resolves the references, after reading every page.
The build said them in English with the path of the file on the build machine
(``'myst' cross-reference target not found``).

Here each such warning becomes the finding of a rule (``reference_missing``,
``label_duplicate``) with the file and line Sphinx gives, a Swedish message and what
to do, and the severity the model gives the rule: an error counts as the warning it
was (a ``-W`` build stops), a 'varning' is told as Lotsen tells its other ones and
does not count. The filter stands on the warning handler after the one that leaves
out what ``file_missing`` already reports (missing_files_log.py).

`lotsen check` does not find these: which names exist is known only after Sphinx has
read every page and its extensions have added theirs.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging as sphinx_logging
from sphinx.util.logging import NAMESPACE, WarningStreamHandler, get_node_location

from lotsen.checks.personal_data import mask_personal_numbers
from lotsen.findings import ERROR, Finding
from lotsen.sphinx.state import build_state

logger = sphinx_logging.getLogger(__name__)

#: What looks like an object's ID (RUT-HT-001): capitals, digits and dashes, at
#: least one of each of the first two.
_ID = re.compile(r"[A-ZÅÄÖ][A-ZÅÄÖ0-9]*(?:-[A-ZÅÄÖ0-9]+)+")
#: A name as the warnings quote it: Python's repr of a text, in either quotes.
_QUOTED = r"""(?:'(?P<single>(?:[^'\\]|\\.)*)'|"(?P<double>(?:[^"\\]|\\.)*)")"""


def _name(match: re.Match[str]) -> str:
    groups = match.groupdict()
    for group in ("single", "double", "label"):
        if groups.get(group) is not None:
            return groups[group]
    return ""


def _missing_target(match: re.Match[str], page: Callable[[str], str]) -> tuple[str, str, str]:
    name = _name(match)
    if _ID.fullmatch(name.lstrip("#")):
        return ("reference_missing",
                f"Länken går till '{name}' som till ett avsnitt, men ett objekt nås inte så.",
                f"Skriv bara ID:t i texten, {name.lstrip('#')}, så blir det en länk till objektet.")
    return ("reference_missing",
            f"Länken går till '{name}', men det finns ingen sida, rubrik eller etikett med det namnet.",
            "Rätta namnet. Till en sida länkar du med filens namn (till exempel rutin.md), till ett "
            "avsnitt med sidans namn och etiketten efter # och till ett objekt med dess ID.")


def _missing_section(match: re.Match[str], page: Callable[[str], str]) -> tuple[str, str, str]:
    return ("reference_missing",
            f"Länken går till avsnittet '{_name(match)}' på sidan {page(match.group('docname'))}, "
            "men sidan har ingen etikett med det namnet.",
            "Sätt etiketten på raden före rubriken, som (namn)=, och skriv samma namn efter # i "
            "länken. Eller ta bort det som står efter #, så går länken till sidan.")


def _missing_label(match: re.Match[str], page: Callable[[str], str]) -> tuple[str, str, str]:
    return ("reference_missing",
            f"Hänvisningen går till etiketten '{_name(match)}', som inte finns.",
            "Rätta namnet, eller sätt etiketten på raden före rubriken som (namn)=.")


def _missing_page(match: re.Match[str], page: Callable[[str], str]) -> tuple[str, str, str]:
    return ("reference_missing",
            f"Hänvisningen går till sidan '{_name(match)}', som inte finns.",
            "Rätta sidans namn: filens namn utan .md, räknat från mappen där sidan med "
            "hänvisningen ligger.")


def _label_twice(match: re.Match[str], page: Callable[[str], str]) -> tuple[str, str, str]:
    other = match.groupdict().get("other")
    where = f" Den står också i {page(other)}." if other else ""
    return ("label_duplicate",
            f"Etiketten '{_name(match)}' står på två ställen.{where}",
            "Ge den ena etiketten ett annat namn, och ändra länkarna som ska gå dit.")


#: (type, subtype) of a warning -> its message, and what it becomes.
_WARNINGS: dict[tuple[str, str], list[tuple[re.Pattern[str], Callable]]] = {
    ("myst", "xref_missing"): [
        (re.compile(rf"^'myst' cross-reference target not found: {_QUOTED}$"), _missing_target),
        (re.compile(rf"^local id not found in doc '(?P<docname>(?:[^'\\]|\\.)*)': {_QUOTED}$"), _missing_section),
    ],
    ("ref", "ref"): [(re.compile(rf"^undefined label: {_QUOTED}$"), _missing_label)],
    ("ref", "doc"): [(re.compile(rf"^unknown document: {_QUOTED}$"), _missing_page)],
    ("docutils", ""): [
        (re.compile(r'^Duplicate explicit target name: "(?P<label>.*)"\.?$'), _label_twice),
    ],
    ("", ""): [
        (re.compile(r"^duplicate label (?P<label>.+), other instance in (?P<other>.+)$"), _label_twice),
    ],
}


class SayReferencesInSwedish(logging.Filter):
    """Turns a warning about a reference that goes nowhere into Lotsen's finding."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__()
        self.app = app

    def filter(self, record: logging.LogRecord) -> bool:
        kinds = _WARNINGS.get((getattr(record, "type", "") or "", getattr(record, "subtype", "") or ""))
        if not kinds:
            return True
        try:
            message = record.getMessage()
        except (TypeError, ValueError):
            return True
        for pattern, meaning in kinds:
            match = pattern.match(message)
            if match is not None:
                try:
                    return self._replace(record, *meaning(match, self._page))
                except Exception:  # noqa: BLE001 - a filter that fails would stop the build
                    return True  # the warning as Sphinx said it
        return True

    def _replace(self, record: logging.LogRecord, code: str, message: str, hint: str) -> bool:
        state = build_state(self.app)
        severity = state.model.severity_of(code) if state.model is not None else ERROR
        where = mask_personal_numbers(self._where(record))
        text = mask_personal_numbers(Finding(where, 0, code, message, hint, severity).text())
        if severity == ERROR:  # as extension._report says an error: the project's path
            record.msg, record.args, record.location = text, (), where or None  # type: ignore[attr-defined]
            record.type, record.subtype = "lotsen", code  # type: ignore[attr-defined]
            return True
        line = f"{where}: varning: {text} [lotsen.{code}]"
        logger.info(line, color="darkred")  # as extension._report tells a 'varning'
        state.told.append(line)
        return False

    def _page(self, name: str) -> str:
        """A document's name, or a path Sphinx gives, as the file relative to the project."""
        root = Path(self.app.srcdir)
        env = getattr(self.app, "env", None)
        path = Path(name)
        if not path.is_absolute() and env is not None and name in env.all_docs:
            path = Path(env.doc2path(name))
        if path.is_absolute():
            try:
                return path.relative_to(root).as_posix()
            except ValueError:
                return path.name
        return path.as_posix()

    def _where(self, record: logging.LogRecord) -> str:
        """file:line of the warning, as the project names the file."""
        location = getattr(record, "location", None)
        if isinstance(location, tuple) and location:
            docname, line = location[0], location[1] if len(location) > 1 else None
            where = f"{self._page(docname)}" + (f":{line}" if line else "")
        elif location is not None and not isinstance(location, str):
            where = get_node_location(location) or ""  # type: ignore[arg-type]
            name, _, line = where.rpartition(":") if re.search(r":\d*$", where) else (where, "", "")
            where = self._page(name) + (f":{line}" if line else "")
        else:
            where = str(location or "")
            name, _, line = where.rpartition(":") if re.search(r":\d*$", where) else (where, "", "")
            where = self._page(name) + (f":{line}" if line else "") if where else ""
        return where


def setup_reference_log(app: Sphinx) -> None:
    """On the warning handler after missing_files_log's filter, before Sphinx counts."""
    for handler in logging.getLogger(NAMESPACE).handlers:
        if isinstance(handler, WarningStreamHandler) and not any(
                isinstance(f, SayReferencesInSwedish) for f in handler.filters):
            handler.filters.insert(1 if handler.filters else 0, SayReferencesInSwedish(app))
