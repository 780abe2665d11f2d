"""Every rule has a fixture that triggers it; the exact code, file and line are checked,
both through the Sphinx build (as authors see it) and through `lotsen check`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lotsen.checks.document_control import BASE_RULES
from lotsen.cli.main import main
from lotsen.findings import RULES
from test_goals import GOAL_FILE_RULES
from test_statistics import DATA_FILE_RULES
from test_story import STORY_RULES

from conftest import RULE_FIXTURES, make_project, reported, reported_varnings, sphinx_build

#: A fixture is Markdown, or another kind of file a rule is about (``.rst``).
FIXTURE_FILES = {p.stem: p for suffix in ("md", "rst") for p in RULE_FIXTURES.glob(f"*.{suffix}")}
FIXTURE_NAMES = sorted(FIXTURE_FILES)
#: The name the fixture gets in the project; sorts after the base project's files so
#: that the base's objects come first (a duplicate is reported on the later one).
PLACED_AS = "regel.md"
#: Fixtures whose rule is about the file's name get a name of their own: (name on
#: disk, name as findings show it).
PLACED_ELSEWHERE = {"file_name": ("rutin\tny.md", "rutin\\tny.md"),
                    # the file the results of KTRL-HT-01 for 2026 are kept in (results.file_template)
                    "result_file_year": ("results/2026/ktrl-ht-01.md", "results/2026/ktrl-ht-01.md")}
#: Rules that need what sphinx-needs collected, so only the build can apply them: the
#: scan and sphinx-needs disagree (the scan follows MyST's parser, so these are the
#: cases it cannot read: an included file, a block that fails and takes its content);
#: and the references Sphinx resolves after reading every page (sphinx/upstream_warnings.py).
BUILD_ONLY = {"need_not_checked", "need_not_built", "reference_missing", "label_duplicate", "footnote_unused",
              "block_invalid", "code_language"}
#: Files a fixture needs beside it (tests/fixtures/rules/files/<fixture>.<ext>), by the
#: name the fixture uses.
FILES_BESIDE = {"need_not_checked": {"inkluderad.txt": "need_not_checked.txt"}}


#: Fixtures that cannot carry an expect comment (an empty file is empty).
NO_COMMENT = {"file_empty": [("file_empty", 1)],
              "front_matter_invalid": [("front_matter_invalid", 4)]}  # its first line must be ---
#: Settings of the model a fixture needs to trigger its rule.
MODEL_CHANGES = {"file_too_large": ("max_file_kb: 1024", "max_file_kb: 2")}


def expectations(name: str) -> list[tuple[str, int]]:
    if name in NO_COMMENT:
        return NO_COMMENT[name]
    first_line = FIXTURE_FILES[name].read_bytes().splitlines()[0].decode("ascii")
    match = re.fullmatch(r"<!-- expect: (.*) -->", first_line) or re.fullmatch(r"\.\. expect: (.*)", first_line)
    assert match, f"{name}.md must start with an expect comment"
    pairs = [item.split("@") for item in match[1].split()]
    return sorted((code, int(line)) for code, line in pairs)


#: Rules whose finding stands in the model file, at the line of the setting broken.
IN_MODEL = {"coverage_gate": "requirements_covered:"}


def placed_as(name: str) -> str:
    return str(Path(PLACED_AS).with_suffix(FIXTURE_FILES[name].suffix))


def place(tmp_path: Path, name: str) -> Path:
    beside = {placed: (RULE_FIXTURES / "files" / stored).read_bytes()
              for placed, stored in FILES_BESIDE.get(name, {}).items()}
    placed = PLACED_ELSEWHERE.get(name, (placed_as(name),))[0]
    root = make_project(tmp_path / "proj", {placed: FIXTURE_FILES[name].read_bytes(), **beside},
                        gates=name in IN_MODEL)
    if name in MODEL_CHANGES:
        model = root / "lotsen.yaml"
        old, new = MODEL_CHANGES[name]
        model.write_text(model.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return root


def where(root: Path, name: str) -> tuple[str, list[tuple[str, int]]]:
    """The file the fixture's findings stand in, and the expected (code, line) pairs."""
    if name not in IN_MODEL:
        return PLACED_ELSEWHERE.get(name, (placed_as(name), placed_as(name)))[1], expectations(name)
    lines = (root / "lotsen.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, text in enumerate(lines, 1) if text.strip().startswith(IN_MODEL[name]))
    return "lotsen.yaml", [(code, line) for code, _ in expectations(name)]


def test_every_rule_has_a_fixture() -> None:
    # the rules that compare with a base revision are tested in test_document_control.py
    triggered = {code for name in FIXTURE_NAMES for code, _ in expectations(name)} | set(BASE_RULES)
    triggered |= DATA_FILE_RULES  # statistics files: tests/test_statistics.py triggers each
    triggered |= STORY_RULES  # the year's completeness: tests/test_story.py triggers each
    triggered |= GOAL_FILE_RULES  # outcome files: tests/test_goals.py triggers each
    assert set(RULES) <= triggered, f"rules without a fixture: {sorted(set(RULES) - triggered)}"
    assert set(FIXTURE_NAMES) <= set(RULES)


def test_base_project_is_clean(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--root", str(project), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    result = sphinx_build(project)
    assert result.returncode == 0, result.stderr
    assert reported(result.stderr) == []


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_rule_reported_by_check(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = place(tmp_path, name)
    code = main(["check", "--root", str(root), "--format", "json"])
    findings = json.loads(capsys.readouterr().out)
    file, expected = where(root, name)
    expected = [(c, line) for c, line in expected if c not in BUILD_ONLY]
    assert sorted((f["code"], f["line"]) for f in findings) == expected
    assert {f["file"] for f in findings} == ({file} if expected else set())
    assert all(f["message"] and f["hint"] for f in findings)
    expected_exit = 1 if any(f["severity"] == "fel" for f in findings) else 0
    assert code == expected_exit


@pytest.mark.parametrize("name", FIXTURE_NAMES)
def test_rule_fails_the_build(name: str, tmp_path: Path) -> None:
    root = place(tmp_path, name)
    result = sphinx_build(root)
    assert "Traceback" not in result.stderr
    errors = reported(result.stderr)
    varnings = reported_varnings(result.stdout)
    got = sorted((r.code, r.line) for r in errors + varnings)
    file, expected = where(root, name)
    assert got == expected, result.stderr
    assert {r.file for r in errors + varnings} == {file}
    if errors:
        assert result.returncode != 0
        assert "Åtgärd:" in errors[0].text
    else:  # review_overdue is a 'varning' in the sample model: shown, not failing
        assert result.returncode == 0, result.stderr


def test_review_overdue_can_be_made_an_error(tmp_path: Path) -> None:
    root = place(tmp_path, "review_overdue")
    model = root / "lotsen.yaml"
    model.write_text(model.read_text(encoding="utf-8").replace(
        "review_overdue: varning", "review_overdue: fel"), encoding="utf-8")
    result = sphinx_build(root)
    assert result.returncode != 0
    assert [(r.code, r.line) for r in reported(result.stderr)] == [("review_overdue", 11)]


def test_review_is_judged_against_the_build_date(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    root = place(tmp_path, "review_overdue")
    monkeypatch.setenv("LOTSEN_TODAY", "2019-06-01")
    main(["check", "--root", str(root), "--format", "json"])
    assert json.loads(capsys.readouterr().out) == []


@pytest.mark.parametrize("today", ["2026-12-31", "2027-01-01", "2027-01-16", "2027-01-17"])
def test_review_period_does_not_move_with_the_build_date(today: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    """The period runs from the approval date: the same findings on the last day of a
    year, the first of the next, and the days around the boundary of the period."""
    root = place(tmp_path, "review_period")
    monkeypatch.setenv("LOTSEN_TODAY", today)
    main(["check", "--root", str(root), "--format", "json"])
    findings = json.loads(capsys.readouterr().out)
    assert sorted(f["line"] for f in findings if f["code"] == "review_period") == [24, 37]


def test_review_period_follows_the_model(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A shorter period in the model: the routine reviewed on the last day of twelve
    months is now outside it too; the message names the period as the model has it."""
    root = place(tmp_path, "review_period")
    model = root / "lotsen.yaml"
    model.write_text(model.read_text(encoding="utf-8").replace("period_months: 12", "period_months: 1"),
                     encoding="utf-8")
    main(["check", "--root", str(root), "--format", "json"])
    findings = [f for f in json.loads(capsys.readouterr().out) if f["code"] == "review_period" and f["file"] == "regel.md"]
    assert sorted(f["line"] for f in findings) == [11, 24, 37]
    assert "mer än 1 månad efter" in findings[0]["message"]
    assert "från 2026-01-15 till och med 2026-02-15" in findings[0]["hint"]


def test_all_findings_of_a_run_are_listed_at_once(tmp_path: Path) -> None:
    names = ["link_target_type", "field_date", "myst_list_syntax"]
    files = {f"fel/{n}.md": (RULE_FIXTURES / f"{n}.md").read_bytes() for n in names}
    # three different files: IDs that would collide are renamed apart
    files["fel/myst_list_syntax.md"] = files["fel/myst_list_syntax.md"].replace(b"PROC-HT-PLAN", b"PROC-HT-PLAN2")
    root = make_project(tmp_path / "proj", {**files, "index.md": "# T\n\n```{toctree}\n:glob:\n\n*\nfel/*\n```\n"})
    result = sphinx_build(root)
    assert result.returncode != 0
    got = sorted((r.file, r.code) for r in reported(result.stderr))
    assert got == [("fel/field_date.md", "field_date"), ("fel/link_target_type.md", "link_target_type"),
                   ("fel/myst_list_syntax.md", "myst_list_syntax")]
