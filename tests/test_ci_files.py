"""The CI and pre-commit files: valid YAML, calling commands that exist, and working when
their Lotsen steps are run as the CI would run them, in a clone with a branch."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from lotsen.cli.main import build_parser

from conftest import REPO
from workflow_repo import commit, edit, git, sample_repo

GITHUB = REPO / ".github" / "workflows" / "lotsen.yml"
GITLAB = REPO / ".gitlab-ci.yml"
PRE_COMMIT = REPO / ".pre-commit-config.yaml"
LOTSEN = Path(sys.executable).parent / "lotsen"
_OPERATORS = {">", ">>", "|", "||", "&&", ";", "<"}


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def github_steps() -> list[dict]:
    return load(GITHUB)["jobs"]["lotsen"]["steps"]


def gitlab_jobs() -> dict[str, dict]:
    return {name: job for name, job in load(GITLAB).items() if isinstance(job, dict) and "script" in job}


def shell_lines() -> list[str]:
    lines = [line for step in github_steps() for line in step.get("run", "").splitlines()]
    data = load(GITLAB)
    for job in [data["default"], *gitlab_jobs().values()]:
        for key in ("before_script", "script", "after_script"):
            lines += job.get(key, [])
    lines += [hook["entry"] for repo in load(PRE_COMMIT)["repos"] for hook in repo["hooks"]]
    return lines


def lotsen_calls(line: str) -> list[list[str]]:
    """The arguments of every `lotsen` call on a shell line, up to a redirection or pipe."""
    lexer = shlex.shlex(re.sub(r"\$\{\{[^}]*\}\}", "X", line), posix=True, punctuation_chars=True)
    lexer.whitespace_split = True
    tokens = list(lexer)
    calls = []
    for i, token in enumerate(tokens):
        if token.endswith("bin/lotsen") or token == "lotsen":
            args = []
            for arg in tokens[i + 1:]:
                if arg in _OPERATORS or arg.startswith("#"):
                    break
                args.append(arg)
            calls.append(args)
    return calls


def test_files_are_valid_yaml() -> None:
    for path in (GITHUB, GITLAB, PRE_COMMIT):
        assert isinstance(load(path), dict), path


def test_every_lotsen_call_is_a_valid_command() -> None:
    calls = [call for line in shell_lines() for call in lotsen_calls(line)]
    assert {call[0] for call in calls} == {"check", "diff", "codeowners"}
    parser = build_parser()
    for call in calls:
        parser.parse_args(call)  # exits (failing the test) on an unknown command or option


def test_github_workflow_runs_the_organisations_pipeline() -> None:
    data = load(GITHUB)
    assert "pull_request" in data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` as true
    steps = github_steps()
    uses = {step.get("uses", "").split("@")[0]: step for step in steps}
    assert uses["actions/checkout"]["with"]["fetch-depth"] == 0
    assert str(uses["actions/setup-python"]["with"]["python-version"]) == "3.11"
    assert uses["actions/upload-artifact"]["with"]["path"] == "_build/html"
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "lotsen check --format github" in runs and "make html" in runs
    assert re.search(r'lotsen diff "origin/\$BASE_REF" HEAD >> "\$GITHUB_STEP_SUMMARY"', runs)


def test_gitlab_pipeline_runs_on_merge_requests_and_keeps_artifacts() -> None:
    data = load(GITLAB)
    assert any("merge_request_event" in rule["if"] for rule in data["workflow"]["rules"])
    jobs = gitlab_jobs()
    assert jobs["lotsen-check"]["artifacts"]["reports"]["codequality"] == "lotsen-kodkvalitet.json"
    assert "lotsen-andringar.md" in jobs["lotsen-diff"]["artifacts"]["paths"]
    assert jobs["lotsen-html"]["artifacts"]["paths"] == ["_build/html/"]
    for job in jobs.values():
        exposed = job.get("artifacts", {}).get("expose_as")
        assert exposed is None or re.fullmatch(r"[A-Za-z0-9_\- ]+", exposed)  # GitLab's rule


def test_pre_commit_runs_lotsen_check() -> None:
    [repo] = load(PRE_COMMIT)["repos"]
    hooks = {hook["id"]: hook for hook in repo["hooks"]}
    assert repo["repo"] == "local"
    assert hooks["lotsen-check"]["entry"].endswith("lotsen check")
    assert hooks["lotsen-check"]["pass_filenames"] is False and hooks["lotsen-check"]["language"] == "system"


@pytest.fixture
def branch(tmp_path: Path) -> tuple[Path, str]:
    """A clone of the sample with a branch that changes a routine, as CI checks it out."""
    origin = sample_repo(tmp_path / "origin")
    base = git(origin, "rev-parse", "HEAD").strip()
    subprocess.run(["git", "clone", "-q", str(origin), str(tmp_path / "work")], check=True, capture_output=True)
    work = tmp_path / "work"
    git(work, "checkout", "-q", "-b", "ny-version")
    edit(work / "routines/ht/rut-ht-001.md", ":version: 3", ":version: 4")
    commit(work, "Ny version av nyckelrutinen")
    return work, base


def run_script(work: Path, lines: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    script = "\n".join(line.replace(".venv/bin/lotsen", shlex.quote(str(LOTSEN))) for line in lines)
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], cwd=work,
                          env={**os.environ, **env}, capture_output=True, text=True, check=False)


def test_github_lotsen_steps_work_in_a_pull_request(branch, tmp_path: Path) -> None:
    work, _ = branch
    summary = tmp_path / "summary.md"
    for step in github_steps():
        if "lotsen" in step.get("run", "") and "pip install" not in step["run"]:
            env = {k: str(v).replace("${{ github.base_ref }}", "main") for k, v in step.get("env", {}).items()}
            result = run_script(work, step["run"].splitlines(),
                                {**env, "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_WORKSPACE": str(work)})
            assert result.returncode == 0, (step["name"], result.stderr)
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("## Lotsen: vad ändringen påverkar") and "`version` (3 → 4)" in text


def test_gitlab_lotsen_jobs_work_in_a_merge_request(branch) -> None:
    work, base = branch
    env = {"CI_MERGE_REQUEST_DIFF_BASE_SHA": base, "CI_PROJECT_DIR": str(work)}
    jobs = gitlab_jobs()
    for name in ("lotsen-check", "lotsen-codeowners", "lotsen-diff"):
        result = run_script(work, jobs[name]["script"], env)
        assert result.returncode == 0, (name, result.stderr)
    issues = json.loads((work / "lotsen-kodkvalitet.json").read_text(encoding="utf-8"))
    assert isinstance(issues, list) and all(i["severity"] == "minor" for i in issues)  # warnings only
    assert "`RUT-HT-001`" in (work / "lotsen-andringar.md").read_text(encoding="utf-8")
    assert json.loads((work / "lotsen-andringar.json").read_text(encoding="utf-8"))["changed"][0]["id"] == "RUT-HT-001"


def test_pre_commit_hooks_pass_on_the_sample(branch) -> None:
    work, _ = branch
    for repo in load(PRE_COMMIT)["repos"]:
        for hook in repo["hooks"]:
            result = run_script(work, [hook["entry"]], {})
            assert result.returncode == 0, (hook["id"], result.stderr)
