"""Offline reading that survives publishing, in Debian's chromium at phone size: a
routine read yesterday still opens after today's publish; a page never read says so;
search offline does not claim that a routine does not exist; a unit's routines are saved
in one go; the pages kept are bounded, the least recently read dropped first."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, Page

from browser import PHONE, serve
from conftest import TODAY, copy_sample, sphinx_build

ROUTINE = "routines/ht/rut-ht-002.html"       # "Nyckel saknas …"
UNVISITED = "routines/ht/rut-ht-001.html"
OTHER_HT = "routines/ht/rut-ht-003.html"


@pytest.fixture(scope="module")
def two_days(tmp_path_factory: pytest.TempPathFactory, site: Path) -> tuple[Path, Path]:
    """The sample built on one day (the session's build, on TODAY), and built again the
    next day after an edit to the start page and to another routine: what a nightly
    publish brings."""
    assert TODAY == "2026-11-22"
    root = tmp_path_factory.mktemp("publish")
    second = copy_sample(root / "second")
    index = second / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nVälkommen tillbaka.\n", encoding="utf-8")
    other = second / "routines" / "ht" / "rut-ht-003.md"
    other.write_text(other.read_text(encoding="utf-8") + "\nEtt nytt stycke i en annan rutin.\n", encoding="utf-8")
    # pages only: the offline worker keeps no PDF, and a new day would print every binder anew
    result = sphinx_build(second, today="2026-11-23", pdf=False)
    assert result.returncode == 0, result.stderr
    return site, second / "_build" / "html"


def publish(build: Path, served: Path) -> None:
    """Replace what the server serves, as `make publish` does."""
    if served.exists():
        shutil.rmtree(served)
    shutil.copytree(build, served)


def shell_name(build: Path) -> str:
    return re.search(r'const SHELL = "([^"]+)"', (build / "sw.js").read_text(encoding="utf-8"))[1]


def wait_saved(page: Page, url: str) -> None:
    page.evaluate("navigator.serviceWorker.ready")
    page.wait_for_function("async (u) => !!(await caches.match(u, {cacheName: 'lotsen-sidor'}))", arg=url,
                           timeout=10000)


def read_then_publish(page: Page, base: str, path: str, second: Path, served: Path, new_shell: str) -> None:
    """A page read and saved; the next site published; the next visit online installs
    the new shell's worker."""
    page.goto(base + path, wait_until="networkidle")
    wait_saved(page, base + path)
    publish(second, served)
    page.goto(base + "index.html", wait_until="networkidle")
    page.wait_for_function("async (name) => (await caches.keys()).includes(name)", arg=new_shell, timeout=15000)


def test_a_routine_read_yesterday_opens_offline_after_todays_publish(two_days, browser: Browser,
                                                                     tmp_path: Path) -> None:
    first, second = two_days
    # What the worker compares: the routine's own content did not change, the shell did.
    offline_first = json.loads((first / "offline.json").read_text(encoding="utf-8"))["pages"]
    offline_second = json.loads((second / "offline.json").read_text(encoding="utf-8"))["pages"]
    assert offline_first[ROUTINE] == offline_second[ROUTINE]
    assert offline_first[OTHER_HT] != offline_second[OTHER_HT]
    assert "byggd 2026-11-22" in (first / ROUTINE).read_text(encoding="utf-8")
    assert "byggd 2026-11-23" in (second / ROUTINE).read_text(encoding="utf-8")
    assert shell_name(first) != shell_name(second)  # so a new worker is installed

    served = tmp_path / "www"
    publish(first, served)
    with serve(served) as base:
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        try:
            read_then_publish(page, base, ROUTINE, second, served, shell_name(second))
            page.wait_for_function("async (name) => !(await caches.keys()).includes(name)",
                                   arg=shell_name(first), timeout=15000)
            assert "Välkommen tillbaka" in page.inner_text("main")
            context.set_offline(True)

            page.goto(base + ROUTINE)
            assert "Nyckel saknas" in page.inner_text("h1")
            assert page.locator(".offline-note").count() == 1

            page.goto(base + UNVISITED)
            assert "offline.html" in page.url
            assert page.inner_text("h1") == "Sidan är inte sparad"
            page.wait_for_selector("#sparade li")
            saved = page.inner_text("#sparade")
            assert "RUT-HT-002" in saved and "RUT-HT-001" not in saved
            assert page.locator("#sparade-tomt").is_hidden()
            assert page.get_attribute(".offline-retry a", "href").endswith(UNVISITED)
            assert page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor") \
                == "rgb(29, 79, 145)"  # styled, from the shell

            page.goto(base + "sok.html?q=nyckel")
            page.wait_for_function("() => document.getElementById('sokstatus').textContent.length > 10")
            status = page.inner_text("#sokstatus")
            assert "Inga träffar" not in status and "behöver nät" in status
        finally:
            context.close()


def test_a_unit_s_routines_and_search_are_saved_in_one_go(browser: Browser, site: Path) -> None:
    with serve(site) as base:
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        try:
            page.goto(base + "enhet/ht.html", wait_until="networkidle")
            page.evaluate("navigator.serviceWorker.ready")
            page.wait_for_function("() => !!navigator.serviceWorker.controller", timeout=10000)
            box = page.locator(".spara")
            box.wait_for(state="visible")
            offline = json.loads((site / "offline.json").read_text(encoding="utf-8"))
            mine = [r for r in offline["routines"] if "HT" in r["units"]]
            assert len(mine) > 3
            size = page.inner_text(".spara-status")  # the size, before anything is saved
            assert re.search(rf"^{len(mine)} rutiner och sökningen, ungefär \d+ kB\.$", size), size
            page.click(".spara-knapp")
            page.wait_for_function("() => document.querySelector('.spara-status').textContent.startsWith('Sparat')",
                                   timeout=20000)
            context.set_offline(True)
            page.goto(base + OTHER_HT)
            assert "offline.html" not in page.url and page.locator("h1").count() == 1
            assert page.inner_text("h1") != "Sidan är inte sparad"
            page.goto(base + "sok.html?q=nyckel")
            page.wait_for_selector("#sokresultat li", timeout=10000)
            assert "offline" in page.inner_text("#sokstatus")
            assert "rut-ht-002.html" in page.locator("#sokresultat li a").first.get_attribute("href")
        finally:
            context.close()


def test_the_pages_kept_are_bounded_least_recently_read_first(browser: Browser, site: Path,
                                                              tmp_path: Path) -> None:
    served = tmp_path / "www"
    publish(site, served)
    worker = served / "sw.js"
    text = worker.read_text(encoding="utf-8")
    assert "const MAX_PAGES = 300;" in text  # the bound in lotsen.yaml
    worker.write_text(text.replace("const MAX_PAGES = 300;", "const MAX_PAGES = 2;"), encoding="utf-8")
    pages = [ROUTINE, UNVISITED, OTHER_HT]
    with serve(served) as base:
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        try:
            page.goto(base + pages[0], wait_until="networkidle")
            wait_saved(page, base + pages[0])
            page.goto(base + pages[1], wait_until="networkidle")
            wait_saved(page, base + pages[1])
            context.set_offline(True)
            page.goto(base + pages[0])  # read again: now the most recently read
            context.set_offline(False)
            page.wait_for_timeout(300)
            page.goto(base + pages[2], wait_until="networkidle")
            wait_saved(page, base + pages[2])
            page.wait_for_function("async () => (await (await caches.open('lotsen-sidor')).keys()).length === 2")
            kept = page.evaluate("async () => (await (await caches.open('lotsen-sidor')).keys()).map(r => r.url)")
            assert sorted(kept) == sorted([base + pages[0], base + pages[2]])
        finally:
            context.close()


NAMED = "routines/ht/rut ht 003 städ.html"  # a file name as an author gives it, with a space and ä


def test_a_page_whose_name_has_a_space_or_a_swedish_letter_stays_saved(browser: Browser,
                                                                         tmp_path_factory: pytest.TempPathFactory,
                                                                         tmp_path: Path) -> None:
    """offline.json names pages by their files; the worker's copies are keyed by their
    addresses, where such a name is percent-encoded. The copy must survive the worker's
    comparison with the site's list (it was dropped at every check), and the offline
    page must list and link it."""
    src = copy_sample(tmp_path_factory.mktemp("named") / "src")
    (src / "routines" / "ht" / "rut-ht-003.md").rename(src / NAMED.replace(".html", ".md"))
    result = sphinx_build(src, pdf=False)
    assert result.returncode == 0, result.stderr
    first = src / "_build" / "html"
    assert NAMED in json.loads((first / "offline.json").read_text(encoding="utf-8"))["pages"]
    # the same site with a new shell, as after the next publish: a new worker compares
    second = tmp_path / "second"
    shutil.copytree(first, second)
    worker = second / "sw.js"
    worker.write_text(worker.read_text(encoding="utf-8").replace(shell_name(first), shell_name(first) + "-ny"),
                      encoding="utf-8")
    served = tmp_path / "www"
    publish(first, served)
    address = quote(NAMED)
    with serve(served) as base:
        context = browser.new_context(viewport=PHONE)
        page = context.new_page()
        try:
            read_then_publish(page, base, address, second, served, shell_name(first) + "-ny")
            page.wait_for_timeout(1500)  # the new worker's comparison with offline.json
            assert page.evaluate("async (u) => !!(await caches.match(u, {cacheName: 'lotsen-sidor'}))",
                                 base + address)
            context.set_offline(True)
            page.goto(base + address)
            assert page.locator(".offline-note").count() == 1 and "offline.html" not in page.url
            page.goto(base + UNVISITED)
            page.wait_for_selector("#sparade li")
            link = page.locator("#sparade a", has_text="RUT-HT-003")
            assert link.get_attribute("href").endswith(address)
        finally:
            context.close()
