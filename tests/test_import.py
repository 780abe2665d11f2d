"""`lotsen import`: real-shaped registers (a risk register in Excel, a control plan as a
Windows-1252 semicolon CSV, an action list with dates written every which way) with
bad rows: every bad row reported by sheet, row and column, nothing created until all
rows can be used, the good ones created after correction, never an overwrite, and the
result passes `lotsen check`."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from lotsen.cli.main import main
from lotsen.model import load_model
from lotsen.source.importer.mapping import suggest_target

PERSONNUMMER = "19850101-1236"  # valid check digit: must never be echoed


@pytest.fixture
def org(tmp_path: Path) -> Path:
    dest = tmp_path / "org"
    assert main(["init", str(dest), "--namn", "Socialförvaltningen i Ekby", "--kortnamn", "Ekby",
                 "--enhet", "AO=Äldreomsorg", "--enhet", "HT=Hemtjänst Ekby", "--roll", "enhetschef=Enhetschef",
                 "--roll", "samordnare=Samordnare", "--roll", "usk=Undersköterska", "--no-input"]) == 0
    return dest


def run(org: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["import", *args, "--root", str(org)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def risk_register(path: Path, *, fixed: bool = False) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Risker 2026"
    sheet.append(["Riskanalys äldreomsorgen 2026"])  # a title row above the headers
    sheet.append([])
    sheet.append(["  Risk ", "SANNOLIKHET", "konsekvens", "Riskvärde", "Ansvarig", "Enhet", "Kommentar"])
    sheet.append(["Brukare faller vid förflyttning", 3, 4, 12, "Enhetschef", "Äldreomsorg", "Två personal"])  # 4
    sheet.append(["Läkemedel ges vid fel tid", 2, 3, 6, "enhetschef", "AO", None])  # 5
    sheet.append(["Fel i genomförandeplanen", 2 if fixed else 5, 2, 4 if fixed else 10,
                  "Enhetschef" if fixed else "Enhetchef", "AO",
                  "Fråga enhetschefen" if fixed else f"Gäller {PERSONNUMMER}"])  # 6
    sheet.append(["Nyckel tappas bort" if fixed else None, 2, 2, 4, "samordnare",
                  "HT" if fixed else "Hemtjänsten", None])  # 7
    sheet.append([None] * 7)  # an empty row is no row
    book.save(path)
    return path


def control_plan(path: Path, *, fixed: bool = False) -> Path:
    rows = [
        "Internkontrollplan 2026;;;;;;",
        "Process/rutin/system;Kontrollmoment;Risk;Riskvärde;Kontrollmetod;Kontrollansvarig;Tidpunkt",
        "Förflyttning;Stickprov på förflyttningar;Brukare faller vid förflyttning;12;Stickprov;Enhetschef;mars, oktober",
        "Läkemedel;Granskning av signeringslistor;RISK-AO-02;6;Aktgranskning;enhetschef;Maj",
        "Nycklar;Kontroll av nyckelkvittenser;" + ("Nyckel tappas bort" if fixed else "Nyckel försvinner")
        + ";4;Enkät;" + ("Samordnare" if fixed else "Samordnaren") + ";" + ("sep" if fixed else "Hösten"),
    ]
    path.write_bytes("\r\n".join(rows).encode("cp1252") + b"\r\n")
    return path


def test_headers_as_municipalities_write_them_are_suggested_from_the_model() -> None:
    model = load_model(Path(__file__).resolve().parent.parent / "lotsen.yaml")
    expected = {  # header -> target, by type
        "risk": {"Risk": "rubrik", "  SANNOLIKHET ": "sannolikhet", "Konsekvens": "konsekvens",
                 "Riskvärde": "riskvärde", "Ansvarig": "ägare", "Enhet": "enheter", "Process": "i_process",
                 "Status": "status", "Kommentar": "text", "Färg": "hoppa över"},
        "kontroll": {"Kontrollmoment": "rubrik", "Kontrollmetod": "metod", "Kontrollansvarig": "ansvarig",
                     "Tidpunkt": "månader", "Risk": "kontrollerar", "Process/rutin/system": "text",
                     "Riskvärde": "hoppa över", "Frekvens": "frekvens"},
        "åtgärd": {"Åtgärd": "rubrik", "Ansvarig": "ansvarig", "Klart senast": "klar_senast", "Status": "status",
                   "Enhet": "enheter", "Nr": "id"},
        "rutin": {"Rutin": "rubrik", "Ägare": "ägare", "Enhet": "enheter", "Revideras": "revideras",
                  "Fastställd": "fastställd"},
    }
    for type_name, headers in expected.items():
        for header, target in headers.items():
            assert suggest_target(model, model.types[type_name], header) == target, (type_name, header)


def test_risk_register_every_bad_row_by_sheet_row_and_column_then_created_after_correction(
        org: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = risk_register(tmp_path / "riskregister.xlsx")
    code, out, err = run(org, "risk", str(sheet), capsys=capsys)
    mapping = tmp_path / "riskregister.mappning.yaml"
    assert mapping.is_file() and "förslag" in err
    assert code == 1 and not (org / "risks" / "risk-ao-01.md").exists()
    where = "riskregister.xlsx, blad Risker 2026"
    assert f"{where}, rad 6, kolumn B (SANNOLIKHET): '5' ligger utanför skalan" in err
    assert f"{where}, rad 6, kolumn E (Ansvarig): texten finns inte bland rollerna" in err
    assert "Menar du enhetschef" in err
    assert f"{where}, rad 6, kolumn G (Kommentar): cellen innehåller ett personnummer" in err
    assert f"{where}, rad 7, kolumn F (Enhet): texten finns inte bland enheterna" in err
    assert "Menar du HT" in err
    assert f"{where}, rad 7, kolumn A (Risk): rubriken är tom" in err
    assert not any(f"rad {n}," in err for n in (4, 5)), err
    for text in (out, err, mapping.read_text(encoding="utf-8")):
        assert PERSONNUMMER not in text and "8501011236" not in text and "850101" not in text

    risk_register(sheet, fixed=True)
    code, out, err = run(org, "risk", str(sheet), "--prov", capsys=capsys)
    assert code == 0 and "RISK-AO-01" in out and "RISK-HT-01" in out and "provkörning" in err
    assert not (org / "risks" / "risk-ao-01.md").exists()

    code, out, err = run(org, "risk", str(sheet), capsys=capsys)
    assert code == 0, err
    created = sorted(p.name for p in (org / "risks").glob("risk-*.md"))
    assert created == ["risk-ao-01.md", "risk-ao-02.md", "risk-ao-03.md", "risk-ht-01.md"]
    text = (org / "risks" / "risk-ao-01.md").read_text(encoding="utf-8")
    assert ":sannolikhet: 3" in text and ":konsekvens: 4" in text and ":ägare: enhetschef" in text
    assert ":enheter: AO" in text and ":status: aktiv" in text and "Två personal" in text
    assert "RISK-AO-01" in err and "egenkontroll" in err  # the high risk still needs a control

    before = {p: p.read_bytes() for p in (org / "risks").glob("*.md")}
    code, out, err = run(org, "risk", str(sheet), capsys=capsys)
    assert code == 0
    assert err.count("finns redan") == 4 and "Inget nytt" in err
    assert {p: p.read_bytes() for p in (org / "risks").glob("*.md")} == before


def test_control_plan_from_a_windows_csv_links_the_risks_and_the_result_passes_check(
        org: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    risks = risk_register(tmp_path / "riskregister.xlsx", fixed=True)
    run(org, "risk", str(risks), capsys=capsys)
    assert run(org, "risk", str(risks), capsys=capsys)[0] == 0
    plan = control_plan(tmp_path / "kontrollplan.csv")
    code, out, err = run(org, "kontroll", str(plan), capsys=capsys)
    assert code == 1 and "Windows-1252, semikolon" in err
    assert "kontrollplan.csv, rad 5, kolumn C (Risk): texten är ingen risk som finns" in err
    assert "kontrollplan.csv, rad 5, kolumn F (Kontrollansvarig): texten finns inte bland rollerna" in err
    assert "Menar du samordnare" in err
    assert "kontrollplan.csv, rad 5, kolumn G (Tidpunkt): en av dem är ingen månad" in err
    assert not any(f"rad {n}," in err for n in (3, 4)), err
    assert not (org / "controls" / "ktrl-ao-01.md").exists()

    control_plan(plan, fixed=True)
    code, out, err = run(org, "kontroll", str(plan), capsys=capsys)
    assert code == 0, err
    first = (org / "controls" / "ktrl-ao-01.md").read_text(encoding="utf-8")
    assert ":kontrollerar: RISK-AO-01" in first and ":månader: mar, okt" in first and ":metod: stickprov" in first
    assert ":ansvarig: enhetschef" in first and "**Process/rutin/system**" in first
    third = (org / "controls" / "ktrl-ao-03.md").read_text(encoding="utf-8")
    assert ":kontrollerar: RISK-HT-01" in third and ":ansvarig: samordnare" in third

    assert main(["check", "--root", str(org)]) == 0
    assert "0 fel" in capsys.readouterr().err


def test_dates_written_every_which_way_and_the_ambiguous_one_reported(
        org: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Åtgärder"
    sheet.append(["Åtgärd", "Ansvarig", "Klart senast", "Status", "Enhet"])
    sheet.append(["Ny rutin för nycklar", "Enhetschef", "31/12/2026", "Planerad", "AO"])  # 2
    sheet.append(["Utbildning i förflyttning", "enhetschef", dt.datetime(2026, 12, 31), "pågående", "AO"])  # 3
    sheet.append(["Översyn av larm", "enhetschef", "2026-12-31 00:00:00", "planerad", "HT"])  # 4
    sheet.append(["Genomgång av journaler", "enhetschef", 46387, "planerad", "AO"])  # 5: an Excel day number
    sheet.append(["Nytt schema", "enhetschef", "01/02/2026", "planerad", "AO"])  # 6: 1 Feb or 2 Jan?
    sheet.append(["Städning av förråd", None, "2026-06-30", "planerad", "AO"])  # 7: empty required cell
    sheet.append(["Ny blankett", "enhetschef", "2026-13-01", "Pågående ", "AO"])  # 8
    path = tmp_path / "atgarder.xlsx"
    book.save(path)
    code, out, err = run(org, "åtgärd", str(path), capsys=capsys)
    assert code == 1
    assert "blad Åtgärder, rad 6, kolumn C (Klart senast): '01/02/2026' kan vara både 2026-02-01 och 2026-01-02" in err
    assert "blad Åtgärder, rad 7, kolumn B (Ansvarig): cellen är tom" in err
    assert "blad Åtgärder, rad 8, kolumn C (Klart senast): '2026-13-01' är inget datum" in err
    assert not any(f"rad {n}," in err for n in (2, 3, 4, 5)), err

    book = load_workbook(path)
    book.active["C6"], book.active["B7"], book.active["C8"] = "2026-02-01", "enhetschef", "2026-11-30"
    book.save(path)
    code, out, err = run(org, "åtgärd", str(path), capsys=capsys)
    assert code == 0, err
    files = sorted((org / "actions").glob("atg-*.md"))
    assert len(files) == 7
    dues = [next(line for line in f.read_text(encoding="utf-8").splitlines() if line.startswith(":klar_senast:"))
            for f in files]
    assert dues[:4] == [":klar_senast: 2026-12-31"] * 4
    assert ":status: pågående" in files[6].read_text(encoding="utf-8")
    assert main(["check", "--root", str(org)]) == 0


def test_two_rows_with_the_same_id_and_a_file_that_exists(org: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "risker.csv"
    path.write_text("Nr,Risk,Sannolikhet,Konsekvens,Ägare,Enhet\n"
                    "RISK-AO-07,Fall i duschen,2,2,enhetschef,AO\n"
                    "RISK-AO-07,Brand i köket,1,4,enhetschef,AO\n"
                    "RISK-AO-08,Fel mat,1,1,enhetschef,AO\n", encoding="utf-8")
    code, out, err = run(org, "risk", str(path), capsys=capsys)
    assert code == 1
    assert "risker.csv, rad 3, kolumn A (Nr): raden får samma ID (RISK-AO-07) som rad 2" in err
    # a file where the next object would go is never written over
    (org / "risks" / "risk-ao-08.md").write_text("# Egen anteckning\n\nText.\n", encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace("RISK-AO-07,Brand", "RISK-AO-09,Brand"),
                    encoding="utf-8")
    code, out, err = run(org, "risk", str(path), capsys=capsys)
    assert code == 0, err
    assert "risker.csv, rad 4: filen risks/risk-ao-08.md finns redan" in err
    assert (org / "risks" / "risk-ao-08.md").read_text(encoding="utf-8") == "# Egen anteckning\n\nText.\n"
    assert (org / "risks" / "risk-ao-07.md").is_file() and (org / "risks" / "risk-ao-09.md").is_file()


def test_a_mapping_the_user_got_wrong_is_reported_with_its_lines(org: Path, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    sheet = risk_register(tmp_path / "r.xlsx", fixed=True)
    mapping = tmp_path / "r.mappning.yaml"
    mapping.write_text('typ: risk\nkolumner:\n  "Risk": rubrik\n  "sannolikhet ": sannolikhet\n  "Riskvärdet": riskvärde\n'
                       '  "konsekvens": konsekvensen\nfasta_värden:\n  status: aktiv\n  ägare: ""\n',
                       encoding="utf-8")
    code, out, err = run(org, "risk", str(sheet), capsys=capsys)
    assert code == 1 and "Traceback" not in err
    # a header in another case or with other spaces is the same column
    assert "mappning.yaml:4" not in err
    assert "r.mappning.yaml:5: kolumnen 'Riskvärdet' finns inte i kalkylbladet. Menar du 'Riskvärde'?" in err
    assert "r.mappning.yaml:6: 'konsekvensen' är inget mål för en kolumn" in err and "Menar du 'konsekvens'?" in err
    assert "r.mappning.yaml:9: ägare måste ha ett värde" in err
    assert err.count("ägare måste") == 1 and "ingen kolumn är ägare" not in err, err
    assert not list((org / "risks").glob("risk-*.md"))


@pytest.mark.parametrize("columns", ["kolumner: [1, 2]", "kolumner: Risk", "kolumner:\n  - Risk\n  - Sannolikhet"])
def test_a_kolumner_section_that_is_no_table_is_one_problem(columns: str, org: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    sheet = risk_register(tmp_path / "r.xlsx", fixed=True)
    (tmp_path / "r.mappning.yaml").write_text(f"typ: risk\n{columns}\nfasta_värden:\n  status: aktiv\n",
                                              encoding="utf-8")
    code, out, err = run(org, "risk", str(sheet), capsys=capsys)
    assert code == 1 and "Traceback" not in err
    assert "r.mappning.yaml:2: under kolumner ska varje rad vara" in err
    assert "måste fyllas i" not in err and "ingen kolumn är" not in err, err


def test_a_file_lotsen_cannot_read_is_said_plainly(org: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "register.xlsx"
    bad.write_bytes(b"not a workbook")
    code, out, err = run(org, "risk", str(bad), capsys=capsys)
    assert code == 2 and "går inte att läsa som en Excel-fil" in err and "Traceback" not in err
    assert "BadZipFile" not in err and "Error" not in err
    code, out, err = run(org, "risk", str(tmp_path / "saknas.xlsx"), capsys=capsys)
    assert code == 2 and "finns inte" in err
    code, out, err = run(org, "risk", str(tmp_path / "register.ods"), capsys=capsys)
    assert code == 2


def test_a_list_of_routines_with_what_only_the_mapping_can_give(org: Path, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    book = Workbook()
    sheet = book.active
    sheet.title = "Rutiner"
    sheet.append(["Rutin", "Ägare", "Enhet", "Status", "Fastställd", "Revideras senast"])
    sheet.append(["Nyckelhantering", "Enhetschef", "HT", "Fastställd", dt.datetime(2026, 3, 1), "15/2/2027"])
    sheet.append(["Fallprevention", "enhetschef", "AO", "utkast", None, None])
    path = tmp_path / "rutiner.xlsx"
    book.save(path)
    code, out, err = run(org, "rutin", str(path), capsys=capsys)
    mapping = tmp_path / "rutiner.mappning.yaml"
    # the suggestion leaves the target group to the user, and says so at once
    assert code == 1 and "rutiner.mappning.yaml:" in err and "målgrupp måste ha ett värde" in err
    mapping.write_text(mapping.read_text(encoding="utf-8").replace('"målgrupp": ""', '"målgrupp": "usk"'),
                       encoding="utf-8")
    code, out, err = run(org, "rutin", str(path), capsys=capsys)
    assert code == 1
    assert "rad 2: RUT-HT-001 (Nyckelhantering)" in err and "fastställd_av" in err
    assert "rad 3" not in err.split("Att göra")[0]
    mapping.write_text(mapping.read_text(encoding="utf-8") + '  "fastställd_av": "enhetschef"\n', encoding="utf-8")
    code, out, err = run(org, "rutin", str(path), capsys=capsys)
    assert code == 0, err
    text = (org / "routines" / "ht" / "rut-ht-001.md").read_text(encoding="utf-8")
    assert ":fastställd: 2026-03-01" in text and ":revideras: 2027-02-15" in text and ":målgrupp: usk" in text
    assert ":status: fastställd" in text and ":fastställd_av: enhetschef" in text
    assert (org / "routines" / "ao" / "rut-ao-001.md").is_file()
    # a routine belongs to a process, which no sheet here gives: said as what is left to do
    assert "Att göra efter importen: RUT-HT-001" in err and "process" in err


@pytest.mark.parametrize("kind", ["workbook", "old_workbook", "binary", "nul"])
def test_a_csv_file_that_holds_no_text_is_said_plainly_and_nothing_of_it_shown(
        org: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str) -> None:
    """A workbook or an old .xls under a .csv name, random bytes, a NUL in the text: one
    message saying what the file is and what to do, none of its bytes on the terminal."""
    plan = control_plan(tmp_path / "kontrollplan.csv", fixed=True)
    data = {"workbook": lambda: risk_register(tmp_path / "r.xlsx").read_bytes(),
            "old_workbook": lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(range(256)) * 4,
            "binary": lambda: bytes(range(256)) * 4,
            "nul": lambda: plan.read_bytes().replace(b"Stickprov", b"Stick\x00prov", 1)}[kind]()
    plan.write_bytes(data)
    before = sorted(p.relative_to(org) for p in org.rglob("*"))
    code, out, err = run(org, "kontroll", str(plan), capsys=capsys)
    assert code == 2
    assert err.startswith("kontrollplan.csv går inte att läsa: ") and "Spara kalkylbladet som .xlsx" in err
    assert "Traceback" not in err and not any(ch in err for ch in "\x00\x01\x02\x1b\ufffd")
    assert sorted(p.relative_to(org) for p in org.rglob("*")) == before


@pytest.mark.parametrize("saved", ["utf-16", "cr"])
def test_a_csv_file_saved_as_unicode_text_or_with_old_mac_line_ends_reads_as_the_same_rows(
        org: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], saved: str) -> None:
    """Excel's "Unicode text" (UTF-16, tabs) and CR alone between lines: the same
    findings, row for row, as the Windows-1252 semicolon file."""
    plan = control_plan(tmp_path / "kontrollplan.csv")
    code, _, want = run(org, "kontroll", str(plan), capsys=capsys)
    text = plan.read_bytes().decode("cp1252")
    other = tmp_path / "annan" / "kontrollplan.csv"
    other.parent.mkdir()
    other.write_bytes(text.replace(";", "\t").encode("utf-16") if saved == "utf-16"
                      else text.replace("\r\n", "\r").replace("\n", "\r").encode("cp1252"))
    for mapping in tmp_path.glob("kontrollplan*mappning*"):  # the suggested mapping, as the first run wrote it
        mapping.rename(other.parent / mapping.name)
    got_code, _, got = run(org, "kontroll", str(other), capsys=capsys)
    assert got_code == code == 1
    def rows(err: str) -> list[str]:
        return sorted(line for line in err.splitlines() if "kontrollplan.csv, rad" in line)
    assert rows(got) == rows(want) and rows(want)
