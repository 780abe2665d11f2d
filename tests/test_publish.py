"""Atomic publishing: a failed or killed build never touches the published site."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from browser import serve
from conftest import copy_sample, run_env


def publish(src: Path, dest: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "lotsen.site.publish", str(dest), "--source", str(src)],
                          capture_output=True, text=True, env=run_env(), check=False)


def test_publish_fail_and_kill_leave_the_previous_site(tmp_path: Path) -> None:
    src = copy_sample(tmp_path / "src")
    dest = tmp_path / "www" / "lotsen"
    dest.parent.mkdir()
    first = publish(src, dest)
    assert first.returncode == 0, first.stderr
    assert dest.is_symlink() and (dest / "index.html").is_file()
    published = dest.resolve()
    before = (dest / "routines/ht/rut-ht-002.html").read_bytes()

    # A build with an error: nothing changes.
    routine = src / "routines/ht/rut-ht-002.md"
    original = routine.read_text(encoding="utf-8")
    routine.write_text(original.replace(":tillhör: PROC-HT-UTFORA", ":tillhör: PROC-FINNS-INTE"), encoding="utf-8")
    failed = publish(src, dest)
    assert failed.returncode == 1
    assert "oförändrad" in failed.stderr
    assert dest.resolve() == published
    assert (dest / "routines/ht/rut-ht-002.html").read_bytes() == before

    # A build killed half-way: nothing changes, and the old site still serves.
    routine.write_text(original.replace("Nyckel saknas eller har tappats bort", "Nyckeln är borta"), encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "lotsen.site.publish", str(dest), "--source", str(src)],
                               env=run_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    releases = dest.parent / ".lotsen.releases"
    deadline = time.time() + 60
    while time.time() < deadline and not list(releases.glob("bygge-*/site")):
        time.sleep(0.05)
    assert list(releases.glob("bygge-*/site")), "the build never started"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert dest.resolve() == published
    with serve(dest) as url:
        page = urllib.request.urlopen(url + "routines/ht/rut-ht-002.html").read().decode("utf-8")
    assert "Nyckel saknas eller har tappats bort" in page

    # And the next good build replaces it in one step, cleaning up after the killed one.
    good = publish(src, dest)
    assert good.returncode == 0, good.stderr
    assert dest.resolve() != published
    assert "Nyckeln är borta" in (dest / "routines/ht/rut-ht-002.html").read_text(encoding="utf-8")
    assert not list(releases.glob("bygge-*"))
