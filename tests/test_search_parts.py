"""The search index in two parts (site/search_parts.py): after an edit, Pagefind indexes
only the marked pages that differ from those the base was made from, and the search
finds what a clean build's single index finds."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from lotsen.site import search_parts
from lotsen.site.search_index import finish_search_index, start_search_index
from lotsen.site.search_parts import CHANGES, PARTS, SHARE, Plan, base_ids, plan
from lotsen.site.search_stable import stabilise
from test_search_index import write_page

from browser import CHROMIUM, CHROMIUM_ARGS, serve
from conftest import build_in_process, copy_sample

#: Pages of a base, each with its time and size.
BASE = {f"routines/r{n:02}.html": (1000 + n, 500 + n) for n in range(3 * SHARE)}


def recorded(tmp_path: Path, pages: dict[str, tuple[int, int]]) -> tuple[Path, Path]:
    """A bundle with an entry file and a record of the base made from ``pages``."""
    bundle, record = tmp_path / "pagefind", tmp_path / "record.json"
    bundle.mkdir(parents=True)
    (bundle / "pagefind-entry.json").write_text('{"version":"1.5.2"}', encoding="utf-8")
    search_parts.finish(bundle, record, pages, Plan(whole=True))
    return bundle, record


def test_the_base_is_made_whole_without_a_record_or_when_it_is_not_the_one_recorded(tmp_path: Path) -> None:
    assert plan(tmp_path / "none", tmp_path / "none.json", BASE) == Plan(whole=True)
    bundle, record = recorded(tmp_path, BASE)
    assert plan(bundle, record, BASE) == Plan(whole=False)
    (bundle / "pagefind-entry.json").write_text('{"version":"1.5.3"}', encoding="utf-8")  # another base
    assert plan(bundle, record, BASE) == Plan(whole=True)
    (bundle / "pagefind-entry.json").unlink()
    assert plan(bundle, record, BASE) == Plan(whole=True)
    record.write_text("{not json", encoding="utf-8")
    assert plan(bundle, record, BASE).whole


@pytest.mark.parametrize(("rewritten", "new", "gone"), [(1, 0, 0), (0, 1, 0), (0, 0, 1), (1, 1, 1), (3, 0, 0),
                                                        (2, 0, 1), (3, 1, 0), (0, 0, 4)])
def test_the_part_holds_changed_and_new_pages_and_replaces_changed_and_gone_ones(
        tmp_path: Path, rewritten: int, new: int, gone: int) -> None:
    bundle, record = recorded(tmp_path, BASE)
    names = sorted(BASE)
    marks = {name: stamp for name, stamp in BASE.items() if name not in names[:gone]}
    for name in names[-rewritten:] if rewritten else []:
        marks[name] = (marks[name][0] + 1, marks[name][1])  # written again
    for n in range(new):
        marks[f"routines/ny{n}.html"] = (1, 1)
    got = plan(bundle, record, marks)
    changes = rewritten + new + gone
    if changes > len(BASE) // SHARE:  # an eighth of the base's pages at most
        assert got == Plan(whole=True)
        return
    assert set(got.changed) == set(names[-rewritten:] if rewritten else []) | {f"routines/ny{n}.html" for n in range(new)}
    assert set(got.replaced) == set(names[:gone]) | set(names[-rewritten:] if rewritten else [])
    assert not got.whole


def test_a_part_made_from_the_same_pages_is_not_made_again(tmp_path: Path) -> None:
    bundle, record = recorded(tmp_path, BASE)
    marks = dict(BASE)
    first = sorted(BASE)[0]
    marks[first] = (1, 1)
    chosen = plan(bundle, record, marks)
    assert not search_parts.unchanged_part(bundle, record, marks, chosen)
    # what finish needs of a part: its folder and the base's fragments
    (bundle / CHANGES).mkdir()
    (bundle / "fragment").mkdir()
    search_parts.finish(bundle, record, marks, chosen)
    assert search_parts.unchanged_part(bundle, record, marks, chosen)
    again = dict(marks)
    again[first] = (2, 2)  # written again since the part
    assert not search_parts.unchanged_part(bundle, record, again, plan(bundle, record, again))
    fewer = {name: stamp for name, stamp in marks.items() if name != sorted(BASE)[1]}  # and one gone
    assert not search_parts.unchanged_part(bundle, record, fewer, plan(bundle, record, fewer))


def _index(site: Path, scratch: Path, changed: tuple[str, ...] | None = None, words: Path | None = None) -> None:
    process = start_search_index(site, scratch, changed=changed, words=words)
    returncode, stderr = finish_search_index(process, scratch, keep=True)
    assert returncode == 0, stderr
    stabilise(site / "pagefind" / CHANGES if changed else site / "pagefind")


def test_the_hits_and_words_of_each_base_page_are_read_from_its_fragment(tmp_path: Path) -> None:
    """Pagefind's own fragments are the oracle: each names the page it holds, by its
    address, and its text holds the page's title."""
    site = tmp_path / "site"
    titles = {f"routines/ht/rut-{n}.html": f"Rutin nummer {n}" for n in range(5)}
    titles["enhet/hemtjänst och äldre.html"] = "Enhetens sida"
    for name, title in titles.items():
        write_page(site, name, title, f"Om {title}, tappad nyckel.", marked=True)
    write_page(site, "index.html", "Start", "Inget att söka.", marked=False)
    _index(site, tmp_path / "scratch")
    record = tmp_path / "record.json"
    words = search_parts.prepare_part(site / "pagefind", record)
    ids = base_ids(record)
    assert set(titles) <= set(ids)
    for name, title in titles.items():
        fragment = gzip.decompress((site / "pagefind" / "fragment" / f"{ids[name]}.pf_fragment").read_bytes())
        assert title in fragment.decode("utf-8")
    assert {"Rutin", "nummer", "Enhetens", "tappad", "nyckel.", "sida,"} <= set(words.read_text(encoding="utf-8").split())
    assert "Start" not in words.read_text(encoding="utf-8").split()  # not marked, not in the base


def test_a_part_has_the_changed_pages_the_base_words_and_what_a_merged_index_needs(tmp_path: Path) -> None:
    site, scratch = tmp_path / "site", tmp_path / "scratch"
    for n in range(16):
        write_page(site, f"r/{n}.html", f"Rutin {n}", f"Text {n}.", marked=True)
    _index(site, scratch)
    record = tmp_path / "record.json"
    marks = {name: (1, 1) for name in sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                                             if "pagefind" not in p.parts)}
    search_parts.finish(site / "pagefind", record, marks, Plan(whole=True))
    write_page(site, "r/3.html", "Omskriven rutin", "Ny text.", marked=True)
    marks["r/3.html"] = (2, 2)
    chosen = plan(site / "pagefind", record, marks)
    assert chosen == Plan(whole=False, changed=("r/3.html",), replaced=("r/3.html",))
    search_parts.start_over(site / "pagefind", record, chosen)
    _index(site, scratch, chosen.changed, search_parts.prepare_part(site / "pagefind", record))
    search_parts.finish(site / "pagefind", record, marks, chosen)
    part = site / "pagefind" / CHANGES
    fragments = {p.stem: json.loads(gzip.decompress(p.read_bytes())[len(b"pagefind_dcd"):])
                 for p in (part / "fragment").iterdir()}
    assert sorted(f["url"] for f in fragments.values()) == ["/" + search_parts.WORDS_PAGE, "/r/3.html"]
    assert "Omskriven rutin" in next(f["content"] for f in fragments.values() if f["url"] == "/r/3.html")
    words = next(f["content"] for f in fragments.values() if f["url"] != "/r/3.html").split()
    assert {"Rutin", "Text", "15.", "Mer"} <= set(words)
    # no scripts or WebAssembly of its own: the base's serve it
    assert (part / "pagefind-entry.json").is_file()
    assert not [p for p in part.iterdir() if p.suffix in (".js", ".css", ".pagefind")]
    parts = json.loads((site / "pagefind" / PARTS).read_text(encoding="utf-8"))
    old = [p.stem for p in (site / "pagefind" / "fragment").iterdir()
           if '"url":"/r/3.html"' in gzip.decompress(p.read_bytes()).decode("utf-8")]
    words_id = [i for i, f in fragments.items() if f["url"] == "/" + search_parts.WORDS_PAGE]
    assert len(old) == 1 and parts == {"changes": CHANGES + "/", "replaced": sorted(old + words_id)}
    # a page gone from the base is replaced too, with no part needed for it
    del marks["r/5.html"]
    chosen = plan(site / "pagefind", record, marks)
    assert chosen == Plan(whole=False, changed=("r/3.html",), replaced=("r/3.html", "r/5.html"))


# --- the search staff use, after edits, against a clean build -----------------------

#: The edited routine's new title, and a word only its old text had.
NEW_TITLE, OLD_WORD = "Borttappad husnyckel hos brukaren", "reservnyckeln"
#: A step added to the same routine in a second edit: the part then holds the pages
#: both edits changed, each as it is now.
NEW_STEP = "9. Sätt på brukaren broddar innan ni går ut när det är halt."
#: Words the base and the part both know, or the base alone, on pages the edits did not
#: change and on pages they did (the process, the requirements): the same hits as a
#: clean build, and the same count.
KNOWN = ["nyckel", "brukaren", "brand", "fallolycka", "läkemedel", "avvikelse", "hemtjänst", "larm natt"]
#: Words only the part knows: Pagefind's search for a word an index lacks falls back on
#: that index's nearest shorter word, so the base can add hits of its own
#: (site/search_parts.py). What a clean build finds is still found.
NEW = [NEW_TITLE, "husnyckel", "broddar", "halt"]


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """The sample built, a routine retitled and built again, a step added to it and
    built again; and a clean build of the edited sources."""
    root = tmp_path_factory.mktemp("parts")
    src = copy_sample(root / "src")
    shutil.rmtree(src / "_build", ignore_errors=True)
    edited, clean = root / "edited", root / "clean"

    def build(out: Path, *extra: str) -> None:
        result = build_in_process(["-b", "html", "-q", *extra, "-d", str(out.parent / (out.name + "-dt")),
                                   str(src), str(out)])
        assert result.returncode == 0, result.stderr[-3000:]

    build(edited)
    _replace(src / "routines" / "ht" / "rut-ht-002.md", "Nyckel saknas eller har tappats bort", NEW_TITLE)
    _replace(src / "routines" / "ht" / "rut-ht-002.md", "reservnyckeln", "en annan nyckel")
    build(edited)
    _replace(src / "routines" / "ht" / "rut-ht-002.md", "\n\n**Om något går fel**", "\n" + NEW_STEP + "\n\n**Om något går fel**")
    build(edited)
    build(clean, "-E", "-a")
    yield edited, clean


def test_an_edit_indexes_only_the_pages_changed_since_the_base(sites: tuple[Path, Path]) -> None:
    edited, clean = sites
    parts = json.loads((edited / "pagefind" / PARTS).read_text(encoding="utf-8"))
    assert parts["changes"] == CHANGES + "/"
    base, part = _fragments(edited / "pagefind"), _fragments(edited / "pagefind" / CHANGES)
    words = [i for i, url in part.items() if url == "/" + search_parts.WORDS_PAGE]
    in_part = set(part.values()) - {"/" + search_parts.WORDS_PAGE}
    assert len(words) == 1 and words[0] in parts["replaced"]  # its hits are never shown
    # the pages the first edit changed (the process lists the routine's title) stay in
    # the part after the second edit
    assert {"/routines/ht/rut-ht-002.html", "/processes/proc-ht.html"} <= in_part
    # each page of the part replaces the base's hits on it, unless its indexed text is
    # the same (Pagefind then gives both the same ID, and the search shows it once)
    base_id = {url: i for i, url in base.items()}
    same = {url for i, url in part.items() if base_id.get(url) == i}
    assert {base[i] for i in parts["replaced"] if i not in words} == in_part - same
    assert "/routines/ht/rut-ht-002.html" not in same
    assert len(in_part) <= len(base) // SHARE
    assert json.loads((clean / "pagefind" / PARTS).read_text(encoding="utf-8")) == {"changes": None, "replaced": []}
    assert not (clean / "pagefind" / CHANGES).exists()
    offline = json.loads((edited / "offline.json").read_text(encoding="utf-8"))
    assert f"pagefind/{PARTS}" in offline["search"]
    assert [f for f in offline["search"] if f.startswith(f"pagefind/{CHANGES}/")]


def _fragments(bundle: Path) -> dict[str, str]:
    """Each fragment's ID -> the address of its page."""
    return {p.stem: json.loads(gzip.decompress(p.read_bytes())[len(b"pagefind_dcd"):])["url"]
            for p in (bundle / "fragment").iterdir()}


def _search_all(page, query: str) -> tuple[str, list[str]]:
    """What the site's search says and every hit it lists, 'Visa fler träffar' pressed
    until there are no more."""
    page.fill("#sok input[type=search]", query)
    page.wait_for_function("(q) => document.getElementById('sokstatus').textContent.includes(' på ' + q)",
                           arg=query, timeout=15000)
    while page.locator("#sokresultat li.more button").count():
        before = page.locator("#sokresultat li a").count()
        page.click("#sokresultat li.more button")
        page.wait_for_function("(n) => document.querySelectorAll('#sokresultat li a').length > n", arg=before)
    hrefs = [re.sub(r"^https?://[^/]+/", "", h) for h in page.eval_on_selector_all(
        "#sokresultat li a", "links => links.map(a => a.href)")]
    return page.inner_text("#sokstatus"), hrefs


def test_the_search_after_an_edit_finds_what_a_clean_build_finds(sites: tuple[Path, Path]) -> None:
    edited, clean = sites
    found: dict[str, dict[str, tuple[str, list[str]]]] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name, site in (("edited", edited), ("clean", clean)):
                with serve(site) as url:
                    page = browser.new_page()
                    page.goto(url + "sok.html", wait_until="networkidle")
                    found[name] = {q: _search_all(page, q) for q in [*KNOWN, *NEW, OLD_WORD]}
                    page.close()
        finally:
            browser.close()
    for query in KNOWN:
        (status, hits), (clean_status, clean_hits) = found["edited"][query], found["clean"][query]
        assert status == clean_status, query
        assert sorted(hits) == sorted(clean_hits), query
        assert clean_hits, query
    for query in NEW:
        hits, clean_hits = found["edited"][query][1], found["clean"][query][1]
        assert set(clean_hits) <= set(hits), query
        assert len(hits) == len(set(hits)), query
    assert found["clean"][NEW_TITLE][1][0] == found["edited"][NEW_TITLE][1][0] == "routines/ht/rut-ht-002.html"
    assert found["clean"]["broddar"][1] == ["routines/ht/rut-ht-002.html"]
    assert found["edited"]["broddar"][1][0] == "routines/ht/rut-ht-002.html"
    # the base's hit on the routine's old text is left out; a word only replaced pages
    # had finds nothing more than a clean build finds
    assert "rut-ht-002" not in " ".join(found["edited"][OLD_WORD][1])
    assert set(found["edited"][OLD_WORD][1]) <= set(found["clean"][OLD_WORD][1])


def test_without_its_part_the_base_is_searched_whole(sites: tuple[Path, Path], tmp_path: Path) -> None:
    """A part that cannot be read (gone, or a server that lost it) leaves the base to
    answer: every hit it has, none left out, rather than no search at all."""
    edited, _ = sites
    site = tmp_path / "site"
    shutil.copytree(edited, site)
    base = _fragments(site / "pagefind")
    shutil.rmtree(site / "pagefind" / CHANGES)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            with serve(site) as url:
                page = browser.new_page()
                page.goto(url + "sok.html", wait_until="networkidle")
                status, hits = _search_all(page, "reservnyckeln")
        finally:
            browser.close()
    # the base's own hit on the routine's old text, which the part would have replaced
    assert "routines/ht/rut-ht-002.html" in hits and "/routines/ht/rut-ht-002.html" in base.values()
    assert status.startswith(f"{len(hits)} träff")


def test_the_first_build_of_a_new_day_or_year_makes_the_base_whole(tmp_path: Path) -> None:
    """Every page shows the build date, so a new day writes them all again: the base is
    made whole (no part), and it holds the pages a clean build of that day has. The
    same on the first day of a new year."""
    src = copy_sample(tmp_path / "src")
    shutil.rmtree(src / "_build", ignore_errors=True)
    out, clean = tmp_path / "out", tmp_path / "clean"

    def build(site: Path, today: str, *extra: str) -> dict:
        result = build_in_process(["-b", "html", "-q", *extra, "-d", str(site.parent / (site.name + "-dt")),
                                   str(src), str(site)], today=today)
        assert result.returncode == 0, result.stderr[-3000:]
        return json.loads((site / "pagefind" / PARTS).read_text(encoding="utf-8"))

    build(out, "2026-12-30")
    _replace(src / "routines" / "ht" / "rut-ht-002.md", "Nyckel saknas eller har tappats bort", NEW_TITLE)
    assert build(out, "2026-12-30")["changes"] == CHANGES + "/"  # an edit: a part of changes
    for today in ("2026-12-31", "2027-01-01"):
        assert build(out, today) == {"changes": None, "replaced": []}, today
        assert not (out / "pagefind" / CHANGES).exists()
        build(clean, today, "-E", "-a")
        pages = sorted(_fragments(out / "pagefind").values())
        assert pages == sorted(_fragments(clean / "pagefind").values()), today
        assert "/routines/ht/rut-ht-002.html" in pages
