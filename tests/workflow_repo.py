"""Temporary git repositories holding a copy of the sample, with real commits."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from conftest import copy_sample


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "HOME": str(home), "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_NAME": "Lotsen test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Lotsen test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
    })
    return env


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=repo, env=_env(repo.parent), capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stderr
    return result.stdout


def commit(repo: Path, message: str) -> str:
    """Commit everything in the working tree; returns the commit's hash."""
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--no-gpg-sign", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


def sample_repo(dest: Path) -> Path:
    """The sample ledningssystem in a new repository, committed once on 'main'."""
    repo = copy_sample(dest)
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "Exempelsystemet")
    return repo


def edit(path: Path, old: str, new: str) -> None:
    """Replace text that must be there once, so a test never edits by accident."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")
