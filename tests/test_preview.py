"""`make preview`: the live preview shows drafts and is correct after each edit."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import copy_sample, run_env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        return urllib.request.urlopen(url, timeout=5).read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float = 120) -> bool:
    deadline = time.time() + seconds
    while time.time() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.5)
    return False


def test_preview_rebuilds_routine_and_reports_after_an_edit(tmp_path: Path) -> None:
    src = copy_sample(tmp_path / "src")
    port = free_port()
    env = {**run_env(), "LOTSEN_PREVIEW": "1"}
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "sphinx-autobuild"), "-b", "html", "-d", str(src / "_build/d"),
         "--host", "127.0.0.1", "--port", str(port), "--ignore", "*/_build/*", str(src), str(src / "_build/preview")],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}/"
    try:
        assert wait_for(base + "routines/ht/rut-ht-009.html", "Utkast."), "preview did not start with drafts"
        routine = src / "routines/ht/rut-ht-005.md"
        routine.write_text(routine.read_text(encoding="utf-8").replace(
            "Åka på trygghetslarm", "Åka på larm i förhandsvisningen"), encoding="utf-8")
        for page in ("docs/kvalitet/revision.html", "routines/ht/rut-ht-005.html", "processes/proc-ht-utfora.html"):
            assert wait_for(base + page, "Åka på larm i förhandsvisningen"), page
        # the preview's live reload is an inline script: its CSP allows that, the site's does not
        assert "'unsafe-inline'" in fetch(base + "index.html").split("script-src", 1)[1].split(";", 1)[0]
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=20)
