"""Headings that skip a level (checks/headings.py): the check finds exactly the
headings MyST warns about when it builds the page, and the build says them as
Lotsen's finding, in Swedish, once.

The oracle is MyST itself: its docutils parser renders each generated page and its
``myst.header`` warnings give the lines that must be found."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from docutils import nodes
from docutils.core import publish_doctree
from hypothesis import given, settings
from hypothesis import strategies as st
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.docutils_ import Parser

from lotsen.checks.headings import skipped_levels
from lotsen.cli.main import main
from lotsen.source.blocks import Reading

from conftest import make_project, reported, sphinx_build

#: Pieces of a page: headings of the page's own text, and headings MyST shows as
#: plain bold lines (in a list, a quote, a block) or not at all (in code).
PIECES = st.one_of(
    st.integers(1, 6).map(lambda level: "#" * level + " Rubrik"),
    st.sampled_from(["Rubrik\n======", "Rubrik\n------", "Text i ett stycke.", "- # I en lista",
                     "> ## I ett citat", "```\n# I kod\n```", "```{note}\n### I en notis\n```",
                     "    # Indragen kod", "Text\n## Rubrik direkt efter text", "#Ingen rubrik"]),
)


def myst_warned_lines(text: str, title_to_header: bool) -> list[int]:
    """The lines MyST warns about as headings that skip a level."""
    doctree = publish_doctree(text, parser=Parser(), settings_overrides={
        "myst_title_to_header": title_to_header, "warning_stream": io.StringIO(), "report_level": 2,
        "myst_suppress_warnings": [],
    })
    return sorted(message["line"] for message in doctree.findall(nodes.system_message)
                  if "myst.header" in message.astext())


@settings(max_examples=300, deadline=None)
@given(st.lists(PIECES, max_size=10), st.sampled_from(["", "---\ntitle: Sidans titel\n---\n", "---\nannat: 1\n---\n"]),
       st.booleans())
def test_the_check_finds_the_headings_myst_warns_about(pieces: list[str], front: str, title_to_header: bool) -> None:
    text = front + "\n\n".join(pieces) + "\n"
    reading = Reading(MdParserConfig(title_to_header=title_to_header))
    assert [line for line, _, _ in skipped_levels(text, reading)] == myst_warned_lines(text, title_to_header)


def test_the_levels_in_the_finding() -> None:
    text = "## Först\n\n# Sedan\n\n### Hopp\n\n#### Rätt\n\n## Tillbaka\n\n###### Långt\n"
    assert skipped_levels(text, None) == [(1, 2, 0), (5, 3, 1), (11, 6, 2)]


PAGE = "# Rutinens sida\n\nText.\n\n### Ett hopp\n\nMer text.\n"


def test_check_and_build_say_it_once_in_swedish(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = make_project(tmp_path / "p", {"sida.md": PAGE})
    assert main(["check", "--root", str(src), "--format", "json"]) == 1
    checked = [(f["file"], f["line"], f["code"]) for f in json.loads(capsys.readouterr().out)]
    assert checked == [("sida.md", 5, "heading_level")]
    result = sphinx_build(src, pdf=False)
    assert result.returncode != 0
    assert [(r.file, r.line, r.code) for r in reported(result.stderr)] == checked
    assert "Non-consecutive" not in result.stderr and "header" not in result.stderr
