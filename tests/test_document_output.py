"""A Document as a standalone page, a PDF and a Word file (site/document_output.py):
the headings, tables and charts are there in all three, built twice they are the same
bytes, a masked count never shows, and markup in a title stays text."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest

from lotsen.reports.document import Chapter, Document
from lotsen.reports.tables import BarChart, Link, Masked, Section, Styled, Table
from lotsen.site.document_output import write_outputs

SECRET = 987654  # a masked count: it must appear nowhere


def sample_document(title: str = "Kvalitetsberättelse 2026") -> Document:
    counts = Table("per-kategori", "Ärenden per kategori", ["Kategori", "2025", "2026"], row_headers=True)
    counts.rows = [["Avvikelse", 139, 128], ["Lex Maria", Masked("färre än 3", SECRET, False), 4]]
    risks = Table("risker", "Risker", ["Risk", "Rubrik", "Riskvärde", "Nivå"], row_headers=True)
    risks.rows = [[Link("RISK-HT-02", "Missat besök"), "Missat besök", 12, Styled("Mycket hög", ("lotsen-level-4",))]]
    chart = BarChart("Ärenden per kategori", ["2025", "2026"],
                     [("Avvikelse", [139, 128]), ("Lex Maria", [Masked("färre än 3", SECRET, False), 4])])
    wide = Table("bred", "En bred tabell", [f"Kolumn {n}" for n in range(1, 10)])
    wide.rows = [[f"värde {n}" for n in range(1, 10)]]
    return Document(
        slug="berattelse-2026", title=title, organisation="Norrviks stadsdelsförvaltning",
        as_of="Läget den 31 december 2026",
        intro="Året i **korthet**.\n\n<b>rå html</b>",
        chapters=[
            Chapter("avvikelser", "Avvikelser och klagomål",
                    [Section("Per kategori", ["Siffrorna gäller K1–K4."], counts, chart=chart)],
                    prose="# Analys\n\nFler avvikelser än väntat.\n\n- första punkten\n- andra punkten\n"),
            Chapter("risker", "Riskanalys", [Section("Högsta riskerna", [], risks), Section("Bred", [], wide)]),
            Chapter("samverkan", "Samverkan", empty="Det finns inga uppgifter om samverkan för året."),
        ],
        gaps=["KTRL-HT-01 saknar resultat för mars."],
    )


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("dokument")
    paths = write_outputs(sample_document(), folder, issued=dt.date(2026, 12, 31))
    return {p.suffix[1:]: p for p in paths}


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_three_files_named_after_the_slug(built: dict[str, Path]) -> None:
    assert sorted(p.name for p in built.values()) == ["berattelse-2026.docx", "berattelse-2026.html",
                                                      "berattelse-2026.pdf"]


def test_page_has_headings_tables_chart_and_fetches_nothing(built: dict[str, Path]) -> None:
    from bs4 import BeautifulSoup

    page = BeautifulSoup(built["html"].read_text(encoding="utf-8"), "html.parser")
    assert page.html["lang"] == "sv"
    assert page.h1.get_text() == "Kvalitetsberättelse 2026"
    assert [h.get_text() for h in page.find_all("h2")][1:] == [
        "Inledning", "Avvikelser och klagomål", "Riskanalys", "Samverkan", "Det som saknas"]
    assert "Per kategori" in [h.get_text() for h in page.find_all("h3")]
    rows = [[c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
            for tr in page.find("table", id="tabell-per-kategori").find_all("tr")]
    assert rows == [["Kategori", "2025", "2026"], ["Avvikelse", "139", "128"], ["Lex Maria", "färre än 3", "4"]]
    assert page.find("svg") is not None and page.find("svg").find("title").get_text().startswith("Ärenden per")
    # the author's raw HTML is text, and the prose heading sits below the chapter's
    assert page.find("b") is None and "<b>rå html</b>" in page.get_text()
    assert page.find("h3", string="Analys") is not None
    assert not page.find_all(src=True) and not page.find_all("link")
    assert page.find(string="Det finns inga uppgifter om samverkan för året.") is not None


def test_pdf_is_a4_tagged_swedish_with_the_headings_and_figures(built: dict[str, Path]) -> None:
    from pypdf import PdfReader

    reader = PdfReader(built["pdf"])
    first = reader.pages[0].mediabox
    assert (round(float(first.width)), round(float(first.height))) == (595, 842)  # A4 in points
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "sv" and "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[:1] == ["Kvalitetsberättelse 2026"]
    text = pdf_text(built["pdf"])
    for heading in ("Innehåll", "Avvikelser och klagomål", "Riskanalys", "Samverkan", "Det som saknas",
                    "Per kategori", "Högsta riskerna"):
        assert heading in text
    assert "Avvikelse 139 128" in text and "Lex Maria färre än 3 4" in text
    assert "Norrviks stadsdelsförvaltning" in reader.pages[2].extract_text()  # the running header
    assert "Sida 3 av" in reader.pages[2].extract_text()


def test_pdf_contents_give_the_page_each_chapter_starts_on(built: dict[str, Path]) -> None:
    from pypdf import PdfReader

    reader = PdfReader(built["pdf"])
    pages = [page.extract_text() for page in reader.pages]
    contents = pages[1]
    for title in ("Avvikelser och klagomål", "Riskanalys"):
        line = next(line for line in contents.splitlines() if title in line)
        number = int(line.rstrip().split()[-1])
        assert title in pages[number - 1].split("\n", 3)[1] + pages[number - 1]


def test_wide_table_gets_a_landscape_page(built: dict[str, Path]) -> None:
    from pypdf import PdfReader

    pages = PdfReader(built["pdf"]).pages
    wide = [p for p in pages if "Kolumn 9" in p.extract_text()]
    assert wide and all(float(p.mediabox.width) > float(p.mediabox.height) for p in wide)


def test_word_file_has_heading_styles_header_footer_and_tables(built: dict[str, Path]) -> None:
    import docx

    doc = docx.Document(str(built["docx"]))
    styled = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert ("Title", "Kvalitetsberättelse 2026") in styled
    assert [t for s, t in styled if s == "Heading 1"] == [
        "Inledning", "Avvikelser och klagomål", "Riskanalys", "Samverkan", "Det som saknas"]
    assert [t for s, t in styled if s == "Heading 2"] == ["Analys", "Per kategori", "Högsta riskerna", "Bred"]
    assert doc.sections[0].header.paragraphs[0].text == "Norrviks stadsdelsförvaltning"
    footer = doc.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    table = doc.tables[0]
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Kategori", "2025", "2026"], ["Avvikelse", "139", "128"], ["Lex Maria", "färre än 3", "4"]]
    assert "w:tblHeader" in table.rows[0]._tr.xml
    bullets = [p.text for p in doc.paragraphs if p.style.name == "List Bullet"]
    assert "första punkten" in bullets and "KTRL-HT-01 saknar resultat för mars." in bullets
    assert "<b>rå html</b>" in [p.text for p in doc.paragraphs]


def test_word_chart_is_a_picture_described_in_words(built: dict[str, Path]) -> None:
    import docx
    from PIL import Image

    doc = docx.Document(str(built["docx"]))
    assert len(doc.inline_shapes) == 1
    description = doc.inline_shapes[0]._inline.docPr.get("descr")
    assert description == "Ärenden per kategori: Avvikelse 2025 139, 2026 128; Lex Maria 2025 färre än 3, 2026 4"
    with zipfile.ZipFile(built["docx"]) as z:
        png = next(n for n in z.namelist() if n.endswith(".png"))
        image = Image.open(io.BytesIO(z.read(png))).convert("RGB")
    colours = {colour for _, colour in image.getcolors(maxcolors=100000)}
    assert {(0x9B, 0xB7, 0xD4), (0x1F, 0x5F, 0xA8)} <= colours  # both years' bars, as on the site


def test_risk_level_coloured_in_word_as_on_the_site(tmp_path: Path) -> None:
    import docx

    from lotsen.model import load_model

    model = load_model(Path(__file__).parents[1] / "lotsen.yaml")
    colour = model.risk.levels[3].color.lstrip("#").upper()
    paths = write_outputs(sample_document(), tmp_path, formats=("docx",), model=model)
    level_cell = docx.Document(str(paths[0])).tables[1].rows[1].cells[3]
    assert level_cell.text == "Mycket hög" and f'w:fill="{colour}"' in level_cell._tc.xml
    bare = write_outputs(sample_document(), tmp_path / "utan", formats=("docx",))
    assert "w:shd" not in docx.Document(str(bare[0])).tables[1].rows[1]._tr.xml  # no model: no colours


def test_built_twice_the_same_bytes(built: dict[str, Path], tmp_path: Path) -> None:
    again = {p.suffix[1:]: p for p in write_outputs(sample_document(), tmp_path, issued=dt.date(2026, 12, 31))}
    for kind in ("html", "pdf", "docx"):
        assert again[kind].read_bytes() == built[kind].read_bytes(), kind


def test_masked_count_is_nowhere(built: dict[str, Path]) -> None:
    assert str(SECRET) not in built["html"].read_text(encoding="utf-8")
    assert str(SECRET) not in pdf_text(built["pdf"])
    with zipfile.ZipFile(built["docx"]) as z:
        for name in z.namelist():
            assert str(SECRET).encode() not in z.read(name), name


def test_markup_in_a_title_is_text_everywhere(tmp_path: Path) -> None:
    import docx

    title = 'Plan <script>alert("x")</script> & <b>mer</b>'
    paths = {p.suffix[1:]: p for p in write_outputs(sample_document(title), tmp_path)}
    html = paths["html"].read_text(encoding="utf-8")
    assert "<script>" not in html and "<b>mer</b>" not in html
    assert "&lt;script&gt;" in html and "&amp; &lt;b&gt;mer&lt;/b&gt;" in html
    assert title in " ".join(pdf_text(paths["pdf"]).split())
    assert title in [p.text for p in docx.Document(str(paths["docx"])).paragraphs]


def test_pdf_is_printed_again_only_when_its_page_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import lotsen.site.document_pdf as output

    monkeypatch.setenv("LOTSEN_PDF_CACHE", str(tmp_path / "tom"))  # nothing printed before
    printed = tmp_path / "bygge" / "sida.html"
    first = write_outputs(sample_document(), tmp_path / "ut", formats=("pdf",), printed=printed)[0].read_bytes()
    calls: list[str] = []
    real = output.document_pdf
    monkeypatch.setattr(output, "document_pdf", lambda html, site=None: calls.append(html) or real(html, site))
    write_outputs(sample_document(), tmp_path / "ut", formats=("pdf",), printed=printed)
    assert calls == [] and (tmp_path / "ut" / "berattelse-2026.pdf").read_bytes() == first
    changed = write_outputs(sample_document("Ny rubrik"), tmp_path / "ut", formats=("pdf",), printed=printed)
    assert len(calls) == 1 and "Ny rubrik" in pdf_text(changed[0])


def test_a_build_finds_a_page_printed_by_another_build_in_the_shared_cache(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """LOTSEN_PDF_CACHE keeps each printed page (a CI cache, the test suite): a second
    build in a folder of its own prints nothing and writes the same bytes; a page that
    changed is printed again, and only its newest PDF is kept."""
    import lotsen.site.document_pdf as output

    cache = tmp_path / "delad"
    monkeypatch.setenv("LOTSEN_PDF_CACHE", str(cache))
    first = write_outputs(sample_document(), tmp_path / "a", formats=("pdf",), printed=tmp_path / "a.sha256")[0]
    assert [p.name.split("-")[0] for p in (cache / "papper").glob("*.pdf")] == ["berattelse"]
    calls: list[str] = []
    real = output.document_pdf
    monkeypatch.setattr(output, "document_pdf", lambda html, site=None: calls.append(html) or real(html, site))
    second = write_outputs(sample_document(), tmp_path / "b", formats=("pdf",), printed=tmp_path / "b.sha256")[0]
    assert calls == [] and second.read_bytes() == first.read_bytes()
    changed = write_outputs(sample_document("Ny rubrik"), tmp_path / "c", formats=("pdf",),
                            printed=tmp_path / "c.sha256")[0]
    assert len(calls) == 1 and "Ny rubrik" in pdf_text(changed)
    assert [p.read_bytes() for p in (cache / "papper").glob("*.pdf")] == [changed.read_bytes()]
    # without a build's record (`lotsen nämnd`, `lotsen berättelse`) the cache is not used
    write_outputs(sample_document(), tmp_path / "d", formats=("pdf",))
    assert len(calls) == 2


def test_a_kept_pdf_appears_whole_or_not_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Builds share LOTSEN_PDF_CACHE at the same time (the suite's processes, CI jobs):
    a PDF is written under another name and renamed, so that another build finds either
    no file or the whole file, never a part of it."""
    import os

    import lotsen.site.document_pdf as output

    data = b"%PDF-1.7\n" + bytes(100_000) + b"%%EOF\n"
    monkeypatch.setattr(output, "document_pdf", lambda html, site=None: data)
    seen: list[tuple[str, bytes, bool]] = []
    real = os.replace

    def replace(source, target) -> None:  # type: ignore[no-untyped-def]
        seen.append((Path(target).name, Path(source).read_bytes(), Path(target).exists()))
        real(source, target)
    monkeypatch.setattr(output.os, "replace", replace)
    assert output.kept_pdf("<p>sida</p>", tmp_path / "delad", "parm") == data
    [(name, written, existed)] = seen
    assert name.startswith("parm-") and name.endswith(".pdf") and written == data and not existed
    assert [p.name for p in (tmp_path / "delad").iterdir()] == [name]  # nothing half-written left


def _tree(folder: Path) -> dict[str, bytes | None]:
    """Every file and folder under ``folder`` (hidden ones too), with a file's bytes."""
    return {p.relative_to(folder).as_posix(): (p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.rglob("*"))}


def _older(folder: Path) -> dict[str, bytes | None]:
    folder.mkdir(parents=True)
    for kind in ("html", "pdf", "docx", "xlsx"):
        (folder / f"berattelse-2026.{kind}").write_bytes(f"förra körningens {kind}".encode())
    return _tree(folder)


@pytest.mark.parametrize("blocked", ["html", "pdf", "docx", "xlsx"])
def test_a_target_that_cannot_be_written_leaves_everything_as_it_was(tmp_path: Path, blocked: str) -> None:
    from lotsen.site.document_output import ALL_FORMATS

    folder = tmp_path / "ut"
    before = _older(folder)
    (folder / f"berattelse-2026.{blocked}").unlink()
    (folder / f"berattelse-2026.{blocked}").mkdir()
    before = _tree(folder)
    with pytest.raises(IsADirectoryError):
        write_outputs(sample_document(), folder, issued=dt.date(2026, 12, 31), formats=ALL_FORMATS)
    assert _tree(folder) == before


@pytest.mark.parametrize("failing", [1, 2, 4, 7])
def test_a_failure_while_moving_in_place_puts_the_older_files_back(tmp_path: Path, failing: int,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The n-th move fails (a full disk, say): the older files are back, byte for byte,
    and nothing of this run is left."""
    import os

    from lotsen.site import document_output
    from lotsen.site.document_output import ALL_FORMATS

    folder = tmp_path / "ut"
    before = _older(folder)
    calls = []
    real = os.replace
    fail_at = [failing]

    def replace(source, target):
        calls.append(target)
        if len(calls) == fail_at[0]:
            raise OSError(28, "No space left on device")
        return real(source, target)

    monkeypatch.setattr(document_output.os, "replace", replace)
    with pytest.raises(OSError):
        write_outputs(sample_document(), folder, issued=dt.date(2026, 12, 31), formats=ALL_FORMATS)
    monkeypatch.setattr(document_output.os, "replace", real)
    assert _tree(folder) == before
    # and a folder this run made is taken away again (4 moves: no older file to set aside)
    calls.clear()
    fail_at[0] = min(failing, 4)
    monkeypatch.setattr(document_output.os, "replace", replace)
    with pytest.raises(OSError):
        write_outputs(sample_document(), tmp_path / "ny" / "mapp", formats=ALL_FORMATS)
    assert not (tmp_path / "ny").exists()


def test_all_files_are_written_and_replace_the_older_ones(tmp_path: Path) -> None:
    from lotsen.site.document_output import ALL_FORMATS

    folder = tmp_path / "ut"
    _older(folder)
    paths = write_outputs(sample_document(), folder, issued=dt.date(2026, 12, 31), formats=ALL_FORMATS)
    assert sorted(_tree(folder)) == sorted(p.name for p in paths)
    assert all(not p.read_bytes().startswith("förra".encode()) for p in paths)
