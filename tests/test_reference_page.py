"""The reference page of the model and the rules (site/reference.py) follows Lotsen
as it follows the model: a new version of Lotsen, with a rule of its own, is on the
page after an incremental build, without a clean one."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

import lotsen.findings as findings
from test_incremental_outputs import build

from conftest import make_project


def test_a_new_rule_of_lotsen_reaches_the_page_without_a_clean_build(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    src = make_project(tmp_path / "src", {"regler.md": "# Regler\n\n```{lotsen-regler}\n```\n"})
    # Lotsen's rules as a file of their own, so that the test can give them a new version
    rules_file = tmp_path / "findings.py"
    rules_file.write_text(Path(findings.__file__).read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setattr(findings, "__file__", str(rules_file))
    out, doctrees = tmp_path / "out", tmp_path / "doctrees"
    build(src, out, doctrees)
    page = out / "regler.html"
    assert "reference_missing" in page.read_text(encoding="utf-8")
    assert "lotsen_test_rule" not in page.read_text(encoding="utf-8")

    monkeypatch.setitem(findings.RULES, "lotsen_test_rule", "En regel i en ny version av Lotsen.")
    later = time.time() + 5
    os.utime(rules_file, (later, later))
    build(src, out, doctrees)
    assert "lotsen_test_rule" in page.read_text(encoding="utf-8")
