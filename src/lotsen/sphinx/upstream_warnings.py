"""Sphinx's, MyST's and docutils' own warnings about what an author wrote on a page,
said in Swedish as Lotsen's findings.

- A link or a reference that goes nowhere (``reference_missing``): to a section that is
  not there (``[se](#saknas)``, ``[se](rutin.md#saknas)``), to a name that is no page,
  heading or label (``[se](rutin)``), to a label or a page that does not exist
  (``{ref}`...```, ``{doc}`...```), a footnote without its text; and a label written
  twice (``label_duplicate``), a footnote that nothing refers to (``footnote_unused``).
  Sphinx finds them when it resolves the references, after reading every page.
- A block that cannot be shown as written (``block_invalid``): a field a block does
  not have (``{note}`` with ``:klass:``), a value it cannot use, a block that lacks
  its title or file, a ``{list-table}`` whose rows differ.
- A code block whose language does not exist, or whose code does not fit its language
  (``code_language``).

The build said them in English, with the path of the file on the build machine, and
docutils and Sphinx echoed the block or the code (which may hold anything). Here each
becomes the finding of a rule with the file and line Sphinx gives, a Swedish message
and what to do, and the severity the model gives the rule: an error counts as the warning it
was (a ``-W`` build stops), a 'varning' is told as Lotsen tells its other ones and
does not count. The filter stands on the warning handler after the one that leaves
out what ``file_missing`` already reports (missing_files_log.py).

A preview does not show these at the top of the page, as it shows the check's: Sphinx
holds its warnings back until every page is written (``logging.pending_warnings``).

`lotsen check` finds a link to a section of another page whose page has no such label
(checks/anchors.py); the build then says it once, as the check's finding. The check
does not find the others: which names exist is known only after Sphinx has read every
page and its extensions have added theirs, and what a block accepts only
when the block runs. Objects' blocks are the check's (option_unknown and the rest), so
a warning about one is left as it is.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging as sphinx_logging
from sphinx.util.logging import NAMESPACE, WarningStreamHandler

from lotsen.checks.anchors import section_missing
from lotsen.checks.personal_data import mask_personal_numbers
from lotsen.findings import ERROR, Finding
from lotsen.sphinx.missing_files_log import LeaveOutReplaced, location_of
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
    return ("reference_missing", *section_missing(_name(match), page(match.group("docname"))))


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


def _said_again(match: re.Match[str], page: Callable[[str], str]) -> None:
    """docutils' count of footnotes without their text: each of them is also an
    'Unknown target name' of its own, which says where it is."""
    return None


def _unknown_target(match: re.Match[str], page: Callable[[str], str]) -> tuple[str, str, str]:
    return ("reference_missing",
            f"Hänvisningen '{_name(match)}' går inte någonstans: det finns ingen fotnot eller etikett med det namnet.",
            f"Skriv förklaringen på en egen rad, till exempel [^{_name(match)}]: Texten i fotnoten, "
            "eller rätta namnet.")


def _footnote_unused(match: re.Match[str], page: Callable[[str], str]) -> tuple[str, str, str]:
    # a footnote numbered by the page has '#' for its name in the warning
    label = match.group("label").lstrip("#")
    return ("footnote_unused",
            "En fotnot står på sidan, men ingenting i texten hänvisar till den.",
            f"Hänvisa till den i texten med [^{label or 'namn'}], där du vill att fotnotens nummer "
            "ska stå, eller ta bort fotnoten.")


def _plain_list(text: str) -> str:
    """'klass' or ['a', 'b'] as the warnings write them: a, b."""
    return ", ".join(re.findall(r"'((?:[^'\\]|\\.)*)'", text)) or text


def _block(match: re.Match[str], page: Callable[[str], str]) -> tuple[str, str, str]:
    block, detail = match.group("directive"), match.group("detail")
    unknown = re.match(r"Unknown option keys?: (?P<keys>.*?) \(allowed: (?P<allowed>.*)\)$", detail)
    if unknown:
        return ("block_invalid",
                f"Blocket {{{block}}} har inget fält {_plain_list(unknown.group('keys'))}.",
                "Ta bort fältet eller rätta stavningen. Fälten som finns: "
                f"{_plain_list(unknown.group('allowed')) or 'inga'}.")
    invalid = re.match(r"Invalid option value for '(?P<key>[^']+)'", detail)
    if invalid:
        return ("block_invalid",
                f"Fältet :{invalid.group('key')}: i blocket {{{block}}} har ett värde som inte går att använda.",
                "Rätta värdet, eller ta bort fältet.")
    if re.match(r"\d+ argument\(s\) required", detail):
        return ("block_invalid",
                f"Blocket {{{block}}} saknar det som ska stå efter namnet på första raden, till exempel en rubrik eller en fil.",
                f"Skriv det efter {{{block}}} på samma rad.")
    if detail.startswith("maximum"):
        return ("block_invalid",
                f"Efter {{{block}}} på första raden står mer än blocket kan ta emot.",
                "Skriv det som är för mycket på en egen rad inne i blocket, eller ta bort det.")
    return ("block_invalid",
            f"Blocket {{{block}}} går inte att visa som det är skrivet.",
            "Kontrollera blockets första rad och fälten under den.")


def _block_content(match: re.Match[str], page: Callable[[str], str]) -> tuple[str, str, str]:
    block = match.group("directive")
    return ("block_invalid",
            f"Texten i blocket {{{block}}} är inte uppställd som blocket kräver.",
            "Jämför med ett block av samma slag som fungerar. I en tabell ska varje rad ha lika många celler.")


def _code_language(match: re.Match[str], page: Callable[[str], str]) -> tuple[str, str, str]:
    language = match.group("language")
    if match.group("kind"):  # the name is unknown; else the code did not fit it
        return ("code_language",
                f"Kodblocket anger språket '{language}', som inte finns.",
                "Rätta språkets namn (till exempel python, json eller yaml), eller ta bort det.")
    return ("code_language",
            f"Koden i blocket passar inte språket '{language}' som blocket anger.",
            "Rätta koden, eller ange ett annat språk eller inget alls.")


#: MyST's words for an object's field lines it cannot read ("'rutin': Invalid options format: …").
_OPTIONS_UNREADABLE = "Invalid options format"

#: (type, subtype) of a warning -> its message, and what it becomes.
_WARNINGS: dict[tuple[str, str], list[tuple[re.Pattern[str], Callable]]] = {
    ("myst", "xref_missing"): [
        (re.compile(rf"^'myst' cross-reference target not found: {_QUOTED}$"), _missing_target),
        (re.compile(rf"^local id not found in doc '(?P<docname>(?:[^'\\]|\\.)*)': {_QUOTED}$"), _missing_section),
    ],
    **{("myst", subtype): [(re.compile(r"^'(?P<directive>[^']+)': (?P<detail>[^\n]*)"), _block)]
       for subtype in ("directive_option", "directive_parse", "directive_body", "directive_comments")},
    ("ref", "ref"): [(re.compile(rf"^undefined label: {_QUOTED}$"), _missing_label)],
    ("ref", "doc"): [(re.compile(rf"^unknown document: {_QUOTED}$"), _missing_page)],
    ("docutils", ""): [
        (re.compile(r'^Duplicate explicit target name: "(?P<label>.*)"\.?$'), _label_twice),
        (re.compile(r"^Too many autonumbered footnote references"), _said_again),
        (re.compile(r'^Unknown target name: "(?P<label>.*)"\.?$'), _unknown_target),
        (re.compile(r"^Directive '(?P<directive>[^']+)': (?P<detail>[^\n]*)"), _block),
        (re.compile(r'^Error parsing content block for the "(?P<directive>[^"]+)" directive'), _block_content),
    ],
    ("ref", "footnote"): [(re.compile(r"^Footnote \[(?P<label>[^\]]*)\] is not referenced\.?$"), _footnote_unused)],
    ("misc", "highlighting_failure"): [
        (re.compile(r"^Pygments lexer name '(?P<language>[^']*)' is (?P<kind>unknown|not known)"), _code_language),
        (re.compile(r'^Lexing literal_block .* as "(?P<language>[^"]*)" resulted in an error(?P<kind>)', re.S),
         _code_language),
    ],
    ("", ""): [
        (re.compile(r"^duplicate label (?P<label>.+), other instance in (?P<other>.+)$"), _label_twice),
    ],
}


class SayInSwedish(logging.Filter):
    """Turns a warning about what an author wrote into Lotsen's finding."""

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
                if self._an_object(match):
                    # the check's own findings say what is wrong with it; a field line
                    # MyST cannot read is its myst_option_syntax (source/options.py reads
                    # with MyST's own tokenizer), reported at the same line
                    return not message.startswith(_OPTIONS_UNREADABLE, len(match.group("directive")) + 4)
                try:
                    said = meaning(match, self._page)
                    return False if said is None else self._replace(record, *said)
                except Exception:  # noqa: BLE001 - a filter that fails would stop the build
                    return True  # the warning as Sphinx said it
        return True

    def _an_object(self, match: re.Match[str]) -> bool:
        model = build_state(self.app).model
        block = match.groupdict().get("directive")
        return bool(block) and model is not None and block in model.types

    def _replace(self, record: logging.LogRecord, code: str, message: str, hint: str) -> bool:
        state = build_state(self.app)
        severity = state.model.severity_of(code) if state.model is not None else ERROR
        where = self._where(record)
        file = where.rpartition(":")[0] if re.search(r":\d+$", where) else where
        if any(f.code == code and f.message == message for f in state.page_findings.get(file, ())):
            # the check found it too (checks/anchors.py), and the build has said it; its
            # line is the link's, where MyST may name the paragraph's first
            return False
        where = mask_personal_numbers(where)
        text = mask_personal_numbers(Finding(where, 0, code, message, hint, severity).text())
        if severity == ERROR:  # as extension._report says an error: the project's path
            record.msg, record.args, record.location = text, (), where or None  # type: ignore[attr-defined]
            record.type, record.subtype = "lotsen", code  # type: ignore[attr-defined]
            record.levelno, record.levelname = logging.WARNING, "WARNING"  # as _report's, an error of docutils' too
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
        name, line = location_of(getattr(record, "location", None))
        return self._page(name) + (f":{line}" if line else "") if name else ""


def setup_upstream_warnings(app: Sphinx) -> None:
    """On the warning handler right after missing_files_log's filter (what that one
    leaves out is Lotsen's already), before Sphinx counts the warning."""
    for handler in logging.getLogger(NAMESPACE).handlers:
        if isinstance(handler, WarningStreamHandler) and not any(
                isinstance(f, SayInSwedish) for f in handler.filters):
            before = [i for i, f in enumerate(handler.filters) if isinstance(f, LeaveOutReplaced)]
            handler.filters.insert(before[0] + 1 if before else 0, SayInSwedish(app))
