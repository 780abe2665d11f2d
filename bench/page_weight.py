"""Page weight and search cost of a built Lotsen site, measured in Debian's chromium.

Prints figures (and writes them as JSON); it passes or fails nothing. Budgets from the
phone issue: a routine page's first visit at most 40 KB gzip, a second page at most
10 KB, one cold search at most 150 KB with first results within 1 s on localhost.

    .venv/bin/python bench/page_weight.py _build/html [--routine routines/ht/rut-ht-002.html]
        [--second routines/ht/rut-ht-001.html] [--query nyckel] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from playwright.sync_api import sync_playwright  # noqa: E402

from browser import CHROMIUM, CHROMIUM_ARGS, PHONE, serve  # noqa: E402

BUDGET_FIRST_KB, BUDGET_SECOND_KB, BUDGET_SEARCH_KB, BUDGET_SEARCH_S = 40, 10, 150, 1.0


class Transfer:
    """Bytes that crossed the network for one page target, from Chrome's own counters."""

    def __init__(self, page):
        self.session = page.context.new_cdp_session(page)
        self.session.send("Network.enable")
        self.bytes = 0
        self.urls: dict[str, str] = {}
        self.requests = 0
        self.session.on("Network.requestWillBeSent", self._sent)
        self.session.on("Network.loadingFinished", self._finished)

    def _sent(self, event) -> None:
        self.urls[event["requestId"]] = event["request"]["url"]

    def _finished(self, event) -> None:
        if event["encodedDataLength"] > 0:
            self.bytes += event["encodedDataLength"]
            self.requests += 1

    def reset(self) -> None:
        self.bytes, self.requests = 0, 0


def measure(site: Path, routine: str, second: str, query: str | None) -> dict[str, float]:
    """Page visits, and one cold search unless ``query`` is None (a site without Lotsen's
    search page)."""
    figures: dict[str, float] = {}
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # First and second visit: what a phone fetches until the page is ready to read.
        context = browser.new_context(viewport=PHONE, service_workers="block")
        page = context.new_page()
        transfer = Transfer(page)
        page.goto(base + routine, wait_until="load")
        page.wait_for_timeout(300)
        figures["routine_first_visit_kb_gz"] = round(transfer.bytes / 1024, 1)
        figures["routine_first_visit_requests"] = transfer.requests
        transfer.reset()
        page.goto(base + second, wait_until="load")
        page.wait_for_timeout(300)
        figures["second_page_kb_gz"] = round(transfer.bytes / 1024, 1)
        figures["second_page_requests"] = transfer.requests
        context.close()
        if query is None:
            browser.close()
            return figures

        # One cold search: a new visitor on the search page types a query. Counted
        # from the context, so that requests made by pagefind's web worker count too.
        context = browser.new_context(viewport=PHONE, service_workers="block")
        page = context.new_page()
        page.goto(base + "sok.html", wait_until="networkidle")
        searched: list[int] = []
        context.on("requestfinished", lambda r: searched.append(
            r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"]))
        started = time.perf_counter()
        page.click("#sokfalt")
        page.keyboard.type(query)
        page.press("#sokfalt", "Enter")
        page.wait_for_selector("#sokresultat li", timeout=10000)
        # From the moment the reader puts the cursor in the field until results show.
        figures["search_first_results_s"] = round(time.perf_counter() - started, 3)
        figures["search_query_only_s"] = round(page.evaluate(
            "performance.measure('s', 'lotsen-search-start', 'lotsen-search-results').duration") / 1000, 3)
        page.wait_for_load_state("networkidle")
        figures["search_cold_kb"] = round(sum(searched) / 1024, 1)
        figures["search_cold_requests"] = len(searched)
        context.close()
        browser.close()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--routine", default="routines/ht/rut-ht-002.html")
    parser.add_argument("--second", default="routines/ht/rut-ht-001.html")
    parser.add_argument("--query", default="nyckel")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    figures = measure(args.site, args.routine, args.second, args.query)
    budgets = {"routine_first_visit_kb_gz": BUDGET_FIRST_KB, "second_page_kb_gz": BUDGET_SECOND_KB,
               "search_cold_kb": BUDGET_SEARCH_KB, "search_first_results_s": BUDGET_SEARCH_S}
    for name, value in figures.items():
        budget = budgets.get(name)
        mark = "" if budget is None else ("  (budget %s: %s)" % (budget, "inom" if value <= budget else "ÖVER"))
        print(f"{name:32} {value}{mark}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
