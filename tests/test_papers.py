"""The nämnd's papers (reports/papers.py): the internkontrollplan chosen by the model's
rule, its follow-up with the year's results, the pack for the management review, the
`lotsen nämnd` command and the pages under Kvalitetsledning."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from lotsen.checks.pipeline import check
from lotsen.cli.main import main
from lotsen.errors import ModelError
from lotsen.model import load_model
from lotsen.reports.internal_control import follow_up, internal_control_plan
from lotsen.reports.management_review import management_review
from lotsen.reports.tables import Link, Styled
from lotsen.source.files import content_files

from conftest import REPO, copy_sample

DATE = dt.date(2026, 12, 31)


def index_of(root: Path = REPO, today: dt.date = DATE):
    model = load_model(root / "lotsen.yaml")
    return check(model, root, content_files(root), today).index


def plain(cell) -> str:
    if isinstance(cell, Styled):
        return plain(cell.value)
    if isinstance(cell, Link):
        return cell.id
    if isinstance(cell, list):
        return ", ".join(plain(c) for c in cell)
    return str(cell)


def rows(document) -> list[dict[str, str]]:
    table = document.tables()[0]
    return [dict(zip(table.header, map(plain, row))) for row in table.rows]


def needs(index, type_name: str):
    return index.of_type(type_name)


def test_plan_holds_the_risks_the_rule_chooses() -> None:
    index = index_of()
    plan = rows(internal_control_plan(index, 2026))
    # the oracle: the risk files' own values, against the rule in lotsen.yaml (score >= 12, or marked)
    expected = {r.id for r in needs(index, "risk") if r.value("status") == "aktiv"
                and (int(r.value("sannolikhet")) * int(r.value("konsekvens")) >= 12 or r.value("internkontroll") == "ja")}
    assert {row["Risk"] for row in plan} == expected
    assert "RISK-EKB-01" in expected  # marked by the nämnd with a lower score
    marked = next(row for row in plan if row["Risk"] == "RISK-EKB-01")
    assert marked["Varför i planen"] == "Vald av nämnden" and marked["Riskvärde"] == "6"
    ht = [row for row in plan if row["Risk"] == "RISK-HT-02"]
    assert {row["Egenkontroll"] for row in ht} == {"KTRL-HT-02", "KTRL-GEM-01"}
    control = next(row for row in ht if row["Egenkontroll"] == "KTRL-HT-02")
    assert (control["Metod"], control["Frekvens"], control["Månader"]) == ("aktgranskning", "halvårsvis",
                                                                         "april, oktober")
    assert control["Ansvarig"] == "Enhetschef hemtjänsten"
    scores = [int(row["Riskvärde"]) for row in plan]
    assert scores == sorted(scores, reverse=True)


def test_a_plan_risk_without_a_control_is_named(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "src")
    (root / "risks" / "extra.md").write_text(
        "# Extra\n\n```{risk} Nyckel tappas bort\n:id: RISK-HT-09\n:status: aktiv\n:ägare: enhetschef\n"
        ":sannolikhet: 4\n:konsekvens: 4\n:bedömd: 2026-02-01\n:enheter: HT\n:i_process: PROC-HT\n```\n",
        encoding="utf-8")
    document = internal_control_plan(index_of(root), 2026)
    row = next(r for r in rows(document) if r["Risk"] == "RISK-HT-09")
    assert row["Egenkontroll"] == "Ingen egenkontroll"
    section = document.chapters[0].sections[0]
    assert ("Risker utan egenkontroll", "1") in section.figures
    assert "1 risk i planen saknar egenkontroll och behöver en." in section.text


def test_rule_comes_from_the_model(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "src")
    model = root / "lotsen.yaml"
    model.write_text(model.read_text(encoding="utf-8").replace("  from_score: 12", "  from_score: 9"), "utf-8")
    index = index_of(root)
    plan = {row["Risk"] for row in rows(internal_control_plan(index, 2026))}
    assert plan >= {r.id for r in needs(index, "risk") if r.value("status") == "aktiv"
                    and int(r.value("sannolikhet")) * int(r.value("konsekvens")) >= 9}


def test_model_errors_in_the_rule_are_named_with_their_line(tmp_path: Path) -> None:
    text = (REPO / "lotsen.yaml").read_text(encoding="utf-8")
    path = tmp_path / "lotsen.yaml"
    path.write_text(text.replace("  from_score: 12", "  from_score: tolv\n  from: 3"), encoding="utf-8")
    with pytest.raises(ModelError) as caught:
        load_model(path)
    line = text.splitlines().index("  from_score: 12") + 1
    messages = str(caught.value)
    assert f"{line}" in messages and "'internal_control.from_score' ska vara ett heltal" in messages
    assert "from" in messages


def test_follow_up_counts_the_year_s_results() -> None:
    index = index_of()
    table = {row["Egenkontroll"]: row for row in rows(follow_up(index, 2026))}
    # KTRL-GEM-01: four planned months, a result for each quarter of 2026 (results/2026/ktrl-gem-01.md)
    gem = table["KTRL-GEM-01"]
    assert (gem["Planerade"], gem["Genomförda"], gem["Ej genomförda"], gem["Läge"]) == ("4", "4", "0", "Klar")
    # KTRL-HT-02: April and October planned, only 2026-H1 reported, assessed 'brister' with 64,0
    ht = table["KTRL-HT-02"]
    assert (ht["Planerade"], ht["Genomförda"], ht["Ej genomförda"]) == ("2", "1", "1")
    assert ht["Läge"] == "Ej genomförd i tid"
    assert (ht["Senaste resultat"], ht["Bedömning"], ht["Utfall"]) == ("RES-KTRL-HT-02-2026-H1", "brister", "64,0")
    chart = follow_up(index, 2026).chapters[0].sections[0].chart
    assert dict(chart.groups)["KTRL-GEM-01"] == [4, 4]


def test_management_review_lists_what_is_late() -> None:
    index = index_of()
    document = management_review(index, 2026)
    tables = {t.key: t for t in document.tables()}
    late_docs = {plain(r[0]) for r in tables["forsenade-dokument"].rows}
    expected = {n.id for n in index.needs if n.type in ("rutin", "process") and n.value("status") == "fastställd"
                and n.value("revideras") and dt.date.fromisoformat(n.value("revideras")) < DATE}
    assert late_docs == expected and expected
    late_actions = {plain(r[0]) for r in tables["forsenade-atgarder"].rows}
    expected = {a.id for a in needs(index, "åtgärd") if a.value("status") not in ("klar", "avbruten")
                and a.value("klar_senast") and dt.date.fromisoformat(a.value("klar_senast")) < DATE}
    assert late_actions == expected
    shortcomings = {plain(r[0]): plain(r[3]) for r in tables["resultat-med-brister"].rows}
    assert shortcomings.get("RES-KTRL-HT-02-2026-H1") == "brister"
    assert "utan anmärkning" not in shortcomings.values()
    titles = [c.title for c in document.chapters]
    assert titles == ["Översikt", "Dokumentstyrning", "Åtgärder", "Egenkontroll", "Mål och indikatorer"]


def test_command_writes_every_paper_in_four_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from pypdf import PdfReader

    monkeypatch.setenv("LOTSEN_TODAY", "2026-11-22")
    out = tmp_path / "ut"
    assert main(["nämnd", "2026", "--ut", str(out), "--root", str(REPO)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(f"{slug}-2026.{kind}" for slug in ("internkontrollplan", "uppfoljning-internkontroll",
                                                              "ledningens-genomgang")
                           for kind in ("html", "pdf", "docx", "xlsx"))
    text = " ".join(page.extract_text() for page in PdfReader(out / "internkontrollplan-2026.pdf").pages)
    assert "Internkontrollplan 2026" in text and "RISK-EKB-01" in re.sub(r"-\s+", "-", text)  # IDs may wrap
    book = load_workbook(out / "internkontrollplan-2026.xlsx")
    sheet = book.worksheets[1]
    header = [c.value for c in sheet[1]]
    assert all(isinstance(row[header.index("Riskvärde")].value, int) for row in sheet.iter_rows(min_row=2))
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert main(["nämnd", "2026", "--ut", str(out), "--root", str(REPO)]) == 0
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first  # the same bytes


def test_command_says_clearly_what_it_cannot_do(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["nämnd", "tjugo", "--root", str(REPO)]) == 2
    assert "'tjugo' är inget år" in capsys.readouterr().err
    assert main(["nämnd", "2024", "--root", str(REPO)]) == 2
    error = capsys.readouterr().err
    assert "kan inte visa hur det såg ut under 2024" in error and "Traceback" not in error
    assert main(["nämnd", "2031", "--root", str(REPO)]) == 2
    assert "för långt fram" in capsys.readouterr().err


def test_last_year_s_follow_up_and_review_after_new_year(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """In February the nämnd follows up the year just ended: the follow-up and the
    review for it, never a plan for a year already over. The follow-up names the same
    results as one written on the year's last day."""
    monkeypatch.setenv("LOTSEN_TODAY", "2027-02-10")
    assert main(["nämnd", "2026", "--ut", str(tmp_path / "feb"), "--root", str(REPO)]) == 0
    assert "tas inte fram i efterhand" in capsys.readouterr().out
    assert sorted({p.stem for p in (tmp_path / "feb").iterdir()}) == ["ledningens-genomgang-2026",
                                                                      "uppfoljning-internkontroll-2026"]
    monkeypatch.setenv("LOTSEN_TODAY", "2026-12-31")
    assert main(["nämnd", "2026", "--ut", str(tmp_path / "dec"), "--root", str(REPO)]) == 0

    def results(folder: str) -> set[str]:
        page = (tmp_path / folder / "uppfoljning-internkontroll-2026.html").read_text(encoding="utf-8")
        return set(re.findall(r"\bRES-[A-Z0-9-]+", page))
    assert results("feb") and results("feb") == results("dec")
    monkeypatch.setenv("LOTSEN_TODAY", "2028-01-05")
    assert main(["nämnd", "2026", "--root", str(REPO)]) == 2
    assert "kan inte visa hur det såg ut under 2026" in capsys.readouterr().err


def test_plan_for_the_coming_year_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["nämnd", "2027", "--ut", str(tmp_path), "--root", str(REPO)]) == 0
    assert sorted(p.stem for p in tmp_path.iterdir()) == ["internkontrollplan-2027"] * 4
    assert "när året har börjat" in capsys.readouterr().out


def test_pages_under_kvalitetsledning_with_pdf_and_word(site: Path) -> None:
    folder = site / "docs/kvalitet"
    for slug in ("internkontrollplan", "uppfoljning-internkontroll", "ledningens-genomgang"):
        page = (folder / f"{slug}.html").read_text(encoding="utf-8")
        assert f'href="{slug}-2026.pdf"' in page and f'href="{slug}-2026.docx"' in page
        assert (folder / f"{slug}-2026.pdf").read_bytes().startswith(b"%PDF")
        assert (folder / f"{slug}-2026.docx").is_file()
        assert re.search(rf'href="{slug}.html"', (folder / "index.html").read_text(encoding="utf-8"))
    assert "RISK-EKB-01" in (folder / "internkontrollplan.html").read_text(encoding="utf-8")


def test_command_refuses_content_with_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = copy_sample(tmp_path / "src")
    risk = root / "risks" / "ekb.md"
    risk.write_text(risk.read_text(encoding="utf-8").replace(":sannolikhet: 2\n", "", 1), encoding="utf-8")
    assert main(["nämnd", "2026", "--ut", str(tmp_path / "ut"), "--root", str(root)]) == 1
    error = capsys.readouterr().err
    assert "Innehållet har 1 fel," in error and "rätta felet först" in error and "Traceback" not in error
    assert not (tmp_path / "ut").exists()


def test_missing_pdf_libraries_are_said_in_swedish(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import sys
    import types

    broken = types.ModuleType("weasyprint")

    def fail(name: str):
        raise OSError("cannot load library 'libpango-1.0-0'")
    broken.__getattr__ = fail  # type: ignore[method-assign]
    monkeypatch.setitem(sys.modules, "weasyprint", broken)
    assert main(["nämnd", "2026", "--ut", str(tmp_path), "--root", str(REPO)]) == 2
    error = capsys.readouterr().err
    assert "kan inte skriva PDF-filer" in error and "libpango-1.0-0 och fonts-dejavu-core" in error
    assert "Traceback" not in error and "cannot load" not in error
