"""Pagefind reads only the pages it indexes (those marked data-pagefind-body) and makes
the same search index as when it was given the whole site; a site with no marked page
still gets an index."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from pagefind_bin import get_executable

from lotsen.site.search_copy import search_copy
from lotsen.site.search_index import NICENESS, finish_search_index, marked_stamps, start_search_index
from lotsen.site.search_parts import PARTS
from lotsen.site.search_stable import stabilise

from conftest import build_in_process, make_project

PAGE = """<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8"><title>{title}</title></head>
<body><nav>Meny</nav><main{mark}><h1>{title}</h1><p>{text}</p><h2 id="steg">Steg</h2><p>{more}</p></main></body></html>
"""


def write_page(site: Path, name: str, title: str, text: str, *, marked: bool) -> None:
    path = site / name
    path.parent.mkdir(parents=True, exist_ok=True)
    mark = ' data-pagefind-body data-pagefind-weight="0.3"' if marked else ""
    path.write_text(PAGE.format(title=title, text=text, more=f"Mer om {title.lower()}.", mark=mark), encoding="utf-8")


def small_site(site: Path) -> None:
    write_page(site, "index.html", "Start", "Välkommen till ledningssystemet.", marked=False)
    write_page(site, "routines/ht/rut-ht-002.html", "Tappad nyckel", "Brukarens nyckel har tappats bort.", marked=True)
    write_page(site, "routines/ht/rut-ht-004.html", "Fallolycka", "Brukaren har fallit i hemmet.", marked=True)
    write_page(site, "risks/bum.html", "Risker i barn och unga", "Orosanmälan görs samma dag.", marked=True)
    write_page(site, "parm/ht.html", "Pärm för hemtjänsten", "Tappad nyckel. Fallolycka. Trygghetslarm.", marked=False)
    write_page(site, "_sources/x.html", "Källa", "data-pagefind-body", marked=False)


def whole_site_index(site: Path, out: Path) -> None:
    """What the build did before: Pagefind given every page of the site."""
    subprocess.run([str(get_executable()), "--site", str(site), "--output-path", str(out), "--quiet"],
                   check=True, capture_output=True)
    stabilise(out)


def bundle(folder: Path) -> dict[str, bytes]:
    """Pagefind's files in a bundle (not Lotsen's note of its parts, site/search_parts.py)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != PARTS}


def build_index(site: Path, scratch: Path, kept: Path | None = None) -> list[str]:
    """The build's way: start, note what Pagefind was given, finish. Returns the pages
    Pagefind was given to read."""
    process = start_search_index(site, scratch, kept)
    given = sorted(p.relative_to(scratch).as_posix() for p in scratch.rglob("*.html")) if scratch.is_dir() else []
    returncode, stderr = finish_search_index(process, scratch)
    assert returncode == 0, stderr
    stabilise(site / "pagefind")
    return given


def test_pagefind_reads_only_the_marked_pages_and_finds_the_same(tmp_path: Path) -> None:
    site, scratch = tmp_path / "site", tmp_path / "doctrees" / "lotsen-search-pages"
    small_site(site)
    whole_site_index(site, tmp_path / "whole")

    given = build_index(site, scratch)

    assert given == ["risks/bum.html", "routines/ht/rut-ht-002.html", "routines/ht/rut-ht-004.html"]
    assert not scratch.exists()  # the links are gone once Pagefind is done
    assert bundle(site / "pagefind") == bundle(tmp_path / "whole")
    # and that index holds the marked pages, and nothing of the others
    fragments = [gzip.decompress(v).decode("utf-8", "replace") for k, v in bundle(site / "pagefind").items()
                 if k.startswith("fragment/")]
    assert len(fragments) == 3
    assert any("Brukaren har fallit" in f for f in fragments)
    assert not any("Välkommen" in f or "Trygghetslarm" in f for f in fragments)


def test_pagefind_is_given_the_pages_without_what_it_leaves_out(tmp_path: Path) -> None:
    site, scratch = tmp_path / "site", tmp_path / "scratch"
    small_site(site)
    links = "".join(f'<li><a href="r{n}.html">Rutin {n} om larm och nycklar</a></li>' for n in range(20))
    page = site / "routines/ht/rut-ht-002.html"
    original = page.read_bytes().replace(b"</main>", f"<ul data-pagefind-ignore>{links}</ul>\n</main>".encode())
    page.write_bytes(original)
    process = start_search_index(site, scratch)
    try:
        laid_out = scratch / "routines/ht/rut-ht-002.html"
        assert laid_out.read_bytes() == search_copy(original) != original
        assert (scratch / "risks/bum.html").read_bytes() == (site / "risks/bum.html").read_bytes()
        assert os.stat(laid_out).st_ino != os.stat(page).st_ino
    finally:
        finish_search_index(process, scratch)
    assert page.read_bytes() == original  # the site's page as it was


def test_the_pages_laid_out_are_kept_and_follow_the_site(tmp_path: Path) -> None:
    """Kept between builds (``keep``): a page written again is laid out again, one no
    longer marked or gone leaves, the others are not touched; the index is the whole
    site's every time."""
    site, scratch = tmp_path / "site", tmp_path / "doctrees" / "lotsen-search-pages"
    small_site(site)

    def index() -> None:
        returncode, stderr = finish_search_index(start_search_index(site, scratch), scratch, keep=True)
        assert returncode == 0, stderr
        stabilise(site / "pagefind")

    index()
    untouched = (scratch / "risks/bum.html").stat().st_mtime_ns
    write_page(site, "routines/ht/rut-ht-002.html", "Borttappad nyckel", "Nyckeln är borta.", marked=True)
    write_page(site, "routines/ht/rut-ht-004.html", "Fallolycka", "Inte längre i sökningen.", marked=False)
    (site / "parm/ht.html").unlink()
    write_page(site, "processes/ht.html", "Hemtjänst", "Processen för hemtjänsten.", marked=True)
    shutil.rmtree(site / "pagefind")
    index()

    assert sorted(p.relative_to(scratch).as_posix() for p in scratch.rglob("*.html")) == [
        "processes/ht.html", "risks/bum.html", "routines/ht/rut-ht-002.html"]
    assert (scratch / "routines/ht/rut-ht-002.html").read_bytes() == (site / "routines/ht/rut-ht-002.html").read_bytes()
    assert (scratch / "risks/bum.html").stat().st_mtime_ns == untouched
    whole_site_index(site, tmp_path / "whole")
    assert bundle(site / "pagefind") == bundle(tmp_path / "whole")


@pytest.mark.skipif(not hasattr(os, "getpriority"), reason="no process priorities here")
def test_pagefind_and_its_threads_yield_to_the_build(tmp_path: Path) -> None:
    """Pagefind, and every thread it starts, run at a lower priority than the build
    from their start (the build's own priority plus NICENESS)."""
    site, scratch = tmp_path / "site", tmp_path / "scratch"
    small_site(site)
    own = os.getpriority(os.PRIO_PROCESS, 0)
    process = start_search_index(site, scratch)
    try:
        comm = Path(f"/proc/{process.pid}/comm")
        for _ in range(500):  # until `nice` has given way to Pagefind
            if process.poll() is not None or (comm.exists() and comm.read_text().strip() == "pagefind"):
                break
            time.sleep(0.005)
        seen = []
        for task in Path(f"/proc/{process.pid}/task").glob("*"):
            try:
                seen.append(int((task / "stat").read_text().rsplit(")", 1)[1].split()[16]))  # the nice value
            except (OSError, IndexError, ValueError):
                pass  # a thread that has ended
        assert os.getpriority(os.PRIO_PROCESS, process.pid) == min(19, own + NICENESS) or process.poll() is not None
        assert all(nice == min(19, own + NICENESS) for nice in seen), seen
    finally:
        assert finish_search_index(process, scratch)[0] == 0


def test_a_site_with_no_marked_page_gets_an_index_of_every_page(tmp_path: Path) -> None:
    site, scratch = tmp_path / "site", tmp_path / "scratch"
    write_page(site, "index.html", "Start", "Välkommen.", marked=False)
    write_page(site, "om.html", "Om", "Kvalitetsarbete.", marked=False)
    whole_site_index(site, tmp_path / "whole")

    assert build_index(site, scratch) == []

    assert (site / "pagefind" / "pagefind.js").is_file()
    assert bundle(site / "pagefind") == bundle(tmp_path / "whole")
    assert len(list((site / "pagefind" / "fragment").glob("*.pf_fragment"))) == 2


def test_unchanged_pages_are_not_read_again(tmp_path: Path) -> None:
    site, kept = tmp_path / "site", tmp_path / "marks.json"
    small_site(site)
    assert list(marked_stamps(site, kept)) == ["risks/bum.html", "routines/ht/rut-ht-002.html", "routines/ht/rut-ht-004.html"]

    # same size and time: taken from the record, not read (the mark removed unseen)
    page = site / "risks/bum.html"
    stat = page.stat()
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace(" data-pagefind-body", " data-pagefind-none"), encoding="utf-8")
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert "risks/bum.html" in list(marked_stamps(site, kept))

    # a page written again is read again
    write_page(site, "risks/bum.html", "Risker", "Orosanmälan.", marked=False)
    write_page(site, "parm/ht.html", "Pärm", "Nyckel.", marked=True)
    assert list(marked_stamps(site, kept)) == ["parm/ht.html", "routines/ht/rut-ht-002.html", "routines/ht/rut-ht-004.html"]
    # without a record every page is read
    assert list(marked_stamps(site)) == ["parm/ht.html", "routines/ht/rut-ht-002.html", "routines/ht/rut-ht-004.html"]


def test_the_sample_site_is_indexed_from_its_marked_pages_alone(site: Path, tmp_path: Path) -> None:
    marked = list(marked_stamps(site))
    every = [p for p in site.rglob("*.html") if not p.relative_to(site).parts[0] in ("pagefind", "_sources")]
    assert 0 < len(marked) < len(every)
    whole_site_index(site, tmp_path / "whole")
    assert bundle(site / "pagefind") == bundle(tmp_path / "whole")


def test_links_left_by_a_stopped_build_are_not_indexed(tmp_path: Path) -> None:
    """The doctrees, and so the links, may be inside the site (sphinx-build -d site/.doctrees)."""
    site = tmp_path / "site"
    small_site(site)
    scratch = site / ".doctrees" / "lotsen-search-pages"
    write_page(scratch, "routines/ht/rut-ht-002.html", "Tappad nyckel", "Brukarens nyckel.", marked=True)

    given = build_index(site, scratch)

    assert given == ["risks/bum.html", "routines/ht/rut-ht-002.html", "routines/ht/rut-ht-004.html"]
    assert len(list((site / "pagefind" / "fragment").glob("*.pf_fragment"))) == 3


#: A project's own layout that marks every page for the index, generated pages too.
_MARK_EVERY_PAGE = '{% extends "!layout.html" %}\n{% set lotsen_searchable = true %}\n'


@pytest.mark.parametrize(("every_page", "doctrees_in_site"), [(False, False), (True, False), (False, True)],
                         ids=["object-pages", "every-page", "doctrees-in-site"])
def test_after_an_edit_the_search_index_is_that_of_a_clean_build(tmp_path: Path, every_page: bool,
                                                                 doctrees_in_site: bool) -> None:
    """The index is started once the pages of objects are written, while the other
    pages are made. A page that a project's layout marks, and that the edit
    changes (a unit's page lists the routine's title), is indexed as it ends up. The
    doctrees, and with them Pagefind's linked pages, may lie in the site."""
    extra = {"_templates/layout.html": _MARK_EVERY_PAGE} if every_page else {}
    src = make_project(tmp_path / "src", extra)
    conf = 'html_theme = "lotsen"\n' + ('templates_path = ["_templates"]\n' if every_page else "")
    (src / "conf.py").write_text((src / "conf.py").read_text(encoding="utf-8") + conf, encoding="utf-8")
    edited, clean = tmp_path / "edited", tmp_path / "clean"

    def build(out: Path, *extra_args: str) -> None:
        doctrees = out / ".doctrees" if doctrees_in_site else out.parent / f"{out.name}-doctrees"
        result = build_in_process(["-b", "html", "-q", "-d", str(doctrees), *extra_args, str(src), str(out)])
        assert result.returncode == 0, result.stderr

    build(edited, "-E", "-a")
    objects = src / "objects.md"
    objects.write_text(objects.read_text(encoding="utf-8").replace("{rutin} Nyckel saknas", "{rutin} Borttappad nyckel"),
                       encoding="utf-8")
    build(edited)
    build(clean, "-E", "-a")

    assert bundle(edited / "pagefind") == bundle(clean / "pagefind")
    fragments = [gzip.decompress(data).decode("utf-8") for name, data in bundle(edited / "pagefind").items()
                 if name.endswith(".pf_fragment")]
    found = [f for f in fragments if "Borttappad nyckel" in f]
    assert found and not any("Nyckel saknas" in f for f in fragments)
    marked_units = [f for f in found if '"url":"/enhet/' in f.replace(" ", "")]
    assert bool(marked_units) == every_page, [f[:200] for f in found]


def test_a_process_overview_is_left_out_of_the_search_index(site: Path) -> None:
    """A process page's overview lists the process's routines, risks and controls, each
    found on its own page, and the process map's mermaid code: like an object's links,
    none of it is indexed. The process's own text still is."""
    import json

    from bs4 import BeautifulSoup

    entries = [json.loads(gzip.decompress(data)[len(b"pagefind_dcd"):])
               for name, data in bundle(site / "pagefind").items() if name.endswith(".pf_fragment")]
    overviews = 0
    for path in sorted((site / "processes").glob("*.html")):
        page = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for overview in page.select(".lotsen-process-overview"):
            overviews += 1
            own = overview.find_previous(class_="lotsen-objekt")
            found = [e for e in entries if e["url"].endswith(path.relative_to(site).as_posix())]
            assert len(found) == 1, path
            content = found[0]["content"]
            assert overview.find("h2").get_text().replace("¶", "").strip() not in content
            assert "flowchart" in overview.get_text() and "flowchart" not in content
            assert own.select_one(".lotsen-id").get_text() in content
    assert overviews > 0


def test_the_index_starts_once_the_pages_of_objects_are_written(tmp_path: Path, monkeypatch) -> None:
    """The pages of objects are written before the other pages, and Pagefind starts
    then, once, on them: the other pages are written while it runs."""
    import lotsen.site.search_build as search_build

    src = make_project(tmp_path / "src")
    (src / "conf.py").write_text((src / "conf.py").read_text(encoding="utf-8") + 'html_theme = "lotsen"\n',
                                 encoding="utf-8")
    out, doctrees = tmp_path / "out", tmp_path / "doctrees"
    started: list[dict[str, int]] = []
    start = search_build.start_search_index

    def written() -> dict[str, int]:
        return {p.relative_to(out).as_posix(): p.stat().st_mtime_ns for p in out.rglob("*.html")
                if p.relative_to(out).parts[0] not in ("_sources", "pagefind")}

    def spy(outdir: Path, scratch: Path, kept: Path | None = None, marks: dict | None = None, **part):
        started.append(written())
        return start(outdir, scratch, kept, marks, **part)

    monkeypatch.setattr(search_build, "start_search_index", spy)
    result = build_in_process(["-b", "html", "-E", "-a", "-q", "-d", str(doctrees), str(src), str(out)])
    assert result.returncode == 0, result.stderr
    assert len(started) == 1
    marked = set(marked_stamps(out))
    assert marked == {"objects.html"}
    assert marked <= started[0].keys()
    assert "index.html" in written() and "index.html" not in started[0]  # written while Pagefind runs

    # an edit: the object's page is written again before the index starts, once
    objects = src / "objects.md"
    objects.write_text(objects.read_text(encoding="utf-8").replace("{rutin} Nyckel saknas", "{rutin} Borttappad nyckel"),
                       encoding="utf-8")
    before = written()
    started.clear()
    result = build_in_process(["-b", "html", "-q", "-d", str(doctrees), str(src), str(out)])
    assert result.returncode == 0, result.stderr
    assert len(started) == 1
    assert started[0]["objects.html"] != before["objects.html"]
    after = written()
    assert [name for name in after if after[name] != started[0].get(name)]  # written after the start


def test_a_page_that_shows_the_mark_in_its_text_is_not_marked(tmp_path: Path) -> None:
    """The mark is the attribute on an element, as Pagefind reads it; a page that only
    shows the words (this project's documentation does, in code) is not marked, so a
    build does not start Pagefind again when such a page is written late. Pagefind's
    own index is the oracle: the pages it indexed are those marked_stamps finds."""
    site = tmp_path / "site"
    small_site(site)
    shown = site / "docs" / "prestanda.html"
    write_page(site, "docs/prestanda.html", "Prestanda", "Temat sätter <code>data-pagefind-body</code> på sidan, "
               "som i &lt;main data-pagefind-body&gt;.", marked=False)
    assert b"data-pagefind-body" in shown.read_bytes()
    write_page(site, "risks/odd.html", "Udda", "Text.", marked=True)
    odd = site / "risks" / "odd.html"
    odd.write_text(odd.read_text(encoding="utf-8").replace("<main ", '<main title="a>b" \n'), encoding="utf-8")
    whole_site_index(site, tmp_path / "whole")
    indexed = sorted(json.loads(gzip.decompress(p.read_bytes())[len(b"pagefind_dcd"):])["url"].lstrip("/")
                     for p in (tmp_path / "whole" / "fragment").iterdir())
    assert sorted(marked_stamps(site)) == indexed
    assert "docs/prestanda.html" not in indexed and "risks/odd.html" in indexed
