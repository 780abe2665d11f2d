"""Atomic publishing: the site staff read is replaced only by a complete, valid build.

DEST is checked before anything is built or moved: it must be missing, an empty
folder, or a site Lotsen published before (recognised by its marker file). The build
runs from clean into a new release folder beside DEST, under a name no other release
has had. Only when it has passed every check does DEST, a symbolic link, switch to
the new release with one rename. A failed, interrupted or killed publish leaves the
previous site whole, at every moment.

    .venv/bin/python -m lotsen.site.publish DEST [--source .] [--keep 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import fcntl
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from lotsen.errors import EXIT_BROKEN, EXIT_CLEAN, EXIT_FINDINGS, system_reason
from lotsen.site.publish_target import MARKER, RELEASES_MARKER, Refused, check_dest, releases_of

#: What a site must hold before it may replace the published one.
REQUIRED = ("index.html", "sok.html", "needs.json", "sw.js", "pagefind/pagefind.js", "_static/lotsen.css")

#: For the tests: ``LOTSEN_PUBLISH_KILL_AT=<step>`` ends the process with SIGKILL at that
#: step, as a power cut would.
_KILL_AT = "LOTSEN_PUBLISH_KILL_AT"


def _say(text: str) -> None:
    print(f"lotsen publicera: {text}", file=sys.stderr)


def _step(name: str) -> None:
    if os.environ.get(_KILL_AT) == name:
        os.kill(os.getpid(), signal.SIGKILL)


def _new_release_name(releases: Path) -> str:
    """A name no release has had: the time to the microsecond and the process."""
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    name, n = f"utgava-{stamp}-{os.getpid()}", 1
    while (releases / name).exists():
        n += 1
        name = f"utgava-{stamp}-{os.getpid()}-{n}"
    return name


def _switch(dest: Path, release: Path) -> None:
    """Point DEST at the release with one rename, which is atomic on POSIX."""
    if dest.is_dir() and not dest.is_symlink():
        if any(dest.iterdir()):
            # A site Lotsen published as a plain folder: keep it as a release of its own.
            dest.rename(releases_of(dest) / _new_release_name(releases_of(dest)))
        else:
            dest.rmdir()
    link = dest.parent / f".{dest.name}.ny-lank-{os.getpid()}"
    link.unlink(missing_ok=True)
    link.symlink_to(release.relative_to(dest.parent))
    _step("link-made")
    os.replace(link, dest)


def _prune(dest: Path, keep: int) -> None:
    """Remove all but the ``keep`` newest releases; never the one DEST points at."""
    current = dest.resolve()
    releases = sorted((p for p in releases_of(dest).glob("utgava-*") if p.is_dir() and not p.is_symlink()),
                      key=lambda p: p.name, reverse=True)
    for old in releases[max(keep, 1):]:
        if old.resolve() != current:
            _step("pruning")
            shutil.rmtree(old, ignore_errors=True)


def _build(source: Path, work: Path) -> int:
    # -q: the findings and Lotsen's own lines, not Sphinx's progress and summary in English
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-E", "-a", "-W", "--keep-going", "-D", "lotsen_pdf=1",
         "-d", str(work / "doctrees"), str(source), str(work / "site")],
        check=False,
    ).returncode


def publish(source: Path, dest: Path, keep: int = 3) -> int:
    try:
        dest, source = check_dest(dest, source)
    except Refused as refused:
        _say(str(refused))
        return EXIT_BROKEN
    except (OSError, ValueError) as exc:
        reason = system_reason(exc) if isinstance(exc, OSError) else str(exc)
        _say(f"platsen '{dest}' går inte att använda ({reason}). Ange en annan mapp, till exempel /srv/lotsen/webb.")
        return EXIT_BROKEN
    releases = releases_of(dest)
    releases.mkdir(exist_ok=True)
    (releases / RELEASES_MARKER).write_text("Tidigare utgåvor av en webbplats som Lotsen publicerat.\n",
                                            encoding="utf-8")
    with open(releases / ".lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            _say("en annan publicering pågår redan. Vänta tills den är klar.")
            return EXIT_BROKEN
        for leftover in [*releases.glob("bygge-*"), *dest.parent.glob(f".{dest.name}.ny-lank-*")]:
            # from a publish that was killed
            if leftover.is_symlink() or leftover.is_file():
                leftover.unlink(missing_ok=True)
            else:
                shutil.rmtree(leftover, ignore_errors=True)
        work = releases / f"bygge-{os.getpid()}"
        site = work / "site"
        if _build(source, work) != 0:
            shutil.rmtree(work, ignore_errors=True)
            _say("bygget misslyckades, så den publicerade webbplatsen är oförändrad. Rätta felen ovan.")
            return EXIT_FINDINGS
        missing = [name for name in REQUIRED if not (site / name).is_file()]
        if missing:
            shutil.rmtree(work, ignore_errors=True)
            _say(f"bygget saknar {', '.join(missing)}; den publicerade webbplatsen är oförändrad.")
            return EXIT_FINDINGS
        (site / MARKER).write_text("Webbplats publicerad av Lotsen.\n", encoding="utf-8")
        _step("built")
        release = releases / _new_release_name(releases)
        site.rename(release)
        _step("release-ready")
        shutil.rmtree(work, ignore_errors=True)
        _switch(dest, release)
        _step("switched")
        _prune(dest, keep)
        _say(f"publicerad: {dest} -> {release.name}")
        return EXIT_CLEAN


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="lotsen.publish", description=__doc__.splitlines()[0])
    parser.add_argument("dest", help="webbplatsens mapp (blir en symbolisk länk)")
    parser.add_argument("--source", type=Path, default=Path("."))
    parser.add_argument("--keep", type=int, default=3, help="antal tidigare utgåvor att spara")
    args = parser.parse_args(argv)
    try:
        if not args.dest.strip():
            _say("ange en mapp för webbplatsen, till exempel make publish DEST=/srv/lotsen/webb.")
            return EXIT_BROKEN
        return publish(args.source, Path(args.dest), args.keep)
    except (OSError, ValueError) as exc:
        reason = system_reason(exc) if isinstance(exc, OSError) else str(exc)
        _say(f"publiceringen avbröts ({reason}). Den publicerade webbplatsen är oförändrad "
             "eller redan bytt i ett enda steg; inget är till hälften.")
        return EXIT_FINDINGS


if __name__ == "__main__":
    sys.exit(main())
