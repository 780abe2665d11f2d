"""The site can be added to a phone's home screen: chromium's own installability check,
with the PNG icons drawn from the site's SVG. A module of its own: chromium offers
installing only outside incognito, in a browser with a profile on disk."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import sync_playwright

from browser import CHROMIUM, CHROMIUM_ARGS, PHONE, serve


def _installability_errors(site: Path) -> list[str]:
    """What chromium says stops the site being added to the home screen (a profile on
    disk: chromium never offers it in an incognito window)."""
    import tempfile

    with serve(site) as base, sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        context = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                                       viewport=PHONE)
        try:
            page = context.new_page()
            page.goto(base + "index.html", wait_until="networkidle")
            page.evaluate("navigator.serviceWorker.ready")
            page.wait_for_function("() => !!navigator.serviceWorker.controller", timeout=10000)
            errors = context.new_cdp_session(page).send("Page.getInstallabilityErrors")["installabilityErrors"]
            return [e["errorId"] for e in errors]
        finally:
            context.close()


def test_the_site_can_be_added_to_the_home_screen_by_its_png_icons(site: Path, tmp_path: Path) -> None:
    import shutil

    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    manifest_path = copy / "manifest.webmanifest"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    png_only = {**manifest, "icons": [i for i in manifest["icons"] if i["type"] == "image/png"]}
    manifest_path.write_text(json.dumps(png_only), encoding="utf-8")
    assert _installability_errors(copy) == []
    manifest_path.write_text(json.dumps({**manifest, "icons": []}), encoding="utf-8")
    assert _installability_errors(copy) != []  # the check can fail
