"""Staff reading they can trust: routines that link to each other, search results that
say what they found, words and dates that are true, in the built site and in chromium."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from browser import CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE, serve
from conftest import copy_sample, sphinx_build

_LINK = re.compile(r'<a class="id-link reference internal" href="([^"]+)">([^<]+)</a>')


@pytest.fixture(scope="module")
def edited_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with one routine that names others in code and names a draft."""
    src = copy_sample(tmp_path_factory.mktemp("reading") / "src")
    routine = src / "routines" / "ht" / "rut-ht-001.md"
    text = routine.read_text(encoding="utf-8")
    extra = ("- Koden `RUT-HT-003` skrivs så i registret.\n"
             "- Utkastet RUT-HT-009 är inte fastställt än.\n")
    text = text.replace("**Om något går fel**\n", "**Om något går fel**\n\n" + extra, 1)
    routine.write_text(text, encoding="utf-8")
    result = sphinx_build(src)
    assert result.returncode == 0, result.stderr
    return src / "_build" / "html"


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_a_bare_id_in_a_routine_body_is_a_link(edited_site: Path) -> None:
    html = (edited_site / "routines/ht/rut-ht-001.html").read_text(encoding="utf-8")
    assert _LINK.findall(html) == [("rut-ht-002.html#RUT-HT-002", "RUT-HT-002")]
    # in code it stays code, and a draft has no page to link to
    assert re.search(r"<code[^>]*>(<span[^>]*>)?RUT-HT-003", html)
    assert "Utkastet RUT-HT-009 är inte fastställt" in html
    # every sample routine that names another in its text links to it
    linked = {p.name for p in (edited_site / "routines").rglob("*.html") if _LINK.search(p.read_text("utf-8"))}
    assert {"rut-ht-001.html", "rut-ht-003.html", "rut-ht-004.html", "rut-ht-005.html"} <= linked


def test_the_link_opens_the_routine_it_names(edited_site: Path, browser: Browser) -> None:
    with serve(edited_site) as base:
        context = browser.new_context(viewport=PHONE, service_workers="block")
        page = context.new_page()
        try:
            page.goto(base + "routines/ht/rut-ht-001.html", wait_until="networkidle")
            page.click("main a.id-link")
            page.wait_for_load_state()
            assert "Nyckel saknas" in page.inner_text("h1")
            assert page.url.endswith("rut-ht-002.html#RUT-HT-002")
        finally:
            context.close()


def test_the_site_is_named_by_the_model_without_a_suffix(site: Path) -> None:
    html = (site / "routines/ht/rut-ht-002.html").read_text(encoding="utf-8")
    title = re.search(r"<title>(.*?)</title>", html)[1]
    assert title.endswith("– Norrviks ledningssystem")
    assert "dokumentation" not in html
    assert '<a class="site-name" href="../../index.html">Norrviks ledningssystem</a>' in html
    manifest = json.loads((site / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert manifest["name"] == "Norrviks ledningssystem"
