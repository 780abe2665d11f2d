"""Atomic publishing: a failed or killed build never touches the published site."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from lotsen.site.publish import REQUIRED
from lotsen.site.publish_target import MARKER

from browser import serve
from conftest import REPO, copy_sample, publish_built, run_env


def publish(src: Path, dest: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "lotsen.site.publish", str(dest), "--source", str(src)],
                          capture_output=True, text=True, env=run_env(), check=False)


def test_publish_fail_and_kill_leave_the_previous_site(tmp_path: Path, site: Path) -> None:
    src = copy_sample(tmp_path / "src")
    dest = tmp_path / "www" / "lotsen"
    dest.parent.mkdir()
    first = publish_built(site, dest, src)  # the site published before
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
    said = failed.stdout + failed.stderr
    assert "[lotsen.link_target_missing]" in said and "build finished" not in said and "reading sources" not in said
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


# --- DEST is checked before anything is built or moved ---------------------------------


def _snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every path under ``folder`` (links not followed) with its size and mtime."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            path = Path(dirpath) / name
            info = path.lstat()
            found[path.relative_to(folder).as_posix()] = (info.st_size, info.st_mtime_ns)
    return found


def _refused(src: Path, dest: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([sys.executable, "-m", "lotsen.site.publish", dest, "--source", str(src)],
                            capture_output=True, text=True, env=run_env(), check=False)
    assert result.returncode == 2, (dest, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.startswith("lotsen publicera: ")
    assert "Refused" not in result.stderr
    return result


def test_dest_that_is_not_a_place_for_a_site_is_refused_and_nothing_changes(tmp_path: Path) -> None:
    src = copy_sample(tmp_path / "src")
    (src / ".git").mkdir()  # the checkout's top
    outside = tmp_path / "annat"
    outside.mkdir()
    (outside / "viktig.txt").write_text("behåll mig", encoding="utf-8")
    afile = tmp_path / "fil.txt"
    afile.write_text("behåll mig", encoding="utf-8")
    (tmp_path / "lank").symlink_to(outside)
    before_src, before_tmp = _snapshot(src), _snapshot(tmp_path)
    cases = {
        str(src): "arkivet",
        str(src) + "/": "arkivet",
        str(src / "routines" / ".."): "arkivet",
        str(tmp_path): "arkivet",  # a parent of the checkout
        str(src / "routines"): "ligger i arkivet",
        str(src / "ny-mapp"): "ligger i arkivet",
        str(afile): "är en fil",
        str(outside): "innehåller annat",
        str(tmp_path / "lank"): "länk",
        "/": "ingen mapp",
        "/etc": "systemets mappar",
        "/usr/share/lotsen": "systemets mappar",
        "/tmp": "systemets mappar",
        str(tmp_path / "finns-inte" / "webb"): "finns inte",
        "/proc/1/webb": "systemets mappar",
        "": "ange en mapp",
        str(tmp_path / ("x" * 300) / "webb"): "går inte att använda",
        str(tmp_path / "fil.txt" / "webb"): "är en fil",
    }
    for dest, reason in cases.items():
        result = _refused(src, dest)
        assert reason in result.stderr, (dest, result.stderr)
    assert _snapshot(src) == before_src
    assert _snapshot(tmp_path) == before_tmp
    assert (outside / "viktig.txt").read_text(encoding="utf-8") == "behåll mig"
    assert afile.read_text(encoding="utf-8") == "behåll mig"


def test_an_unwritable_folder_is_refused_with_a_message(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        import pytest
        pytest.skip("root may write anywhere")
    src = copy_sample(tmp_path / "src")
    locked = tmp_path / "last"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        result = _refused(src, str(locked / "webb"))
        assert "får inte skriva" in result.stderr
    finally:
        locked.chmod(0o700)


def test_make_publish_refuses_the_checkout_before_building() -> None:
    result = subprocess.run(["make", "-s", "-C", str(REPO), "publish", f"DEST={REPO}"],
                            capture_output=True, text=True, env=run_env(), check=False)
    assert result.returncode == 2, result.stderr
    assert "arkivet" in result.stderr and "Traceback" not in result.stderr
    assert not (REPO.parent / f".{REPO.name}.releases").exists()


# --- a publish killed at any moment leaves a whole site --------------------------------


def _whole(dest: Path) -> bool:
    return dest.is_symlink() and all((dest / name).is_file() for name in (*REQUIRED, MARKER))


class Poller:
    """Fetches the live start page over HTTP again and again; counts what went wrong."""

    def __init__(self, url: str) -> None:
        self.url, self.ok, self.failures = url, 0, []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                with urllib.request.urlopen(self.url + "index.html", timeout=5) as response:
                    body = response.read()
                if response.status == 200 and b"</html>" in body:
                    self.ok += 1
                else:
                    self.failures.append(response.status)
            except Exception as exc:  # noqa: BLE001 - every failure counts
                self.failures.append(repr(exc))

    def __enter__(self) -> Poller:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _publish_env(**extra: str) -> dict[str, str]:
    return {**run_env(), **extra}


def test_republish_and_kills_at_every_step_never_leave_a_missing_page(tmp_path: Path, site: Path) -> None:
    src = copy_sample(tmp_path / "src")
    dest = tmp_path / "www" / "lotsen"
    dest.parent.mkdir()
    assert publish_built(site, dest, src).returncode == 0  # the site published before
    command = [sys.executable, "-m", "lotsen.site.publish", str(dest), "--source", str(src), "--keep", "1"]
    with serve(dest) as url, Poller(url) as poller:
        # unchanged content, published again: a new release under a new name
        live = dest.resolve()
        again = subprocess.run(command, capture_output=True, text=True, env=run_env(), check=False)
        assert again.returncode == 0, again.stderr
        assert dest.resolve() != live and not live.exists()  # pruned, keep 1
        # killed at each step after the build (the build, a copy of the session's, is not
        # what these steps test: the random kills below land in real builds)
        for step in ("built", "release-ready", "link-made", "switched", "pruning"):
            live = dest.resolve()
            killed = publish_built(site, dest, src, "--keep", "1", env=_publish_env(LOTSEN_PUBLISH_KILL_AT=step))
            assert killed.returncode == -signal.SIGKILL, (step, killed.stderr)
            assert _whole(dest), step
            assert (dest.resolve() == live) == (step in ("built", "release-ready", "link-made")), step
        # killed at random moments of the build and the switch
        for delay in (0.5, 2.0, 4.0):
            process = subprocess.Popen(command, env=run_env(), stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL, start_new_session=True)
            time.sleep(delay)
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            assert _whole(dest), delay
        final = subprocess.run(command, capture_output=True, text=True, env=run_env(), check=False)
        assert final.returncode == 0, final.stderr
    assert poller.failures == [] and poller.ok > 20, (poller.failures[:5], poller.ok)
    releases = dest.parent / ".lotsen.releases"
    assert [p.name for p in releases.glob("utgava-*")] == [dest.resolve().name]  # keep 1, leftovers gone
    assert not list(releases.glob("bygge-*")) and not list(dest.parent.glob(".lotsen.ny-lank-*"))


def test_a_plain_folder_is_accepted_only_when_empty_or_published_before(tmp_path: Path, site: Path) -> None:
    src = copy_sample(tmp_path / "src")
    empty = tmp_path / "tom"
    empty.mkdir()
    assert publish_built(site, empty, src).returncode == 0 and _whole(empty)
    # a copy of a published site (it carries the marker) may be replaced too
    copied = tmp_path / "kopia"
    shutil.copytree(empty.resolve(), copied)
    result = publish(src, copied)
    assert result.returncode == 0, result.stderr
    assert _whole(copied)
