"""Headings that skip a level: ``###`` right after ``#``, or a page that starts at ``##``.

A reader who uses a screen reader moves through a page by its headings, and the
site's outline follows them: a level left out is a hole in both (WCAG 1.3.1). MyST
warns about it when it builds the page; the check finds the same headings by the same
rule, so that the build says it as Lotsen's finding and the check says it first.

The rule is MyST's (``update_section_level_state``): each heading of the page's own
text (not one in a list, a quote or a block, which is shown as a plain bold line) is
placed under the nearest heading before it of a lower level; it may be one level below
that heading, no more. A front matter ``title`` is the page's first heading when the
project shows it as one (``myst_title_to_header``).
"""

from __future__ import annotations

from markdown_it.token import Token
from myst_parser.config.main import TopmatterReadError, read_topmatter

from lotsen.findings import Finding
from lotsen.model import Model
from lotsen.source.blocks import Reading, block_tokens

CODE = "heading_level"


def _levels(tokens: tuple[Token, ...]) -> list[tuple[int, int]]:
    """(level, line) of every heading of the page's own text."""
    return [(int(token.tag[1]), (token.map[0] + 1) if token.map else 0)
            for token in tokens if token.type == "heading_open" and token.level == 0]


def _title_heading(text: str, title_to_header: bool) -> bool:
    if not title_to_header or not text.startswith("---"):
        return False
    try:
        return bool((read_topmatter(text) or {}).get("title"))
    except (TopmatterReadError, AttributeError):
        return False


def skipped_levels(text: str, reading: Reading | None) -> list[tuple[int, int, int]]:
    """(line, level of the heading, level it stands under; 0 for the page) of each
    heading that skips a level."""
    if "#" not in text and "\n=" not in text and "\n-" not in text:
        return []  # no heading of either kind
    md, config = (reading or Reading()).parser_for(text)
    open_levels = [0, 1] if _title_heading(text, config.title_to_header) else [0]
    skipped = []
    for level, line in _levels(block_tokens(md, text)):
        parent = max(open_level for open_level in open_levels if open_level < level)
        if parent + 1 != level:
            skipped.append((line, level, parent))
        open_levels = [open_level for open_level in open_levels if open_level < level] + [level]
    return skipped


def heading_findings(model: Model, shown: str, text: str, reading: Reading | None) -> list[Finding]:
    findings = []
    for line, level, parent in skipped_levels(text, reading):
        marks, missing = "#" * level, "#" * (parent + 1)
        if parent == 0:
            message = (f"Sidan börjar med en rubrik på nivå {level} ({marks}). "
                       "Sidans första rubrik ska vara på nivå 1 (#).")
            hint = "Skriv den första rubriken med ett enda #, och de andra rubrikerna en nivå under den."
        else:
            message = (f"Rubriken på nivå {level} ({marks}) står under en rubrik på nivå {parent} "
                       f"({'#' * parent}), så nivå {parent + 1} ({missing}) hoppas över.")
            hint = f"Skriv rubriken med {missing}, eller sätt en rubrik med {missing} före den."
        findings.append(Finding(shown, line, CODE, message, hint, model.severity_of(CODE)))
    return findings
