"""Every type in the model has a skeleton, and a filled-in skeleton passes validation."""

from __future__ import annotations

from pathlib import Path
from string import Template

import pytest

from lotsen.checks.pipeline import check_files
from lotsen.model import load_model
from lotsen.source.files import build_date, content_files

from conftest import REPO, make_project

SKELETONS = REPO / "needs_templates" / "skeletons"
MODEL = load_model(REPO / "lotsen.yaml")
IDS = {"rutin": "RUT-HT-900", "process": "PROC-HT-NY", "risk": "RISK-HT-90",
       "kontroll": "KTRL-HT-90", "krav": "KRAV-NY-1", "åtgärd": "ATG-2026-900",
       "resultat": "RES-KTRL-HT-01-2026", "granskning": "GRA-IVO-2026-90", "mål": "MAL-2026-90",  # a result of 2026
       "indikator": "IND-HT-90"}


def test_a_skeleton_for_every_type() -> None:
    assert {p.stem for p in SKELETONS.glob("*.md")} == set(MODEL.types)


@pytest.mark.parametrize("type_name", sorted(MODEL.types))
def test_filled_skeleton_is_valid(type_name: str, tmp_path: Path) -> None:
    text = Template((SKELETONS / f"{type_name}.md").read_text(encoding="utf-8")).substitute(
        id=IDS[type_name], title="Nytt objekt", owner="enhetschef_ht", unit="HT",
        role="undersköterska", process="PROC-HT-UTFORA", routine="RUT-HT-001", control="KTRL-HT-01", due="2099-12-31")
    # Gates off: a new requirement is uncovered until something fulfils it, by design.
    root = make_project(tmp_path / "proj", {"ny.md": text})
    findings = check_files(load_model(root / "lotsen.yaml"), root, content_files(root), build_date())
    assert findings == []
