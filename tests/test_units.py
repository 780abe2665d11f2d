"""The organisation as a tree: förvaltning → avdelning → enhet in lotsen.yaml, targeting
that follows the tree, roll-ups per unit in the reports, and a page per unit."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from lotsen.checks.pipeline import scan_files
from lotsen.cli.main import main
from lotsen.errors import ModelError
from lotsen.model import load_model
from lotsen.source.files import content_files
from lotsen.source.index import ObjectIndex

from conftest import REPO, TODAY

SAMPLE = load_model(REPO / "lotsen.yaml")


def _units_replaced(tmp_path: Path, units: str) -> Path:
    """The sample's model with its 'units' section replaced."""
    text = (REPO / "lotsen.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?ms)^units:\n.*?(?=^\S)", units.rstrip("\n") + "\n\n", text, count=1)
    path = tmp_path / "lotsen.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _line(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line)


# --------------------------------------------------------------------------- the model
def test_the_samples_units_form_a_tree_of_three_levels() -> None:
    tree = SAMPLE.unit_tree
    rows = tree.rows_in_tree_order()
    assert max(depth for _, depth in rows) >= 2
    kinds = [u.kind for u, _ in rows]
    assert kinds.count("förvaltning") == 1 and kinds.count("avdelning") >= 3
    assert sum(1 for u, _ in rows if tree.is_leaf(u.code)) >= 8
    # tree order: each unit comes after its parent, and its units right after it
    codes = [u.code for u, _ in rows]
    for unit, depth in rows:
        if unit.parent:
            assert codes.index(unit.parent) < codes.index(unit.code)
            assert depth == tree.depth(unit.parent) + 1
    for code in codes:
        below = tree.descendants(code)
        assert codes[codes.index(code) + 1: codes.index(code) + 1 + len(below)] == below
    assert tree.ancestors("HT") == ["ALD", "GEM"]
    assert set(tree.descendants("ALD")) == {c for c in codes if tree[c].parent == "ALD"}
    # the flat name table everyone else reads holds every unit of the tree
    assert list(SAMPLE.units) == codes


def test_a_flat_list_and_units_placed_by_parent_are_still_valid(tmp_path: Path) -> None:
    flat = load_model(_units_replaced(tmp_path, "units:\n  GEM: Gemensamt\n  HT: Hemtjänsten\n  LSS: LSS\n"
                                                "  BUM: Barn\n  EKB: Bistånd\n"))
    assert list(flat.units) == ["GEM", "HT", "LSS", "BUM", "EKB"] and all(not u.parent for u in flat.unit_tree.units.values())
    by_parent = load_model(_units_replaced(tmp_path, "units:\n  HT: {name: Hemtjänsten, parent: ALD}\n"
                                                     "  GEM: {name: Förvaltningen, kind: förvaltning}\n"
                                                     "  ALD: {name: Äldreomsorg, kind: avdelning, parent: GEM}\n"
                                                     "  LSS: LSS\n  BUM: Barn\n  EKB: Bistånd\n"))
    assert by_parent.unit_tree.ancestors("HT") == ["ALD", "GEM"]
    assert list(by_parent.units)[:3] == ["GEM", "ALD", "HT"]


def test_a_missing_parent_a_cycle_and_a_code_at_two_places_are_all_reported_at_their_lines(tmp_path: Path) -> None:
    path = _units_replaced(tmp_path, """units:
  GEM:
    name: Förvaltningen
    units:
      HT: Hemtjänsten
      LSS: LSS gruppbostad
  BUM: {name: Barn och unga, parent: IFO}
  AAA: {name: Första, parent: BBB}
  BBB: {name: Andra, parent: AAA}
  EKB:
    name: Ekonomiskt bistånd
    units:
      HT: Hemtjänsten igen
""")
    with pytest.raises(ModelError) as err:
        load_model(path)
    problems = [(p.line, p.message) for p in err.value.problems]
    assert any(line == _line(path, "BUM: {name") and "'parent: IFO'" in msg and "ingen enhet" in msg
               for line, msg in problems), problems
    assert any(line == _line(path, "AAA: {name") and "cirkel" in msg and "AAA → BBB → AAA" in msg
               for line, msg in problems), problems
    assert any(line == _line(path, "HT: Hemtjänsten igen") and "'HT' står två gånger" in msg
               and f"rad {_line(path, 'HT: Hemtjänsten')}" in msg for line, msg in problems), problems
    assert all("Traceback" not in msg for _, msg in problems)


def test_the_cli_reports_a_bad_tree_in_swedish_without_a_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "proj"
    root.mkdir()
    path = _units_replaced(root, "units:\n  GEM: Gemensamt\n  HT: {name: Hemtjänsten, parent: ÄLD}\n"
                                 "  LSS: LSS\n  BUM: Barn\n  EKB: Bistånd\n")
    assert main(["check", "--root", str(root)]) != 0
    err = capsys.readouterr().err
    assert f"lotsen.yaml:{_line(path, 'HT: {name')}" in err and "'parent: ÄLD'" in err and "Traceback" not in err


def test_accounts_per_unit_are_for_roles_per_unit_and_known_units(tmp_path: Path) -> None:
    text = (REPO / "lotsen.yaml").read_text(encoding="utf-8")
    text = text.replace("  enhetschef@HT: '@norrvik/hemtjanst-ledning'\n",
                        "  enhetschef@HT: '@norrvik/hemtjanst-ledning'\n  enhetschef@XYZ: '@norrvik/x'\n"
                        "  mas@HT: '@norrvik/mas-ht'\n  handläggare: '@norrvik/{unit}'\n")
    path = tmp_path / "lotsen.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ModelError) as err:
        load_model(path)
    found = {p.line: p.message for p in err.value.problems}
    assert "enheten 'XYZ'" in found[_line(path, "enhetschef@XYZ")]
    assert "finns inte en gång per enhet" in found[_line(path, "mas@HT")]
    assert "{unit}" in found[_line(path, "handläggare: '@norrvik/{unit}'")]


# --------------------------------------------------------------------------- targeting
@pytest.fixture(scope="module")
def index() -> ObjectIndex:
    needs, _ = scan_files(SAMPLE, REPO, content_files(REPO))
    return ObjectIndex(SAMPLE, needs, dt.date.fromisoformat(TODAY))


def test_an_object_for_an_avdelning_holds_for_every_unit_under_it(index: ObjectIndex) -> None:
    ald = index.by_id["RUT-ALD-001"]
    assert index.units_of(ald) == {"ALD", "HT", "HTS", "SBO", "NAT"}
    assert index.holds_for(ald, "ALD") == "" and index.holds_for(ald, "HT") == "ALD"
    assert index.holds_for(ald, "LSS") is None and index.holds_for(ald, "GEM") is None
    assert index.origin(ald, "HT") == "Gäller hela avdelningen Äldreomsorg"
    gem = index.by_id["RUT-GEM-001"]
    assert index.units_of(gem) == set(SAMPLE.units)
    assert index.origin(gem, "LSS") == "Gäller hela förvaltningen"
    ht = index.by_id["RUT-HT-001"]
    assert index.holds_within(ht, "ALD") and index.holds_within(ht, "GEM") and not index.holds_within(ht, "FUN")
    assert index.origin(ht, "ALD") == "Gäller Hemtjänsten Norrvik"


# --------------------------------------------------------------------------- roll-ups
def _csv(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8").lstrip("\ufeff")), delimiter=";"))


def _tree_of_model_file() -> tuple[dict[str, str], dict[str, str]]:
    """Code -> parent and code -> name, read from lotsen.yaml's nesting by this test."""
    import yaml

    parents: dict[str, str] = {}
    names: dict[str, str] = {}

    def walk(table: dict, parent: str) -> None:
        for code, spec in table.items():
            parents[code] = parent
            names[code] = spec if isinstance(spec, str) else spec["name"]
            if isinstance(spec, dict):
                walk(spec.get("units") or {}, code)
    walk(yaml.safe_load((REPO / "lotsen.yaml").read_text(encoding="utf-8"))["units"], "")
    return parents, names


def test_an_avdelnings_review_figures_are_the_sum_over_its_units(site: Path, needs: dict[str, dict]) -> None:
    """The oracle: from needs.json, each enhet's documents (its own, and those naming a
    unit above it) by review state; an avdelning is the sum of its enheter."""
    parents, names = _tree_of_model_file()
    leaves = [c for c in parents if c not in parents.values()]
    today = dt.date.fromisoformat(TODAY)

    def line_up(code: str) -> set[str]:
        found = {code}
        while parents[code]:
            code = parents[code]
            found.add(code)
        return found

    expected: dict[str, list[int]] = {code: [0, 0, 0] for code in parents}
    for need in needs.values():
        if need["type"] not in ("rutin", "process") or need.get("status") != "fastställd" or not need.get("revideras"):
            continue
        due = dt.date.fromisoformat(need["revideras"])
        state = 0 if due < today else 1 if (due - today).days <= 60 else 2
        for leaf in leaves:
            if line_up(leaf) & set(need.get("enheter") or []):
                for code in line_up(leaf):
                    expected[code][state] += 1
    rows = {row[0]: [int(v) for v in row[2:]] for row in _csv(site / "docs/kvalitet/revision-per-enhet.csv")[1:]}
    for code in parents:
        assert rows[names[code]] == expected[code], code
    for avdelning in ("ALD", "FUN", "IFO"):
        units = [c for c in parents if parents[c] == avdelning]
        assert rows[names[avdelning]] == [sum(rows[names[u]][i] for u in units) for i in range(3)]
    assert rows[names["HT"]][0] >= 1  # the sample has an overdue routine in HT: it shows above
    assert rows[names["ALD"]][0] >= rows[names["HT"]][0] and rows[names["GEM"]][0] >= rows[names["ALD"]][0]


@pytest.mark.parametrize("table", ["revision-per-enhet", "atgarder-per-enhet", "riskregister-per-enhet",
                                   "arshjul-per-enhet", "tackning-per-enhet"])
def test_no_parent_shows_fewer_than_any_of_its_units_in_any_report(site: Path, table: str) -> None:
    parents, names = _tree_of_model_file()
    rows = _csv(site / f"docs/kvalitet/{table}.csv")
    assert rows[0][:2] == ["Enhet", "Nivå"]
    by_name = {row[0]: [int(v) for v in row[2:]] for row in rows[1:]}
    assert [row[0] for row in rows[1:len(parents) + 1]] == [names[c] for c in SAMPLE.unit_tree.units]
    for code, parent in parents.items():
        if parent:
            assert all(p >= c for p, c in zip(by_name[names[parent]], by_name[names[code]])), (table, code)
            units = [c for c in parents if parents[c] == parent]
            assert by_name[names[parent]] == [sum(by_name[names[u]][i] for u in units)
                                              for i in range(len(rows[0]) - 2)], (table, parent)


# --------------------------------------------------------------------------- pages
def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_a_units_page_lists_a_routine_that_names_only_its_avdelning(site: Path) -> None:
    page = _soup(site / "enhet/ht.html")
    routines = page.select_one(".lotsen-unit-routines")
    texts = [li.get_text(" ", strip=True) for li in routines.select("li")]
    ald = [t for t in texts if "RUT-ALD-001" in t]
    assert ald and "Gäller hela avdelningen Äldreomsorg" in ald[0]
    assert any("RUT-HT-001" in t and "Gäller" not in t for t in texts)  # its own, unmarked
    assert any("RUT-GEM-001" in t and "Gäller hela förvaltningen" in t for t in texts)
    assert not any("RUT-LSS-" in t for t in texts)
    # own routines first, then those from above
    first_inherited = next(i for i, t in enumerate(texts) if "Gäller" in t)
    assert all("Gäller" in t for t in texts[first_inherited:])
    # then, folded away: risks, controls, open actions and documents due for review
    summaries = [d.select_one("summary").get_text() for d in page.select("details.lotsen-unit-section")]
    assert [s.split(" (")[0] for s in summaries] == ["Risker", "Egenkontroller", "Öppna åtgärder", "Dokument att revidera"]
    details = page.select("details.lotsen-unit-section")
    assert "RISK-HT-01" in details[0].get_text() and "KTRL-HT-01" in details[1].get_text()
    assert "RUT-HT-005" in details[3].get_text()  # overdue on the test date
    assert [a.get_text() for a in page.select(".lotsen-unit-path a")] == ["Norrviks stadsdelsförvaltning", "Äldreomsorg"]
    for a in page.select("main a[href]"):
        target = (site / "enhet" / a["href"].split("#")[0]).resolve()
        assert target.is_file(), a["href"]


def test_an_avdelnings_page_holds_everything_of_its_units(site: Path) -> None:
    page = _soup(site / "enhet/ald.html")
    text = page.select_one(".lotsen-unit-routines").get_text(" ", strip=True)
    for routine in ("RUT-ALD-001", "RUT-HT-001", "RUT-SBO-001", "RUT-NAT-001", "RUT-GEM-001"):
        assert routine in text
    assert "RUT-LSS-001" not in text and "RUT-BUM-001" not in text
    assert "Gäller Hemtjänsten Norrvik" in text
    assert [a.get_text() for a in page.select("main h2 + ul a")][:4] == [
        "Hemtjänsten Norrvik", "Hemtjänsten Strandviken", "Vård- och omsorgsboendet Lärkan", "Nattpatrullen"]
    assert "KTRL-HT-01" in page.select("details.lotsen-unit-section")[1].get_text()


def test_object_pages_carry_unit_and_type_filters_for_search(site: Path) -> None:
    page = _soup(site / "routines/ald/rut-ald-001.html")
    filters = [(s["data-pagefind-filter"], s.get_text()) for s in page.select("main [data-pagefind-filter]")]
    assert ("typ", "Rutin") in filters
    assert {v for k, v in filters if k == "enhet"} == {"Äldreomsorg", "Hemtjänsten Norrvik", "Hemtjänsten Strandviken",
                                                        "Vård- och omsorgsboendet Lärkan", "Nattpatrullen"}
    search = _soup(site / "sok.html")
    selects = {s["data-lotsen-filter"]: [o.get_text().strip() for o in s.select("option")]
               for s in search.select("select[data-lotsen-filter]")}
    assert set(selects) == {"enhet", "typ"} and "Hemtjänsten Norrvik" in selects["enhet"] and "Rutin" in selects["typ"]


def test_the_start_page_lists_the_tree_and_hides_the_choice_without_script(site: Path) -> None:
    page = _soup(site / "index.html")
    assert page.select_one("#min-enhet").has_attr("hidden")
    items = page.select(".lotsen-unit-tree li")
    assert [li["data-lotsen-unit"] for li in items] == list(SAMPLE.unit_tree.units)
    assert "lotsen-depth-2" in items[[li["data-lotsen-unit"] for li in items].index("HT")]["class"]
    assert not page.select("script:not([src])")  # the choice is a file the CSP allows
    assert any(s["src"].split("?")[0].endswith("_static/lotsen-enhet.js") for s in page.select("script[src]"))


def test_a_role_per_unit_is_reviewed_by_each_units_account(index: ObjectIndex) -> None:
    """KTRL-ALD-01 (for the avdelning ALD) has 'ansvarig: enhetschef, sjuksköterska': the
    enhetschef of each enhet under ALD, HT by its own account and the rest by the pattern."""
    from lotsen.cli.codeowners import routing

    control = index.by_id["KTRL-ALD-01"]
    assert control.values(SAMPLE.field_for("responsible")) == ["enhetschef", "sjuksköterska"]
    text = routing(SAMPLE, [control]).text
    row = next(line for line in text.splitlines() if line.startswith("/controls/ald.md"))
    assert row.split()[1:] == [SAMPLE.unit_accounts["enhetschef@HT"], "@norrvik/ledning-hts", "@norrvik/ledning-sbo",
                               "@norrvik/ledning-nat", SAMPLE.accounts["sjuksköterska"]]


def _latest_results_from_files() -> dict[str, tuple[str, str]]:
    """Control ID -> (date done, assessment) of its latest result, read from the result
    files without Lotsen (the sample's periods are years, halves, quarters or months)."""
    def start(period: str) -> tuple[int, int]:
        year, _, part = period.partition("-")
        first = {"": 1, "K": 1 + 3 * (int(part[1:] or 1) - 1), "H": 1 + 6 * (int(part[1:] or 1) - 1)}
        return int(year), int(part) if part.isdigit() else first[part[:1]]
    latest: dict[str, tuple[tuple[int, int], str, str]] = {}
    for path in (REPO / "results").rglob("*.md"):
        for block in re.findall(r"```\{resultat\}(.*?)```", path.read_text(encoding="utf-8"), re.S):
            fields = dict(re.findall(r"^:([^:\n]+): (.*)$", block, re.M))
            if fields.get("status") == "utkast":
                continue
            key = start(fields["tidsperiod"])
            if key >= latest.get(fields["avser"], ((0, 0), "", ""))[0]:
                latest[fields["avser"]] = (key, fields["genomförd"], fields["bedömning"])
    return {control: (done, judged) for control, (_, done, judged) in latest.items()}


def test_a_units_page_shows_each_control_with_its_latest_result(index: ObjectIndex) -> None:
    from lotsen.site.unit_page import unit_page

    latest = _latest_results_from_files()
    assert latest["KTRL-HT-01"] == ("2026-09-13", "utan anmärkning")  # the file's K3, not its K2 with brister
    # a control whose results are left out has none yet
    needs = [n for n in index.by_id.values() if "KTRL-HT-02" not in n.values("avser")]
    without = ObjectIndex(SAMPLE, needs, index.today)
    _, body = unit_page(without, "HT", lambda target: f"{target}.html", lambda name: f"{name}.html")
    section = BeautifulSoup(str(body), "html.parser").select("details.lotsen-unit-section")[1]
    items = {li.select_one("a")["href"].removesuffix(".html"): li.get_text(" ", strip=True) for li in section.select("li")}
    controls = [c for c in items if c != "KTRL-HT-02"]
    assert "KTRL-HT-01" in controls and "KTRL-GEM-01" in controls  # its own, and the förvaltning's
    for control in controls:
        done, judged = latest[control]
        assert f"senaste resultat {done}: {judged}" in items[control], items[control]
    assert "inget resultat ännu" in items["KTRL-HT-02"]
