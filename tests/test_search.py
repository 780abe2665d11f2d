"""Swedish search as staff use it: realistic queries, the right routine in the top three,
and a routine whose own title matches the query ranked first."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import sync_playwright

from browser import CHROMIUM, CHROMIUM_ARGS, serve

#: query -> the routine a care worker is looking for
STAFF_QUERIES = {
    "nyckel": "RUT-HT-002",
    "tappat nyckeln": "RUT-HT-002",
    "nyckelkvittens": "RUT-HT-001",
    "fallolycka": "RUT-HT-004",
    "brukaren har fallit": "RUT-HT-004",
    "lex sarah": "RUT-GEM-002",
    "orosanmälan": "RUT-BUM-001",
    "larm": "RUT-HT-005",
    "trygghetslarm": "RUT-HT-005",
    "larm natt": "RUT-LSS-007",
    "läkemedel": "RUT-HT-006",
    "signeringslista": "RUT-HT-006",
    "delegering läkemedel gruppbostad": "RUT-LSS-004",
    "hot och våld": "RUT-LSS-003",
    "brand": "RUT-LSS-006",
    "utrymning": "RUT-LSS-006",
    "privata medel": "RUT-LSS-002",
    "genomförandeplan hemtjänst": "RUT-HT-008",
    "social journal": "RUT-HT-007",
    "skyddsbedömning": "RUT-BUM-002",
    "förhandsbedömning": "RUT-BUM-003",
    "barnsamtal": "RUT-BUM-004",
    "utredningstid": "RUT-BUM-005",
    "akut placering": "RUT-BUM-006",
    "nödprövning": "RUT-EKB-002",
    "utbetalning": "RUT-EKB-003",
    "avvikelse": "RUT-GEM-001",
    "klagomål": "RUT-GEM-003",
    "sekretess": "RUT-GEM-004",
    "revidera rutin": "RUT-GEM-005",
    "värmebölja": "RUT-HT-010",
    "uttorkning": "RUT-HT-010",
    "hyresskuld": "RUT-EKB-005",
    "vräkning": "RUT-EKB-005",
    "öppnar inte": "RUT-HT-003",
    "RUT-HT-002": "RUT-HT-002",
    "rut-lss-006": "RUT-LSS-006",
}
#: Queries made of words in the routine's own title: it must come first.
TITLE_QUERIES = ["nyckel", "lex sarah", "orosanmälan", "trygghetslarm", "skyddsbedömning",
                 "förhandsbedömning", "klagomål", "sekretess", "hyresskuld", "brand", "RUT-HT-002"]


@pytest.fixture(scope="module")
def search(sample_site) -> Iterator:
    src, result = sample_site
    assert result.returncode == 0, result.stderr
    with serve(src / "_build" / "html") as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.goto(url + "sok.html")

        def top(query: str, n: int = 3) -> list[str]:
            return page.evaluate("""async ([q, n]) => {
                const pf = await import(new URL('pagefind/pagefind.js', document.baseURI).href);
                await pf.options({baseUrl: new URL('./', document.baseURI).href});
                const found = await pf.search(q);
                const data = await Promise.all(found.results.slice(0, n).map(r => r.data()));
                return data.map(d => d.url.split('/').pop().replace('.html', '').toUpperCase());
            }""", [query, n])

        yield top
        browser.close()


def test_at_least_thirty_staff_queries() -> None:
    assert len(STAFF_QUERIES) >= 30


@pytest.mark.parametrize("query", list(STAFF_QUERIES))
def test_staff_query_finds_the_routine_in_the_top_three(query: str, search) -> None:
    assert STAFF_QUERIES[query] in search(query), search(query)


@pytest.mark.parametrize("query", TITLE_QUERIES)
def test_routine_with_the_words_in_its_title_ranks_first(query: str, search) -> None:
    assert search(query, 1) == [STAFF_QUERIES[query]]


def test_drafts_are_not_found(search) -> None:
    assert "RUT-HT-009" not in search("dödsfall i hemmet", 10)


def test_an_object_is_found_by_its_id(search) -> None:
    assert search("RISK-BUM-01", 1) == ["BUM"]
