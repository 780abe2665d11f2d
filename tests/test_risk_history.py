"""A risk's score over time on its card, read from git: the versions of its file,
followed by the risk's ID through a rename; nothing (and no error) outside git."""

from __future__ import annotations

import shutil
from pathlib import Path

from lotsen.model import load_model
from lotsen.reports.risk_history import ScorePoint, risk_histories
from test_history import git

from conftest import make_project, sphinx_build
from html_tables import tables

RISK = """# Risker

```{{risk}} Nyckel kommer bort
:id: RISK-HT-01
:status: aktiv
:ägare: enhetschef_ht
:sannolikhet: {l}
:konsekvens: {c}
:bedömd: {day}
:enheter: HT

{text}
```
"""


def write(path: Path, l: int, c: int, day: str, text: str = "Nyckeln kan tappas bort.") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(RISK.format(l=l, c=c, day=day, text=text), encoding="utf-8")


def test_the_history_follows_the_risk_through_commits_and_a_rename(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "risks").mkdir(parents=True)
    (root / "lotsen.yaml").write_text((Path(__file__).resolve().parents[1] / "lotsen.yaml").read_text(encoding="utf-8"),
                                      encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    write(root / "risks/ht.md", 2, 2, "2025-03-01")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Första bedömningen", date="2025-03-02T09:00:00")
    write(root / "risks/ht.md", 2, 2, "2025-03-01", text="Nyckeln kan tappas bort eller glömmas.")
    git(root, "commit", "-q", "-am", "Bättre text", date="2025-06-01T09:00:00")
    write(root / "risks/ht.md", 3, 4, "2025-09-10")
    git(root, "commit", "-q", "-am", "Ny bedömning", date="2025-09-11T09:00:00")
    git(root, "mv", "risks/ht.md", "risks/hemtjanst.md")
    write(root / "risks/hemtjanst.md", 2, 4, "2026-02-01")
    git(root, "commit", "-q", "-am", "Flyttad och bedömd igen", date="2026-02-02T09:00:00")
    model = load_model(root / "lotsen.yaml")
    assert risk_histories(root, model) == {"RISK-HT-01": [
        ScorePoint("2025-03-02", "2025-03-01", 2, 2, 4, "Måttlig"),
        ScorePoint("2025-09-11", "2025-09-10", 3, 4, 12, "Mycket hög"),
        ScorePoint("2026-02-02", "2026-02-01", 2, 4, 8, "Hög"),
    ]}


def test_no_history_outside_git(tmp_path: Path) -> None:
    root = tmp_path / "plain"
    write(root / "risks/ht.md", 2, 2, "2025-03-01")
    (root / "lotsen.yaml").write_text((Path(__file__).resolve().parents[1] / "lotsen.yaml").read_text(encoding="utf-8"),
                                      encoding="utf-8")
    assert risk_histories(root, load_model(root / "lotsen.yaml")) is None


def test_the_card_shows_the_history_in_a_build(tmp_path: Path) -> None:
    root = make_project(tmp_path / "proj")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Början", date="2026-01-10T09:00:00")
    objects = root / "objects.md"
    text = objects.read_text(encoding="utf-8")
    block = text[text.index("```{risk}"):]
    block = block[:block.index("\n```") + 4]
    assert ":konsekvens: 3" in block
    objects.write_text(text.replace(block, block.replace(":konsekvens: 3", ":konsekvens: 4")), encoding="utf-8")
    git(root, "commit", "-q", "-am", "Allvarligare", date="2026-04-20T09:00:00")
    result = sphinx_build(root)
    assert result.returncode == 0, result.stderr
    table = tables(root / "_build/html/objects.html")["tabell-riskhistorik-risk-ht-01"]
    assert [row[0] for row in table.rows] == ["2026-01-10", "2026-04-20"]
    assert [row[2:] for row in table.rows] == [["3", "3", "9", "Hög"], ["3", "4", "12", "Mycket hög"]]
    # outside git: the card has no history, the build no error
    shutil.rmtree(root / ".git")
    result = sphinx_build(root)
    assert result.returncode == 0, result.stderr
    assert "riskhistorik" not in (root / "_build/html/objects.html").read_text(encoding="utf-8")
