"""Goals and indicators: the status against the target (in the indicator's direction,
with the model's tolerance for "Delvis"), the trend, outcomes from a file and from a
control's results, the checks of the outcome files, the report page and needs.json."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from lotsen.checks.pipeline import check
from lotsen.cli.main import main
from lotsen.errors import ModelError
from lotsen.model import load_model
from lotsen.reports.goals import ACHIEVED, NOT_ACHIEVED, PARTLY, goal_rows, status_of
from lotsen.source.files import content_files

from conftest import REPO, TODAY, copy_sample, make_project, reported, sphinx_build
from html_tables import soup, tables

#: The rules these tests trigger from outcome files (tests/test_rules.py counts them).
GOAL_FILE_RULES = {"goal_values_file", "goal_value", "goal_value_duplicate", "goal_values_personal_data",
                   "goal_value_future"}
PERSONAL = "19850101-1236"  # a valid personnummer for tests (Luhn), never a real person's

GOALS = """# Mål

```{mål} Tryggare hemtjänst
:id: MAL-2026-01
:status: gällande
:ägare: enhetschef_ht
:tidsperiod: 2026
:enheter: HT
```

```{indikator} Utbildade medarbetare
:id: IND-HT-01
:status: gällande
:ägare: enhetschef_ht
:målvärde: 80
:riktning: högre är bättre
:måttenhet: %
:mätperiod: år
:enheter: HT
:bidrar_till: MAL-2026-01
```

```{indikator} Olika personal på 14 dagar
:id: IND-HT-02
:status: gällande
:ägare: enhetschef_ht
:målvärde: 10
:riktning: lägre är bättre
:måttenhet: personer
:mätperiod: kvartal
:tolerans: 2
:enheter: HT
:bidrar_till: MAL-2026-01
```

```{indikator} Kvitterade nycklar
:id: IND-HT-03
:status: gällande
:ägare: enhetschef_ht
:målvärde: 95
:riktning: högre är bättre
:måttenhet: %
:mätperiod: kvartal
:enheter: HT
:bidrar_till: MAL-2026-01
:mäts_med: KTRL-HT-01
```
"""

RESULT = """# Resultat

```{resultat} Nyckelkvittenser, 2026-K3
:id: RES-KTRL-HT-01-2026-K3
:status: klar
:avser: KTRL-HT-01
:tidsperiod: 2026-K3
:genomförd: 2026-09-20
:utförd_av: gruppledare
:enheter: HT
:utfall: 91,5
:bedömning: brister
```
"""

HEADER = "Indikator;Period;Utfall\n"
GOOD = HEADER + "IND-HT-01;2025;70\nIND-HT-01;2026;75,5\nIND-HT-02;2026-K1;13\nIND-HT-02;2026-K2;11\nIND-HT-03;2026-K2;96\n"
PAGE = {"mal.md": "# Mål\n\n```{lotsen-rapport} mal\n```\n"}


def project(tmp_path: Path, files: dict[str, str | bytes], result: bool = True) -> Path:
    extra = {**PAGE, "malen.md": GOALS, **({"resultat.md": RESULT} if result else {})}
    return make_project(tmp_path / "proj", {**extra, **{f"indikatorer/{name}": text for name, text in files.items()}})


def rows_of(root: Path) -> dict[str, tuple]:
    model = load_model(root / "lotsen.yaml")
    checked = check(model, root, content_files(root), dt.date.fromisoformat(TODAY))
    return {r.id: (r.status, r.latest.period.text if r.latest else "", r.latest.text if r.latest else "",
                   r.previous.period.text if r.previous else "", r.trend) for r in goal_rows(checked.index)}


@pytest.mark.parametrize(("value", "target", "direction", "tolerance", "expected"), [
    (80, 80, "higher", 8, ACHIEVED), (95, 80, "higher", 8, ACHIEVED), (72, 80, "higher", 8, PARTLY),
    (71.9, 80, "higher", 8, NOT_ACHIEVED), (10, 10, "lower", 1, ACHIEVED), (11, 10, "lower", 1, PARTLY),
    (11.5, 10, "lower", 1, NOT_ACHIEVED), (3, 10, "lower", 1, ACHIEVED), (0, 0, "lower", 0, ACHIEVED),
])
def test_status_against_the_target(value: float, target: float, direction: str, tolerance: float,
                                   expected: str) -> None:
    assert status_of(value, target, direction, tolerance) == expected


def test_statuses_trends_and_sources_in_a_small_project(tmp_path: Path) -> None:
    root = project(tmp_path, {"utfall.csv": GOOD})
    rows = rows_of(root)
    # 75,5 against 80: 4,5 short, within 10 % of 80 (8); up from 70
    assert rows["IND-HT-01"] == (PARTLY, "2026", "75,5", "2025", "Bättre")
    # 11 against 10 (lower is better), its own tolerance 2; down from 13
    assert rows["IND-HT-02"] == (PARTLY, "2026-K2", "11", "2026-K1", "Bättre")
    # the control's result in K3 (91,5) is the latest; the file gave K2 (96)
    assert rows["IND-HT-03"] == (PARTLY, "2026-K3", "91,5", "2026-K2", "Sämre")
    assert rows["MAL-2026-01"][0] == PARTLY


def test_a_goal_is_achieved_only_when_every_measured_indicator_is(tmp_path: Path) -> None:
    root = project(tmp_path, {"utfall.csv": HEADER + "IND-HT-01;2026;85\nIND-HT-02;2026-K1;9\n"}, result=False)
    rows = rows_of(root)
    assert [rows[i][0] for i in ("IND-HT-01", "IND-HT-02", "IND-HT-03")] == [ACHIEVED, ACHIEVED, "Inget utfall"]
    assert rows["MAL-2026-01"][0] == ACHIEVED
    (root / "indikatorer/utfall.csv").write_text(HEADER + "IND-HT-01;2026;50\nIND-HT-02;2026-K1;20\n", encoding="utf-8")
    assert rows_of(root)["MAL-2026-01"][0] == NOT_ACHIEVED


def test_removing_the_result_takes_its_outcome_away(tmp_path: Path) -> None:
    root = project(tmp_path, {"utfall.csv": GOOD})
    (root / "resultat.md").unlink()
    assert rows_of(root)["IND-HT-03"] == (ACHIEVED, "2026-K2", "96", "", "")


def test_bad_rows_fail_the_build_and_check_naming_file_row_and_column(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = (HEADER + "IND-HT-01;2026;75,5\n"     # 2: fine, decimal comma
           "IND-XX-01;2026;70\n"                # 3: no such indicator
           "IND-HT-01;2026-K7;70\n"             # 4: no period
           "IND-HT-02;2026;12\n"                # 5: a year for a quarterly indicator
           "IND-HT-01;2025;sjuttio\n"           # 6: not a number
           "IND-HT-01;2026;76\n"                # 7: same as row 2
           f"IND-HT-02;{PERSONAL};1\n"          # 8: a personnummer
           "IND-HT-02;2026-K1;12.5\n")          # 9: fine, decimal point
    root = project(tmp_path, {"utfall.csv": bad})
    expected = [("indikatorer/utfall.csv", n, code) for n, code in [
        (3, "goal_value"), (4, "goal_value"), (5, "goal_value"), (6, "goal_value"), (7, "goal_value_duplicate"),
        (8, "goal_values_personal_data")]]
    result = sphinx_build(root)
    assert result.returncode != 0
    assert sorted((r.file, r.line, r.code) for r in reported(result.stderr)) == expected
    assert PERSONAL not in result.stderr + result.stdout
    assert "Rad 5, kolumn B (Period): '2026' passar inte indikatorn IND-HT-02, som mäts per kvartal" in result.stderr
    assert "Rad 6, kolumn C (Utfall): texten i cellen är inget tal" in result.stderr  # a word is not echoed
    assert main(["check", "--root", str(root), "--format", "json"]) == 1
    out = capsys.readouterr().out
    assert sorted((f["file"], f["line"], f["code"]) for f in json.loads(out)) == expected
    assert PERSONAL not in out


def test_a_second_file_and_future_periods_fail_the_build_and_check(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An outcome for the same indicator and period in a second file, and outcomes for
    periods that have not begun (the build date is 2026-11-22): findings, and none of
    them becomes the indicator's latest outcome."""
    root = project(tmp_path, {"utfall.csv": GOOD, "rattelse.csv": HEADER + "IND-HT-01;2026;1,0\n"
                              "IND-HT-02;2027-K1;5\nIND-HT-01;2027;99\nIND-HT-02;2026-K4;9\n"})
    expected = [("indikatorer/rattelse.csv", 3, "goal_value_future"), ("indikatorer/rattelse.csv", 4, "goal_value_future"),
                ("indikatorer/utfall.csv", 3, "goal_value_duplicate")]
    result = sphinx_build(root)
    assert result.returncode != 0
    assert sorted((r.file, r.line, r.code) for r in reported(result.stderr)) == expected
    assert "(IND-HT-01, 2026) som rad 2 i indikatorer/rattelse.csv" in result.stderr
    assert main(["check", "--root", str(root), "--format", "json"]) == 1
    assert sorted((f["file"], f["line"], f["code"]) for f in json.loads(capsys.readouterr().out)) == expected
    rows = rows_of(root)
    assert rows["IND-HT-01"][1:3] == ("2026", "1,0")  # the first file's row; not 2027
    assert rows["IND-HT-02"][1:4] == ("2026-K4", "9", "2026-K2")  # K4 has begun; 2027-K1 has not


def test_a_missing_column_and_free_text_are_findings(tmp_path: Path) -> None:
    root = project(tmp_path, {
        "utan-utfall.csv": "Indikator;Period\nIND-HT-01;2026\n",
        "med-kommentar.csv": HEADER.strip() + ";Kommentar\nIND-HT-01;2026;75;Brukaren klagade\n",
    })
    result = sphinx_build(root)
    assert sorted((r.file, r.line, r.code) for r in reported(result.stderr)) == [
        ("indikatorer/med-kommentar.csv", 2, "goal_values_personal_data"),
        ("indikatorer/utan-utfall.csv", 1, "goal_values_file")]
    assert "klagade" not in result.stderr


def test_an_excel_file_is_read(tmp_path: Path) -> None:
    book = Workbook()
    for row in [["Indikator", "Period", "Utfall"], ["IND-HT-01", "2026", 77.5], ["IND-HT-01", 2025, 70],
                ["IND-HT-02", "2026-K1", "x"]]:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    root = project(tmp_path, {"utfall.xlsx": buffer.getvalue()})
    findings = check(load_model(root / "lotsen.yaml"), root, content_files(root), dt.date.fromisoformat(TODAY)).findings
    assert [(f.file, f.line, f.code) for f in findings] == [("indikatorer/utfall.xlsx", 4, "goal_value")]
    assert rows_of(root)["IND-HT-01"][1:3] == ("2026", "77,5")  # as a Swedish export writes it


def test_the_report_page_exports_and_needs_json(tmp_path: Path) -> None:
    root = project(tmp_path, {"utfall.csv": GOOD})
    result = sphinx_build(root)
    assert result.returncode == 0, result.stderr
    page = root / "_build/html/mal.html"
    table = tables(page)["tabell-mal-2026-01"]
    by_id = {row[0]: row for row in table.rows}
    assert by_id["IND-HT-01"][3:] == ["80", "2026", "75,5", "2025", "70", "Delvis", "Bättre"]
    status_cell = soup(page).select("#tabell-mal-2026-01 tbody tr td.lotsen-soon")
    assert status_cell and status_cell[0].get_text(strip=True) == "Delvis"  # colour besides the word
    svg = soup(page).select("figure.lotsen-stapel svg")
    assert len(svg) == 1 and "IND-HT-01 (%) Föregående 70, Senaste 75,5, Målvärde 80" in svg[0].find("title").get_text()
    exported = (root / "_build/html/mal-mal-2026-01.csv").read_text(encoding="utf-8-sig")
    assert ["IND-HT-02", "personer", "lägre är bättre", "10", "2026-K2", "11", "2026-K1", "13", "Delvis", "Bättre"] in [
        row for row in csv.reader(io.StringIO(exported), delimiter=";")]
    assert (root / "_build/html/mal.xlsx").is_file()
    needs = json.loads((root / "_build/html/needs.json").read_text(encoding="utf-8"))
    found = next(iter(needs["versions"].values()))["needs"]
    assert found["IND-HT-03"]["lotsen_maluppfyllelse"] == "Delvis"
    assert found["IND-HT-03"]["lotsen_senaste_utfall"] == "91,5"
    assert found["MAL-2026-01"]["lotsen_maluppfyllelse"] == "Delvis"


def test_the_sample_has_three_goals_and_their_statuses(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "sample")
    rows = rows_of(root)
    goals = [k for k in rows if k.startswith("MAL-")]
    indicators = [k for k in rows if k.startswith("IND-")]
    assert len(goals) >= 3 and len(indicators) >= 6
    years = {p[:4] for path in (REPO / "indikatorer").glob("*.csv")
             for p in (r["Period"] for r in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")), delimiter=";"))}
    assert {"2025", "2026"} <= years
    statuses = {rows[i][0] for i in indicators}
    assert {ACHIEVED, PARTLY, NOT_ACHIEVED} <= statuses
    # hemtjänstens utbildning: 76 against 80 (within 8), up from 71
    assert rows["IND-HT-01"] == (PARTLY, "2026", "76", "2025", "Bättre")
    # the control KTRL-ALD-01 gives the outcome: 95,0 in 2026-H2 against 90
    assert rows["IND-ALD-01"] == (ACHIEVED, "2026-H2", "95,0", "2026-H1", "Bättre")


def test_a_direction_the_field_does_not_have_is_a_model_error(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj")
    model = root / "lotsen.yaml"
    text = model.read_text(encoding="utf-8")
    model.write_text(text.replace("    higher: högre är bättre", "    higher: högre bättre"), encoding="utf-8")
    with pytest.raises(ModelError) as error:
        load_model(model)
    line = next(i for i, t in enumerate(model.read_text(encoding="utf-8").splitlines(), 1) if "higher:" in t)
    assert [(p.line, "högre bättre" in p.message) for p in error.value.problems] == [(line, True)]


def test_the_management_review_lists_the_indicators_that_missed_their_target(tmp_path: Path) -> None:
    from lotsen.reports.management_review import management_review

    # 85 reaches 80 (higher is better); 20 against 10 (lower is better) misses it
    root = project(tmp_path, {"utfall.csv": HEADER + "IND-HT-01;2026;85\nIND-HT-02;2026-K1;20\n"}, result=False)
    model = load_model(root / "lotsen.yaml")
    index = check(model, root, content_files(root), dt.date.fromisoformat(TODAY)).index
    document = management_review(index, 2026)
    assert document.chapters[-1].title == "Mål och indikatorer"
    unmet = {t.key: t for t in document.tables()}["ej-uppnadda"]
    assert [row[0].id for row in unmet.rows] == ["IND-HT-02"]
    assert ("Indikatorer som inte nådde målet", "1") in document.chapters[0].sections[0].figures
