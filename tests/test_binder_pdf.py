"""A unit's binder as PDF (site/binder_pdf.py): beside the binder page, linked from it
with its size, A4, tagged, in Swedish, the organisation and the unit in the running
header, a contents page whose page numbers are right, each routine on a page of its
own, nothing fetched from outside the site, the same bytes every time."""

from __future__ import annotations

import http.server
import json
import re
import shutil
import threading
from pathlib import Path

import pytest

from lotsen.site.binder_pdf import binder_pdf_html
from lotsen.site.document_pdf import document_pdf, is_inside

from conftest import make_project, sphinx_build

ORGANISATION = "Norrviks stadsdelsförvaltning"


def pages_text(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def routines_of(site: Path, unit: str) -> tuple[list[dict], list[dict]]:
    """(the unit's published routines, every other published routine), from offline.json."""
    routines = json.loads((site / "offline.json").read_text(encoding="utf-8"))["routines"]
    return [r for r in routines if unit in r["units"]], [r for r in routines if unit not in r["units"]]


def test_every_binder_with_routines_has_a_pdf_linked_with_its_size(site: Path) -> None:
    binders = sorted((site / "parm").glob("*.html"))
    assert len(binders) > 5
    for page in binders:
        pdf = page.with_suffix(".pdf")
        assert pdf.is_file(), pdf.name
        assert pdf.read_bytes().startswith(b"%PDF-")
        size = pdf.stat().st_size
        kb = f"{max(1, round(size / 1024))} kB" if size < 1000 * 1024 else f"{size / 1048576:.1f} MB".replace(".", ",")
        html = page.read_text(encoding="utf-8")
        assert f'<a href="{pdf.name}" download>Ladda ner som PDF</a> ({kb})' in html


def test_the_pdf_holds_the_unit_s_routines_and_no_other_unit_s(site: Path) -> None:
    mine, others = routines_of(site, "HT")
    assert mine and others
    text = " ".join(pages_text(site / "parm" / "ht.pdf"))
    for routine in mine:
        assert routine["title"] in text and f"{routine['id']} · Version" in text, routine["id"]
    for routine in others:
        assert routine["title"] not in text and f"{routine['id']} · Version" not in text, routine["id"]


def test_a4_tagged_swedish_with_header_page_numbers_and_a_true_contents(site: Path) -> None:
    from pypdf import PdfReader

    mine, _ = routines_of(site, "HT")
    path = site / "parm" / "ht.pdf"
    reader = PdfReader(path)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "sv" and root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root
    assert reader.metadata.title == f"Pärm: Hemtjänsten Norrvik – {ORGANISATION}"
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    pages = pages_text(path)
    total = len(pages)
    for number, text in enumerate(pages[1:], start=2):
        assert f"{ORGANISATION} · Hemtjänsten Norrvik" in text and f"Sida {number} av {total}" in text
    # each routine begins a page of its own, and the contents give that page
    starts = {}
    for routine in mine:
        found = [n for n, text in enumerate(pages, start=1) if f"{routine['id']} · Version" in text]
        assert len(found) == 1, routine["id"]
        starts[routine["id"]] = found[0]
    assert len(set(starts.values())) == len(mine) and 1 not in starts.values()
    contents = pages[0]
    for routine in mine:
        entry = re.search(re.escape(routine["title"]) + r", version \S+ [ .]*?(\d+)\b", contents)
        assert entry and int(entry[1]) == starts[routine["id"]], routine["id"]


def test_links_to_other_pages_are_left_out_and_inside_links_stay() -> None:
    routines = [{"id": "RUT-X-1", "title": "Tvätta händerna", "anchor": "parm-RUT-X-1", "number": "2",
                 "approved": "2026-01-01",
                 "body": '<p><a class="reference" href="../processes/p.html#PROC-X">PROC-X</a> '
                         '<a href="#steg">Steg</a></p>'}]
    html = binder_pdf_html("Org & co", "Enheten <A>", "2026-11-22", routines)
    assert 'href="../processes' not in html and '<a class="reference">PROC-X</a>' in html
    assert 'href="#steg"' in html and 'href="#parm-RUT-X-1"' in html
    assert "Org &amp; co · Enheten &lt;A&gt;" in html and '<html lang="sv">' in html


def test_the_same_binder_gives_the_same_bytes_wherever_the_site_lies(tmp_path: Path) -> None:
    routines = [{"id": f"RUT-X-{n}", "title": f"Rutin {n}", "anchor": f"parm-RUT-X-{n}", "number": "1",
                 "approved": "2026-01-01", "body": f"<h2>Rutin {n}</h2><ol><li><p>Gör {n}</p></li></ol>"}
                for n in (1, 2)]
    html = binder_pdf_html(ORGANISATION, "Hemtjänsten", "2026-11-22", routines)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = document_pdf(html, site=tmp_path / "a")
    assert document_pdf(html, site=tmp_path / "a") == first == document_pdf(html, site=tmp_path / "b")
    assert str(tmp_path).encode() not in first
    other = document_pdf(html.replace("2026-11-22", "2026-11-23"), site=tmp_path / "a")
    assert other != first


class _Counting(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        _Counting.requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_only_the_site_s_own_files_are_read(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "_images").mkdir(parents=True)
    picture = Path(__file__).parent.parent / "src/lotsen/site/static"
    png = next(picture.rglob("*.png"), None) or next(Path(__file__).parent.parent.rglob("*.png"))
    shutil.copy(png, site / "_images" / "bild.png")
    secret = tmp_path / "utanfor.png"
    shutil.copy(png, secret)
    server = http.server.HTTPServer(("127.0.0.1", 0), _Counting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        address = f"http://127.0.0.1:{server.server_port}/bild.png"
        body = (f'<img src="{address}" alt="a"><img src="{secret.as_uri()}" alt="b">'
                '<img src="../utanfor.png" alt="c"><link rel="stylesheet" href="https://example.org/x.css">')
        inside = '<img src="_images/bild.png" alt="d">'
        routine = {"id": "RUT-X-1", "title": "Bild", "anchor": "parm-RUT-X-1", "number": "1", "approved": ""}
        outside = document_pdf(binder_pdf_html("Org", "E", "2026-11-22", [{**routine, "body": body}]), site=site)
        own = document_pdf(binder_pdf_html("Org", "E", "2026-11-22", [{**routine, "body": inside}]), site=site)
    finally:
        server.shutdown()
    assert _Counting.requests == []
    assert b"/Subtype /Image" not in outside and b"/Subtype /Image" in own
    assert is_inside((site / "_images" / "bild.png").as_uri(), site.resolve())
    assert not is_inside(secret.as_uri(), site.resolve())
    assert not is_inside((site / ".." / "utanfor.png").as_uri(), site.resolve())
    assert not is_inside("http://127.0.0.1/bild.png", site.resolve())


def test_missing_pdf_libraries_are_said_once_and_the_binder_page_is_still_made(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import types

    broken = types.ModuleType("weasyprint")

    def fail(name: str):
        raise OSError("cannot load library 'libpango-1.0-0'")
    broken.__getattr__ = fail  # type: ignore[method-assign]
    monkeypatch.setitem(sys.modules, "weasyprint", broken)
    monkeypatch.setenv("LOTSEN_PDF_CACHE", str(tmp_path / "tom"))  # nothing printed before
    src = make_project(tmp_path / "proj")
    (src / "conf.py").write_text((src / "conf.py").read_text(encoding="utf-8") + 'html_theme = "lotsen"\n',
                                 encoding="utf-8")
    result = sphinx_build(src)
    output = result.stdout + result.stderr
    assert output.count("kan inte skriva PDF-filer") == 1 and "Traceback" not in output
    binder = src / "_build" / "html" / "parm" / "ht.html"
    assert "RUT-HT-001" in binder.read_text(encoding="utf-8")
    assert "Ladda ner som PDF" not in binder.read_text(encoding="utf-8")
    assert not list((src / "_build" / "html" / "parm").glob("*.pdf"))


def test_a_new_day_alone_prints_no_binder_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The binder's date is its newest approval: the next day's build finds every PDF
    in the cache and writes the same bytes."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("LOTSEN_PDF_CACHE", str(cache))
    src = make_project(tmp_path / "proj")
    (src / "conf.py").write_text((src / "conf.py").read_text(encoding="utf-8") + 'html_theme = "lotsen"\n',
                                 encoding="utf-8")
    assert sphinx_build(src, today="2026-12-31").returncode == 0
    pdf = src / "_build" / "html" / "parm" / "ht.pdf"
    first, kept = pdf.read_bytes(), {p.name: p.stat().st_mtime_ns for p in cache.glob("*.pdf")}
    assert kept
    assert sphinx_build(src, "-E", today="2027-01-01").returncode == 0
    assert pdf.read_bytes() == first
    assert {p.name: p.stat().st_mtime_ns for p in cache.glob("*.pdf")} == kept


def test_a_preview_or_bare_build_prints_no_binder_and_removes_an_old_one(tmp_path: Path) -> None:
    """Printing is for `make html` and a publish (-D lotsen_pdf=1): a build without it
    links no PDF and leaves none from an earlier build behind."""
    from conftest import build_in_process

    src = make_project(tmp_path / "proj")
    (src / "conf.py").write_text((src / "conf.py").read_text(encoding="utf-8") + 'html_theme = "lotsen"\n',
                                 encoding="utf-8")
    assert sphinx_build(src).returncode == 0
    parm = src / "_build" / "html" / "parm"
    assert (parm / "ht.pdf").is_file()
    result = build_in_process(["-b", "html", "-q", "-d", str(src / "_build" / "doctrees"), str(src),
                               str(src / "_build" / "html")])
    assert result.returncode == 0, result.stderr
    assert "RUT-HT-001" in (parm / "ht.html").read_text(encoding="utf-8")
    assert "Ladda ner som PDF" not in (parm / "ht.html").read_text(encoding="utf-8")
    assert not list(parm.glob("*.pdf"))
