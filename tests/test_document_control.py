"""`lotsen check --base REV`: a change to the content of a document in force must carry,
in the same change, a new version, a new change note and a new approval date; a
document in force is withdrawn, not deleted. Lines are found in the edited files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lotsen.cli.main import main

from workflow_repo import edit, sample_repo

ROUTINE = "routines/ht/rut-ht-002.md"


def check_base(repo: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict]]:
    code = main(["check", "--root", str(repo), "--base", "HEAD", "--format", "json"])
    return code, json.loads(capsys.readouterr().out)


def line_of(path: Path, start: str) -> int:
    return next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text.startswith(start))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return sample_repo(tmp_path / "repo")


def test_a_content_change_without_version_note_and_date_fails(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo / ROUTINE, "\n1. Leta i nyckelväskan", "\n1. Leta först i nyckelväskan")
    code, findings = check_base(repo, capsys)
    assert code == 1
    path = repo / ROUTINE
    assert sorted((f["file"], f["line"], f["code"]) for f in findings if f["severity"] == "fel") == sorted([
        (ROUTINE, line_of(path, ":fastställd: "), "change_without_approval"),
        (ROUTINE, line_of(path, ":ändringsnotering:"), "change_without_note"),
        (ROUTINE, line_of(path, ":version:"), "change_without_version"),
    ])
    assert all("RUT-HT-002" in f["message"] for f in findings if f["code"].startswith("change_"))
    # without --base nothing compares, so the same tree passes
    assert main(["check", "--root", str(repo), "--format", "json"]) == 0
    capsys.readouterr()


def test_with_version_note_and_date_the_change_passes(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = repo / ROUTINE
    edit(path, "\n1. Leta i nyckelväskan", "\n1. Leta först i nyckelväskan")
    edit(path, ":version: 3", ":version: 4")
    edit(path, ":fastställd: 2026-03-12", ":fastställd: 2026-11-20")
    text = path.read_text(encoding="utf-8")
    old_note = next(line for line in text.splitlines() if line.startswith(":ändringsnotering:"))
    edit(path, old_note, ":ändringsnotering: Leta i nyckelväskan först.")
    code, findings = check_base(repo, capsys)
    assert code == 0, findings


def test_only_a_field_of_control_changing_needs_nothing(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # a review that changed nothing: a new review date (inside the review period from the
    # approval date, lotsen.review_period)
    edit(repo / ROUTINE, ":revideras: 2027-03-12", ":revideras: 2027-02-12")
    edit(repo / "routines/ht/rut-ht-009.md", "\n6. Stanna kvar tills", "\n6. Vänta kvar tills")  # a draft
    edit(repo / "routines/ekb/rut-ekb-001.md", ":status: fastställd", ":status: upphävd")  # withdrawn
    code, findings = check_base(repo, capsys)
    assert code == 0, findings


def test_deleting_a_document_in_force_says_to_withdraw_it(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = line_of(repo / "routines/ht/rut-ht-010.md", "```{rutin}")
    (repo / "routines/ht/rut-ht-010.md").unlink()
    code, findings = check_base(repo, capsys)
    assert code == 1
    removed = [f for f in findings if f["code"] == "removed_in_force"]
    assert [(f["file"], f["line"]) for f in removed] == [("routines/ht/rut-ht-010.md", line)]
    assert "':status: upphävd'" in removed[0]["hint"]


def test_a_base_that_does_not_exist_is_a_clear_message(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--root", str(repo), "--base", "finns-inte"]) == 2
    assert "Revisionen 'finns-inte' finns inte" in capsys.readouterr().err
