"""Bad input in the tables of year data (statistics, indicator outcomes, `lotsen
import`): each mistake one finding in plain Swedish with file, row and column, never a
traceback, never free text echoed; percentage cells read as shown; files Lotsen does
not read named, not passed over."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from pathlib import Path

import pytest
from openpyxl import Workbook

from lotsen.cli.main import main
from lotsen.model import load_model
from lotsen.numbers import parse_count, parse_number
from lotsen.source.goal_values import read_goal_values
from lotsen.source.sheet_values import percent_decimals
from lotsen.source.statistics import read_statistics
from lotsen.source.tabular import csv_rows

from conftest import copy_sample

REPO = Path(__file__).parents[1]
HEADER = "Period;Enhet;Kategori;Antal\n"


def model():  # noqa: ANN201 - Model
    return load_model(REPO / "lotsen.yaml")


def stats_of(tmp_path: Path, files: dict[str, bytes | str]):  # noqa: ANN201 - Statistics
    root = tmp_path / "root"
    (root / "statistik").mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (root / "statistik" / name).write_bytes(data.encode() if isinstance(data, str) else data)
    return read_statistics(model(), root)


def book_bytes(rows: list[list], formats: dict[str, str] | None = None, setup=None) -> bytes:  # noqa: ANN001
    book = Workbook()
    for row in rows:
        book.active.append(row)
    for cell, number_format in (formats or {}).items():
        book.active[cell].number_format = number_format
    if setup:
        setup(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- bug 1 and 7: numbers too long to use -------------------------------------------

@pytest.mark.parametrize("digits", [16, 400, 4301, 5000, 20000])
def test_a_count_with_too_many_digits_is_one_finding_not_a_traceback(tmp_path: Path, digits: int) -> None:
    stats = stats_of(tmp_path, {"huge.csv": HEADER + "2026-K3;HT;Avvikelse;" + "1" * digits + "\n"})
    assert [(f.line, f.code) for f in stats.findings] == [(2, "statistics_value")]
    assert "fler än 15 siffror" in stats.findings[0].message and "1" * 16 not in stats.findings[0].message
    assert stats.counts == []


@pytest.mark.parametrize("text", ["9" * 16, "9" * 400, "1" * 309 + ",5", "-" + "9" * 5000, "0," + "1" * 20])
def test_no_number_is_infinite_or_has_more_than_15_digits(text: str) -> None:
    assert parse_number(text) is None
    assert parse_count(text.lstrip("-")) is None


@pytest.mark.parametrize("text", ["0", "91,5", "-3.25", "9" * 15, "12345678901234,5"])
def test_numbers_up_to_15_digits_are_read_as_python_reads_them(text: str) -> None:
    value = parse_number(text)
    assert value is not None and math.isfinite(value) and value == float(text.replace(",", "."))


@pytest.mark.parametrize("value", ["9" * 16, "9" * 400])
def test_an_indicator_outcome_too_long_is_a_finding(tmp_path: Path, value: str) -> None:
    root = copy_sample(tmp_path / "s")
    (root / "indikatorer/x.csv").write_text(f"Indikator;Period;Utfall\nIND-HT-01;2024;{value}\n", encoding="utf-8")
    needs = __import__("lotsen.checks.pipeline", fromlist=["scan_files"])
    from lotsen.source.files import content_files
    found, _ = needs.scan_files(model(), root, content_files(root))
    values = read_goal_values(model(), root, found)
    mine = [f for f in values.findings if f.file == "indikatorer/x.csv"]
    assert [(f.line, f.code) for f in mine] == [(2, "goal_value")] and "fler än 15 siffror" in mine[0].message


def test_import_of_a_huge_count_is_a_problem_not_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    root = copy_sample(tmp_path / "s")
    for n, text in enumerate(["1" * 5000, "9" * 16]):
        sheet = tmp_path / f"huge{n}.csv"
        sheet.write_text(HEADER + "2026-K3;HT;Avvikelse;" + text + "\n", encoding="utf-8")
        assert main(["import", "statistik", str(sheet), "--root", str(root)]) == 1
        err = capsys.readouterr().err
        assert "rad 2, kolumn D (Antal): talet har fler än 15 siffror" in err and "1" * 16 not in err
    sheet = tmp_path / "float.xlsx"
    sheet.write_bytes(book_bytes([["Period", "Enhet", "Kategori", "Antal"], ["2026-K3", "HT", "Avvikelse", 1e300]]))
    assert main(["import", "statistik", str(sheet), "--root", str(root)]) == 1
    assert "talet har fler än 15 siffror" in capsys.readouterr().err


def test_a_chart_leaves_out_what_is_no_finite_number() -> None:
    from lotsen.site.result_history import chart

    drawn = chart([("K1", 50.0, "50"), ("K2", math.inf, "inf"), ("K3", math.nan, "nan"), ("K4", 70.0, "70")])
    assert drawn is not None and "nan" not in drawn["polyline"] and "inf" not in drawn["polyline"]
    assert [d["label"] for d in drawn["dots"]] == ["K1", "K4"]


# --- bug 3: percentage cells ----------------------------------------------------------

PERCENTS = [(0.95, "0%"), (0.957, "0.0%"), (0.9666666, "0.0%"), (0.5, "0.00%"), (1, "0%"), (0.0123, "0.00 %"),
            (0.88, "#,##0%")]


def _as_excel_shows(value: float, number_format: str) -> str:
    """The oracle: Python's own percent formatting with the format's decimals, which is
    what Excel displays (without the % sign), with a decimal comma."""
    decimals = number_format.split("%")[0].partition(".")[2].count("0")
    return format(value, f".{decimals}%").rstrip("%").replace(".", ",")


@pytest.mark.parametrize(("value", "number_format"), PERCENTS)
def test_an_outcome_in_a_percentage_cell_is_the_percentage_shown(tmp_path: Path, value: float,
                                                                  number_format: str) -> None:
    root = copy_sample(tmp_path / "s")
    (root / "indikatorer/utfall-2026.csv").write_text(
        "\n".join(line for line in (root / "indikatorer/utfall-2026.csv").read_text(encoding="utf-8").splitlines()
                  if not line.startswith("IND-BUM-01;2026-K3")) + "\n", encoding="utf-8")
    (root / "indikatorer/pct.xlsx").write_bytes(
        book_bytes([["Indikator", "Period", "Utfall"], ["IND-BUM-01", "2026-K3", value]], {"C2": number_format}))
    from lotsen.checks.pipeline import scan_files
    from lotsen.source.files import content_files
    found, _ = scan_files(model(), root, content_files(root))
    values = read_goal_values(model(), root, found)
    outcome = next(o for o in values.outcomes if o.source == "indikatorer/pct.xlsx")
    assert outcome.text == _as_excel_shows(value, number_format).rstrip("0").rstrip(",") or \
        outcome.text == _as_excel_shows(value, number_format)
    assert outcome.value == pytest.approx(float(_as_excel_shows(value, number_format).replace(",", ".")))


@pytest.mark.parametrize(("number_format", "decimals"), [
    ("0%", 0), ("0.0%", 1), ("0.00 %", 2), ("#,##0.0%;[Red]-#,##0.0%", 1), ('0"%"', None), ("0\\%", None),
    ("General", None), ("0.00", None), ("[Green]0%", 0)])
def test_which_number_formats_are_percentages(number_format: str, decimals: int | None) -> None:
    assert percent_decimals(number_format) == decimals


@pytest.mark.parametrize(("value", "number_format"), PERCENTS[:4])
def test_import_of_results_reads_a_percentage_cell_as_shown(tmp_path: Path, capsys: pytest.CaptureFixture,
                                                            value: float, number_format: str) -> None:
    root = copy_sample(tmp_path / "s")
    sheet = tmp_path / "res.xlsx"
    sheet.write_bytes(book_bytes(
        [["Egenkontroll", "Period", "Genomförd", "Utförd av", "Antal granskade", "Antal med brister", "Utfall",
          "Bedömning"],
         ["KTRL-HT-01", "2026-K4", dt.date(2026, 11, 10), "Gruppledare", 20, 1, value, "utan anmärkning"]],
        {"G2": number_format}))
    main(["import", "resultat", str(sheet), "--root", str(root)])
    assert main(["import", "resultat", str(sheet), "--root", str(root)]) == 0, capsys.readouterr().err
    text = (root / "results/2026/ktrl-ht-01.md").read_text(encoding="utf-8")
    block = text[text.index("RES-KTRL-HT-01-2026-K4"):]
    shown = _as_excel_shows(value, number_format)
    written = next(line for line in block.splitlines() if line.startswith(":utfall:")).split(":", 2)[2].strip()
    assert float(written.replace(",", ".")) == float(shown.replace(",", "."))


# --- bug 8: free text is never echoed -------------------------------------------------

NAMES = ["Kalle Karlsson", "Anna Svensson, Storgatan 5", "Brukaren Anna Svensson föll i badrummet", "Eva",
         "Pelle 070-1234567"]


@pytest.mark.parametrize("name", NAMES)
def test_a_name_in_a_code_column_is_named_by_row_and_column_only(tmp_path: Path, name: str) -> None:
    stats = stats_of(tmp_path, {"namn.csv": HEADER + f"2026-K3;HT;{name};1\n2026-K3;{name};Avvikelse;2\n"
                                            f"{name};HT;Avvikelse;2\n2026-K3;HT;Avvikelse;{name}\n"})
    assert [(f.line, f.code) for f in stats.findings] == [(n, "statistics_value") for n in (2, 3, 4, 5)]
    for finding in stats.findings:
        for part in (p for p in name.replace(",", " ").split() if len(p) > 2):
            assert part not in finding.message + finding.hint, (part, finding.message)
    assert "kolumn C (Kategori)" in stats.findings[0].message


@pytest.mark.parametrize("name", NAMES)
def test_import_never_echoes_a_name(tmp_path: Path, capsys: pytest.CaptureFixture, name: str) -> None:
    root = copy_sample(tmp_path / "s")
    sheet = tmp_path / "namn.csv"
    sheet.write_text(HEADER + f"2026-K3;HT;{name};1\n2026-K3;{name};Avvikelse;2\n2026-K3;HT;Avvikelse;{name}\n",
                     encoding="utf-8")
    assert main(["import", "statistik", str(sheet), "--root", str(root), "--prov"]) == 1
    captured = capsys.readouterr()
    for part in (p for p in name.replace(",", " ").split() if len(p) > 2):
        assert part not in captured.out + captured.err, part


@pytest.mark.parametrize(("typo", "known"), [("Avvikelsee", "avvikelse"), ("Klagomal", "klagomål")])
def test_a_typo_gets_the_known_code_suggested(tmp_path: Path, typo: str, known: str) -> None:
    stats = stats_of(tmp_path, {"t.csv": HEADER + f"2026-K3;HT;{typo};1\n"})
    assert typo not in stats.findings[0].message and f"Menar du {known}" in stats.findings[0].message


@pytest.mark.parametrize("period", ["2026-K5", "2026-13", "Q1 2026", "2026-H1"])
def test_a_period_that_fails_is_still_echoed(tmp_path: Path, period: str) -> None:
    stats = stats_of(tmp_path, {"p.csv": HEADER + f"{period};HT;Avvikelse;1\n"})
    assert f"'{period}'" in stats.findings[0].message


# --- bug 9: free text beyond the last heading -----------------------------------------

@pytest.mark.parametrize("tail", [";Anna Andersson föll", ";;Anna", ";;;;x", ";Anna;Berg"])
def test_text_beyond_the_last_heading_is_a_finding(tmp_path: Path, tail: str) -> None:
    stats = stats_of(tmp_path, {"h.csv": HEADER + "2026-K3;HT;Avvikelse;4" + tail + "\n"})
    found = [(f.line, f.code) for f in stats.findings]
    assert found and set(found) == {(2, "statistics_personal_data")}
    assert len(found) == sum(1 for c in tail.split(";") if c)
    assert not any("Anna" in f.message for f in stats.findings)


# --- bug 12: files saved in forms Lotsen does not read, or reads -----------------------

@pytest.mark.parametrize(("name", "data"), [("gammal.xls", b"\xd0\xcf\x11\xe0junk"), ("b.ods", b"PK\x03\x04junk"),
                                            ("c.numbers", b"x"), ("d.xlsb", b"PK\x03\x04"), ("E.XLS", b"")])
def test_a_spreadsheet_lotsen_does_not_read_is_one_finding(tmp_path: Path, name: str, data: bytes) -> None:
    stats = stats_of(tmp_path, {name: data})
    assert [(f.file, f.line, f.code) for f in stats.findings] == [(f"statistik/{name}", 1, "statistics_file")]
    assert ".xlsx" in stats.findings[0].message and "Spara" in stats.findings[0].message


@pytest.mark.parametrize("name", ["export.txt", "export.tsv", "export.TXT"])
def test_text_files_are_read_like_csv(tmp_path: Path, name: str) -> None:
    data = (HEADER + "2026-K3;HT;Avvikelse;50\n").replace(";", "\t" if name.endswith("tsv") else ";")
    stats = stats_of(tmp_path, {name: data})
    assert stats.findings == [] and [c.count for c in stats.counts] == [50]


def test_an_xlsm_workbook_is_read_like_xlsx(tmp_path: Path) -> None:
    stats = stats_of(tmp_path, {"export.xlsm": book_bytes([["Period", "Enhet", "Kategori", "Antal"],
                                                            ["2026-K3", "HT", "Avvikelse", 7]])})
    assert stats.findings == [] and [c.count for c in stats.counts] == [7]


@pytest.mark.parametrize("name", ["export.txt", "export.tsv", "export.xlsm"])
def test_the_import_reads_what_the_check_reads(tmp_path: Path, capsys: pytest.CaptureFixture, name: str) -> None:
    root = copy_sample(tmp_path / "s")
    sheet = tmp_path / name
    if name.endswith("xlsm"):
        sheet.write_bytes(book_bytes([["Period", "Enhet", "Kategori", "Antal"], ["2026-K4", "HT", "Avvikelse", 50]]))
    else:
        sheet.write_text((HEADER + "2026-K4;HT;Avvikelse;50\n").replace(";", "\t"), encoding="utf-8")
    assert main(["import", "statistik", str(sheet), "--root", str(root), "--prov"]) == 0, capsys.readouterr().err


def test_a_locked_workbook_is_said_to_be_locked(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    locked = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600 + "EncryptedPackage".encode("utf-16-le") + b"\0" * 99
    stats = stats_of(tmp_path, {"last.xlsx": locked})
    assert len(stats.findings) == 1 and "lösenord" in stats.findings[0].message
    (tmp_path / "last.xlsx").write_bytes(locked)
    root = copy_sample(tmp_path / "s")
    assert main(["import", "statistik", str(tmp_path / "last.xlsx"), "--root", str(root)]) != 0
    assert "lösenord" in capsys.readouterr().err


# --- bug 13: an unclosed quotation mark ------------------------------------------------

@pytest.mark.parametrize("body", ['2026-K3;HT;"Avvikelse;4\n', '2026-K3;"HT;Avvikelse;4\n2026-K4;HT;Avvikelse;1\n',
                                  '"2026-K3;HT;Avvikelse;4\n', '2026-K3;HT;Avvikelse;"4'])
def test_an_unclosed_quotation_mark_is_one_finding_that_names_it(tmp_path: Path, body: str) -> None:
    text = HEADER + body
    with pytest.raises(csv.Error):  # the oracle: Python's csv module in strict mode
        list(csv.reader(io.StringIO(text, newline=""), delimiter=";", strict=True))
    stats = stats_of(tmp_path, {"q.csv": text})
    assert [(f.line, f.code) for f in stats.findings] == [(1, "statistics_file")]
    assert "citattecken" in stats.findings[0].message and "rad 2" in stats.findings[0].message


@pytest.mark.parametrize("text", ['a;"b""c";d\n', 'a;b "x" c;d\n', 'a;"b;c";d\n'])
def test_quotation_marks_csv_allows_are_read_as_csv_reads_them(text: str) -> None:
    assert csv_rows(text, ";") == list(csv.reader(io.StringIO(text, newline=""), delimiter=";", strict=True))


# --- bug 14: a totals row, a title above the headings ---------------------------------

@pytest.mark.parametrize("row", [["Summa", None, None, 3], ["Totalt", "", "", 10], ["SUMMA:", None, None, None],
                                 [None, "Totalt", "Totalt", 5]])
def test_a_totals_row_is_one_finding_in_the_check_and_skipped_by_the_import(
        tmp_path: Path, capsys: pytest.CaptureFixture, row: list) -> None:
    data = book_bytes([["Period", "Enhet", "Kategori", "Antal"], ["2026-K4", "EKB", "Avvikelse", 3], row])
    stats = stats_of(tmp_path, {"summa.xlsx": data})
    assert [(f.line, f.code) for f in stats.findings] == [(3, "statistics_value")]
    root = copy_sample(tmp_path / "s")
    (tmp_path / "summa.xlsx").write_bytes(data)
    assert main(["import", "statistik", str(tmp_path / "summa.xlsx"), "--root", str(root), "--prov"]) == 0
    err = capsys.readouterr().err
    assert "rad 3: en summarad" in err and "problem" not in err


@pytest.mark.parametrize("above", [[["Ärendestatistik 2026"]], [["Ärendestatistik"], [], ["Källa: systemet"]],
                                   [[], []]])
def test_a_title_above_the_headings_is_no_finding(tmp_path: Path, above: list) -> None:
    data = book_bytes([*above, ["Period", "Enhet", "Kategori", "Antal"], ["2026-K3", "HT", "Avvikelse", 3]])
    stats = stats_of(tmp_path, {"t.xlsx": data})
    assert stats.findings == [] and [c.count for c in stats.counts] == [3]


@pytest.mark.parametrize("header", ["Datum;Plats;Typ;Summa", "x;y", "Period;Plats;Typ;Summa"])
def test_headings_missing_are_one_finding(tmp_path: Path, header: str) -> None:
    stats = stats_of(tmp_path, {"h.csv": header + "\n2026-K3;HT;Avvikelse;3\n"})
    assert [(f.line, f.code) for f in stats.findings] == [(1, "statistics_file")]


# --- bug 15: the first visible sheet --------------------------------------------------

def _hidden_first(book) -> None:  # noqa: ANN001
    first = book.active
    first.title, first.sheet_state = "Gammal", "hidden"
    data = book.create_sheet("Statistik")
    for row in [["Period", "Enhet", "Kategori", "Antal"], ["2026-K4", "BUM", "Avvikelse", 7]]:
        data.append(row)


def _notes_first(book) -> None:  # noqa: ANN001
    book.active.title = "Anteckningar"
    data = book.create_sheet("Statistik")
    for row in [["Period", "Enhet", "Kategori", "Antal"], ["2026-K4", "BUM", "Avvikelse", 7]]:
        data.append(row)


@pytest.mark.parametrize(("first_rows", "setup"), [
    ([["Period", "Enhet", "Kategori", "Antal"], ["2025-K1", "BUM", "Avvikelse", 999]], _hidden_first),
    ([["Läs detta först"], ["Siffrorna kommer från systemet."]], _notes_first)])
def test_the_first_visible_sheet_with_the_table_is_read(tmp_path: Path, capsys: pytest.CaptureFixture,
                                                       first_rows: list, setup) -> None:  # noqa: ANN001
    data = book_bytes(first_rows, setup=setup)
    stats = stats_of(tmp_path, {"book.xlsx": data})
    assert stats.findings == [] and [(c.period.text, c.count) for c in stats.counts] == [("2026-K4", 7)]
    if setup is _hidden_first:
        root = copy_sample(tmp_path / "s")
        (tmp_path / "book.xlsx").write_bytes(data)
        assert main(["import", "statistik", str(tmp_path / "book.xlsx"), "--root", str(root), "--prov"]) == 0
        out = capsys.readouterr().out
        assert "2026-K4;BUM;Avvikelse;7" in out and "999" not in out


# --- bug 18: wording of the import -----------------------------------------------------

def test_an_empty_count_is_said_to_be_missing(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    root = copy_sample(tmp_path / "s")
    sheet = tmp_path / "tom.csv"
    sheet.write_text(HEADER + "2026-K3;HT;Avvikelse;\n", encoding="utf-8")
    assert main(["import", "statistik", str(sheet), "--root", str(root)]) == 1
    err = capsys.readouterr().err
    assert "antalet saknas" in err and "''" not in err
    assert "antalet saknas" in stats_of(tmp_path, {"tom.csv": HEADER + "2026-K3;HT;Avvikelse;\n"}).findings[0].message
