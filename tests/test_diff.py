"""`lotsen diff` between two real commits names exactly what changed and who must hear of it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lotsen.checks.pipeline import scan_files
from lotsen.cli.main import main
from lotsen.model import load_model
from lotsen.source.files import content_files

from conftest import REPO, make_project
from workflow_repo import commit, edit, git, sample_repo

MODEL = load_model(REPO / "lotsen.yaml")
REMOVED = "PROC-HT-HSL"
RISK_TITLE = "Uppgifter lämnas ut i strid med sekretess"


def objects(repo: Path) -> dict:
    needs, _ = scan_files(MODEL, repo, content_files(repo))
    return {n.id: n for n in needs}


@pytest.fixture(scope="module")
def changed_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    """The sample, then one commit that changes it in every way the report tells apart."""
    repo = sample_repo(tmp_path_factory.mktemp("diff") / "repo")
    risk_id = next(n.id for n in objects(repo).values() if n.title == RISK_TITLE)
    edit(repo / "routines/ht/rut-ht-001.md", ":revideras: 2027-02-10", ":revideras: 2027-03-01")
    edit(repo / "routines/ht/rut-ht-001.md", "\n4. Bär nyckeln", "\n4. Bär alltid nyckeln")
    edit(repo / "routines/ht/rut-ht-009.md", "\n6. Stanna kvar tills", "\n6. Vänta kvar tills")  # a draft
    edit(repo / "routines/ekb/rut-ekb-001.md", ":status: fastställd", ":status: upphävd")
    edit(repo / "requirements/osl.md", ":källa: Offentlighets- och sekretesslag (2009:400) 26 kap. 1 §",
         ":källa: Offentlighets- och sekretesslag (2009:400) 26 kap. 1 och 2 §§")
    edit(repo / "risks/gem.md", f"{{risk}} {RISK_TITLE}", "{risk} Uppgifter lämnas ut utan stöd i lag")
    (repo / "processes" / "proc-ht-hsl.md").unlink()
    assert main(["new", "rutin", "--unit", "LSS", "--title", "Ny rutin i LSS", "--root", str(repo), "--no-input"]) == 0
    commit(repo, "Ändringar att granska")
    before = objects(repo)  # what HEAD holds, to say where the broken links stand
    added = next(i for i in before if i.startswith("RUT-LSS-") and before[i].title == "Ny rutin i LSS")
    return repo, {"risk": risk_id, "added": added, "head": before}


def diff_json(repo: Path, capsys: pytest.CaptureFixture[str], *revisions: str) -> dict:
    assert main(["diff", *revisions, "--root", str(repo), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_diff_names_exactly_the_objects_and_fields(changed_repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo, known = changed_repo
    report = diff_json(repo, capsys, "HEAD~1")  # HEAD is the default
    assert report["head"]["commit"] == git(repo, "rev-parse", "HEAD").strip()
    assert [o["id"] for o in report["added"]] == [known["added"]]
    assert [o["id"] for o in report["removed"]] == [REMOVED]
    assert {c["id"]: c["fields"] for c in report["changed"]} == {
        "RUT-HT-001": ["revideras", "innehåll"],
        "RUT-HT-009": ["innehåll"],
        "RUT-EKB-001": ["status"],
        "KRAV-OSL-26-1": ["källa"],
        known["risk"]: ["rubrik"],
    }
    changes = {c["id"]: c["changes"] for c in report["changed"]}
    assert changes["RUT-EKB-001"] == [{"field": "status", "before": "fastställd", "after": "upphävd", "note": ""}]
    assert changes["RUT-HT-001"][0] == {"field": "revideras", "before": "2027-02-10", "after": "2027-03-01", "note": ""}
    assert changes["RUT-HT-001"][1]["note"] == "steg 4 ändrat"


def test_diff_names_the_links_that_break(changed_repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo, known = changed_repo
    report = diff_json(repo, capsys, "HEAD~1", "HEAD")
    expected = {(n.id, link, REMOVED, n.file, n.line_of(link))
                for n in known["head"].values() for link in MODEL.types[n.type].links if REMOVED in n.values(link)}
    assert len(expected) >= 2
    assert {(b["id"], b["link"], b["target"], b["file"], b["line"]) for b in report["broken_links"]} == expected
    assert all(b["new"] for b in report["broken_links"])


def test_diff_gives_coverage_before_and_after(changed_repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo, known = changed_repo
    coverage = {row["name"]: row for row in diff_json(repo, capsys, "HEAD~1")["coverage"]}
    routines = coverage["routines_in_process"]
    orphans = [n.id for n in known["head"].values() if n.type == "rutin" and REMOVED in n.values("tillhör")]
    assert routines["before"]["percent"] == 100 and routines["before"]["missing"] == []
    assert routines["after"]["missing"] == orphans and routines["after"]["percent"] < 100
    assert routines["floor"] == MODEL.coverage["routines_in_process"]
    assert coverage["requirements_covered"]["before"] == coverage["requirements_covered"]["after"]


def test_diff_names_the_units_whose_staff_must_be_told(changed_repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo, _ = changed_repo
    inform = diff_json(repo, capsys, "HEAD~1")["inform"]
    # RUT-HT-009 is a draft and the new LSS routine too: their units hear nothing of them
    assert inform == [
        {"unit": "HT", "name": MODEL.units["HT"], "objects": ["RUT-HT-001"]},
        {"unit": "EKB", "name": MODEL.units["EKB"], "objects": ["RUT-EKB-001"]},
    ]


def test_markdown_for_the_pull_request(changed_repo, capsys: pytest.CaptureFixture[str]) -> None:
    repo, known = changed_repo
    assert main(["diff", "HEAD~1", "HEAD", "--root", str(repo)]) == 0
    text = capsys.readouterr().out
    assert text.startswith("## Lotsen: vad ändringen påverkar\n")
    assert "**1 nytt objekt, 1 borttaget objekt och 5 ändrade objekt.**" in text
    assert f"| `{known['added']}` | Rutin | Ny rutin i LSS |" in text
    assert "`revideras` (2027-02-10 → 2027-03-01), innehåll (steg 4 ändrat)" in text
    assert "`status` (fastställd → upphävd)" in text
    assert "| Andel rutiner som hör till en process | 100 % (" in text and "**under gränsen**" in text
    for n in known["head"].values():
        if REMOVED in n.values(MODEL.structure.routine_process_link):
            assert f"| `{n.id}` | länken `tillhör` | `{REMOVED}` | `{n.file}:{n.line_of('tillhör')}` |" in text
    assert f"| {MODEL.units['HT']} (`HT`) | `RUT-HT-001` Kvittera och förvara nycklar |" in text
    assert f"{MODEL.units['LSS']} (`LSS`)" not in text


def test_diff_reads_commits_and_leaves_the_working_tree_alone(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    repo = sample_repo(tmp_path / "repo")
    edit(repo / "routines/ht/rut-ht-001.md", ":version: 3", ":version: 4")
    commit(repo, "Ny version")
    edit(repo / "routines/ht/rut-ht-002.md", ":ägare: enhetschef_ht", ":ägare: mas")  # not committed
    status = git(repo, "status", "--porcelain")
    report = diff_json(repo, capsys, "main~1", "main")
    assert {c["id"]: c["fields"] for c in report["changed"]} == {"RUT-HT-001": ["version"]}
    assert git(repo, "status", "--porcelain") == status
    assert ":ägare: mas" in (repo / "routines/ht/rut-ht-002.md").read_text(encoding="utf-8")

    same = diff_json(repo, capsys, "HEAD", "HEAD")
    assert same["added"] == same["removed"] == same["changed"] == same["broken_links"] == same["inform"] == []
    assert main(["diff", "HEAD", "--root", str(repo)]) == 0
    text = capsys.readouterr().out
    assert "**0 nya objekt, 0 borttagna objekt och 0 ändrade objekt.**" in text
    assert "Inga länkar eller hänvisningar går sönder." in text


def test_diff_of_a_project_in_a_subfolder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "repo"
    root = make_project(repo / "ledning")
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "Start")
    edit(root / "objects.md", ":syfte: Ge stöd i hemmet.", ":syfte: Ge stöd och omsorg i hemmet.")
    commit(repo, "Tydligare syfte")
    report = diff_json(root, capsys, "HEAD~1")
    assert [(c["id"], c["fields"]) for c in report["changed"]] == [("PROC-HT", ["syfte"])]


@pytest.mark.parametrize(("case", "revision", "message"), [
    ("not_a_repository", "HEAD", "ligger inte i ett git-arkiv"),
    ("unknown_revision", "origin/finns-inte", "Revisionen 'origin/finns-inte' finns inte"),
    ("option_like_revision", "--output=/tmp/x", "Revisionen '--output=/tmp/x' finns inte"),
    ("broken_model", "HEAD~1", "Modellen i revisionen 'HEAD' går inte att läsa:\nlotsen.yaml:"),
])
def test_diff_stops_with_a_swedish_message(case: str, revision: str, message: str, tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    if case == "not_a_repository":
        root = make_project(tmp_path / "proj")
    else:
        root = sample_repo(tmp_path / "repo")
    if case == "broken_model":
        edit(root / "lotsen.yaml", "\nunits:", "\nunitz:")  # the top section (units nest)
        commit(root, "Trasig modell")
    code = main(["diff", f"--root={root}", "--", revision])
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err
