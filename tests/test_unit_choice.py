"""My unit on the phone, in Debian's chromium: the start page with and without script,
the unit chosen once and kept, and search narrowed by unit and type."""

from __future__ import annotations

from playwright.sync_api import Browser

from browser import PHONE


def test_the_start_page_works_with_script_off(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, service_workers="block")
    try:
        page = context.new_page()
        page.goto(base_url + "index.html")
        assert not page.locator("#min-enhet").is_visible()  # the choice needs script: not offered
        unit = page.locator(".lotsen-unit-tree a", has_text="Hemtjänsten Norrvik")
        assert unit.is_visible()
        unit.click()
        page.wait_for_load_state()
        assert page.url.endswith("enhet/ht.html")
        assert page.locator(".lotsen-unit-routines a", has_text="Hem från sjukhuset").is_visible()
        # search without script: the form still leads to the search page, filters and all
        page.goto(base_url + "index.html")
        page.fill("#sokfalt", "nyckel")
        page.click("#sok button[type=submit]")
        page.wait_for_load_state()
        assert "sok.html?q=nyckel" in page.url
    finally:
        context.close()


def test_staff_choose_their_unit_once_and_its_routines_come_first(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport=PHONE, service_workers="block")
    try:
        page = context.new_page()
        page.goto(base_url + "index.html", wait_until="networkidle")
        assert page.locator("#min-enhet").is_visible()
        page.select_option("#valj-enhet", "SBO")
        page.wait_for_selector("#min-enhet .lotsen-my-unit-routines li")
        assert page.evaluate("localStorage.getItem('lotsen-enhet')") == "SBO"
        # a new visit: the choice is remembered, the unit's routines come first
        page.goto(base_url + "index.html", wait_until="networkidle")
        assert page.input_value("#valj-enhet") == "SBO"
        page.wait_for_selector("#min-enhet .lotsen-my-unit-routines li")
        mine = page.locator("#min-enhet .lotsen-my-unit-routines li a").all_inner_texts()
        assert any("Mat på kvällen och natten" in t for t in mine)
        assert any("Hem från sjukhuset" in t for t in mine)  # the avdelning's
        assert not any("RUT-LSS-" in t for t in mine)
        first = page.locator(".lotsen-recent li").first.get_attribute("data-lotsen-units")
        assert "SBO" in first.split()
        link = page.locator("#min-enhet .lotsen-my-unit-routines li a").first
        link.click()
        page.wait_for_load_state()
        assert "/routines/" in page.url
    finally:
        context.close()


def test_search_results_carry_unit_and_type_filters(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport=PHONE, service_workers="block")
    try:
        page = context.new_page()
        page.goto(base_url + "sok.html", wait_until="networkidle")
        found = page.evaluate("""async () => {
            const pf = await import(new URL('pagefind/pagefind.js', document.baseURI).href);
            await pf.options({ baseUrl: new URL('./', document.baseURI).href });
            const all = await pf.search('rutin');
            const data = await Promise.all(all.results.slice(0, 10).map(r => r.data()));
            const narrowed = await pf.search(null, { filters: { enhet: 'Nattpatrullen', typ: 'Rutin' } });
            const inUnit = await Promise.all(narrowed.results.map(r => r.data()));
            return { filters: data.map(d => d.filters), urls: inUnit.map(d => d.url),
                     units: inUnit.map(d => d.filters.enhet || []), types: inUnit.map(d => d.filters.typ || []) };
        }""")
        # every result has its type; a routine also the units it holds for (a krav has none)
        assert all("typ" in f for f in found["filters"]), found["filters"]
        assert any(f["typ"] == ["Rutin"] for f in found["filters"])
        assert all("enhet" in f for f in found["filters"] if f["typ"] == ["Rutin"]), found["filters"]
        assert found["urls"] and all("Nattpatrullen" in u for u in found["units"])
        assert all(t == ["Rutin"] for t in found["types"])
        assert any("rut-nat-001" in u for u in found["urls"]) and any("rut-gem-" in u for u in found["urls"])
        assert not any("rut-lss-" in u for u in found["urls"])
        # the page's own controls narrow the list the same way
        page.goto(base_url + "sok.html?q=rutin&enhet=Nattpatrullen", wait_until="networkidle")
        page.wait_for_selector("#sokresultat li")
        assert page.input_value("#filter-enhet") == "Nattpatrullen"
        hrefs = page.locator("#sokresultat li a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        assert hrefs and not any("rut-lss-" in (h or "") for h in hrefs)
    finally:
        context.close()


def test_the_unit_chosen_on_the_start_page_preselects_the_search_filter(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport=PHONE, service_workers="block")
    try:
        page = context.new_page()
        page.goto(base_url + "index.html", wait_until="networkidle")
        page.select_option("#valj-enhet", "NAT")
        page.goto(base_url + "sok.html?q=rutin", wait_until="networkidle")
        assert page.input_value("#filter-enhet") == "Nattpatrullen"
        assert page.input_value("#filter-typ") == ""
        assert page.inner_text(".lotsen-filters-fold summary") == "Begränsa sökningen: Nattpatrullen"
        page.wait_for_selector("#sokresultat li")
        hrefs = page.locator("#sokresultat li a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        others = ("rut-lss-", "rut-bum-", "rut-ekb-", "rut-ht-")  # routines of other units
        assert hrefs and not any(o in (h or "") for h in hrefs for o in others), hrefs
        # a choice in the address wins, "Alla" too; the stored unit stays
        page.goto(base_url + "sok.html?q=rutin&enhet=", wait_until="networkidle")
        assert page.input_value("#filter-enhet") == ""
        page.wait_for_selector("#sokresultat li")
        hrefs = page.locator("#sokresultat li a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        assert any(o in (h or "") for h in hrefs for o in others), hrefs
        assert page.inner_text(".lotsen-filters-fold summary") == "Begränsa sökningen"
        page.click(".lotsen-filters-fold summary")  # unfold
        page.select_option("#filter-typ", "Rutin")
        assert page.inner_text(".lotsen-filters-fold summary") == "Begränsa sökningen: Rutin"
        assert page.evaluate("localStorage.getItem('lotsen-enhet')") == "NAT"
    finally:
        context.close()
    # without script nothing is preselected: the page's own HTML chooses "Alla"
    context = browser.new_context(viewport=PHONE, java_script_enabled=False, service_workers="block")
    try:
        page = context.new_page()
        page.goto(base_url + "sok.html")
        assert page.locator("#filter-enhet option[selected]").count() == 0
        assert page.locator("#filter-enhet option[data-enhet=NAT]").text_content().strip() == "Nattpatrullen"
    finally:
        context.close()
