"""A block's first line that CommonMark does not read as a fence (a backtick after the
opening backticks) is shown as text, and its object is lost: one finding at that line.
MyST's own parser is the oracle of whether the line opens a block."""

from __future__ import annotations

import pytest
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from lotsen.source.scanner import scan_text

TYPES = {"rutin", "process"}
FIRST_LINES = [
    "```{rutin} Nycklar `x`",
    "```{rutin} Kvittera nycklar (`nyckelkvittens`)",
    "````{rutin} Fyra `bakåtfnuttar`",
    "```{process} Se {need}`PROC-HT-UTFORA`",
    "```{note} En `notis`",
    # near misses: each opens a block
    "```{rutin} Nycklar",
    "~~~{rutin} Nycklar `x`",
    "```{rutin} Nycklar 'x'",
]


def _text(first: str) -> str:
    fence = first[: len(first) - len(first.lstrip("`~"))]
    return f"# Sida\n\n{first}\n:id: RUT-HT-060\n:status: utkast\n\nText.\n{fence}\n"


def _opens_a_block(text: str) -> bool:
    md = create_md_parser(MdParserConfig(), RendererHTML)
    return any(t.type == "fence" and t.map and t.map[0] == 2 for t in md.parse(text))


@pytest.mark.parametrize("first", FIRST_LINES)
def test_a_first_line_commonmark_reads_as_text_is_one_finding(first: str) -> None:
    text = _text(first)
    scan = scan_text(text, "sida.md", TYPES)
    found = [(f.code, f.line) for f in scan.findings if f.code == "fence_as_text"]
    if _opens_a_block(text):
        assert found == [] and [n.line for n in scan.needs if n.type in TYPES] == ([3] if "{note}" not in first else [])
    else:
        assert found == [("fence_as_text", 3)]
        assert scan.needs == []
