"""The quality lead's reports: every figure recomputed independently from needs.json,
the CSV and Excel files hold the same rows as the page, and nothing goes stale."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import TODAY, build_in_process, copy_sample, make_project, reported, run_env, sphinx_build
from html_tables import soup, tables

TODAY_DATE = dt.date.fromisoformat(TODAY)
HIGH = 8  # risk.control_required_from in lotsen.yaml


def of_type(needs: dict[str, dict], type_name: str) -> list[dict]:
    return [n for n in needs.values() if n["type"] == type_name]


def ids(cell_links: list[str]) -> set[str]:
    return set(cell_links)


def read_csv(path: Path) -> list[list[str]]:
    text = path.read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


# --------------------------------------------------------------------------- risks
def test_risk_register_matches_needs_json(site: Path, needs: dict[str, dict]) -> None:
    page = tables(site / "docs/kvalitet/riskregister.html")
    risks = of_type(needs, "risk")
    scores = {r["id"]: int(r["sannolikhet"]) * int(r["konsekvens"]) for r in risks}
    register = page["tabell-register"]
    assert [row[0] for row in register.rows] == sorted(scores, key=lambda i: (-scores[i], i))
    for row in register.rows:
        assert int(row[4]) == scores[row[0]]
    # the controls column lists exactly the controls that check the risk
    controls_col = register.header.index("Egenkontroller")
    for row, links in zip(register.rows, register.links):
        expected = {c["id"] for c in of_type(needs, "kontroll") if row[0] in (c["kontrollerar"] or [])}
        assert ids(links[controls_col]) == expected, row[0]


def test_heatmap_counts_and_links(site: Path, needs: dict[str, dict]) -> None:
    heat = tables(site / "docs/kvalitet/riskregister.html")["tabell-matris"]
    risks = of_type(needs, "risk")
    assert [row[0][0] for row in heat.rows] == ["4", "3", "2", "1"]  # konsekvens, highest first
    for row, links in zip(heat.rows, heat.links):
        k = int(row[0][0])
        for s in range(1, 5):
            in_cell = {r["id"] for r in risks if int(r["sannolikhet"]) == s and int(r["konsekvens"]) == k}
            text = row[s]
            assert text.startswith(f"{len(in_cell)} st"), (k, s, text)
            assert f"riskvärde {s * k}" in text
            assert ids(links[s]) == in_cell
    assert sum(int(row[s].split()[0]) for row in heat.rows for s in range(1, 5)) == len(risks)


def test_heatmap_is_real_table_markup_and_readable_without_colour(site: Path) -> None:
    page = soup(site / "docs/kvalitet/riskregister.html")
    table = page.select_one("table#tabell-matris")
    assert table.find("caption") is not None
    assert len(table.select("thead th")) == 5
    assert len(table.select("tbody th")) == 4  # row headers
    for td in table.select("tbody td"):
        level_class = [c for c in td["class"] if c.startswith("lotsen-level-")]
        assert level_class, td
        assert re.search(r"(Låg|Måttlig|Hög|Mycket hög)", td.get_text())
    css = (site / "_static" / "lotsen-niva.css").read_text(encoding="utf-8")
    assert "lotsen-niva.css" in str(page.find_all("link"))
    assert ".lotsen-level-4 { background: #f4a3a3; }" in css


# --------------------------------------------------------------------------- traceability
def test_traceability_matrix_matches_needs_json(site: Path, needs: dict[str, dict]) -> None:
    matrix = tables(site / "docs/kvalitet/sparbarhet.html")["tabell-krav"]
    krav = sorted(k["id"] for k in of_type(needs, "krav"))
    assert [row[0] for row in matrix.rows] == krav
    col = {name: matrix.header.index(name) for name in ("Processer", "Rutiner", "Egenkontroller", "Täckning")}
    for row, links in zip(matrix.rows, matrix.links):
        fulfilling = {t: {n["id"] for n in of_type(needs, t) if row[0] in (n.get("uppfyller") or [])}
                      for t in ("process", "rutin", "kontroll")}
        assert ids(links[col["Processer"]]) == fulfilling["process"]
        assert ids(links[col["Rutiner"]]) == fulfilling["rutin"]
        assert ids(links[col["Egenkontroller"]]) == fulfilling["kontroll"]
        covered = any(fulfilling.values())
        assert row[col["Täckning"]] == ("Täckt" if covered else "Ej täckt")


def test_routines_through_the_process_hierarchy(tmp_path: Path) -> None:
    # A krav fulfilled only by the huvudprocess is reached by the routine of its delprocess.
    root = make_project(tmp_path / "proj")
    objects = root / "objects.md"
    text = objects.read_text(encoding="utf-8").replace(":uppfyller: KRAV-SOSFS-4-4\n:hanterar:", ":hanterar:")
    objects.write_text(text, encoding="utf-8")
    result = sphinx_build(root)
    assert result.returncode == 0, result.stderr
    (root / "docs").mkdir()
    matrix_doc = root / "matris.md"
    matrix_doc.write_text("# M\n\n```{lotsen-rapport} sparbarhet\n```\n", encoding="utf-8")
    result = sphinx_build(root)
    assert result.returncode == 0, result.stderr
    matrix = tables(root / "_build/html/matris.html")["tabell-krav"]
    [row] = matrix.rows
    [links] = matrix.links
    via = matrix.header.index("Rutiner via processen")
    assert ids(links[matrix.header.index("Processer")]) == {"PROC-HT"}
    assert ids(links[matrix.header.index("Rutiner")]) == set()
    assert ids(links[via]) == {"RUT-HT-001"}


# --------------------------------------------------------------------------- årshjul
def test_annual_wheel_matches_needs_json(site: Path, needs: dict[str, dict]) -> None:
    wheel = tables(site / "docs/kvalitet/arshjul.html")["tabell-arshjul"]
    months = ["jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]
    names = ["Januari", "Februari", "Mars", "April", "Maj", "Juni", "Juli", "Augusti", "September",
             "Oktober", "November", "December"]
    expected = [(names[i], c["id"]) for i, m in enumerate(months)
                for c in sorted(of_type(needs, "kontroll"), key=lambda c: c["id"]) if m in (c["månader"] or [])]
    got = [(row[0].replace(" (denna månad)", ""), links[1][0]) for row, links in zip(wheel.rows, wheel.links)]
    assert got == expected
    marked = {row[0] for row in wheel.rows if "(denna månad)" in row[0]}
    assert marked == {"November (denna månad)"}  # LOTSEN_TODAY is in November
    page = soup(site / "docs/kvalitet/arshjul.html")
    assert all("lotsen-current" in tr.get("class", []) for tr in page.select("#tabell-arshjul tbody tr")
               if "denna månad" in tr.get_text())


def test_control_without_month_is_listed(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj")
    objects = root / "objects.md"
    objects.write_text(objects.read_text(encoding="utf-8").replace(":månader: mar, jun, sep, dec\n", ""), encoding="utf-8")
    (root / "hjul.md").write_text("# H\n\n```{lotsen-rapport} arshjul\n```\n", encoding="utf-8")
    result = sphinx_build(root)
    assert result.returncode == 0, result.stderr  # a 'varning' in the sample model
    assert "[lotsen.control_without_month]" in result.stdout
    missing = tables(root / "_build/html/hjul.html")["tabell-utan-manad"]
    assert [row[0] for row in missing.rows] == ["KTRL-HT-01"]


# --------------------------------------------------------------------------- review
def test_review_status_matches_needs_json(site: Path, needs: dict[str, dict]) -> None:
    table = tables(site / "docs/kvalitet/revision.html")["tabell-revision"]
    docs = [n for n in needs.values() if n["type"] in ("rutin", "process") and n["status"] == "fastställd"
            and n.get("revideras")]
    overdue = {n["id"] for n in docs if dt.date.fromisoformat(n["revideras"]) < TODAY_DATE}
    soon = {n["id"] for n in docs if TODAY_DATE <= dt.date.fromisoformat(n["revideras"]) <= TODAY_DATE + dt.timedelta(days=60)}
    state = table.header.index("Läge")
    assert {row[0] for row in table.rows if row[state] == "Försenad"} == overdue
    assert {row[0] for row in table.rows if row[state] == "Snart"} == soon
    assert len(table.rows) == len(docs)
    assert overdue == {"RUT-HT-005"}
    dates = [row[table.header.index("Revideras senast")] for row in table.rows]
    assert dates == sorted(dates)


# --------------------------------------------------------------------------- coverage
def test_coverage_figures_match_needs_json(site: Path, needs: dict[str, dict]) -> None:
    table = tables(site / "docs/kvalitet/tackning.html")["tabell-tackning"]
    # a repealed krav (upphävd, or past its last valid day) is out of the gate
    krav = [k for k in of_type(needs, "krav") if k["status"] != "upphävd"
            and not (k.get("giltig_till") and dt.date.fromisoformat(k["giltig_till"]) < TODAY_DATE)]
    fulfilled = {t for n in needs.values() for t in (n.get("uppfyller") or [])}
    risks = [r for r in of_type(needs, "risk") if int(r["sannolikhet"]) * int(r["konsekvens"]) >= HIGH]
    checked = {t for c in of_type(needs, "kontroll") for t in (c.get("kontrollerar") or [])}
    routines = of_type(needs, "rutin")
    expected = [
        (sum(k["id"] in fulfilled for k in krav), len(krav)),
        (sum(r["id"] in checked for r in risks), len(risks)),
        (sum(bool(r.get("tillhör")) for r in routines), len(routines)),
    ]
    assert [(int(row[1]), int(row[2])) for row in table.rows] == expected
    for row, (covered, total) in zip(table.rows, expected):
        assert row[3] == f"{round(100 * covered / total, 1):g} %".replace(".", ",")


def test_removing_the_only_control_of_a_high_risk_fails_the_gate(tmp_path: Path) -> None:
    """Said once: at the risk while its own rule is an error; by the gate, at the model
    file, when the organisation has made that rule a 'varning'."""
    src = copy_sample(tmp_path / "src")
    controls = src / "controls" / "ht.md"
    text = controls.read_text(encoding="utf-8")
    assert ":kontrollerar: RISK-HT-04\n" in text  # KTRL-HT-04 is the only control of RISK-HT-04
    controls.write_text(text.replace(":kontrollerar: RISK-HT-04\n", ""), encoding="utf-8")
    result = sphinx_build(src, pdf=False)  # the gate, not the papers printed anew
    assert result.returncode != 0
    found = [(r.code, r.file) for r in reported(result.stderr)]
    assert found == [("risk_without_control", "risks/ht.md")], found
    model = (src / "lotsen.yaml").read_text(encoding="utf-8")
    assert "\nseverity:\n" in model
    (src / "lotsen.yaml").write_text(model.replace("\nseverity:\n", "\nseverity:\n  risk_without_control: varning\n", 1),
                                     encoding="utf-8")
    result = sphinx_build(src, pdf=False)
    assert result.returncode != 0
    gate = [r for r in reported(result.stderr) if r.code == "coverage_gate"]
    assert len(gate) == 1 and gate[0].file == "lotsen.yaml"
    assert "RISK-HT-04" in gate[0].text and "Larm besvaras inte i tid" in gate[0].text
    line = next(i for i, t in enumerate((src / "lotsen.yaml").read_text(encoding="utf-8").splitlines(), 1)
                if t.strip().startswith("high_risks_controlled:"))
    assert gate[0].line == line


# --------------------------------------------------------------------------- actions
def test_actions_match_needs_json(site: Path, needs: dict[str, dict]) -> None:
    page = tables(site / "docs/kvalitet/atgarder.html")
    actions = of_type(needs, "åtgärd")

    def state(a: dict) -> str:
        if a["status"] in ("klar", "avbruten"):
            return "Stängd"
        if not a["klar_senast"]:  # left open, with a reason
            return "Öppen"
        return "Försenad" if dt.date.fromisoformat(a["klar_senast"]) < TODAY_DATE else "Öppen"

    table = page["tabell-atgarder"]
    got = {row[0]: row[table.header.index("Läge")] for row in table.rows}
    assert got == {a["id"]: state(a) for a in actions}
    by_origin = {row[0]: (int(row[1]), int(row[2]), int(row[3])) for row in page["tabell-per-ursprung"].rows}
    for origin in {a["ursprung"] for a in actions}:
        counts = Counter(state(a) for a in actions if a["ursprung"] == origin)
        assert by_origin[origin] == (counts["Öppen"], counts["Försenad"], counts["Stängd"])
    assert set(by_origin) >= {"egenkontroll", "avvikelse", "klagomål", "lex sarah", "extern granskning"}


# --------------------------------------------------------------------------- exports
REPORT_PAGES = ["sparbarhet", "riskregister", "arshjul", "revision", "tackning", "atgarder"]


@pytest.mark.parametrize("slug", REPORT_PAGES)
def test_csv_and_excel_hold_the_rows_of_the_page(slug: str, site: Path) -> None:
    page = tables(site / f"docs/kvalitet/{slug}.html")
    book = load_workbook(site / f"docs/kvalitet/{slug}.xlsx")
    assert len(book.sheetnames) >= len(page)
    for table_id, table in page.items():
        key = table_id.removeprefix("tabell-")
        rows = read_csv(site / f"docs/kvalitet/{slug}-{key}.csv")
        assert rows[0] == table.header
        assert len(rows) - 1 == len(table.rows)
        for csv_row, html_row, html_links in zip(rows[1:], table.rows, table.links):
            for csv_cell, html_cell, links in zip(csv_row, html_row, html_links):
                if links and not re.match(r"^\d+ st", html_cell):
                    assert csv_cell.split(", ") == links  # the same objects, by ID
                elif re.match(r"^\d+ st", html_cell):
                    assert csv_cell == html_cell.split()[0]  # heatmap: the count
                else:
                    assert csv_cell == html_cell
        sheet = book[sheet_of(book)[table.caption]]
        values = [[as_text(c) for c in r] for r in sheet.iter_rows()]
        assert values == rows


def sheet_of(book) -> dict[str, str]:
    """Caption -> sheet name, from the workbook's first sheet (Innehåll)."""
    rows = list(book["Innehåll"].iter_rows(values_only=True))
    caption = rows[0].index("Tabell")
    return {row[caption]: row[0] for row in rows[1:]}


def as_text(cell) -> str:
    """A typed cell as the page and the CSV write it: a date as 2026-03-01, a share as
    '85 %', a decimal with a comma."""
    value, fmt = cell.value, cell.number_format
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, (int, float)) and fmt.endswith("%"):
        return f"{round(value * 100, 4):g} %".replace(".", ",")
    if isinstance(value, float):
        decimals = len(fmt.split(".")[1]) if "." in fmt else 0
        return f"{value:.{decimals}f}".replace(".", ",")
    return str(value)


def test_reports_are_reachable_from_one_page(site: Path) -> None:
    page = soup(site / "docs/kvalitet/index.html")
    hrefs = {a["href"] for a in page.select("a.reference.internal")}
    for slug in REPORT_PAGES:
        assert f"{slug}.html" in hrefs


# --------------------------------------------------------------------------- processes
def test_process_page_has_a_local_process_map(site: Path, needs: dict[str, dict]) -> None:
    page = soup(site / "processes/proc-ht.html")
    chart = page.select_one(".lotsen-process-overview pre.mermaid")
    subs = [p["id"] for p in of_type(needs, "process") if "PROC-HT" in (p.get("del_av") or [])]
    for sub in subs:
        assert needs[sub]["title"] in chart.get_text()
    routines = tables(site / "processes/proc-ht.html")["tabell-rutiner"]
    expected = {r["id"] for r in of_type(needs, "rutin") if set(r.get("tillhör") or []) & {"PROC-HT", *subs}}
    assert {row[0] for row in routines.rows} == expected
    assert not [s for s in page.find_all("script") if not s.get("src")]  # no inline loader
    assert "_static/mermaid/mermaid.esm.min.mjs" in (site / "_static/lotsen.js").read_text(encoding="utf-8")
    assert (site / "_static/mermaid/mermaid.esm.min.mjs").is_file()


def test_no_page_loads_anything_from_another_host(site: Path) -> None:
    """Scripts, styles, images and module imports all come from the site itself."""
    external = re.compile(r"^(https?:)?//")
    for path in site.rglob("*.html"):
        page = soup(path)
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for element in page.find_all(tag):
                assert not external.match(element.get(attr) or ""), (path, str(element))
        for script in page.find_all("script"):
            imports = re.findall(r"""import\s+\w+\s+from\s+["']([^"']+)""", script.get_text())
            assert not [i for i in imports if external.match(i)], (path, imports)
    for css in site.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8")), css


# --------------------------------------------------------------------------- staleness
def test_incremental_build_updates_every_report_after_one_edit(built_sample: Path, unprinted: None) -> None:
    src = built_sample  # just after a clean build (conftest checks that it passed)
    routine = src / "routines" / "ht" / "rut-ht-005.md"
    before_other = (src / "_build/html/processes/proc-bum-oro.html").stat().st_mtime_ns
    kvalitet = src / "_build/html/docs/kvalitet"
    workbooks = {name: (kvalitet / name).stat().st_mtime_ns for name in ("revision.xlsx", "atgarder.xlsx")}
    old, new = "Åka på trygghetslarm", "Åka på larm från trygghetstelefon"
    routine.write_text(routine.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    # incremental: no -E, no -a
    second = incremental_build(src)
    assert second.returncode == 0, second.stderr
    out = src / "_build" / "html"
    showing = ["docs/kvalitet/sparbarhet.html", "docs/kvalitet/revision.html", "processes/proc-ht-utfora.html",
               "processes/proc-ht.html", "docs/kvalitet/riskregister.html"]
    for page in showing:
        html = (out / page).read_text(encoding="utf-8")
        assert new in html, page
        assert old not in html, page
    rows = read_csv(out / "docs/kvalitet/revision-revision.csv")
    assert any(new in row for row in rows)
    # a page that shows nothing of the routine is not written again, nor a workbook
    assert before_other == (out / "processes/proc-bum-oro.html").stat().st_mtime_ns
    assert new not in (kvalitet / "atgarder-atgarder.csv").read_text("utf-8")  # it does not show the routine
    assert (kvalitet / "atgarder.xlsx").stat().st_mtime_ns == workbooks["atgarder.xlsx"]
    assert (kvalitet / "revision.xlsx").stat().st_mtime_ns != workbooks["revision.xlsx"]
    book = load_workbook(kvalitet / "revision.xlsx")
    assert any(new in [str(c) for c in row] for sheet in book for row in sheet.iter_rows(values_only=True))
    # a no-op rebuild reads nothing again
    third = incremental_build(src)
    assert "0 added, 0 changed, 0 removed" in third.stdout


def incremental_build(src: Path, today: str = TODAY) -> subprocess.CompletedProcess[str]:
    """An incremental build (no -E, no -a) of a project built before by sphinx_build,
    with its settings (a changed setting writes every page again)."""
    return build_in_process(["-b", "html", "-W", "--keep-going", "--no-color", "-D", "lotsen_pdf=1",
                             "-d", str(src / "_build" / "doctrees"), str(src), str(src / "_build" / "html")], today)


def test_unknown_report_is_a_clear_warning(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj", {"r.md": "# R\n\n```{lotsen-rapport} riskregistret\n```\n"})
    result = sphinx_build(root)
    assert result.returncode != 0
    assert "Rapporten 'riskregistret' finns inte" in result.stderr


def test_editing_a_requirement_updates_the_routine_pages_that_show_it(built_sample: Path, unprinted: None) -> None:
    src = built_sample  # just after a clean build
    krav = src / "requirements" / "namnden.md"
    text = krav.read_text(encoding="utf-8")
    old = "```{krav} Nämndens riktlinje för nyckelhantering"
    assert old in text
    unrelated = src / "_build/html/routines/bum/rut-bum-003.html"
    untouched = unrelated.stat().st_mtime_ns
    krav.write_text(text.replace(old, "```{krav} Riktlinje för hantering av nycklar"), encoding="utf-8")
    second = incremental_build(src)
    assert second.returncode == 0, second.stderr
    page = (src / "_build/html/routines/ht/rut-ht-002.html").read_text(encoding="utf-8")
    assert "Riktlinje för hantering av nycklar" in page
    # an unrelated routine page was not written again
    assert unrelated.stat().st_mtime_ns == untouched


def test_neighbour_docs_follow_links_both_ways() -> None:
    from lotsen.sphinx.incremental import neighbour_docs

    before = {"K": ("krav", "1", ()), "R": ("rutin", "1", ("K",)), "C": ("kontroll", "1", ("R",)), "X": ("x", "1", ())}
    after = {**before, "K": ("krav", "2", ())}
    assert neighbour_docs(before, after) == {"rutin"}
    after = {**before, "R": ("rutin", "2", ("K",))}
    assert neighbour_docs(before, after) == {"krav", "kontroll"}
    assert neighbour_docs(before, before) == set()


def test_a_changed_model_rebuilds_every_page(built_sample: Path, unprinted: None) -> None:
    """Role names, labels and levels come from lotsen.yaml: an incremental build after
    a change there must not leave any page with the old name."""
    src = built_sample  # just after a clean build
    model = src / "lotsen.yaml"
    old, new = "Enhetschef hemtjänsten", "Chef för hemtjänsten"
    text = model.read_text(encoding="utf-8")
    assert text.count(old) == 1
    model.write_text(text.replace(old, new), encoding="utf-8")
    second = incremental_build(src)
    assert second.returncode == 0, second.stderr
    out = src / "_build" / "html"
    stale = [p for p in out.rglob("*.html") if old in p.read_text(encoding="utf-8")]
    assert stale == []
    assert new in (out / "routines/ht/rut-ht-005.html").read_text(encoding="utf-8")


def test_needs_json_is_what_sphinx_needs_own_builder_writes(site: Path, tmp_path: Path) -> None:
    """Lotsen writes needs.json itself (faster): the content must be sphinx-needs' own."""
    import sys

    from conftest import REPO
    out = tmp_path / "needs"
    result = subprocess.run([sys.executable, "-m", "sphinx", "-b", "needs", "-q", "-d", str(tmp_path / "d"),
                             str(REPO), str(out)], capture_output=True, text=True, env=run_env(), check=False)
    assert result.returncode == 0, result.stderr
    assert (site / "needs.json").read_bytes() == (out / "needs.json").read_bytes()


def test_fingerprints_are_dropped_after_a_failed_build(tmp_path: Path) -> None:
    """A build that failed may have left pages half written: the next one writes
    every filled-in page again."""
    from types import SimpleNamespace

    from lotsen.cache import read_kept
    from lotsen.sphinx.incremental import PRINTS_FILE, _save_prints
    from lotsen.sphinx.state import build_state

    app = SimpleNamespace(doctreedir=str(tmp_path))
    build_state(app).prints = {"docs/kvalitet/riskregister": "abc"}
    _save_prints(app, None)
    assert read_kept(tmp_path / PRINTS_FILE) == {"docs/kvalitet/riskregister": "abc"}
    _save_prints(app, RuntimeError("stopped"))
    assert not (tmp_path / PRINTS_FILE).exists()
    assert read_kept(tmp_path / PRINTS_FILE) == {}


def test_a_rebuild_on_a_later_day_shows_that_day(built_sample: Path, unprinted: None) -> None:
    """Review status, the annual wheel and every status line are judged against the
    build date: a rebuild the next month with no source change must not keep the old
    judgement (a nightly publish from a kept _build folder)."""
    src = built_sample  # just after a clean build
    out = src / "_build" / "html"
    review = out / "docs/kvalitet/revision.html"
    assert f"från {TODAY}" in review.read_text(encoding="utf-8")
    second = incremental_build(src, "2031-03-15")
    assert second.returncode == 0, second.stderr
    html = review.read_text(encoding="utf-8")
    assert "från 2031-03-15" in html and f"från {TODAY}" not in html
    assert "Mars (denna månad)" in (out / "docs/kvalitet/arshjul.html").read_text(encoding="utf-8")
    routine = (out / "routines/ht/rut-ht-005.html").read_text(encoding="utf-8")
    assert "Skulle ha reviderats senast" in routine
