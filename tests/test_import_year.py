"""`lotsen import` of the quality year: results of controls (one file per control and
year, added to a file that exists without changing what it holds) and case statistics
(a statistics file in the model's folder, made or extended). Every bad row by sheet,
row and column at once, a personal number never echoed, nothing written until every row
can be used, and the result passes `lotsen check`."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from lotsen.cli.main import main
from lotsen.model import load_model
from lotsen.source.statistics import read_statistics

from conftest import copy_sample

PERSONNUMMER = "19850101-1236"  # valid check digit: must never be echoed
HEADER = ["Egenkontroll", "Period", "Genomförd", "Utförd av", "Antal granskade", "Antal med brister", "Utfall",
          "Bedömning", "Kommentar"]
GOOD_ROWS = [
    ["KTRL-HT-01", "2026-K4", "2026-11-10", "Gruppledare", 30, 2, 93.3, "brister", "Två kvittenser saknades."],
    ["KTRL-HT-04", "2025-11", "2025-11-12", "gruppledare", 12, 0, "100", "utan anmärkning", None],
]


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "sample")


def run(root: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["import", *args, "--root", str(root)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def workbook(path: Path, rows: list[list]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Resultat"
    for row in [HEADER, *rows]:
        sheet.append(row)
    book.save(path)
    return path


def test_results_every_bad_row_then_files_per_control_and_year(sample: Path, tmp_path: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    bad = [*GOOD_ROWS,
           ["KTRL-XX-01", "2026-K4", "2026-11-10", "Gruppledare", 30, 2, 93.3, "brister", None],  # 4
           ["KTRL-HT-01", "2026-K9", "10/11/2026", "Gruppledar", "trettio", 2, 93.3, "bra", PERSONNUMMER]]  # 5
    sheet = workbook(tmp_path / "resultat.xlsx", bad)
    code, _, err = run(sample, "resultat", str(sheet), capsys=capsys)  # writes the mapping, creates nothing
    code, out, err = run(sample, "resultat", str(sheet), capsys=capsys)
    assert code == 1
    where = "resultat.xlsx, blad Resultat"
    for expected in (f"{where}, rad 4, kolumn A (Egenkontroll): 'KTRL-XX-01' är ingen egenkontroll",
                     f"{where}, rad 5, kolumn B (Period): '2026-K9' är ingen period",
                     f"{where}, rad 5, kolumn C (Genomförd): '10/11/2026' kan vara både",
                     f"{where}, rad 5, kolumn D (Utförd av): texten finns inte bland rollerna",
                     f"{where}, rad 5, kolumn E (Antal granskade): texten i cellen är inget tal",
                     f"{where}, rad 5, kolumn H (Bedömning): texten är inget tillåtet värde",
                     f"{where}, rad 5, kolumn I (Kommentar): cellen innehåller ett personnummer"):
        assert expected in err, expected
    assert PERSONNUMMER not in out + err
    assert "Inget har skapats" in err
    assert not (sample / "results/2025/ktrl-ht-04.md").exists()

    existing = (sample / "results/2026/ktrl-ht-01.md").read_text(encoding="utf-8")
    workbook(sheet, GOOD_ROWS)
    code, out, err = run(sample, "resultat", str(sheet), capsys=capsys)
    assert code == 0, err
    after = (sample / "results/2026/ktrl-ht-01.md").read_text(encoding="utf-8")
    assert after.startswith(existing)  # what the file held is untouched; the new result follows
    assert ":id: RES-KTRL-HT-01-2026-K4" in after[len(existing):]
    assert ":utfall: 93,3" in after[len(existing):]
    made = (sample / "results/2025/ktrl-ht-04.md").read_text(encoding="utf-8")
    assert made.startswith("# Resultat av egenkontroller 2025: ")
    assert ":id: RES-KTRL-HT-04-2025-11" in made and ":enheter: HT" in made  # the control's units
    assert main(["check", "--root", str(sample)]) == 0
    code, out, err = run(sample, "resultat", str(sheet), capsys=capsys)
    assert code == 0 and "RES-KTRL-HT-01-2026-K4 (results/2026/ktrl-ht-01.md); raden hoppas över" in err
    assert (sample / "results/2026/ktrl-ht-01.md").read_text(encoding="utf-8") == after


def test_results_from_a_windows_csv(sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    lines = [";".join(HEADER), "KTRL-HT-04;2025-11;2025-11-12;Gruppledare;12;1;91,7;brister;Ett kvitto saknade datum."]
    sheet = tmp_path / "resultat.csv"
    sheet.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    run(sample, "resultat", str(sheet), capsys=capsys)
    code, out, err = run(sample, "resultat", str(sheet), capsys=capsys)
    assert code == 0, err
    assert "Läste resultat.csv som Windows-1252, semikolon." in err
    made = (sample / "results/2025/ktrl-ht-04.md").read_text(encoding="utf-8")
    assert ":utfall: 91,7" in made and "Ett kvitto saknade datum." in made
    assert main(["check", "--root", str(sample)]) == 0


STATS_BAD = ("Period;Verksamhet;Ärendetyp;Antal;Beskrivning\r\n"
             "2026-K4;HT;Avvikelse;5;\r\n"                     # 2: fine
             "2026-K9;HT;Avvikelse;2;\r\n"                     # 3: no period
             "2026-K4;XX;Fallolycka;x;\r\n"                    # 4: unit, category and count
             f"2026-K4;LSS;Avvikelse;3;{PERSONNUMMER}\r\n"     # 5: a personnummer
             "2026-K4;Hemtjänsten Norrvik;avvikelse;4;\r\n")   # 6: same as row 2 (by name)


def test_statistics_every_bad_row_then_a_file_made_and_extended(sample: Path, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "Ärenden K4.csv"
    sheet.write_bytes(STATS_BAD.encode("cp1252"))
    code, out, err = run(sample, "statistik", str(sheet), capsys=capsys)
    assert code == 1
    where = "Ärenden K4.csv"
    for expected in (f"{where}, rad 3, kolumn A (Period): '2026-K9' är ingen månad eller inget kvartal",
                     f"{where}, rad 4, kolumn B (Verksamhet): texten i cellen är ingen enhet",
                     f"{where}, rad 4, kolumn C (Ärendetyp): texten i cellen är ingen kategori",
                     f"{where}, rad 4, kolumn D (Antal): texten i cellen är inget heltal",
                     f"{where}, rad 5, kolumn E (Beskrivning): cellen innehåller ett personnummer",
                     f"{where}, rad 6, kolumn D (Antal): raden gäller samma period, enhet och kategori som rad 2"):
        assert expected in err, expected
    assert PERSONNUMMER not in out + err
    target = sample / "statistik/arenden-k4.csv"
    assert not target.exists()

    sheet.write_bytes("Period;Verksamhet;Ärendetyp;Antal\r\n2026-K4;HT;Avvikelse;5\r\n2026-10;LSS;lex maria;0\r\n"
                      .encode("cp1252"))
    code, out, err = run(sample, "statistik", str(sheet), capsys=capsys)
    assert code == 0, err
    assert target.read_text(encoding="utf-8") == "Period;Enhet;Kategori;Antal\n2026-K4;HT;Avvikelse;5\n2026-10;LSS;Lex Maria;0\n"
    assert main(["check", "--root", str(sample)]) == 0
    counts = {(c.period.text, c.unit, c.category): c.count
              for c in read_statistics(load_model(sample / "lotsen.yaml"), sample).counts}
    assert counts[("2026-K4", "HT", "avvikelse")] == 5

    # the next export: what is there is skipped, a new row added, a changed count refused
    sheet.write_bytes("Period;Enhet;Kategori;Antal\r\n2026-K4;HT;Avvikelse;5\r\n2026-K4;HT;Synpunkt;2\r\n"
                      .encode("cp1252"))
    code, out, err = run(sample, "statistik", str(sheet), capsys=capsys)
    assert code == 0 and "rad 2: finns redan i statistik/arenden-k4.csv" in err
    assert target.read_text(encoding="utf-8").endswith("2026-10;LSS;Lex Maria;0\n2026-K4;HT;Synpunkt;2\n")
    sheet.write_bytes("Period;Enhet;Kategori;Antal\r\n2026-K4;HT;Avvikelse;6\r\n".encode("cp1252"))
    before = target.read_bytes()
    code, out, err = run(sample, "statistik", str(sheet), capsys=capsys)
    assert code == 1 and "statistik/arenden-k4.csv har redan 2026-K4, HT, Avvikelse med ett annat antal" in err
    assert target.read_bytes() == before


def test_statistics_from_excel(sample: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = Workbook()
    for row in [["Period", "Enhet", "Kategori", "Antal"], ["2026-K4", "BUM", "Klagomål", 3],
                ["2026-K4", "BUM", "Synpunkt", 2.5]]:
        book.active.append(row)
    book.save(tmp_path / "export.xlsx")
    code, out, err = run(sample, "statistik", str(tmp_path / "export.xlsx"), capsys=capsys)
    assert code == 1 and "rad 3, kolumn D (Antal): '2.5' är inget heltal" in err
    book.active.delete_rows(3, 1)
    book.save(tmp_path / "export.xlsx")
    code, out, err = run(sample, "statistik", str(tmp_path / "export.xlsx"), capsys=capsys)
    assert code == 0, err
    assert (sample / "statistik/export.csv").read_text(encoding="utf-8").splitlines()[1] == "2026-K4;BUM;Klagomål;3"
    assert main(["check", "--root", str(sample)]) == 0
