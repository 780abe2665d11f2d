"""Review routing: CODEOWNERS sends each changed file to the team of its objects' owners."""

from __future__ import annotations

from pathlib import Path

import pytest
from codeowners import CodeOwners

from lotsen.checks.pipeline import scan_files
from lotsen.cli.codeowners import owner_field
from lotsen.cli.main import main
from lotsen.model import load_model
from lotsen.source.files import content_files

from conftest import REPO
from workflow_repo import commit, edit, git, sample_repo

MODEL = load_model(REPO / "lotsen.yaml")
DEFAULT = MODEL.accounts["*"]


def _line_up(unit: str) -> list[str]:
    """The unit and every unit above it, by following each unit's parent."""
    chain = [unit]
    while MODEL.unit_tree.units[chain[-1]].parent:
        chain.append(MODEL.unit_tree.units[chain[-1]].parent)
    return chain


def role_accounts(role: str, named: list[str]) -> list[str]:
    """A role's accounts on an object naming these units: a role per unit is the account
    of each enhet (a unit nobody has as parent) under what the object names, from
    'role@UNIT' at the enhet or above, else the role's {unit} pattern."""
    if role not in MODEL.per_unit_roles:
        return [MODEL.accounts[role]]
    parents = {u.parent for u in MODEL.unit_tree.units.values()}
    found = []
    for unit in MODEL.unit_tree.units:
        if unit in parents or not set(_line_up(unit)) & set(named):
            continue
        own = [MODEL.unit_accounts[f"{role}@{u}"] for u in _line_up(unit) if f"{role}@{u}" in MODEL.unit_accounts]
        account = own[0] if own else MODEL.accounts[role].replace("{unit}", unit.lower())
        if account not in found:
            found.append(account)
    return found


def expected_owners(root: Path, file: str) -> list[str]:
    """The accounts of the owners of every object in a file, or the default reviewer."""
    needs, _ = scan_files(MODEL, root, [root / file])
    accounts: list[str] = []
    for need in needs:
        for role in need.values(owner_field(MODEL, need.type)):
            for account in role_accounts(role, need.values(MODEL.field_for("units"))):
                if account not in accounts:
                    accounts.append(account)
    return accounts or [DEFAULT]


def owners_of(text: str, file: str) -> list[str]:
    """Who a CODEOWNERS text asks to review a file, as the PyPI `codeowners` package (an
    implementation of GitHub's rules, independent of Lotsen) reads it."""
    return [name for _kind, name in CodeOwners(text).of(file)]


def codeowners(root: Path) -> str:
    return (root / ".github" / "CODEOWNERS").read_text(encoding="utf-8")


def test_sample_codeowners_is_up_to_date(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["codeowners", "--check", "--root", str(REPO)]) == 0, capsys.readouterr().err
    text = codeowners(REPO)
    for path in content_files(REPO):
        file = path.relative_to(REPO).as_posix()
        assert owners_of(text, file) == expected_owners(REPO, file), file
    assert owners_of(text, "lotsen.yaml") == [DEFAULT]


def test_owner_fields_come_from_the_model() -> None:
    assert owner_field(MODEL, "rutin") == MODEL.field_for("owner")
    assert owner_field(MODEL, "kontroll") == MODEL.field_for("responsible")
    assert owner_field(MODEL, "krav") == ""


def test_each_changed_file_is_routed_to_its_owner(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = sample_repo(tmp_path / "repo")
    # `lotsen new` brings CODEOWNERS up to date itself: no step of its own
    assert main(["new", "åtgärd", "--title", "Ny åtgärd", "--owner", "enhetschef_lss", "--root", str(repo),
                 "--no-input"]) == 0
    assert "Uppdaterade .github/CODEOWNERS" in capsys.readouterr().err
    assert main(["codeowners", "--check", "--root", str(repo)]) == 0
    capsys.readouterr()
    edit(repo / "routines/ht/rut-ht-001.md", ":ägare: enhetschef_ht", ":ägare: mas")
    edit(repo / "controls/ekb.md", ":ansvarig: gruppledare", ":ansvarig: samordnare")
    edit(repo / "requirements/osl.md", "26 kap. 1 §", "26 kap. 1 och 2 §§")

    assert main(["codeowners", "--check", "--root", str(repo)]) == 1
    err = capsys.readouterr().err
    assert ".github/CODEOWNERS är inaktuell" in err
    assert f"\n    .venv/bin/lotsen codeowners --root {repo}\n" in err  # the one command, on its own line
    assert "+/routines/ht/rut-ht-001.md @norrvik/mas" in err

    assert main(["codeowners", "--root", str(repo)]) == 0
    assert main(["codeowners", "--check", "--root", str(repo)]) == 0
    commit(repo, "Nya ägare")
    changed = git(repo, "diff", "--name-only", "HEAD~1", "HEAD").split()
    content = [f for f in changed if f.endswith(".md")]
    assert len(content) == 4 and ".github/CODEOWNERS" in changed
    text = codeowners(repo)
    for file in content:
        assert owners_of(text, file) == expected_owners(repo, file), file
    assert owners_of(text, "routines/ht/rut-ht-001.md") == [MODEL.accounts["mas"]]
    assert owners_of(text, "requirements/osl.md") == [DEFAULT]  # requirements have no owner field
    assert MODEL.accounts["samordnare"] in owners_of(text, "controls/ekb.md")


def test_a_role_without_account_is_named_and_falls_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = sample_repo(tmp_path / "repo")
    edit(repo / "routines/ht/rut-ht-001.md", ":ägare: enhetschef_ht", ":ägare: handläggare")
    assert "handläggare" not in MODEL.accounts
    assert main(["codeowners", "--root", str(repo)]) == 0
    err = capsys.readouterr().err
    assert "routines/ht/rut-ht-001.md:6: rollen 'handläggare' har inget konto under 'accounts'" in err
    assert owners_of(codeowners(repo), "routines/ht/rut-ht-001.md") == [DEFAULT]


def test_special_characters_in_paths_are_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = sample_repo(tmp_path / "repo")
    (repo / "routines/ht/rut-ht-001.md").rename(repo / "routines/ht/nycklar #1 [ny].md")
    assert main(["codeowners", "--root", str(repo)]) == 0
    text = codeowners(repo)
    assert "/routines/ht/nycklar\\ \\#1\\ \\[ny\\].md @norrvik/hemtjanst-ledning" in text
    assert owners_of(text, "routines/ht/nycklar #1 [ny].md") == [MODEL.accounts["enhetschef_ht"]]


def test_missing_file_and_broken_model(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = sample_repo(tmp_path / "repo")
    (repo / ".github" / "CODEOWNERS").unlink()
    assert main(["codeowners", "--check", "--root", str(repo)]) == 1
    assert ".github/CODEOWNERS finns inte" in capsys.readouterr().err
    assert main(["codeowners", "--root", str(repo), "--output", "CODEOWNERS"]) == 0
    assert (repo / "CODEOWNERS").is_file() and not (repo / ".github" / "CODEOWNERS").exists()
    edit(repo / "lotsen.yaml", "  mas: '@norrvik/mas'", "  mas: mas@example.org")
    assert main(["codeowners", "--root", str(repo)]) == 2
    assert "'accounts.mas' ska vara ett konto" in capsys.readouterr().err
