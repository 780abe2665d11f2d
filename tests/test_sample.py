"""The bundled sample ledningssystem: builds clean with -W and holds what the brief asks."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from lotsen.checks.pipeline import scan_files
from lotsen.model import load_model
from lotsen.source.files import content_files
from lotsen.source.index import risk_score

from conftest import REPO, reported

MINIMUM = {"rutin": 30, "process": 8, "risk": 15, "kontroll": 12, "krav": 20, "åtgärd": 6}


@pytest.fixture(scope="module")
def sample_build(sample_site):
    return sample_site


@pytest.fixture(scope="module")
def needs(sample_build: tuple[Path, object]) -> dict[str, dict]:
    src, _ = sample_build
    data = json.loads((src / "_build" / "html" / "needs.json").read_text(encoding="utf-8"))
    [version] = data["versions"].values()
    return version["needs"]


def test_sample_builds_clean_with_W(sample_build: tuple[Path, object]) -> None:
    _, result = sample_build
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    assert reported(result.stderr) == []


def test_sample_holds_the_required_counts(needs: dict[str, dict]) -> None:
    counts = Counter(n["type"] for n in needs.values())
    for type_name, minimum in MINIMUM.items():
        assert counts[type_name] >= minimum, (type_name, counts[type_name])
    assert sum(1 for n in needs.values() if n["type"] == "process" and n["nivå"] == "delprocess") >= 4
    units = {u for n in needs.values() for u in (n.get("enheter") or [])}
    assert {"HT", "LSS", "BUM", "EKB"} <= units


def test_fields_and_links_reach_needs_json(needs: dict[str, dict]) -> None:
    routine = needs["RUT-HT-002"]
    assert routine["ägare"] == "enhetschef_ht"
    assert routine["tillhör"] == ["PROC-HT-UTFORA"]
    assert "RUT-HT-002" in needs["PROC-HT-UTFORA"]["tillhör_back"]
    assert routine["docname"] == "routines/ht/rut-ht-002"


def test_sample_mix_exercises_the_model() -> None:
    model = load_model(REPO / "lotsen.yaml")
    objects, findings = scan_files(model, REPO, content_files(REPO))
    assert findings == []
    statuses = Counter(n.value("status") for n in objects if n.type == "rutin")
    assert statuses["fastställd"] >= 25 and statuses["utkast"] >= 1
    scores = [risk_score(model, n) for n in objects if n.type == "risk"]
    assert min(scores) < 4 and max(scores) >= 12  # a spread for the heatmap
    origins = {n.value("ursprung") for n in objects if n.type == "åtgärd"}
    assert len(origins) == 6


def test_sample_has_no_personal_data() -> None:
    personnummer = re.compile(r"\b(19|20)?\d{6}[-+]?\d{4}\b")
    email = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
    for path in content_files(REPO):
        text = path.read_text(encoding="utf-8")
        assert not personnummer.search(text), path
        assert not email.search(text), path


def test_each_routine_has_numbered_steps() -> None:
    model = load_model(REPO / "lotsen.yaml")
    objects, _ = scan_files(model, REPO, content_files(REPO))
    for routine in (n for n in objects if n.type == "rutin"):
        steps = [line for line in routine.body if re.match(r"^\d+\. ", line)]
        assert len(steps) >= 3, routine.id
