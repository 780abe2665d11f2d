"""One build state: what parallel readers record is merged back, so `-j 2` builds,
full and incremental, give the same pages as a serial build."""

from __future__ import annotations

import filecmp
import re
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

from lotsen.sphinx.state import EnvData

from conftest import copy_sample, run_env


def _build(src: Path, out: str, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "--no-color", *extra,
         "-d", str(src / "_build" / f"{out}-doctrees"), str(src), str(src / "_build" / out)],
        capture_output=True, text=True, env=run_env(), check=False,
    )


def _pages(root: Path) -> set[str]:
    return {p.relative_to(root).as_posix() for p in root.rglob("*.html")}


def test_env_data_purges_and_merges_what_reading_records() -> None:
    main, other = EnvData(), EnvData()
    main.report_docs = {"a": ["riskregister"], "b": ["arshjul"]}
    main.start_docs = {"index", "b"}
    main.purge("b")
    assert main.report_docs == {"a": ["riskregister"]} and main.start_docs == {"index"}
    other.report_docs = {"c": ["revision"], "d": ["matris"]}
    other.start_docs = {"c", "d"}
    main.merge({"c"}, other)  # only the documents that reader read
    assert main.report_docs == {"a": ["riskregister"], "c": ["revision"]}
    assert main.start_docs == {"index", "c"}


def test_parallel_builds_match_a_serial_build_and_update_the_start_page(tmp_path: Path) -> None:
    src = copy_sample(tmp_path / "src")
    serial = _build(src, "serial")
    assert serial.returncode == 0, serial.stderr
    parallel = _build(src, "parallel", "-j", "2")
    assert parallel.returncode == 0, parallel.stderr
    serial_out, parallel_out = src / "_build" / "serial", src / "_build" / "parallel"
    pages = _pages(serial_out)
    assert pages == _pages(parallel_out)
    _, mismatch, errors = filecmp.cmpfiles(serial_out, parallel_out, sorted(pages), shallow=False)
    assert not mismatch and not errors, mismatch[:5]

    # An incremental -j 2 build after a routine is renamed: every page that names the
    # routine, the start page first, shows the new title.
    # A routine the start page lists (its newest approved ones).
    start = BeautifulSoup((parallel_out / "index.html").read_text(encoding="utf-8"), "html.parser")
    link = next(a for a in start.select("main a[href]") if a["href"].startswith("routines/"))
    routine = src / (link["href"].split("#")[0].removesuffix(".html") + ".md")
    text = routine.read_text(encoding="utf-8")
    old_title = re.search(r"^```\{rutin\} (.+)$", text, re.M).group(1)
    assert old_title in link.get_text()
    new_title = "Nattpatrullens nyckelhantering omskriven"
    routine.write_text(text.replace(old_title, new_title), encoding="utf-8")
    again = _build(src, "parallel", "-j", "2")
    assert again.returncode == 0, again.stderr
    start = (parallel_out / "index.html").read_text(encoding="utf-8")
    assert new_title in start and old_title not in start
    # Only pages whose own source still names the old title may show it.
    naming = {p.relative_to(parallel_out).with_suffix("").as_posix() for p in parallel_out.rglob("*.html")
              if old_title in p.read_text(encoding="utf-8")}
    written = {p.relative_to(src).with_suffix("").as_posix() for p in src.rglob("*.md")
               if "_build" not in p.parts and old_title in p.read_text(encoding="utf-8")}
    assert naming <= written
