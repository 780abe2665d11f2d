"""The home-screen icons (PNG, 192 and 512 px) drawn from the site's own SVG icon.

Browsers ask a web app manifest for PNG icons in these sizes before they offer to add
the site to the home screen. The PNG files are committed beside the SVG (they ship in
the wheel); run ``make icons`` after changing ``favicon.svg``. Drawing uses Debian's
chromium through Playwright, which the tests install, so a build needs neither.
tests/test_reading.py checks that the committed icons still match the SVG.
"""

from __future__ import annotations

import sys
from pathlib import Path

STATIC = Path(__file__).parent / "theme" / "lotsen" / "static"
SVG = STATIC / "favicon.svg"
SIZES = (192, 512)
CHROMIUM = "/usr/bin/chromium"


def icon_path(size: int) -> Path:
    return STATIC / f"icon-{size}.png"


def draw(sizes: tuple[int, ...] = SIZES) -> list[Path]:
    from playwright.sync_api import sync_playwright

    svg = SVG.read_text(encoding="utf-8")
    written = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        try:
            for size in sizes:
                page = browser.new_page(viewport={"width": size, "height": size})
                page.set_content(f'<html><body style="margin:0;background:transparent">'
                                 f'<img alt="" src="data:image/svg+xml;charset=utf-8,{_quote(svg)}" '
                                 f'width="{size}" height="{size}" style="display:block"></body></html>')
                page.wait_for_load_state()
                path = icon_path(size)
                page.screenshot(path=str(path), omit_background=True)
                page.close()
                written.append(path)
        finally:
            browser.close()
    return written


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


if __name__ == "__main__":
    for path in draw():
        print(path, file=sys.stdout)
