"""Staff reading they can trust: routines that link to each other, search results that
say what they found, words and dates that are true, in the built site and in chromium."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from browser import DESKTOP, PHONE, serve
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
    result = sphinx_build(src, pdf=False)  # pages only: no binder printed anew
    assert result.returncode == 0, result.stderr
    return src / "_build" / "html"


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


def test_a_search_result_says_what_it_is_and_three_fit_on_a_phone(site: Path, browser: Browser) -> None:
    with serve(site) as base:
        context = browser.new_context(viewport=PHONE, service_workers="block")
        page = context.new_page()
        try:
            page.goto(base + "sok.html?q=nyckel", wait_until="networkidle")
            page.wait_for_selector("#sokresultat li:nth-child(3)")
            first = page.locator("#sokresultat li").first
            assert "rut-ht-002.html" in first.locator("a").get_attribute("href")
            assert first.locator(".traff-om").inner_text() == "Rutin · Hemtjänsten Norrvik"
            excerpt = first.locator(".traff-utdrag").inner_text()
            assert "nyckel" in excerpt.lower()
            assert not any(word in excerpt for word in ("För:", "Fastställd", "Version", "Gäller till"))
            kinds = page.eval_on_selector_all("#sokresultat .traff-om", "els => els.map(e => e.textContent)")
            assert any(k.startswith("Åtgärd") for k in kinds)  # other types say what they are
            bottom = page.evaluate("() => document.querySelector('#sokresultat li:nth-child(3)')"
                                   ".getBoundingClientRect().bottom")
            assert bottom <= PHONE["height"], f"the third result ends at {bottom}px"
        finally:
            context.close()


def test_the_search_placeholder_fits_at_320_px(site: Path, browser: Browser) -> None:
    with serve(site) as base:
        context = browser.new_context(viewport={"width": 320, "height": 640}, service_workers="block")
        page = context.new_page()
        try:
            page.goto(base + "index.html", wait_until="networkidle")
            fits = page.evaluate("""() => { const input = document.getElementById('sokfalt');
                const probe = document.createElement('span'); const style = getComputedStyle(input);
                probe.style.font = style.font; probe.style.position = 'absolute'; probe.textContent = input.placeholder;
                document.body.appendChild(probe); const width = probe.getBoundingClientRect().width; probe.remove();
                return [width, input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)]; }""")
            assert fits[0] <= fits[1], fits
        finally:
            context.close()


def test_an_overdue_routine_says_whether_it_still_applies(tmp_path: Path, site: Path) -> None:
    from conftest import sphinx_build as build

    src = copy_sample(tmp_path / "src")
    # after RUT-HT-001's review date, 2027-02-10; pages only (a new day prints every binder anew)
    result = build(src, today="2027-06-01", pdf=False)
    assert result.returncode == 0, result.stderr
    html = (src / "_build/html/routines/ht/rut-ht-001.html").read_text(encoding="utf-8")
    note = re.search(r'<p class="lotsen-overdue-note" role="note"[^>]*>(.*?)</p>', html)
    assert note and note[1] == ("Rutinen gäller tills en ny version är fastställd. "
                                "Fråga din chef om du är osäker.")
    # before its review date, nothing is said
    assert "lotsen-overdue-note" not in (site / "routines/ht/rut-ht-001.html").read_text(encoding="utf-8")


def test_the_manifest_has_png_icons_drawn_from_the_site_s_svg(site: Path, browser: Browser) -> None:
    manifest = json.loads((site / "manifest.webmanifest").read_text(encoding="utf-8"))
    png = {icon["sizes"]: icon["src"] for icon in manifest["icons"] if icon["type"] == "image/png"}
    assert set(png) == {"192x192", "512x512"}
    with serve(site) as base:
        context = browser.new_context(viewport=DESKTOP, service_workers="block")
        page = context.new_page()
        try:
            page.goto(base + "index.html", wait_until="networkidle")
            for sizes, src in png.items():
                size = int(sizes.split("x")[0])
                # chromium decodes the PNG and draws the SVG at the same size: they must agree
                diff = page.evaluate("""async ([png, svg, size]) => {
                    const load = (src) => new Promise((ok, fail) => { const i = new Image(size, size);
                        i.onload = () => ok(i); i.onerror = fail; i.src = src; });
                    const pixels = (img) => { const c = document.createElement('canvas'); c.width = c.height = size;
                        const g = c.getContext('2d'); g.drawImage(img, 0, 0, size, size);
                        return g.getImageData(0, 0, size, size).data; };
                    const [a, b] = [pixels(await load(png)), pixels(await load(svg))];
                    if (a.length !== b.length) return -1;
                    const n = a.length / 4; let off = 0;
                    for (let i = 0; i < a.length; i += 4)
                        if (Math.max(...[0, 1, 2, 3].map(k => Math.abs(a[i + k] - b[i + k]))) > 48) off++;
                    const natural = (await load(png)).naturalWidth;
                    return natural === size ? off / n : -2; }""", [base + src, base + "_static/favicon.svg", size])
                assert 0 <= diff < 0.01, f"{sizes}: {diff}"
        finally:
            context.close()


def test_counts_agree_with_their_number_and_no_field_is_shown_twice(site: Path) -> None:
    start = (site / "index.html").read_text(encoding="utf-8")
    counts = re.findall(r"\b(\d+) (delprocess|delprocesser|rutin|rutiner)<", start)
    assert {"1", "2"} <= {n for n, _ in counts}  # the sample has both
    for number, noun in counts:
        assert noun in (("delprocess", "rutin") if number == "1" else ("delprocesser", "rutiner")), (number, noun)
    # a link that reads the same both ways (samverkan) is one row, each process once
    card = (site / "processes/proc-bum-oro.html").read_text(encoding="utf-8")
    assert card.count("<dt>Samverkar med</dt>") == 1
    row = re.search(r"<dt>Samverkar med</dt><dd>(.*?)</dd>", card)[1]
    assert row.count(">PROC-BUM-UTR ") == 1 and row.count(">PROC-EKB-ANS ") == 1



REPORTS = ["docs/kvalitet/riskregister.html", "docs/kvalitet/sparbarhet.html", "docs/kvalitet/arshjul.html",
           "docs/kvalitet/revision.html", "docs/kvalitet/atgarder.html"]


@pytest.mark.parametrize("report", REPORTS)
def test_report_tables_use_the_desktop_and_say_they_scroll_on_a_phone(report: str, site: Path,
                                                                       browser: Browser) -> None:
    with serve(site) as base:
        for viewport in (DESKTOP, PHONE):
            context = browser.new_context(viewport=viewport, service_workers="block")
            page = context.new_page()
            try:
                page.goto(base + report, wait_until="networkidle")
                frames = page.evaluate("""() => [...document.querySelectorAll('.table-wrap')].map(w => ({
                    label: w.getAttribute('aria-label'), cut: w.scrollWidth - w.clientWidth,
                    hint: !!(w.previousElementSibling && w.previousElementSibling.classList.contains('table-hint')
                             && w.previousElementSibling.offsetHeight > 0)}))""")
                assert frames
                assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
                for frame in frames:
                    if viewport is DESKTOP:  # no column cut off at 1280 x 800
                        assert frame["cut"] <= 1 and not frame["hint"], frame
                    else:  # a wider table scrolls in its own frame and says so
                        assert frame["hint"] == (frame["cut"] > 1), frame
                if viewport is PHONE:
                    assert any(frame["hint"] for frame in frames)
            finally:
                context.close()


def test_a_unit_s_binder_prints_every_routine_in_force_on_its_own_sheets(site: Path, browser: Browser) -> None:
    offline = json.loads((site / "offline.json").read_text(encoding="utf-8"))
    mine = sorted(r["id"] for r in offline["routines"] if "HT" in r["units"])
    unit_page = (site / "enhet/ht.html").read_text(encoding="utf-8")
    assert 'href="../parm/ht.html"' in unit_page
    with serve(site) as base:
        context = browser.new_context(viewport=DESKTOP, service_workers="block")
        page = context.new_page()
        try:
            page.goto(base + "parm/ht.html", wait_until="networkidle")
            assert page.inner_text("h1") == "Pärm: Hemtjänsten Norrvik"
            assert f"{len(mine)} rutiner" in page.inner_text(".parm-om") and "2026-11-22" in page.inner_text(".parm-om")
            sections = page.eval_on_selector_all(".parm-rutin", "els => els.map(e => e.id)")
            assert sorted(s.removeprefix("parm-") for s in sections) == mine
            version = page.inner_text("#parm-RUT-HT-002 .parm-version")
            assert version.startswith("RUT-HT-002 · Version ") and "Fastställd" in version
            assert page.locator("#parm-RUT-HT-002 h2").first.inner_text().startswith("Nyckel saknas")
            # every link in the binder leads to a page of the site
            hrefs = page.eval_on_selector_all("main a[href]", "els => els.map(a => a.href)")
            for href in {h.split("#")[0] for h in hrefs if h.startswith(base)}:
                assert (site / href[len(base):]).is_file(), href
            page.emulate_media(media="print")
            breaks = page.eval_on_selector_all(".parm-rutin", "els => els.map(e => getComputedStyle(e).breakBefore)")
            assert set(breaks) == {"page"}
            pdf = page.pdf(format="A4")
            sheets = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
            assert sheets >= len(mine) + 1  # the contents, then each routine on a new sheet
        finally:
            context.close()


def test_whats_new_lists_the_last_60_days_for_the_chosen_unit(site: Path, browser: Browser) -> None:
    import datetime as dt

    from conftest import REPO, TODAY

    # the oracle: approval dates in the sample's own files, read without Lotsen
    since = dt.date.fromisoformat(TODAY) - dt.timedelta(days=60)
    expected = set()
    for path in (REPO / "routines").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        approved = re.search(r"^:fastställd: (\S+)$", text, re.M)
        if approved and since <= dt.date.fromisoformat(approved[1]) <= dt.date.fromisoformat(TODAY) \
                and (site / path.relative_to(REPO).with_suffix(".html")).is_file():
            expected.add(re.search(r"^:id: (\S+)$", text, re.M)[1])
    assert len(expected) >= 2
    from html_tables import soup

    html = (site / "nytt.html").read_text(encoding="utf-8")
    assert set(re.findall(r'<span class="id">Ny (?:rutin|version) \S+ · (\S+)', html)) == expected
    # each with the change note its file gives (read without Lotsen), where it has one
    notes = {}
    for path in (REPO / "routines").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        found, ident = re.search(r"^:ändringsnotering: (.*)$", text, re.M), re.search(r"^:id: (\S+)$", text, re.M)
        if ident:
            notes[ident[1]] = found[1].strip() if found else ""
    shown_notes = {}
    for item in soup(site / "nytt.html").select(".nytt li"):
        note = item.select_one("p.notering")
        shown_notes[re.search(r"· (\S+)", item.select_one(".id").text)[1]] = note.text if note else ""
    assert any(notes[i] for i in expected)
    assert {i: shown_notes.get(i) for i in expected} == {i: notes[i] for i in expected}
    with serve(site) as base:
        context = browser.new_context(viewport=PHONE, service_workers="block")
        page = context.new_page()
        try:
            page.goto(base + "index.html")
            page.evaluate("localStorage.setItem('lotsen-enhet', 'HT')")
            page.goto(base + "nytt.html", wait_until="networkidle")
            shown = page.eval_on_selector_all(".nytt li:not([hidden])", "els => els.map(e => e.dataset.enhet)")
            assert shown and all("HT" in units.split() for units in shown)
            assert len(shown) < page.locator(".nytt li").count() == len(expected)  # others hidden
            assert page.locator(".nytt-filter").is_visible()
            page.click(".nytt-filter button")
            assert page.locator(".nytt li:not([hidden])").count() == len(expected)
        finally:
            context.close()


def test_the_model_declares_the_site_name_offline_bound_and_overdue_sentence(tmp_path: Path) -> None:
    from lotsen.errors import ModelError
    from lotsen.model import load_model

    from conftest import REPO

    model = load_model(REPO / "lotsen.yaml")
    assert (model.site_name, model.offline_max_pages) == ("Norrviks ledningssystem", 300)
    assert model.review.overdue_note.startswith("Rutinen gäller tills en ny version är fastställd.")
    text = (REPO / "lotsen.yaml").read_text(encoding="utf-8")
    bad = text.replace("  max_pages: 300\n", "  max_pages: 0\n  max_sidor: 3\n")
    (tmp_path / "lotsen.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(ModelError) as caught:
        load_model(tmp_path / "lotsen.yaml")
    line = bad.splitlines().index("  max_pages: 0") + 1
    messages = [(p.line, p.message) for p in caught.value.problems]
    assert (line, "'offline.max_pages' ska vara minst 1, inte 0.") in messages
    assert any(n == line + 1 and "Okänd nyckel 'max_sidor' i 'offline'" in m for n, m in messages)

