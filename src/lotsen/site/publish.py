"""Atomic publishing: the site staff read is replaced only by a complete, valid build.

The build runs from clean into a new release folder beside DEST. Only when it has
passed every check does DEST, a symbolic link, switch to the new release in one
rename. A failed, interrupted or killed build leaves the previous site untouched.

    .venv/bin/python -m lotsen.site.publish DEST [--source .] [--keep 3]
"""

from __future__ import annotations

import argparse
import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

#: What a site must hold before it may replace the published one.
REQUIRED = ("index.html", "sok.html", "needs.json", "sw.js", "pagefind/pagefind.js", "_static/lotsen.css")


def releases_of(dest: Path) -> Path:
    return dest.parent / f".{dest.name}.releases"


def _say(text: str) -> None:
    print(f"lotsen publicera: {text}", file=sys.stderr)


def _release_name(site: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(site.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(site).as_posix().encode())
            digest.update(path.read_bytes())
    return f"utgava-{digest.hexdigest()[:12]}"


def _switch(dest: Path, release: Path) -> None:
    """Point DEST at the release with one rename, which is atomic on POSIX."""
    if dest.exists() and not dest.is_symlink():
        # First publish over a plain folder: keep it as a release of its own.
        kept = releases_of(dest) / "tidigare-mapp"
        shutil.rmtree(kept, ignore_errors=True)
        dest.rename(kept)
    link = dest.parent / f".{dest.name}.ny-lank"
    link.unlink(missing_ok=True)
    link.symlink_to(release.relative_to(dest.parent))
    os.replace(link, dest)


def _prune(dest: Path, keep: int) -> None:
    current = dest.resolve() if dest.is_symlink() else None
    releases = sorted((p for p in releases_of(dest).glob("utgava-*") if p.is_dir()),
                      key=lambda p: p.stat().st_mtime, reverse=True)
    for old in releases[keep:]:
        if old.resolve() != current:
            shutil.rmtree(old, ignore_errors=True)


def publish(source: Path, dest: Path, keep: int = 3) -> int:
    dest = dest.absolute()
    releases = releases_of(dest)
    releases.mkdir(parents=True, exist_ok=True)
    with open(releases / ".lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            _say("en annan publicering pågår redan. Vänta tills den är klar.")
            return 2
        for leftover in releases.glob("bygge-*"):  # from a build that was killed
            shutil.rmtree(leftover, ignore_errors=True)
        work = releases / f"bygge-{os.getpid()}"
        site = work / "site"
        result = subprocess.run(
            [sys.executable, "-m", "sphinx", "-b", "html", "-E", "-a", "-W", "--keep-going",
             "-d", str(work / "doctrees"), str(source), str(site)],
            check=False,
        )
        if result.returncode != 0:
            shutil.rmtree(work, ignore_errors=True)
            _say("bygget misslyckades, så den publicerade webbplatsen är oförändrad. Rätta felen ovan.")
            return 1
        missing = [name for name in REQUIRED if not (site / name).is_file()]
        if missing:
            shutil.rmtree(work, ignore_errors=True)
            _say(f"bygget saknar {', '.join(missing)}; den publicerade webbplatsen är oförändrad.")
            return 1
        release = releases / _release_name(site)
        if release.exists():
            shutil.rmtree(release)
        site.rename(release)
        shutil.rmtree(work, ignore_errors=True)
        _switch(dest, release)
        _prune(dest, keep)
        _say(f"publicerad: {dest} -> {release.name}")
        return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="lotsen.publish", description=__doc__.splitlines()[0])
    parser.add_argument("dest", type=Path, help="webbplatsens mapp (blir en symbolisk länk)")
    parser.add_argument("--source", type=Path, default=Path("."))
    parser.add_argument("--keep", type=int, default=3, help="antal tidigare utgåvor att spara")
    args = parser.parse_args(argv)
    return publish(args.source, args.dest, args.keep)


if __name__ == "__main__":
    sys.exit(main())
