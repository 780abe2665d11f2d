"""The site in Debian's chromium, as staff and quality leads meet it: accessibility
(axe-core, WCAG 2.1 A/AA) on every page type at phone and desktop size, no sideways
scrolling, nothing from other hosts, keyboard use, search, and offline reading."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser

from browser import DESKTOP, PHONE, axe_violations, serve_elsewhere

#: One page of every type the site has.
PAGE_TYPES = {
    "start": "index.html",
    "rutin": "routines/ht/rut-ht-002.html",
    "sök": "sok.html?q=nyckel",
    "enhet": "enhet/ht.html",
    "roll": "roll/underskoterska.html",
    "process": "processes/proc-ht.html",
    "risker": "risks/ht.html",
    "egenkontroller": "controls/ht.html",
    "krav": "requirements/sol.html",
    "åtgärd": "actions/atg-2026-002.html",
    "lista": "routines/index.html",
    "kvalitetsledning": "docs/kvalitet/index.html",
    "riskregister": "docs/kvalitet/riskregister.html",
    "spårbarhet": "docs/kvalitet/sparbarhet.html",
    "årshjul": "docs/kvalitet/arshjul.html",
    "revision": "docs/kvalitet/revision.html",
    "täckning": "docs/kvalitet/tackning.html",
    "åtgärder": "docs/kvalitet/atgarder.html",
    "guide": "docs/skriva.html",
    "referens": "docs/regler.html",
    "tillgänglighet": "docs/tillganglighet.html",
    "pärm": "parm/ht.html",
    "offline": "offline.html",
    "nytt": "nytt.html",
}


def open_page(browser: Browser, url: str, viewport: dict, requests: list[str] | None = None):
    context = browser.new_context(viewport=viewport, bypass_csp=True, service_workers="block")
    page = context.new_page()
    if requests is not None:
        page.on("request", lambda r: requests.append(r.url))
    page.goto(url, wait_until="networkidle")
    return context, page


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375x812", "1280x800"])
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_page_type_in_the_browser(kind: str, viewport: dict, browser: Browser, base_url: str) -> None:
    requests: list[str] = []
    context, page = open_page(browser, base_url + PAGE_TYPES[kind], viewport, requests)
    try:
        assert page.evaluate("document.documentElement.lang") == "sv"
        violations = axe_violations(page)
        assert violations == [], violations
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{kind}: the page scrolls sideways by {overflow}px"
        foreign = [r for r in requests if not r.startswith(base_url) and not r.startswith("data:")]
        assert foreign == []
    finally:
        context.close()


def test_search_results_render_on_the_search_page(browser: Browser, base_url: str) -> None:
    context, page = open_page(browser, base_url + "sok.html?q=nyckel", PHONE)
    try:
        page.wait_for_selector("#sokresultat li")
        first = page.locator("#sokresultat li a").first
        assert "rut-ht-002.html" in first.get_attribute("href") or "rut-ht-001.html" in first.get_attribute("href")
        assert "träff" in page.inner_text("#sokstatus")
    finally:
        context.close()


def test_keyboard_reaches_a_visible_skip_link_first(browser: Browser, base_url: str) -> None:
    context, page = open_page(browser, base_url + PAGE_TYPES["rutin"], PHONE)
    try:
        page.keyboard.press("Tab")
        focused = page.evaluate("""() => {
            const el = document.activeElement; const box = el.getBoundingClientRect();
            const style = getComputedStyle(el);
            return {text: el.textContent.trim(), href: el.getAttribute('href'), left: box.left, top: box.top,
                    outline: style.outlineStyle, width: box.width};
        }""")
        assert focused["text"] == "Hoppa till innehållet" and focused["href"] == "#innehall"
        assert focused["left"] >= 0 and focused["top"] >= 0 and focused["width"] > 0
        assert focused["outline"] != "none"
        page.keyboard.press("Enter")
        assert page.evaluate("document.activeElement.id") == "innehall"
        page.keyboard.press("Tab")
        style = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert style != "none"  # focus stays visible on the next stop
    finally:
        context.close()


def test_tap_targets_are_large_on_a_phone(browser: Browser, base_url: str) -> None:
    context, page = open_page(browser, base_url + "index.html", PHONE)
    try:
        small = page.evaluate("""() => [...document.querySelectorAll('main .lotsen-links a, header a, header button, header input, main button, main input')]
            .map(a => a.getBoundingClientRect()).filter(b => b.height < 44).length""")
        assert small == 0
    finally:
        context.close()


def test_a_visited_routine_opens_with_the_network_off(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    try:
        url = base_url + PAGE_TYPES["rutin"]
        page.goto(url, wait_until="networkidle")
        page.evaluate("navigator.serviceWorker.ready")
        page.wait_for_function("async (u) => !!(await caches.match(u))", arg=url, timeout=10000)
        context.set_offline(True)
        page.goto(base_url + "index.html")  # a core file, kept at install
        page.goto(url)
        assert "Nyckel saknas" in page.inner_text("h1")
        assert page.locator(".offline-note").count() == 1  # the script ran from the cache
        background = page.evaluate("getComputedStyle(document.querySelector('.site-header')).backgroundColor")
        assert background == "rgb(29, 79, 145)"  # and the stylesheet is there
    finally:
        context.close()


def test_drafts_are_left_out_of_the_staff_site(sample_site) -> None:
    src, _ = sample_site
    out = src / "_build" / "html"
    assert not (out / "routines/ht/rut-ht-009.html").exists()  # status utkast
    assert (out / "routines/ht/rut-ht-002.html").exists()
    assert "RUT-HT-009" not in (out / "needs.json").read_text(encoding="utf-8")


def test_preview_build_shows_drafts_unmistakably(tmp_path: Path) -> None:
    from conftest import copy_sample, sphinx_build

    src = copy_sample(tmp_path / "src")
    result = sphinx_build(src, "-D", "lotsen_preview=1", pdf=False)  # a preview prints no PDF
    assert result.returncode == 0, result.stderr
    html = (src / "_build/html/routines/ht/rut-ht-009.html").read_text(encoding="utf-8")
    assert 'class="status-banner status-draft"' in html and "Utkast." in html


@pytest.mark.parametrize("kind", ["start", "rutin", "riskregister", "sök"])
def test_dark_mode_is_accessible_too(kind: str, browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport=PHONE, color_scheme="dark", bypass_csp=True, service_workers="block")
    page = context.new_page()
    try:
        page.goto(base_url + PAGE_TYPES[kind], wait_until="networkidle")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(18, 20, 23)"  # the dark palette is in use
        assert axe_violations(page) == []
    finally:
        context.close()


def test_a_routine_prints_as_a_clean_a4_page(browser: Browser, base_url: str) -> None:
    context, page = open_page(browser, base_url + PAGE_TYPES["rutin"], DESKTOP)
    try:
        page.emulate_media(media="print")
        hidden = page.evaluate("""() => ['.site-header', '.breadcrumbs', '.site-footer', '.skip']
            .map(s => getComputedStyle(document.querySelector(s)).display)""")
        assert hidden == ["none"] * 4
        page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
        assert page.evaluate("document.querySelector('details.lotsen-meta').open")
        pdf = page.pdf(format="A4", print_background=False)
        pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
        assert 1 <= pages <= 2
    finally:
        context.close()


def test_process_map_is_drawn_from_the_site_itself(browser: Browser, base_url: str) -> None:
    requests: list[str] = []
    context, page = open_page(browser, base_url + PAGE_TYPES["process"], DESKTOP, requests)
    try:
        page.locator("pre.mermaid").scroll_into_view_if_needed()
        page.wait_for_selector("pre.mermaid svg", timeout=15000)
        assert page.locator("pre.mermaid svg").count() == 1
        assert any("_static/mermaid/" in r for r in requests)
        assert all(r.startswith(base_url) for r in requests)
    finally:
        context.close()


def test_withdrawn_and_draft_routines_are_unmistakable() -> None:
    from lotsen.model import load_model
    from lotsen.site.routine_page import status_banner
    from lotsen.source.scanner import scan_text

    from conftest import REPO

    model = load_model(REPO / "lotsen.yaml")
    def routine(status: str):
        [need] = scan_text(f"```{{rutin}} R\n:id: RUT-HT-999\n:status: {status}\n```\n", "r.md", {"rutin"}).needs
        return need
    assert "Upphävd." in status_banner(model, routine("upphävd")) and "Följ den inte" in status_banner(model, routine("upphävd"))
    assert "Utkast." in status_banner(model, routine("utkast"))
    assert status_banner(model, routine("fastställd")) == ""


@pytest.mark.parametrize("kind", ["start", "rutin", "sök", "process", "riskregister"])
def test_pages_pass_their_content_security_policy(kind: str, browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport=DESKTOP)  # CSP enforced, service worker on
    page = context.new_page()
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text))
    page.on("pageerror", lambda e: messages.append(str(e)))
    try:
        page.goto(base_url + PAGE_TYPES[kind], wait_until="networkidle")
        policy = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
        assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
        for directive in ("style-src 'self';", "form-action 'self'", "frame-src 'none'", "base-uri 'self'",
                          "object-src 'none'"):
            assert directive in policy
        if kind == "sök":
            page.wait_for_selector("#sokresultat li")
        if kind == "process":
            page.locator("pre.mermaid").scroll_into_view_if_needed()
            page.wait_for_selector("pre.mermaid svg", timeout=15000)
            # the map is styled (mermaid's styles reached it through the CSS object model)
            # and holds no inline style that the policy would refuse
            styled = page.evaluate("""() => {
                const node = document.querySelector('pre.mermaid svg .node rect, pre.mermaid svg .node polygon');
                return [getComputedStyle(node).fill,
                        document.querySelectorAll('pre.mermaid [style], pre.mermaid style').length]; }""")
            assert styled[0] not in ("rgb(0, 0, 0)", "none") and styled[1] == 0, styled
        assert not page.locator("script:not([src])").count()  # no inline script at all
        assert [m for m in messages if "Content Security Policy" in m or "Refused" in m] == []
    finally:
        context.close()


def test_the_service_worker_keeps_only_the_sites_own_files(browser: Browser, base_url: str,
                                                           tmp_path: Path) -> None:
    (tmp_path / "extern.js").write_text("// another origin's file\n", encoding="utf-8")
    # The page's own CSP would stop the request before the worker sees it: bypass it, so
    # that only the worker's own rule stands between the response and the cache.
    context = browser.new_context(viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    try:
        with serve_elsewhere(tmp_path) as (other_url, requests):
            page.goto(base_url + PAGE_TYPES["rutin"], wait_until="networkidle")
            page.evaluate("navigator.serviceWorker.ready")
            page.wait_for_function("() => !!navigator.serviceWorker.controller", timeout=10000)
            page.goto(base_url + PAGE_TYPES["process"], wait_until="networkidle")
            page.goto(base_url + "sok.html?q=brand", wait_until="networkidle")
            page.wait_for_selector("#sokresultat li")
            fetched = page.evaluate("async (u) => (await fetch(u)).text()", other_url + "extern.js")
            assert "another origin" in fetched and requests == ["/extern.js"]  # it really was fetched
            cached = page.evaluate("""async () => {
                const urls = [];
                for (const name of await caches.keys())
                    for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
                return urls; }""")
        assert len(cached) > 5
        assert [u for u in cached if not u.startswith(base_url)] == []
    finally:
        context.close()
