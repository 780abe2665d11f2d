"""`lotsen check` in every format lists every seeded finding with its file and line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from lotsen.checks.formats import FORMATS, github
from lotsen.cli.main import main
from lotsen.findings import RULES, Finding

from workflow_repo import commit, edit, sample_repo

#: (file, old text, new text, rule the change breaks)
SEEDS = [
    ("routines/lss/rut-lss-002.md", ":fastställd: 2026-02-24", ":fastställd: 2026-02-30", "field_date"),
    ("routines/ht/rut-ht-003.md", ":tillhör: PROC-HT-UTFORA", ":tillhör: PROC-HT-FINNS-INTE", "link_target_missing"),
    ("routines/bum/rut-bum-002.md", ":målgrupp: socialsekreterare, gruppledare",
     ":målgrupp: [socialsekreterare, gruppledare]", "myst_list_syntax"),
    ("risks/gem.md", ":sannolikhet: 4", ":sannolikhet: 9", "field_scale"),
]
_HUMAN = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): (?P<severity>fel|varning): .* \[lotsen\.(?P<code>\w+)\]$")
_GITHUB = re.compile(r"^::(?P<command>error|warning) file=(?P<file>[^,]+),line=(?P<line>\d+),"
                     r"title=(?P<title>[^:]+)::(?P<message>.+) \[lotsen\.(?P<code>\w+)\]$")


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[tuple[str, int, str]]]:
    """The sample with one error seeded per file, committed; and where each one is."""
    repo = sample_repo(tmp_path_factory.mktemp("check") / "repo")
    expected = set()
    for file, old, new, code in SEEDS:
        path = repo / file
        edit(path, old, new)
        line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text == new)
        expected.add((file, line, code))
    commit(repo, "Fel med flit")
    return repo, expected


def run(root: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["check", "--root", str(root), "--format", fmt])
    out, err = capsys.readouterr()
    return code, out, err


def parse(fmt: str, out: str) -> set[tuple[str, int, str, str]]:
    """(file, line, code, severity) of every finding in the output."""
    if fmt == "json":
        return {(f["file"], f["line"], f["code"], f["severity"]) for f in json.loads(out)}
    if fmt == "gitlab":
        return {(i["location"]["path"], i["location"]["lines"]["begin"], i["check_name"].removeprefix("lotsen."),
                 {"major": "fel", "minor": "varning"}[i["severity"]]) for i in json.loads(out)}
    pattern = _HUMAN if fmt == "human" else _GITHUB
    found = set()
    for line in out.splitlines():
        match = pattern.match(line)
        assert match, line
        severity = match["severity"] if fmt == "human" else {"error": "fel", "warning": "varning"}[match["command"]]
        found.add((match["file"], int(match["line"]), match["code"], severity))
    return found


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_seeded_error_is_listed_with_file_and_line(
        fmt: str, seeded, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    repo, expected = seeded
    monkeypatch.chdir(repo)
    code, out, _ = run(repo, fmt, capsys)
    assert code == 1
    found = parse(fmt, out)
    assert {(file, line, rule, "fel") for file, line, rule in expected} <= found
    # every format says the same as the JSON, warnings included
    _, reference, _ = run(repo, "json", capsys)
    assert found == parse("json", reference)
    assert any(severity == "varning" for *_, severity in found)  # the sample's overdue review


def test_ci_formats_give_paths_from_the_checkout(seeded, capsys: pytest.CaptureFixture[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    repo, expected = seeded
    monkeypatch.setenv("GITHUB_WORKSPACE", str(repo.parent))
    monkeypatch.setenv("CI_PROJECT_DIR", str(repo.parent))
    for fmt in ("github", "gitlab"):
        _, out, _ = run(repo, fmt, capsys)
        files = {file for file, *_ in parse(fmt, out)}
        assert {f"{repo.name}/{file}" for file, _, _ in expected} <= files


def test_exit_status_clean_findings_and_broken(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = sample_repo(tmp_path / "repo")
    code, out, err = run(repo, "github", capsys)
    assert code == 0 and "::error" not in out and "0 fel" in err  # a warning is no failure
    (repo / "lotsen.yaml").write_text("units: [\n", encoding="utf-8")
    code, out, err = run(repo, "github", capsys)
    assert code == 2 and out == "" and "Lotsen kan inte läsa modellen" in err
    code, _, err = run(tmp_path / "finns-inte", "human", capsys)
    assert code == 2 and "Modellfilen finns inte" in err


def test_github_commands_are_escaped() -> None:
    finding = Finding("mapp, med: tecken/fil.md", 7, "field_value", "100 % fel\r\nrad två: a, b", "Rätta.")
    [line] = github([finding], lambda file: file).splitlines()
    # the title is the rule's own description in Swedish (a process owner reads it as the
    # annotation's heading), escaped as a property; the code ends the text
    title = RULES["field_value"].rstrip(".").replace(",", "%2C").replace(":", "%3A")
    assert line == (f"::error file=mapp%2C med%3A tecken/fil.md,line=7,title={title}::"
                    "100 %25 fel%0D%0Arad två: a, b Åtgärd: Rätta. [lotsen.field_value]")
    warning = Finding("lotsen.yaml", 0, "review_overdue", "Sent.", severity="varning")
    assert github([warning], lambda file: file) == (
        f"::warning file=lotsen.yaml,title={RULES['review_overdue'].rstrip('.')}::Sent. [lotsen.review_overdue]")
    assert "lotsen." not in title


def test_gitlab_fingerprints_are_unique_and_stable() -> None:
    twice = [Finding("a.md", 3, "field_date", "Fel datum."), Finding("a.md", 9, "field_date", "Fel datum.")]
    first = json.loads(FORMATS["gitlab"](twice, lambda file: file))
    assert len({i["fingerprint"] for i in first}) == 2
    assert first == json.loads(FORMATS["gitlab"](twice, lambda file: file))
