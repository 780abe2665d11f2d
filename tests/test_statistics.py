"""Case statistics: the files are checked on every build and by `lotsen check` (every
problem at once, with file and row, a personal number never echoed), and no small count
reaches the site or its exports, nor can one be worked out from a total."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from openpyxl import Workbook

from lotsen.cli.main import main
from lotsen.reports.suppression import suppress

from conftest import make_project, reported, sphinx_build
from html_tables import soup, tables

#: The rules these tests trigger from data files (tests/test_rules.py counts them).
DATA_FILE_RULES = {"statistics_file", "statistics_value", "statistics_duplicate", "statistics_personal_data",
                   "statistics_overlap", "statistics_future"}
PERSONAL = "19850101-1236"  # a valid personnummer for tests (Luhn), never a real person's

HEADER = "Period;Enhet;Kategori;Antal\n"
GOOD = HEADER + "2026-K1;HT;Avvikelse;12\n2026-K1;HT;Klagomål;1\n2026-K2;LSS;Lex Maria;0\n2025-K1;HT;avvikelse;9\n"
PAGE = {"statistik.md": "# S\n\n```{lotsen-rapport} statistik\n```\n"}


def project(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    return make_project(tmp_path / "proj", {**PAGE, **{f"statistik/{name}": text for name, text in files.items()}})


def test_bad_rows_fail_the_build_and_check_naming_file_and_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = (HEADER + "2026-K1;HT;Avvikelse;12\n"        # 2: fine
           "2026-K5;HT;Avvikelse;3\n"                  # 3: no period
           "2026-K1;XX;Avvikelse;3\n"                  # 4: no unit
           "2026-K1;HT;Fallolycka;3\n"                 # 5: no category
           "2026-K1;LSS;Avvikelse;-2\n"                # 6: not a whole number >= 0
           "2026-K1;LSS;Avvikelse;2,5\n"               # 7: not a whole number
           "2026-K1;HT;Avvikelse;4\n"                  # 8: same as row 2
           f"2026-K1;{PERSONAL};Avvikelse;1\n")        # 9: a personnummer in the unit column
    root = project(tmp_path, {"avvikelser.csv": bad})
    expected = [("statistik/avvikelser.csv", n, code) for n, code in [
        (3, "statistics_value"), (4, "statistics_value"), (5, "statistics_value"), (6, "statistics_value"),
        (7, "statistics_value"), (8, "statistics_duplicate"), (9, "statistics_personal_data")]]
    result = sphinx_build(root)
    assert result.returncode != 0
    found = sorted((r.file, r.line, r.code) for r in reported(result.stderr))
    assert found == expected
    assert PERSONAL not in result.stderr + result.stdout
    assert "Rad 6, kolumn D (Antal)" in result.stderr
    assert main(["check", "--root", str(root), "--format", "json"]) == 1
    out = capsys.readouterr().out
    assert sorted((f["file"], f["line"], f["code"]) for f in json.loads(out)) == expected
    assert PERSONAL not in out


def test_rows_across_files_and_future_periods_fail_the_build_and_check(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The same row in a second file, a month whose quarter has a row in another file,
    and a quarter that has not begun (the build date is 2026-11-22): each a finding on
    its row, naming the other file and row; none of them is counted."""
    root = project(tmp_path, {
        "a.csv": GOOD,
        "b.csv": HEADER + "2026-K1;HT;Avvikelse;12\n"     # 2: the same as a.csv row 2
                          "2026-02;HT;Klagomål;1\n"       # 3: inside 2026-K1 of a.csv row 3
                          "2027-K1;HT;Avvikelse;4\n"      # 4: has not begun
                          "2026-02;LSS;Klagomål;1\n"      # 5: fine: another unit
                          "2026-K4;HT;Avvikelse;5\n",     # 6: fine: has begun
    })
    expected = [("statistik/b.csv", 2, "statistics_duplicate"), ("statistik/b.csv", 3, "statistics_overlap"),
                ("statistik/b.csv", 4, "statistics_future")]
    result = sphinx_build(root)
    assert result.returncode != 0
    assert sorted((r.file, r.line, r.code) for r in reported(result.stderr)) == expected
    assert "rad 2 i statistik/a.csv" in result.stderr and "rad 3 i statistik/a.csv" in result.stderr
    assert main(["check", "--root", str(root), "--format", "json"]) == 1
    assert sorted((f["file"], f["line"], f["code"]) for f in json.loads(capsys.readouterr().out)) == expected
    rows = {row[0]: row[1:] for row in tables(root / "_build/html/statistik.html")["tabell-per-kategori"].rows}
    assert rows["Avvikelse"] == ["9", "17"]  # 12 once, and K4's 5; not 2027


def test_a_missing_column_and_free_text_are_findings(tmp_path: Path) -> None:
    root = project(tmp_path, {
        "utan-antal.csv": "Period;Enhet;Kategori\n2026-K1;HT;Avvikelse\n",
        "med-kommentar.csv": "Period;Enhet;Kategori;Antal;Kommentar\n2026-K1;HT;Avvikelse;4;Brukaren föll i badrummet\n",
    })
    result = sphinx_build(root)
    found = sorted((r.file, r.line, r.code) for r in reported(result.stderr))
    assert found == [("statistik/med-kommentar.csv", 2, "statistics_personal_data"),
                     ("statistik/utan-antal.csv", 1, "statistics_file")]
    assert "föll" not in result.stderr  # the free text itself is not repeated


def _cells(page: Path) -> list[str]:
    found = []
    for table in tables(page).values():
        found += [cell for row in table.rows for cell in row[1:]]
    return found


def test_no_small_count_reaches_the_sample_site(site: Path) -> None:
    """The sample has counts of 1 and 2 (checked here from its files); none is shown."""
    sources = [row for path in (site.parents[1] / "statistik").glob("*.csv")
               for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")), delimiter=";")]
    assert {"1", "2"} <= {row["Antal"] for row in sources}
    page = site / "docs/kvalitet/statistik.html"
    for cell in _cells(page):
        assert cell in ("0", "–", "färre än 3", "visas inte") or int(cell) >= 3, cell
    assert {"färre än 3", "visas inte"} <= set(_cells(page))
    charts = soup(page).select("figure.lotsen-stapel svg")
    assert len(charts) == 3
    for svg in charts:
        assert not {t.get_text() for t in svg.select("text")} & {"1", "2"}
        assert not {"1", "2"} & set(re.findall(r"20\d\d (\d+)", svg.find("title").get_text()))
    for export in site.glob("docs/kvalitet/statistik-*.csv"):
        for row in csv.reader(io.StringIO(export.read_text(encoding="utf-8-sig")), delimiter=";"):
            assert not set(row[1:]) & {"1", "2"}, (export, row)
    assert not (site / "statistik").exists()  # the files themselves are not published


def test_no_masked_count_can_be_worked_out_from_a_row_of_the_unit_table(site: Path) -> None:
    """Each row of the unit table with its total: a hidden figure never stands alone."""
    table = tables(site / "docs/kvalitet/statistik.html")["tabell-per-enhet"]
    for row in table.rows:
        this_year = row[1:-1]  # the categories and the year's total
        hidden = [c for c in this_year if not c.isdigit()]
        assert len(hidden) != 1, row
    by_category = tables(site / "docs/kvalitet/statistik.html")["tabell-per-kategori"]
    column = [row[2] for row in by_category.rows]
    assert sum(1 for c in column if not c.isdigit()) != 1


def test_small_counts_are_masked_in_a_built_report_and_its_exports(tmp_path: Path) -> None:
    root = project(tmp_path, {"a.csv": GOOD})
    result = sphinx_build(root)
    assert result.returncode == 0, result.stderr
    page = root / "_build/html/statistik.html"
    kat = tables(page)["tabell-per-kategori"]
    rows = {row[0]: row[1:] for row in kat.rows}
    assert rows["Avvikelse"] == ["9", "12"]
    assert rows["Klagomål"] == ["0", "färre än 3"]
    assert rows["Totalt"][1] == "visas inte"  # 13 - 12 would give the 1 away
    exported = (root / "_build/html/statistik-per-kategori.csv").read_text(encoding="utf-8-sig")
    assert "Klagomål;0;färre än 3" in exported


def test_the_model_may_let_the_exports_carry_small_counts(tmp_path: Path) -> None:
    root = project(tmp_path, {"a.csv": GOOD})
    model = root / "lotsen.yaml"
    model.write_text(model.read_text(encoding="utf-8").replace("mask_exports: true", "mask_exports: false"),
                     encoding="utf-8")
    assert sphinx_build(root).returncode == 0
    exported = (root / "_build/html/statistik-per-kategori.csv").read_text(encoding="utf-8-sig")
    assert "Klagomål;0;1" in exported
    assert "färre än 3" in (root / "_build/html/statistik.html").read_text(encoding="utf-8")


def test_an_excel_export_is_read(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    for row in [["Period", "Enhet", "Kategori", "Antal"], ["2026-03", "Hemtjänsten Norrvik", "Avvikelse", 7],
                ["2026-02", "HT", "Avvikelse", 5], ["2026-K1", "HT", "Okänd", 5]]:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    root = project(tmp_path, {"export.xlsx": buffer.getvalue()})
    result = sphinx_build(root)
    assert [(r.file, r.line, r.code) for r in reported(result.stderr)] == [
        ("statistik/export.xlsx", 4, "statistics_value")]
    (root / "statistik/export.xlsx").unlink()
    good = Workbook()
    for row in [["Period", "Enhet", "Kategori", "Antal"], ["2026-03", "Hemtjänsten Norrvik", "Avvikelse", 7],
                ["2026-02", "HT", "Avvikelse", 5]]:
        good.active.append(row)
    good.save(root / "statistik/export.xlsx")
    result = sphinx_build(root)
    assert result.returncode == 0, result.stderr
    rows = {row[0]: row[1:] for row in tables(root / "_build/html/statistik.html")["tabell-per-kategori"].rows}
    assert rows["Avvikelse"][1] == "12"  # two months of the first quarter, by name and by code


def test_suppression_hides_a_second_figure_in_each_revealing_line() -> None:
    cells = {"a": 1, "b": 10, "c": 7, "total": 18}
    masked, hidden = suppress(cells, [("total", ["a", "b", "c"])], 2)
    assert masked == {"a"} and hidden == {"total"}
    # two masked counts whose sum leaves one choice (1 + 1) are given away too
    cells = {"a": 1, "b": 1, "c": 7, "total": 9}
    masked, hidden = suppress(cells, [("total", ["a", "b", "c"])], 2)
    assert hidden == {"total"}
    # 1 + 2 = 3 leaves two choices: the total may stay
    cells = {"a": 1, "b": 2, "c": 7, "total": 10}
    assert suppress(cells, [("total", ["a", "b", "c"])], 2)[1] == set()
    # a chain: the row total hidden makes the grand total reveal it, so that goes too
    cells = {"a": 1, "b": 5, "r1": 6, "c": 4, "d": 4, "r2": 8, "all": 14}
    masked, hidden = suppress(cells, [("r1", ["a", "b"]), ("r2", ["c", "d"]), ("all", ["r1", "r2"])], 2)
    assert hidden == {"r1", "all"}


# --- files as people save them: encodings, line ends, delimiters, headings ------------

def _read(tmp_path: Path, name: str, data: bytes):  # noqa: ANN202 - Statistics
    from lotsen.model import load_model
    from lotsen.source.statistics import read_statistics

    root = tmp_path / name.replace("/", "-")
    (root / "statistik").mkdir(parents=True)
    (root / "statistik" / name).write_bytes(data)
    return read_statistics(load_model(Path(__file__).parents[1] / "lotsen.yaml"), root)


def _counts(stats) -> list[tuple]:  # noqa: ANN001
    return sorted((c.period.text, c.unit, c.category, c.count) for c in stats.counts)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-be-bom", "cp1252"])
@pytest.mark.parametrize("line_end", ["\n", "\r\n", "\r"])
@pytest.mark.parametrize("delimiter", [";", "\t", ","])
def test_a_table_saved_in_any_common_way_reads_as_the_same_counts(tmp_path: Path, encoding: str, line_end: str,
                                                                   delimiter: str) -> None:
    """UTF-8 with or without a byte order mark, UTF-16 (Excel's "Unicode text") in
    either byte order, Windows-1252; LF, CR LF or CR alone; semicolons, tabs or commas:
    the same counts as the plain file, and no finding."""
    want = _read(tmp_path, "plain.csv", GOOD.encode("utf-8"))
    assert want.findings == [] and len(want.counts) == 4
    text = GOOD.replace(";", delimiter).replace("\n", line_end)
    data = (b"\xfe\xff" + text.encode("utf-16-be")) if encoding == "utf-16-be-bom" else text.encode(encoding)
    got = _read(tmp_path, "saved.csv", data)
    assert got.findings == []
    assert _counts(got) == _counts(want)


def _workbook_bytes(tmp_path: Path) -> bytes:
    book = Workbook()
    for row in csv.reader(io.StringIO(GOOD), delimiter=";"):
        book.active.append(row)
    book.save(tmp_path / "book.xlsx")
    return (tmp_path / "book.xlsx").read_bytes()


@pytest.mark.parametrize("kind", ["workbook", "old_workbook", "binary", "nul", "open_quote"])
def test_a_file_that_is_no_text_table_is_one_finding_in_plain_swedish(tmp_path: Path, kind: str) -> None:
    """A workbook saved under a .csv name, an old .xls, random bytes, a NUL in the text,
    a quotation mark never closed in a large file: one finding on the file, saying what
    it is, nothing of its content shown, and no count read from it."""
    data = {
        "workbook": lambda: _workbook_bytes(tmp_path),
        "old_workbook": lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 8,
        "binary": lambda: bytes(range(256)) * 12,
        "nul": lambda: GOOD.replace("Klagomål", "Klago\x00mål").encode("utf-8"),
        "open_quote": lambda: (HEADER + '2026-K1;HT;"Avvikelse;12\n' + "2026-K2;HT;Avvikelse;3\n" * 9000).encode(),
    }[kind]()
    stats = _read(tmp_path, "export.csv", data)
    assert [(f.file, f.code) for f in stats.findings] == [("statistik/export.csv", "statistics_file")]
    message = stats.findings[0].message
    assert message.startswith("Statistikfilen går inte att läsa: ")
    for word in ("Error", "codec", "byte", "_csv", "field", "NUL", "\x00", "Avvikelse"):
        assert word not in message, (word, message)
    if kind == "open_quote":
        assert "citattecken" in message and "rad 2 " in message  # where the quotation mark opens
    if kind in ("workbook", "old_workbook"):
        assert "Excel-fil" in message
    assert stats.counts == []


def test_a_heading_in_another_case_or_spacing_names_the_column(tmp_path: Path) -> None:
    shouted = GOOD.replace(HEADER, "PERIOD; enhet ;Kategori;  ANTAL\n")
    assert _counts(_read(tmp_path, "a.csv", shouted.encode())) == _counts(_read(tmp_path, "b.csv", GOOD.encode()))


def test_a_heading_missing_is_one_finding_not_one_for_every_row(tmp_path: Path) -> None:
    """With 'Antal' spelt otherwise, the numbers under it are not free text in a column
    of its own on every row: the heading is the one mistake. A personal number in the
    file is still found, row by row."""
    wrong = GOOD.replace(HEADER, "Period;Enhet;Kategori;Antal ärenden\n") + f"2026-K3;{PERSONAL};Avvikelse;2\n"
    stats = _read(tmp_path, "a.csv", wrong.encode())
    assert [(f.line, f.code) for f in stats.findings] == [(1, "statistics_file"), (6, "statistics_personal_data")]
    assert "'Antal'" in stats.findings[0].message


def test_a_spreadsheets_own_kinds_of_cell_read_as_its_export_would(tmp_path: Path) -> None:
    """A date in the period column (what Excel makes of '2026-03' typed into a cell) is
    its month, as `lotsen import statistik` reads it; a whole number saved as 7.0 is 7;
    TRUE and 2.5 are shown as Swedish Excel shows them when they are wrong."""
    import datetime as dt

    book = Workbook()
    for row in [["Period", "Enhet", "Kategori", "Antal"], [dt.datetime(2026, 3, 1), "HT", "Avvikelse", 7.0],
                [dt.date(2026, 2, 1), "HT", "Klagomål", 4], ["2026-K2", "HT", "Synpunkt", True],
                ["2026-K2", "LSS", "Synpunkt", 2.5]]:
        book.active.append(row)
    book.save(tmp_path / "book.xlsx")
    stats = _read(tmp_path, "export.xlsx", (tmp_path / "book.xlsx").read_bytes())
    assert _counts(stats) == [("2026-02", "HT", "klagomål", 4), ("2026-03", "HT", "avvikelse", 7)]
    messages = {f.line: f.message for f in stats.findings}
    assert sorted(messages) == [4, 5]
    assert "'SANT'" in messages[4] and "'2,5'" in messages[5]
