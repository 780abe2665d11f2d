"""Git, run in one place: a revision's content read without touching the working tree,
the repository's top, command output and blobs for the history and the diff.

Blobs are read with ``git ls-tree`` and ``git cat-file --batch`` rather than ``git
archive``, so that export-ignore attributes and end-of-line filters cannot make a
revision look different from what was committed.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from lotsen.errors import UsageError
from lotsen.source.files import SKIPPED_DIRS


@dataclass(frozen=True)
class Revision:
    """A revision as the author named it, and the commit it resolved to."""

    name: str
    commit: str

    @property
    def short(self) -> str:
        return self.commit[:10]


def run_git(root: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes] | None:
    """``git -C root ARGS``, its output as bytes; None when git cannot be started."""
    try:
        return subprocess.run(["git", "-C", str(root), *args], input=stdin, capture_output=True, check=False)
    except OSError:
        return None


def git_output(root: Path, *args: str) -> str | None:
    """What ``git -C root ARGS`` prints (UTF-8, undecodable bytes replaced), or None when
    git is missing or the command fails (outside a repository, a path not in a commit)."""
    result = run_git(root, *args)
    if result is None or result.returncode != 0:
        return None
    # as text mode reads it: a line ends at \n, \r\n or \r
    return result.stdout.decode("utf-8", errors="replace").replace("\r\n", "\n").replace("\r", "\n")


def repository_root(root: Path) -> Path | None:
    """The top of the git repository that holds root, or None outside git."""
    top = git_output(root, "rev-parse", "--show-toplevel")
    return Path(top.strip()) if top else None


def read_blobs(root: Path, specs: list[str]) -> list[bytes | None] | None:
    """The contents of objects named as git names them (a hash, or ``commit:path``), in
    one git process; None for one that does not exist. None when git could not run."""
    if not specs:
        return []
    result = run_git(root, "cat-file", "--batch", stdin="".join(f"{spec}\n" for spec in specs).encode("utf-8"))
    if result is None or result.returncode != 0:
        return None
    out, blobs, pos = result.stdout, [], 0
    for _ in specs:
        end = out.find(b"\n", pos)
        header = out[pos:end].decode("utf-8", "replace").split()
        if len(header) < 3 or header[-1] == "missing":
            blobs.append(None)
            pos = end + 1
            continue
        size = int(header[2])
        blobs.append(out[end + 1:end + 1 + size])
        pos = end + 1 + size + 1
    return blobs


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    result = run_git(root, *args)
    if result is None:
        raise UsageError("Kommandot git finns inte på datorn. Installera git och försök igen.")
    return result


def repository_prefix(root: Path) -> str:
    """Where the project root lies in its git repository ('' at the top)."""
    if not root.is_dir():
        raise UsageError(f"Mappen {root} finns inte.")
    result = _git(root, "rev-parse", "--show-prefix")
    if result.returncode != 0:
        raise UsageError(f"{root} ligger inte i ett git-arkiv. Kör kommandot i arkivet med "
                         f"ledningssystemet, eller ange det med --root.")
    return result.stdout.decode("utf-8").strip()


def resolve(root: Path, name: str) -> Revision:
    result = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{name}^{{commit}}")
    if result.returncode != 0 or not result.stdout.strip():
        raise UsageError(f"Revisionen '{name}' finns inte i git-arkivet. Ange en gren, tagg eller "
                         f"commit som finns, till exempel origin/main eller HEAD~1 (hämta grenen "
                         f"först med git fetch om den bara finns på servern).")
    return Revision(name, result.stdout.decode("ascii").strip())


def _wanted(path: str, model_file: str, folders: tuple[str, ...] = ()) -> bool:
    parts = PurePosixPath(path).parts
    if path == model_file or any(path.startswith(f"{folder.rstrip('/')}/") for folder in folders):
        return True
    return path.endswith(".md") and not any(p in SKIPPED_DIRS or p.startswith(".") for p in parts[:-1])


def export(root: Path, revision: Revision, prefix: str, model_file: str, dest: Path,
           folders: tuple[str, ...] = ()) -> None:
    """Write the revision's Markdown files and model file, under ``prefix``, into dest;
    and every file in ``folders`` (the statistics' data files)."""
    # --full-tree: run from a subfolder, ls-tree would otherwise list only paths under it
    listing = _git(root, "ls-tree", "-r", "-z", "--full-tree", f"{revision.commit}:{prefix}")
    if listing.returncode != 0:
        return  # the project's folder did not exist in that revision: nothing to read
    entries = []
    for record in listing.stdout.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, kind, sha = meta.decode("ascii").split()
        path = raw_path.decode("utf-8", errors="surrogateescape")
        if kind == "blob" and mode != "120000" and _wanted(path, model_file, folders):
            entries.append((sha, path))
    if not entries:
        return
    blobs = read_blobs(root, [sha for sha, _ in entries])
    if blobs is None:
        raise UsageError(f"Git kunde inte läsa filerna i revisionen '{revision.name}'.")
    for (_sha, path), blob in zip(entries, blobs):
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(blob or b"")
