"""A revision's content, read from git without touching the working tree.

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


def _git(root: Path, *args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=root, input=stdin, capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("Kommandot git finns inte på datorn. Installera git och försök igen.") from None


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
    batch = _git(root, "cat-file", "--batch", stdin="".join(f"{sha}\n" for sha, _ in entries).encode("ascii"))
    if batch.returncode != 0:
        raise UsageError(f"Git kunde inte läsa filerna i revisionen '{revision.name}'.")
    data, offset = batch.stdout, 0
    for _sha, path in entries:
        header_end = data.index(b"\n", offset)
        size = int(data[offset:header_end].split()[2])
        start = header_end + 1
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data[start:start + size])
        offset = start + size + 1
