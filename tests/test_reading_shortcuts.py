"""Three upstream steps of reading a page made cheaper without changing what they give
(sphinx/page_settings.py, sphinx/smart_quotes.py, sphinx/needs_defaults.py).

The oracle is upstream itself: docutils' ``educate_tokens`` for which texts smartquotes
changes, ``copy.deepcopy`` for sphinx-needs' defaults, Sphinx's own ``_get_settings``
for a page's settings, and a build of the same project with the three steps as
upstream has them, compared file for file.
"""

from __future__ import annotations

import copy
import pickle
from pathlib import Path

import docutils.frontend
import myst_parser.mdit_to_docutils.base
import pytest
import sphinx.util.docutils
import sphinx_needs.api.need
from docutils import nodes
from docutils.readers import standalone
from docutils.utils import new_document
from docutils.utils.smartquotes import educate_tokens
from hypothesis import example, given, settings
from hypothesis import strategies as st
from myst_parser.parsers.sphinx_ import MystParser
from sphinx.transforms import SphinxSmartQuotes
from sphinx_needs.need_item import NeedLink
from sphinx_needs.needs_schema import FieldLiteralValue, LinksLiteralValue

import lotsen.sphinx.extension as extension
from lotsen.sphinx import page_settings, smart_quotes
from lotsen.sphinx.needs_defaults import default_copy
from test_incremental_outputs import assert_same_site, build

from conftest import make_project

#: Every action of docutils' smartquotes but "stupefy", which always goes through.
ACTIONS = ["qDe", "q", "b", "B", "d", "D", "i", "e", "w", "qbBdDiew", "0", "1", "2", "3"]
#: Letters, digits, spaces and punctuation, the characters smartquotes acts on among them.
ALPHABET = "aåäöqutAZ0123456789 \n.,;:!?()-–—…”’\"'`&#;\\\x00"


@settings(max_examples=400, deadline=None)
@example(["&quot;x"], "w")
@example(["a &#34; b", "c"], "qDe")
@example(["a \\- b"], "qDe")
@example(["a . . . b"], "e")
@given(st.lists(st.text(alphabet=ALPHABET, max_size=12), min_size=1, max_size=3), st.sampled_from(ACTIONS))
def test_a_text_smartquotes_changes_is_one_the_shortcut_sends_through(texts: list[str], action: str) -> None:
    """Whenever docutils changes a text of a block (given with the block's other texts,
    as the transform gives them), the shortcut would have let the page through."""
    educated = list(educate_tokens([("plain", text) for text in texts], attr=action, language="sv"))
    for text, result in zip(texts, educated, strict=True):
        if result != text:
            assert smart_quotes.CHANGEABLE.search(text), (text, result, action)


@pytest.mark.parametrize("text", ["Ring \"sjuksköterskan\"", "Brukarens 'egen' nyckel", "vecka 3--5",
                                  "och så vidare...", "slut . . . här", "&quot;x&quot;", "a\\-b", "`x'"])
def test_texts_with_something_to_change_go_through(text: str) -> None:
    document = new_document("sida.md")
    document += nodes.paragraph("", "", nodes.Text("Inget att ändra. "), nodes.emphasis("", text))
    assert smart_quotes.may_change(document)


def test_a_page_without_them_is_left_as_it_is() -> None:
    """The shortcut does skip: Swedish text with single dashes, dates and typographic
    quotes already in place has nothing for smartquotes."""
    document = new_document("sida.md")
    document += nodes.paragraph("", "Ring 112 – inte 1177. Datum 2026-03-01, t.ex. ”nyckel”.")
    assert not smart_quotes.may_change(document)


def _field(value: object) -> FieldLiteralValue:
    return FieldLiteralValue(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [
    _field("text"), _field(3), _field(2.5), _field(True), _field(None), _field(["a", "b"]), _field([]),
    LinksLiteralValue([]), LinksLiteralValue([NeedLink(id="RUT-1"), NeedLink(id="RISK-2", part="a")]),
    _field([["nested"]]), _field({"a": [1]}),
])
def test_a_default_is_what_a_deep_copy_gives_and_shares_nothing_that_can_change(value: object) -> None:
    copied, deep = default_copy(value), copy.deepcopy(value)
    assert copied == deep
    inner = getattr(copied, "value", None)
    if isinstance(inner, (list, dict)):
        assert inner is not getattr(value, "value")  # a list one need changes is its own
        if inner and isinstance(inner, list) and isinstance(inner[0], list):
            assert inner[0] is not value.value[0]  # type: ignore[attr-defined]


def _upstream_settings() -> object:
    return page_settings.SPHINX_GET_SETTINGS(standalone.Reader, MystParser(), defaults={"traceback": True, "tab_width": 4},
                                             read_config_files=True)


def test_a_pages_settings_are_sphinxs_and_its_own() -> None:
    ours = [page_settings.page_settings(standalone.Reader, MystParser(), defaults={"traceback": True, "tab_width": 4},
                                        read_config_files=True) for _ in range(2)]
    theirs = vars(_upstream_settings())
    for settings_ in ours:
        mine = vars(settings_)
        assert sorted(mine) == sorted(theirs)
        assert {k: v for k, v in mine.items() if k != "record_dependencies"} == \
            {k: v for k, v in theirs.items() if k != "record_dependencies"}
    assert ours[0] is not ours[1]
    # each page records the files it depends on in a list of its own
    assert ours[0].record_dependencies is not ours[1].record_dependencies
    ours[0].record_dependencies.add("inkluderad.md")
    assert ours[1].record_dependencies.list == []


def test_another_default_gets_its_own_settings() -> None:
    four, eight = (page_settings.page_settings(standalone.Reader, defaults={"tab_width": width}) for width in (4, 8))
    assert (four.tab_width, eight.tab_width) == (4, 8)
    kept = {"env": object()}
    first = page_settings.page_settings(standalone.Reader, defaults=kept)
    assert page_settings.page_settings(standalone.Reader, defaults={"env": object()}).env is not first.env


def test_myst_gets_docutils_default_settings() -> None:
    ours = vars(page_settings.default_settings(MystParser))
    theirs = vars(docutils.frontend.get_default_settings(MystParser))
    assert {k: v for k, v in ours.items() if k != "record_dependencies"} == \
        {k: v for k, v in theirs.items() if k != "record_dependencies"}


PAGES = {
    "citat.md": "# Citat\n\nRing \"sjuksköterskan\" och säg 'nyckel'. Vecka 3--5, och så vidare...\n\n"
                "```\nkod med \"citat\" -- lämnas\n```\n\nEtt `\"bokstavligt\"` ord.\n",
    "utan.md": "# Utan\n\nRing 112 – inte 1177. Datum 2026-03-01.\n\n```{include} del.txt\n```\n",
    "del.txt": "En \"inkluderad\" rad.\n",
    "vidare.md": "# Vidare\n\nEn sida som läses efter den som tar in en fil.\n",
}


def _upstream(monkeypatch: pytest.MonkeyPatch) -> None:
    """The three steps as upstream has them, for every build in this test."""
    for name in ("setup_page_settings", "setup_smart_quotes", "setup_needs_defaults"):
        monkeypatch.setattr(extension, name, lambda: None)
    monkeypatch.setattr(sphinx.util.docutils, "_get_settings", page_settings.SPHINX_GET_SETTINGS)
    monkeypatch.setattr(myst_parser.mdit_to_docutils.base, "get_default_settings",
                        docutils.frontend.get_default_settings)
    monkeypatch.setattr(SphinxSmartQuotes, "apply", smart_quotes._upstream_apply)
    monkeypatch.setattr(sphinx_needs.api.need, "deepcopy", copy.deepcopy)


def test_a_build_is_upstreams_file_for_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = make_project(tmp_path / "src", PAGES)
    with monkeypatch.context() as patched:
        _upstream(patched)
        build(src, tmp_path / "upstream", tmp_path / "upstream-doctrees")
    build(src, tmp_path / "ours", tmp_path / "ours-doctrees")
    assert sphinx.util.docutils._get_settings is page_settings.page_settings  # the build used the shortcuts
    assert_same_site(tmp_path / "ours", tmp_path / "upstream")
    page = (tmp_path / "ours" / "citat.html").read_text(encoding="utf-8")
    assert "”sjuksköterskan”" in page and "’nyckel’" in page and "3–5" in page and "vidare…" in page
    # the included file is a dependency of the page that includes it, and of no other
    with (tmp_path / "ours-doctrees" / "environment.pickle").open("rb") as stream:
        env = pickle.load(stream)
    depending = {doc for doc, files in env.dependencies.items() if any(str(f).endswith("del.txt") for f in files)}
    assert depending == {"utan"}  # not "vidare", read after it with the same settings
    assert env.found_docs >= {"citat", "utan", "vidare"}
