"""Pages without the parts Pagefind leaves out (site/search_copy.py): what is left out,
what stays, and, with Pagefind itself as the oracle, the same index as from the pages
as they are."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pagefind_bin import get_executable

from lotsen.site.search_copy import search_copy
from lotsen.site.search_stable import stabilise

FILLER = " ".join(["Länken leder till en rutin om hemtjänstens larm"] * 10)


def page(body: str) -> str:
    return ('<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>Sidan</title></head>\n'
            f'<body><nav>Meny</nav>\n<main data-pagefind-body>\n<h1>Rubriken</h1>\n{body}\n'
            '<p>Texten som söks om brandlarm.</p>\n</main></body></html>\n')


#: Parts that Pagefind leaves out and that are left out here, one of each kind.
LEFT_OUT = {
    "div": f"<div data-pagefind-ignore><p>{FILLER}</p><div><span>inne</span></div></div>",
    "dl": f'<dl class="lotsen-links" data-pagefind-ignore><dt>Länkar</dt><dd><a href="x.html">{FILLER}</a></dd></dl>',
    "details": f'<details class="x" data-pagefind-ignore><summary>Mer</summary><p>{FILLER}</p></details>',
    "section": f'<section class="s" id="s1" data-pagefind-ignore><h2>Över tid</h2><svg><line x1="0"/></svg>'
               f"<p>{FILLER}<br>rad<br />två</p></section>",
    "p": f'<p class="lotsen-edit" data-pagefind-ignore>{FILLER}</p>',
    "nested": f'<div data-pagefind-ignore><div data-pagefind-ignore>{FILLER}</div><div>{FILLER}</div></div>',
    "attribute with a value": f'<div data-pagefind-ignore="index"><p>{FILLER}</p></div>',
    "small": '<span data-pagefind-ignore>kort</span>',
}

#: Parts that stay as they are: leaving them out could change the index, or they are
#: not written as the theme writes them.
KEPT = {
    "a filter inside": f'<div hidden data-pagefind-ignore><span data-pagefind-filter="enhet">Hemtjänst</span>{FILLER}</div>',
    "a filter on it": f'<div data-pagefind-ignore data-pagefind-meta="typ:rutin"><p>{FILLER}</p></div>',
    "the first heading": f"<div data-pagefind-ignore><h1>Annan</h1><p>{FILLER}</p></div>",
    "an image": f'<div data-pagefind-ignore><img src="a.png" alt="larm"><p>{FILLER}</p></div>',
    "a comment": f"<div data-pagefind-ignore><!-- <div> --><p>{FILLER}</p></div>",
    "a script": f"<div data-pagefind-ignore><script>var a = 1;</script><p>{FILLER}</p></div>",
    "an unclosed tag": f"<div data-pagefind-ignore><p>{FILLER}<b>fet</div>",
    "no end": f"<div data-pagefind-ignore><p>{FILLER}</p>",
    "inside a word": f"ord<div data-pagefind-ignore><p>{FILLER}</p></div>",
    "an element whose end is left out": f"<li data-pagefind-ignore>{FILLER}",
    "the words in a text": f"<p>Skriv data-pagefind-ignore på det som inte ska sökas. {FILLER}</p>",
    "the words in a value": f'<div title="x data-pagefind-ignore y"><p>{FILLER}</p></div>',
}


@pytest.mark.parametrize("kind", list(LEFT_OUT))
def test_a_part_pagefind_leaves_out_is_left_out_and_nothing_else(kind: str) -> None:
    original = page(LEFT_OUT[kind]).encode("utf-8")
    copy = search_copy(original)
    assert copy is not None
    assert copy == page("").encode("utf-8")


@pytest.mark.parametrize("kind", list(KEPT))
def test_a_part_that_could_change_the_index_stays(kind: str) -> None:
    assert search_copy(page(KEPT[kind]).encode("utf-8")) is None


def _index(site: Path, out: Path) -> dict[str, bytes]:
    subprocess.run([str(get_executable()), "--site", str(site), "--output-path", str(out), "--quiet"],
                   check=True, capture_output=True)
    stabilise(out)
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_pagefind_makes_the_same_index_from_the_copies(tmp_path: Path) -> None:
    """Oracle: Pagefind given the pages as they are and given the copies. Every kind
    of part above, and filters beside them, in pages of their own."""
    bodies = {**LEFT_OUT, **KEPT}
    as_they_are, copies = tmp_path / "pages", tmp_path / "copies"
    for number, (kind, body) in enumerate(bodies.items()):
        text = page(f'<div hidden data-pagefind-ignore><span data-pagefind-filter="typ">{kind}</span></div>\n'
                    f"<p>Sida {number} om {kind}.</p>\n{body}").encode("utf-8")
        for folder, content in ((as_they_are, text), (copies, search_copy(text) or text)):
            (folder / f"sida-{number}.html").parent.mkdir(parents=True, exist_ok=True)
            (folder / f"sida-{number}.html").write_bytes(content)
    left_out = sum(1 for p in copies.iterdir() if p.read_bytes() != (as_they_are / p.name).read_bytes())
    assert left_out == len(LEFT_OUT)
    assert _index(copies, tmp_path / "from-copies") == _index(as_they_are, tmp_path / "from-pages")
