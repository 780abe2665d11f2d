"""The CI and pre-commit files: valid YAML, calling commands that exist, and working when
their Lotsen steps are run as the CI would run them, in a clone with a branch."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
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
        run = step.get("run", "")
        if "lotsen" in run and "pip install" not in run and "ci/kommentar.py" not in run:  # the comment: below
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


# ----------------------------------------------------------------------------- the comment
class FakeHost(BaseHTTPRequestHandler):
    """The comments API of a pull or merge request: list, create, update."""

    comments: list[dict] = []
    calls: list[tuple[str, str]] = []

    def _reply(self, data: object) -> None:
        raw = json.dumps(data).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def _body(self) -> dict:
        return json.loads(self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8"))

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.calls.append(("GET", self.path))
        page = int(re.search(r"[?&]page=(\d+)", self.path)[1])
        self._reply(self.comments[(page - 1) * 100: page * 100])

    def do_POST(self) -> None:  # noqa: N802
        self.calls.append(("POST", self.path))
        comment = {"id": 1000 + len(self.comments), "body": self._body()["body"]}
        self.comments.append(comment)
        self._reply(comment)

    def _update(self) -> None:
        self.calls.append((self.command, self.path))
        comment_id = int(self.path.rsplit("/", 1)[1])
        comment = next(c for c in self.comments if c["id"] == comment_id)
        comment["body"] = self._body()["body"]
        self._reply(comment)

    do_PATCH = do_PUT = _update

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fake_host():
    FakeHost.comments = [{"id": 7, "body": "Snyggt!"}]  # someone else's comment stays as it is
    FakeHost.calls = []
    server = HTTPServer(("127.0.0.1", 0), FakeHost)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def comment_command(host: str) -> str:
    if host == "github":
        [step] = [s for s in github_steps() if "ci/kommentar.py" in s.get("run", "")]
        assert step["env"]["PREVIEW_URL"] == "${{ steps.preview.outputs.url }}"
        return step["run"]
    [line] = gitlab_jobs()["lotsen-kommentar"]["script"]
    return line


@pytest.mark.parametrize(("host", "env", "update", "prefix"), [
    ("github", {"GITHUB_API_URL": "{api}", "GITHUB_REPOSITORY": "norrvik/ls", "PR_NUMBER": "12",
                "GITHUB_TOKEN": "t"}, "PATCH", "/repos/norrvik/ls/issues"),
    ("gitlab", {"CI_API_V4_URL": "{api}", "CI_PROJECT_ID": "42", "CI_MERGE_REQUEST_IID": "12",
                "LOTSEN_GITLAB_TOKEN": "t"}, "PUT", "/projects/42/merge_requests/12/notes"),
])
def test_the_diff_is_one_comment_updated_on_every_push(host: str, env: dict, update: str, prefix: str,
                                                         fake_host: str, tmp_path: Path) -> None:
    env = {k: v.format(api=fake_host) for k, v in env.items()}
    command = comment_command(host).replace("python ", f"{shlex.quote(sys.executable)} ", 1)
    for push, text in enumerate(("## Lotsen: första pushen\n", "## Lotsen: andra pushen\n")):
        (tmp_path / "lotsen-andringar.md").write_text(text, encoding="utf-8")
        command = command.replace(" lotsen-andringar.md", f" {shlex.quote(str(tmp_path / 'lotsen-andringar.md'))}")
        result = subprocess.run(["bash", "-c", command], cwd=REPO, capture_output=True, text=True, check=False,
                                env={**os.environ, **env, "PREVIEW_URL": f"https://example.invalid/pr-{push}/"})
        assert result.returncode == 0, result.stderr
    ours = [c for c in FakeHost.comments if c["id"] != 7]
    assert len(ours) == 1  # one comment, not one per push
    assert ours[0]["body"].startswith("<!-- lotsen-diff -->\n")
    assert "andra pushen" in ours[0]["body"] and "första pushen" not in ours[0]["body"]
    assert "https://example.invalid/pr-1/" in ours[0]["body"]
    assert FakeHost.comments[0] == {"id": 7, "body": "Snyggt!"}
    assert [m for m, _ in FakeHost.calls if m != "GET"] == ["POST", update]
    assert all(path.startswith(prefix) for _, path in FakeHost.calls)


def test_the_templates_give_a_preview_and_check_document_control() -> None:
    steps = {step.get("name", ""): step for step in github_steps()}
    preview = steps["Förhandsvisning på GitHub Pages"]
    assert "gh-pages" in preview["run"] and 'pr-$PR_NUMBER' in preview["run"] and "GITHUB_OUTPUT" in preview["run"]
    assert load(GITHUB)["jobs"]["lotsen"]["permissions"]["pull-requests"] == "write"
    runs = "\n".join(step.get("run", "") for step in github_steps())
    assert 'lotsen check --format github --base "origin/$BASE_REF"' in runs
    assert "Approved-by: @" in load(GITHUB)["jobs"]["godkannande"]["steps"][0]["with"]["script"]
    assert "gh-pages" in str(load(GITHUB)["jobs"]["forhandsvisning-bort"])
    jobs = gitlab_jobs()
    environment = jobs["lotsen-html"]["environment"]
    assert environment["url"].endswith("/-/jobs/$CI_JOB_ID/artifacts/_build/html/index.html")
    assert jobs["lotsen-dokumentstyrning"]["script"] == ['.venv/bin/lotsen check --base "$CI_MERGE_REQUEST_DIFF_BASE_SHA"']
    assert "LOTSEN_GITLAB_TOKEN" in jobs["lotsen-kommentar"]["rules"][0]["if"]
