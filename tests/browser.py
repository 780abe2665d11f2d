"""A real browser for the tests: Debian's chromium driven by Playwright, and the built
site served from this machine's loopback address."""

from __future__ import annotations

import functools
import gzip
import http.server
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
AXE = Path(sys.prefix) / "share" / "lotsen" / "axe" / "axe.min.js"
#: As the machine's notes say: without these, chromium tries hosts it cannot reach.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 800}
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped when the browser asks, as a real web server would."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".mjs": "text/javascript", ".js": "text/javascript",
                      ".webmanifest": "application/manifest+json", ".wasm": "application/wasm"}

    def log_message(self, *args) -> None:  # quiet
        pass

    def _cache_headers(self) -> None:
        """As docs/nginx.conf: checksummed files are immutable, pages are revalidated."""
        if "?v=" in self.path or "/pagefind/" in self.path and "pagefind.js" not in self.path:
            self.send_header("Cache-Control", "public, max-age=31536000, immutable")
        else:
            self.send_header("Cache-Control", "no-cache")

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        compressible = path.suffix in {".html", ".css", ".js", ".mjs", ".json", ".svg", ".webmanifest"}
        if not (path.is_file() and compressible and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        data = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self._cache_headers()
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        import io
        return io.BytesIO(data)


class _OpenHandler(_Handler):
    """Another origin's files, readable from any page (CORS), counting its requests."""

    requests: list[str]

    def end_headers(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()

    def send_head(self):  # type: ignore[override]
        self.requests.append(self.path)
        return super().send_head()


@contextmanager
def serve_elsewhere(folder: Path) -> Iterator[tuple[str, list[str]]]:
    """A second server on another port (so another origin) whose files any page may
    read; yields its base URL and the list of paths it was asked for."""
    requests: list[str] = []
    handler = functools.partial(type("Open", (_OpenHandler,), {"requests": requests}), directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", requests
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve a built site on 127.0.0.1 at a free port; yields its base URL."""
    handler = functools.partial(_Handler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def axe_violations(page) -> list[dict]:
    """WCAG 2.1 A and AA violations that axe-core finds on the current page."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations",
        WCAG_21_AA,
    )
    return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result]
