"""What a reviewer must be able to trust in `lotsen diff`: the changed text word by
word, every reference a deletion breaks (link field, {need} reference, plain-text
mention), and a deleted document in force named as a mistake. The expected texts are
written out by hand from the edits the tests make."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lotsen.cli.main import main
from lotsen.reports.word_diff import word_diff

from workflow_repo import commit, edit, sample_repo

DELETED = "RUT-HT-005"


def test_word_diff_marks_exactly_the_words_that_changed() -> None:
    before = ["**Gör så här**", "", "1. Leta i nyckelväskan och i bilen.", "2. Ring samordnaren."]
    after = ["**Gör så här**", "", "1. Leta under nyckelväskan och i bilen.", "2. Ring samordnaren.",
             "3. Skriv en avvikelse."]
    assert word_diff(before, after) == [
        [("=", "1. Leta"), ("-", "i"), ("+", "under"), ("=", "nyckelväskan och i bilen.")],
        [("+", "3. Skriv en avvikelse.")],
    ]
    # only markup changed: staff read the same words, so there is no change to show
    assert word_diff(["Se {need}`RUT-HT-001`."], ["Se RUT-HT-001."]) == []


@pytest.fixture(scope="module")
def deletion(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """RUT-HT-005 (fastställd) is linked from a control, mentioned in a risk's text,
    and referenced with {need} from another routine; then its file is deleted."""
    repo = sample_repo(tmp_path_factory.mktemp("deletion") / "repo")
    edit(repo / "routines/ht/rut-ht-002.md", "\n7. Samordnaren berättar",
         "\n7. Är det ett larm, följ {need}`RUT-HT-005`. Samordnaren berättar")
    commit(repo, "En hänvisning")
    (repo / "routines/ht/rut-ht-005.md").unlink()
    edit(repo / "routines/ht/rut-ht-001.md", "\n4. Bär nyckeln", "\n4. Bär alltid nyckeln")
    commit(repo, "Ta bort larmrutinen")
    return repo


def test_diff_lists_every_reference_the_deletion_breaks(deletion: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "HEAD~1", "--root", str(deletion), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    broken = sorted((b["id"], b["kind"], b["target"]) for b in report["broken_links"] if b["new"])
    assert broken == [("KTRL-HT-04", "länk", DELETED), ("RISK-HT-04", "omnämnande", DELETED),
                      ("RUT-HT-002", "hänvisning", DELETED)]
    assert [r["id"] for r in report["removed_in_force"]] == [DELETED]


def test_diff_markdown_shows_text_and_the_mistake(deletion: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "HEAD~1", "--root", str(deletion)]) == 0
    text = capsys.readouterr().out
    assert "**0 nya objekt, 1 borttaget objekt och 1 ändrat objekt.**" in text
    assert "- 4\\. Bär **alltid** nyckeln" in text
    assert f"`{DELETED}` Åka på trygghetslarm gäller i dag och tas bort" in text
    assert "sätt `:status: upphävd` i stället" in text
    assert "| `RISK-HT-04` | nämner ID:t i texten | `RUT-HT-005` | `risks/ht.md:" in text
    assert "| `RUT-HT-002` | hänvisning i texten | `RUT-HT-005` | `routines/ht/rut-ht-002.md:" in text
    assert "Inga länkar eller hänvisningar går sönder." not in text


def test_check_fails_on_the_same_references(deletion: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--root", str(deletion), "--format", "json"]) == 1
    findings = json.loads(capsys.readouterr().out)
    codes = sorted((f["file"], f["code"]) for f in findings if DELETED in f["message"])
    assert codes == [("controls/ht.md", "link_target_missing"), ("risks/ht.md", "mention_target_missing"),
                     ("routines/ht/rut-ht-002.md", "link_target_missing")]
