"""The quality year: results of controls in the årshjul and on each control's card,
counted independently from the sources; decimal numbers read and shown the Swedish way."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest

from lotsen.numbers import parse_number, parse_unit_figures, show_number
from lotsen.periods import parse_period
from lotsen.site.result_history import chart

from conftest import REPO, TODAY, make_project, sphinx_build
from html_tables import soup, tables

MONTHS = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
NAMES = ["Januari", "Februari", "Mars", "April", "Maj", "Juni", "Juli", "Augusti", "September", "Oktober",
         "November", "December"]
GRACE_DAYS = 30  # results.grace_days in lotsen.yaml


def _blocks(path: Path, directive: str) -> list[dict[str, str]]:
    """Each ``{directive}`` block's options, read with a plain regex (not Lotsen's scanner)."""
    text = path.read_text(encoding="utf-8")
    found = []
    for block in re.findall(r"```\{" + directive + r"\}[^\n]*\n(.*?)\n```", text, re.S):
        found.append(dict(re.findall(r"^:([^:\s]+): ?(.*)$", block, re.M)))
    return found


def _months_of(period: str) -> set[int]:
    """Independent of lotsen.periods: 2026-03, 2026-K2, 2026-H1, 2026."""
    if re.fullmatch(r"\d{4}-\d{2}", period):
        return {int(period[5:])}
    if "-K" in period:
        q = int(period[-1])
        return {3 * q - 2, 3 * q - 1, 3 * q}
    if "-H" in period:
        return set(range(1, 7)) if period.endswith("1") else set(range(7, 13))
    return set(range(1, 13))


def expected_wheel(root: Path, today: dt.date) -> dict[tuple[int, str], str]:
    """(month, control) -> Planerad / Genomförd / Ej genomförd, from the source files."""
    controls = {o["id"]: [MONTHS.index(m.strip()) + 1 for m in o.get("månader", "").split(",") if m.strip()]
                for f in (root / "controls").glob("*.md") for o in _blocks(f, "kontroll")}
    done: set[tuple[int, str]] = set()
    for f in (root / "results").rglob("*.md"):
        for o in _blocks(f, "resultat"):
            if o["status"] != "utkast" and o["tidsperiod"].startswith(str(today.year)):
                done |= {(m, o["avser"]) for m in _months_of(o["tidsperiod"])}
    states = {}
    for cid, months in controls.items():
        for m in months:
            end = dt.date(today.year, m, calendar.monthrange(today.year, m)[1])
            states[(m, cid)] = ("Genomförd" if (m, cid) in done else
                                "Ej genomförd" if today > end + dt.timedelta(days=GRACE_DAYS) else "Planerad")
    return states


def test_sample_has_results_with_shortcomings_and_one_not_done() -> None:
    states = Counter(expected_wheel(REPO, dt.date.fromisoformat(TODAY)).values())
    assert states["Genomförd"] >= 30 and states["Ej genomförd"] == 1 and states["Planerad"] >= 1
    assessments = Counter(o["bedömning"] for f in (REPO / "results").rglob("*.md") for o in _blocks(f, "resultat"))
    assert assessments["brister"] >= 2 and assessments["allvarliga brister"] >= 1


def test_annual_wheel_counts_match_the_sources(site: Path) -> None:
    expected = expected_wheel(REPO, dt.date.fromisoformat(TODAY))
    page = tables(site / "docs/kvalitet/arshjul.html")
    wheel = page["tabell-arshjul"]
    state = wheel.header.index("Läge")
    got = {(NAMES.index(row[0].replace(" (denna månad)", "")) + 1, links[1][0]): row[state]
           for row, links in zip(wheel.rows, wheel.links)}
    assert got == expected
    per_month = page["tabell-per-manad"]
    for row in per_month.rows:
        month = NAMES.index(row[0]) + 1
        counts = Counter(s for (m, _), s in expected.items() if m == month)
        assert row[1:] == [str(counts["Planerad"]), str(counts["Genomförd"]), str(counts["Ej genomförd"])], row
    figures = [li.get_text(" ", strip=True) for li in soup(site / "docs/kvalitet/arshjul.html").select(".lotsen-figures li")]
    totals = Counter(expected.values())
    assert f"Genomförda: {totals['Genomförd']}" in figures
    assert f"Ej genomförda: {totals['Ej genomförd']}" in figures


def test_a_result_shows_its_decimals_with_a_comma(site: Path) -> None:
    card = (site / "results/2026/ktrl-ht-01.html").read_text(encoding="utf-8")
    assert "<dd>91,5</dd>" in card
    control = tables(site / "controls/ht.html")["tabell-resultat-ktrl-ht-01"]
    assert control.rows[0][control.header.index("Andel granskade utan brister (%)")] == "91,5"
    for page in site.rglob("*.html"):
        assert "91, 5" not in page.read_text(encoding="utf-8"), page


def test_control_card_has_a_trend_chart_with_the_figures_in_its_title(site: Path) -> None:
    page = soup(site / "controls/ht.html")
    svg = page.select_one("#resultat-ktrl-ht-01 svg")
    assert svg is not None and svg["role"] == "img"
    title = svg.find("title").get_text()
    table = tables(site / "controls/ht.html")["tabell-resultat-ktrl-ht-01"]
    for row in table.rows:
        assert f"{row[0]} {row[5]}" in title
    assert len(svg.select("circle")) == len(table.rows)


RESULTS = """# Resultat

```{{resultat}} Nyckelkvittenser, mars
:id: RES-KTRL-HT-01-2026-03
:status: klar
:avser: KTRL-HT-01
:tidsperiod: 2026-03
:genomförd: 2026-03-12
:utförd_av: gruppledare
:enheter: HT
:utfall: 91,5
:bedömning: utan anmärkning
```
{june}"""
JUNE = """
```{resultat} Nyckelkvittenser, juni
:id: RES-KTRL-HT-01-2026-06
:status: klar
:avser: KTRL-HT-01
:tidsperiod: 2026-06
:genomförd: 2026-06-20
:utförd_av: gruppledare
:enheter: HT
:utfall: 80.25
:bedömning: brister
```
"""


def _wheel_states(root: Path) -> dict[str, str]:
    wheel = tables(root / "_build/html/hjul.html")["tabell-arshjul"]
    state = wheel.header.index("Läge")
    return {row[0].replace(" (denna månad)", ""): row[state] for row in wheel.rows}


def test_removing_a_result_turns_its_month_to_not_done(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj", {
        "hjul.md": "# H\n\n```{lotsen-rapport} arshjul\n```\n", "resultat.md": RESULTS.format(june=JUNE)})
    result = sphinx_build(root)
    assert result.returncode == 0, result.stderr
    # the base's KTRL-HT-01 runs mar, jun, sep, dec; built 2026-11-22 with 30 days' grace
    assert _wheel_states(root) == {"Mars": "Genomförd", "Juni": "Genomförd", "September": "Ej genomförd",
                                   "December": "Planerad"}
    assert "80,25" in (root / "_build/html/resultat.html").read_text(encoding="utf-8")
    (root / "resultat.md").write_text(RESULTS.format(june=""), encoding="utf-8")
    result = sphinx_build(root)  # incremental: the report page itself did not change
    assert result.returncode == 0, result.stderr
    assert _wheel_states(root)["Juni"] == "Ej genomförd"
    assert _wheel_states(root)["Mars"] == "Genomförd"


def test_decimal_numbers_are_read_with_comma_or_point() -> None:
    assert parse_number("91,5") == parse_number("91.5") == 91.5
    assert parse_number("91") == 91.0
    assert parse_number("91, 5") is None and parse_number("nittio") is None and parse_number("1,2,3") is None
    assert show_number("91,0") == "91,0" and show_number("91.5") == "91,5" and show_number(2.0) == "2"
    assert show_number(33.333) == "33,33"
    assert parse_unit_figures("HT: 88,0; LSS: 95.5") == [("HT", "88,0"), ("LSS", "95.5")]
    assert parse_unit_figures("HT 88,0") is None


@pytest.mark.parametrize(("text", "months"), [
    ("2026-03", [3]), ("2026-K2", [4, 5, 6]), ("2026-H2", list(range(7, 13))), ("2026", list(range(1, 13)))])
def test_periods(text: str, months: list[int]) -> None:
    period = parse_period(text)
    assert period is not None and list(period.months) == months and period.year == 2026


@pytest.mark.parametrize("text", ["2026-13", "2026-K5", "mars 2026", "26-03", "2026-H3", ""])
def test_not_periods(text: str) -> None:
    assert parse_period(text) is None


def test_chart_scales_percentages_to_a_hundred() -> None:
    drawn = chart([("2026-K1", 50.0, "50,0"), ("2026-K2", 100.0, "100")])
    assert drawn is not None and drawn["high"] == "100"
    first, second = drawn["dots"]
    assert first["y"] > second["y"] and second["y"] == drawn["top"]
    assert chart([]) is None


def test_a_repealed_requirement_names_its_replacement_and_leaves_the_gate(tmp_path: Path) -> None:
    fixture = (REPO / "tests/fixtures/rules/link_to_repealed.md").read_text(encoding="utf-8")
    root = make_project(tmp_path / "proj", {"regel.md": fixture}, gates=True)
    result = sphinx_build(root)
    assert result.returncode != 0
    [message] = [line for line in result.stderr.splitlines() if "[lotsen.link_to_repealed]" in line]
    assert message.startswith("regel.md:23:") and "ersatts av KRAV-SOSFS-4-4" in message
    assert "Processen PROC-HT-DOK" in message
    # the repealed krav is covered by nothing in force, yet the requirements gate holds
    assert "[lotsen.coverage_gate]" not in result.stderr
    page = (root / "_build/html/regel.html").read_text(encoding="utf-8")
    assert "Kravet gäller inte längre. Följ det inte." in page and "Rutinen gäller" not in page
    # a krav whose last day has passed is repealed too, status or not
    dated = fixture.replace(":status: upphävd\n", ":status: gällande\n")
    (root / "regel.md").write_text(dated, encoding="utf-8")
    result = sphinx_build(root, today="2025-06-30")
    assert "[lotsen.link_to_repealed]" not in result.stderr
    result = sphinx_build(root)
    assert "[lotsen.link_to_repealed]" in result.stderr


def test_needs_json_carries_risk_scores_and_each_controls_latest_result(needs: dict[str, dict]) -> None:
    for need in needs.values():
        if need["type"] == "risk":
            assert need["lotsen_riskvarde"] == str(int(need["sannolikhet"]) * int(need["konsekvens"])), need["id"]
            assert need["lotsen_riskniva"]
    latest: dict[str, tuple[str, str]] = {}
    for f in (REPO / "results").rglob("*.md"):
        for o in _blocks(f, "resultat"):
            if o["status"] != "utkast":
                key = (max(_months_of(o["tidsperiod"])), o["id"])
                if o["avser"] not in latest or key > latest[o["avser"]]:
                    latest[o["avser"]] = key
    controls = [n for n in needs.values() if n["type"] == "kontroll"]
    assert controls and all(c["id"] in latest for c in controls)
    for control in controls:
        assert control["lotsen_senaste_resultat"] == latest[control["id"]][1], control["id"]


def test_the_sample_has_three_external_reviews_with_what_they_led_to(needs: dict[str, dict], site: Path) -> None:
    reviews = [n for n in needs.values() if n["type"] == "granskning"]
    assert len(reviews) >= 3
    assert len({r["granskare"] for r in reviews}) == len(reviews)
    led = [r for r in reviews if r["ledde_till"]]
    assert led
    action = needs[led[0]["ledde_till"][0]]
    card = soup(site / f"{action['docname']}.html").find(id=action["id"])
    assert led[0]["id"] in card.get_text(" ")


def test_a_link_type_may_not_share_a_fields_name(tmp_path: Path) -> None:
    from lotsen.errors import ModelError
    from lotsen.model import load_model

    text = (REPO / "lotsen.yaml").read_text(encoding="utf-8").replace("\n  granskat:\n", "\n  granskade:\n", 1)
    path = tmp_path / "lotsen.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ModelError) as caught:
        load_model(path)
    assert any("både ett fält och en länktyp" in p.message for p in caught.value.problems)
