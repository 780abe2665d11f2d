"""The rules across the year's data and on each result's values, by kind, with the near
misses that must not be reported: the same period for another unit, a month in another
year's quarter, a result for the period going on now (checks/year_data.py,
checks/results.py, checks/result_values.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lotsen.checks.pipeline import check
from lotsen.model import load_model
from lotsen.source.files import content_files
from test_goals import GOALS  # the goal and indicators the goal tests read outcomes against

from conftest import TODAY, make_project

CODES = {"statistics_duplicate", "statistics_overlap", "statistics_future", "goal_value_duplicate",
         "goal_value_future", "result_duplicate", "result_sample", "result_outcome", "result_done_early",
         "result_id_period", "result_file_year"}
HEADER = "Period;Enhet;Kategori;Antal\n"


def found(tmp_path: Path, files: dict[str, str], today: str = TODAY) -> list[tuple[str, int, str, str]]:
    """(file, line, code, message) of each finding of these rules, in order."""
    root = make_project(tmp_path / "proj", files)
    checked = check(load_model(root / "lotsen.yaml"), root, content_files(root), dt.date.fromisoformat(today))
    return sorted((f.file, f.line, f.code, f.text()) for f in checked.findings if f.code in CODES)


def codes(tmp_path: Path, files: dict[str, str], today: str = TODAY) -> list[tuple[str, int, str]]:
    return [(file, line, code) for file, line, code, _ in found(tmp_path, files, today)]


# --- case statistics ------------------------------------------------------------------

@pytest.mark.parametrize(("a", "b", "expected"), [
    # the same row in two files: on the later file's row
    ("2026-K1;HT;Avvikelse;4", "2026-K1;HT;Avvikelse;4", [("statistik/b.csv", 2, "statistics_duplicate")]),
    # with another count too, and by the category's code and the unit's name
    ("2026-K1;HT;Avvikelse;4", "2026-K1;Hemtjänsten Norrvik;avvikelse;5",
     [("statistik/b.csv", 2, "statistics_duplicate")]),
    # a month of a quarter that has a row, either way round
    ("2026-K1;HT;Avvikelse;4", "2026-03;HT;Avvikelse;1", [("statistik/b.csv", 2, "statistics_overlap")]),
    ("2026-03;HT;Avvikelse;1", "2026-K1;HT;Avvikelse;4", [("statistik/b.csv", 2, "statistics_overlap")]),
    # near misses: another unit, another category, another year's quarter, the next quarter
    ("2026-K1;HT;Avvikelse;4", "2026-K1;LSS;Avvikelse;4", []),
    ("2026-K1;HT;Avvikelse;4", "2026-K1;HT;Klagomål;4", []),
    ("2026-K1;HT;Avvikelse;4", "2025-02;HT;Avvikelse;4", []),
    ("2026-K1;HT;Avvikelse;4", "2026-04;HT;Avvikelse;4", []),
    ("2026-01;HT;Avvikelse;4", "2026-02;HT;Avvikelse;4", []),
])
def test_statistics_across_files(tmp_path: Path, a: str, b: str, expected: list) -> None:
    assert codes(tmp_path, {"statistik/a.csv": HEADER + a + "\n", "statistik/b.csv": HEADER + b + "\n"}) == expected


def test_a_quarter_over_three_months_is_one_finding_naming_the_first_month(tmp_path: Path) -> None:
    months = HEADER + "2026-01;HT;Avvikelse;3\n2026-02;HT;Avvikelse;4\n2026-03;HT;Avvikelse;5\n"
    got = found(tmp_path, {"statistik/a.csv": months, "statistik/b.csv": HEADER + "2026-K1;HT;Avvikelse;12\n"})
    assert [(f, line, code) for f, line, code, _ in got] == [("statistik/b.csv", 2, "statistics_overlap")]
    assert "rad 2 i statistik/a.csv" in got[0][3] and "månaden 2026-01" in got[0][3]


def test_an_overlap_in_one_file_names_the_row_only(tmp_path: Path) -> None:
    got = found(tmp_path, {"statistik/a.csv": HEADER + "2026-K2;HT;Avvikelse;9\n2026-05;HT;Avvikelse;2\n"})
    assert [(f, line, code) for f, line, code, _ in got] == [("statistik/a.csv", 3, "statistics_overlap")]
    assert "överlappar rad 2, som gäller kvartalet 2026-K2" in got[0][3]
    assert "Åtgärd:" in got[0][3]


@pytest.mark.parametrize(("period", "reported"), [
    ("2026-K4", False), ("2026-11", False), ("2026-K1", False),  # begun, or over
    ("2026-12", True), ("2027-K1", True), ("2027-01", True), ("2062-K3", True),
])
def test_statistics_for_a_period_that_has_not_begun(tmp_path: Path, period: str, reported: bool) -> None:
    got = codes(tmp_path, {"statistik/a.csv": f"{HEADER}{period};HT;Avvikelse;4\n"})
    assert got == ([("statistik/a.csv", 2, "statistics_future")] if reported else [])


def test_a_future_row_is_not_also_a_duplicate(tmp_path: Path) -> None:
    rows = HEADER + "2027-K1;HT;Avvikelse;4\n"
    assert codes(tmp_path, {"statistik/a.csv": rows, "statistik/b.csv": rows}) == [
        ("statistik/a.csv", 2, "statistics_future"), ("statistik/b.csv", 2, "statistics_future")]


# --- indicators' outcomes -------------------------------------------------------------

OUTCOMES = "Indikator;Period;Utfall\n"


@pytest.mark.parametrize(("a", "b", "expected"), [
    ("IND-HT-01;2026;70", "IND-HT-01;2026;71", [("indikatorer/b.csv", 2, "goal_value_duplicate")]),
    ("IND-HT-02;2026-K2;7", "IND-HT-02;2026-K2;7", [("indikatorer/b.csv", 2, "goal_value_duplicate")]),
    # near misses: another indicator, another period, another year
    ("IND-HT-01;2026;70", "IND-HT-02;2026-K1;7", []),
    ("IND-HT-02;2026-K1;7", "IND-HT-02;2026-K2;7", []),
    ("IND-HT-01;2025;70", "IND-HT-01;2026;70", []),
])
def test_outcomes_across_files(tmp_path: Path, a: str, b: str, expected: list) -> None:
    files = {"malen.md": GOALS, "indikatorer/a.csv": OUTCOMES + a + "\n", "indikatorer/b.csv": OUTCOMES + b + "\n"}
    assert codes(tmp_path, files) == expected


@pytest.mark.parametrize(("row", "reported"), [
    ("IND-HT-01;2026;70", False), ("IND-HT-02;2026-K4;7", False),  # going on now
    ("IND-HT-01;2027;70", True), ("IND-HT-02;2027-K1;7", True), ("IND-HT-02;2026-K4;7", True),
])
def test_outcomes_for_a_period_that_has_not_begun(tmp_path: Path, row: str, reported: bool) -> None:
    today = "2026-09-30" if row == "IND-HT-02;2026-K4;7" and reported else TODAY
    got = codes(tmp_path, {"malen.md": GOALS, "indikatorer/a.csv": OUTCOMES + row + "\n"}, today)
    assert got == ([("indikatorer/a.csv", 2, "goal_value_future")] if reported else [])


# --- results of controls --------------------------------------------------------------

CONTROL = """# Kontroll

```{kontroll} Genomförandeplaner
:id: KTRL-HT-02
:status: aktiv
:metod: aktgranskning
:frekvens: månadsvis
:månader: jan, feb, mar, apr, maj, jun, jul, aug, sep, okt, nov, dec
:ansvarig: enhetschef_ht
:mått: Andel planer utan brister (%)
:kontrollerar: RISK-HT-01
```

```{kontroll} Väntetid
:id: KTRL-HT-03
:status: aktiv
:metod: registeruppföljning
:frekvens: månadsvis
:månader: jan, feb, mar, apr, maj, jun, jul, aug, sep, okt, nov, dec
:ansvarig: enhetschef_ht
:mått: Dagar i snitt
:kontrollerar: RISK-HT-01
```
"""


def result(period: str, *, control: str = "KTRL-HT-02", id_: str = "", done: str = "", status: str = "klar",
           extra: str = "") -> str:
    id_ = id_ or f"RES-{control}-{period}"
    done = done or dt.date.fromisoformat(f"{period[:4]}-{_last_month(period):02d}-10").isoformat()
    return (f"\n```{{resultat}} Resultat {period}\n:id: {id_}\n:status: {status}\n:avser: {control}\n"
            f":tidsperiod: {period}\n:genomförd: {done}\n:utförd_av: gruppledare\n:enheter: HT\n{extra}"
            ":bedömning: utan anmärkning\n```\n")


def _last_month(period: str) -> int:
    from lotsen.periods import parse_period

    parsed = parse_period(period)
    assert parsed is not None
    return parsed.last


def results(tmp_path: Path, *blocks: str, name: str = "resultat.md", today: str = TODAY) -> list:
    return found(tmp_path, {"kontroller.md": CONTROL, name: "# Resultat\n" + "".join(blocks)}, today)


def result_codes(tmp_path: Path, *blocks: str, name: str = "resultat.md") -> list[str]:
    return [code for _, _, code, _ in results(tmp_path, *blocks, name=name)]


@pytest.mark.parametrize(("blocks", "expected"), [
    ((result("2026-03"), result("2026-03", id_="RES-KTRL-HT-02-2026-03-B")), ["result_duplicate"]),
    ((result("2026-K3"), result("2026-09")), ["result_duplicate"]),    # a month of a quarter with a result
    ((result("2026-09"), result("2026-K3")), ["result_duplicate"]),    # and the reverse: one finding
    ((result("2026-07"), result("2026-08"), result("2026-K3")), ["result_duplicate"]),
    ((result("2026-H2"), result("2026")), ["result_duplicate"]),
    # near misses: the next month, another year, another control, a draft
    ((result("2026-09"), result("2026-10")), []),
    ((result("2025-09"), result("2026-09")), []),
    ((result("2026-09"), result("2026-09", control="KTRL-HT-03")), []),
    ((result("2026-09"), result("2026-09", id_="RES-KTRL-HT-02-2026-09-B", status="utkast")), []),
])
def test_two_results_of_a_control_for_one_period(tmp_path: Path, blocks: tuple[str, ...], expected: list) -> None:
    assert result_codes(tmp_path, *blocks) == expected


def test_the_duplicate_is_reported_on_the_later_result_naming_the_first(tmp_path: Path) -> None:
    got = results(tmp_path, result("2026-K3"), result("2026-09"))
    assert [(line, code) for _, line, code, _ in got] == [(18, "result_duplicate")]  # the later one's period
    assert "RES-KTRL-HT-02-2026-K3 gäller redan KTRL-HT-02 för kvartalet 2026-K3" in got[0][3]


@pytest.mark.parametrize(("extra", "expected"), [
    (":granskade: -3\n", ["result_sample"]),
    (":granskade: 2,5\n", ["result_sample"]),
    (":med_brister: -1\n", ["result_sample"]),
    (":granskade: 20\n:med_brister: 30\n", ["result_sample"]),
    (":granskade: -3\n:med_brister: 25\n", ["result_sample"]),  # one mistake: the sample
    (":granskade: 20\n:med_brister: 20\n", []),
    (":granskade: 0\n:med_brister: 0\n", []),
    (":utfall: -5\n", ["result_outcome"]),
    (":utfall: 100,5\n", ["result_outcome"]),  # a share in percent
    (":utfall: 100\n", []),
    (":utfall: 0\n", []),
    (":utfall_per_enhet: HT: 88,0; LSS: 101\n", ["result_outcome"]),
    (":utfall_per_enhet: HT: -1; LSS: 101\n", ["result_outcome", "result_outcome"]),
    (":utfall_per_enhet: HT: 88,0; LSS: 95,5\n", []),
])
def test_values_a_result_cannot_have(tmp_path: Path, extra: str, expected: list) -> None:
    assert result_codes(tmp_path, result("2026-09", extra=extra)) == expected


def test_an_outcome_above_100_is_fine_when_the_control_measures_no_share(tmp_path: Path) -> None:
    assert result_codes(tmp_path, result("2026-09", control="KTRL-HT-03", extra=":utfall: 140\n")) == []
    assert result_codes(tmp_path, result("2026-09", control="KTRL-HT-03", extra=":utfall: -1\n")) == ["result_outcome"]


@pytest.mark.parametrize(("period", "done", "reported"), [
    ("2026-09", "2026-03-10", True),
    ("2026-09", "2026-07-31", True),
    ("2026-09", "2026-08-01", False),  # within the period before
    ("2026-09", "2026-09-30", False),
    ("2026-K3", "2026-04-01", False),
    ("2026-K3", "2026-03-31", True),
    ("2026", "2025-01-01", False),
    ("2026", "2024-12-31", True),
])
def test_a_result_done_long_before_its_period(tmp_path: Path, period: str, done: str, reported: bool) -> None:
    got = results(tmp_path, result(period, done=done))
    assert [code for _, _, code, _ in got] == (["result_done_early"] if reported else [])


@pytest.mark.parametrize(("id_", "period", "reported"), [
    ("RES-KTRL-HT-02-2026-H2", "2026-K3", True),
    ("RES-KTRL-HT-02-2026-K4", "2026-10", True),
    ("RES-KTRL-HT-02-2025-10", "2026-10", True),
    ("RES-KTRL-HT-02-2025", "2026-10", True),
    ("RES-KTRL-HT-02-2026-10", "2026-10", False),
    ("RES-KTRL-HT-02-2026", "2026-10", False),  # numbered as `lotsen new` does: the year alone
    ("RES-KTRL-HT-02-2026-K3", "2026-K3", False),
])
def test_an_id_that_names_another_period(tmp_path: Path, id_: str, period: str, reported: bool) -> None:
    got = results(tmp_path, result(period, id_=id_))
    assert [code for _, _, code, _ in got] == (["result_id_period"] if reported else [])
    if reported:
        # the model declares no convention for the ID: a 'varning', unless it says otherwise
        assert load_model(tmp_path / "proj" / "lotsen.yaml").severity_of("result_id_period") == "varning"


@pytest.mark.parametrize(("name", "period", "reported"), [
    ("results/2026/ktrl-ht-02.md", "2025-12", True),
    ("results/2025/ktrl-ht-02.md", "2026-01", True),
    ("results/2026/ktrl-ht-02.md", "2026-12", False),
    ("results/2026/ktrl-ht-02.md", "2026-11", False),
    ("resultat-2026.md", "2025-12", False),  # not a file the model names for a year
    ("results/2026/ht.md", "2025-12", False),  # a file of the unit's, not the control's
    ("results/2026/ktrl-ht-03.md", "2025-12", False),  # another control's file
])
def test_a_result_in_another_years_file(tmp_path: Path, name: str, period: str, reported: bool) -> None:
    got = results(tmp_path, result(period, id_=f"RES-KTRL-HT-02-{period[:4]}"), name=name)
    assert [code for _, _, code, _ in got] == (["result_file_year"] if reported else [])
    if reported:
        assert f"results/{period[:4]}/ktrl-ht-02.md" in got[0][3]


def test_a_wrong_period_in_the_right_file_is_said_once(tmp_path: Path) -> None:
    """A period typed wrong, with the ID and the file right: one finding, by the ID."""
    got = results(tmp_path, result("2025-12", id_="RES-KTRL-HT-02-2026-12"), name="results/2026/ktrl-ht-02.md")
    assert [code for _, _, code, _ in got] == ["result_id_period"]


def test_the_sample_project_has_none_of_these(tmp_path: Path) -> None:
    from conftest import copy_sample

    root = copy_sample(tmp_path / "s")
    checked = check(load_model(root / "lotsen.yaml"), root, content_files(root), dt.date.fromisoformat(TODAY))
    assert [f for f in checked.findings if f.code in CODES] == []
