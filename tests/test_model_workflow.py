"""The model's workflow parts: ID and file templates, and review accounts, checked at load."""

from __future__ import annotations

from pathlib import Path

import pytest

from lotsen.errors import ModelError
from lotsen.model import load_model

from conftest import REPO, line_of, write_model


def problems(path: Path) -> set[tuple[int, str]]:
    with pytest.raises(ModelError) as err:
        load_model(path)
    return {(p.line, p.message) for p in err.value.problems}


def test_sample_declares_a_template_for_every_type_and_accounts() -> None:
    model = load_model(REPO / "lotsen.yaml")
    assert all(t.id_template for t in model.types.values())
    assert model.types["rutin"].file_template == "{unit}/{id}.md"
    assert model.types["risk"].file_template == "{id}.md"
    assert model.accounts["*"].startswith("@norrvik/")
    assert set(model.accounts) - {"*"} <= set(model.roles)


def test_template_that_breaks_the_id_pattern_is_reported_at_its_line(tmp_path: Path) -> None:
    path = write_model(tmp_path, unique=True, replace={'id_template: "RUT-{unit}-{number:03d}"': 'id_template: "RUT-{unit}-{number:02d}"',
                                 'id_template: "RISK-{unit}-{number:02d}"': 'id_template: "RISK-{enhet}-{number:02d}"',
                                 'id_template: "KTRL-{unit}-{number:02d}"': 'id_template: "KTRL-{unit}"'})
    found = problems(path)
    rut = line_of(path, 'RUT-{unit}-{number:02d}')
    assert any(line == rut and "ger ID:t 'RUT-GEM-01'" in msg and "id_pattern" in msg for line, msg in found)
    risk = line_of(path, "RISK-{enhet}")
    assert any(line == risk and "{enhet} finns inte" in msg for line, msg in found)
    ktrl = line_of(path, 'id_template: "KTRL-{unit}"')
    assert any(line == ktrl and "måste innehålla {number}" in msg for line, msg in found)
    assert len(found) == 3


def test_file_template_must_stay_in_the_folder(tmp_path: Path) -> None:
    path = write_model(tmp_path, unique=True, replace={'file_template: "{unit}/{id}.md"': 'file_template: "../{id}.md"'})
    [(line, message)] = problems(path)
    assert line == line_of(path, 'file_template: "../')
    assert "inuti typens mapp" in message


def test_accounts_name_roles_and_teams_only(tmp_path: Path) -> None:
    path = write_model(tmp_path, unique=True, replace={"  mas: '@norrvik/mas'": "  mas: 'fornamn.efternamn@example.org'",
                                 "  samordnare: '@norrvik/samordnare'": "  samordnarna: '@norrvik/samordnare'"})
    found = problems(path)
    assert (line_of(path, "  mas: 'fornamn"), "'accounts.mas' ska vara ett konto eller team på git-tjänsten, "
            "till exempel '@norrvik/hemtjanst' (inom citattecken). Skriv aldrig en persons namn eller "
            "e-postadress.") in found
    assert any(line == line_of(path, "samordnarna:") and "rollen 'samordnarna'" in msg for line, msg in found)
    assert len(found) == 2


def test_a_model_without_the_workflow_parts_still_loads(tmp_path: Path) -> None:
    text = (REPO / "lotsen.yaml").read_text(encoding="utf-8")
    text = text[: text.index("\naccounts:")] + "\n"
    text = "\n".join(line for line in text.splitlines() if "_template:" not in line) + "\n"
    path = tmp_path / "lotsen.yaml"
    path.write_text(text, encoding="utf-8")
    model = load_model(path)
    assert model.accounts == {}
    assert model.types["rutin"].id_template == "" and model.types["rutin"].file_template == "{id}.md"


def test_a_unit_code_an_id_cannot_hold_is_reported_at_the_unit(tmp_path: Path) -> None:
    path = write_model(tmp_path, unique=True, replace={"\n          EKB: Ekonomiskt bistånd": "\n          ÄLD: Äldreomsorg\n          SOCIALT: Socialtjänst"})
    found = problems(path)
    old = line_of(path, "  ÄLD:")
    long = line_of(path, "  SOCIALT:")
    [message] = [msg for line, msg in found if line == old]
    assert "Enhetskoden 'ÄLD'" in message and "tecknet 'Ä'" in message and "A–Z" in message
    [message] = [msg for line, msg in found if line == long]
    assert "Enhetskoden 'SOCIALT'" in message and "7 tecken" in message and "2–5 tecken" in message
    # the cause is the unit: no message about a template line
    assert not any("id_template" in msg and "ÄLD" in msg for _, msg in found if "Enhetskoden" not in msg)
    assert len(found) == 2


def test_a_template_fault_is_still_reported_at_the_template(tmp_path: Path) -> None:
    path = write_model(tmp_path, unique=True, replace={"  EKB: Ekonomiskt bistånd": "  ÄLD: Äldreomsorg",
                                 'id_template: "RUT-{unit}-{number:03d}"': 'id_template: "RUT-{unit}-{number:02d}"'})
    found = problems(path)
    assert any(line == line_of(path, "  ÄLD:") for line, _ in found)
    assert any(line == line_of(path, 'RUT-{unit}-{number:02d}') and "id_pattern" in msg for line, msg in found)


def test_document_control_comes_from_field_roles() -> None:
    dc = load_model(REPO / "lotsen.yaml").document_control
    assert (dc.version_field, dc.approved_field, dc.approver_field, dc.change_note_field) == (
        "version", "fastställd", "fastställd_av", "ändringsnotering")
    assert dc.enabled


def test_a_document_control_section_says_which_roles_to_write(tmp_path: Path) -> None:
    path = write_model(tmp_path, unique=True, replace={"\nstructure:\n": "\ndocument_control:\n  version_field: version\n\nstructure:\n"})
    [(line, message)] = problems(path)
    assert line == line_of(path, "document_control:")
    assert "'document_control' används inte längre" in message and "role: change_note" in message


def test_without_a_change_note_role_there_is_no_document_control(tmp_path: Path) -> None:
    path = write_model(tmp_path, unique=True, replace={"    role: change_note\n": ""})
    assert not load_model(path).document_control.enabled
