"""Offline reading: a service worker that keeps the core files and every page once
visited, a web app manifest, and the Pagefind search index. All from this site only."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

#: Files every visitor gets on the first visit, so that search and the start page
#: also work offline. Paths are relative to the site root.
CORE = ["", "index.html", "sok.html", "_static/lotsen.css", "_static/lotsen-niva.css", "_static/lotsen.js",
        "_static/favicon.svg", "manifest.webmanifest"]

_WORKER = """// Lotsen service worker: generated at build time. Same origin only.
const VERSION = "lotsen-__VERSION__";
const CORE = __CORE__;
const scope = self.registration.scope;

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(VERSION).then((cache) => cache.addAll(CORE.map((p) => new URL(p, scope).href))).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys().then((keys) => Promise.all(
    keys.filter((k) => k.startsWith("lotsen-") && k !== VERSION).map((k) => caches.delete(k))
  )).then(() => self.clients.claim())
    // The page that installed the worker was fetched before it ran: keep it too.
    .then(() => self.clients.matchAll({ type: "window" }))
    .then((clients) => caches.open(VERSION).then((cache) =>
      Promise.all(clients.map((client) => cache.add(client.url).catch(() => null)))
    )));
});

function remember(request, response) {
  if (response && response.ok && response.type === "basic") {
    const copy = response.clone();
    caches.open(VERSION).then((cache) => cache.put(request, copy));
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  // Only this site's own files are ever cached.
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // Pages: the newest version when there is a network, the saved one when not.
    event.respondWith(fetch(request).then((r) => remember(request, r)).catch(() =>
      caches.match(request, { ignoreSearch: true }).then((hit) => hit || caches.match(new URL("index.html", scope).href))
    ));
    return;
  }
  // Files: the saved copy first, fetched and kept the first time. The cache belongs
  // to one build, so a file's ?v= checksum can be ignored when looking it up.
  event.respondWith(caches.match(request, { ignoreSearch: true }).then((hit) => hit || fetch(request).then((r) => remember(request, r))));
});
"""


def site_version(outdir: Path) -> str:
    """A hash of the built site: a new build gets a new cache, an unchanged one keeps it."""
    digest = hashlib.sha256()
    for path in sorted(outdir.rglob("*")):
        if path.is_file() and path.name != "sw.js" and "pagefind" not in path.parts:
            digest.update(path.relative_to(outdir).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def write_service_worker(outdir: Path) -> Path:
    worker = _WORKER.replace("__VERSION__", site_version(outdir)).replace("__CORE__", json.dumps(CORE))
    path = outdir / "sw.js"
    path.write_text(worker, encoding="utf-8")
    return path


def write_manifest(outdir: Path, name: str, short_name: str) -> Path:
    manifest = {
        "name": name, "short_name": short_name, "lang": "sv", "start_url": "./index.html",
        "scope": "./", "display": "standalone", "background_color": "#ffffff", "theme_color": "#1d4f91",
    }
    path = outdir / "manifest.webmanifest"
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def start_search_index(outdir: Path) -> subprocess.Popen[str]:
    """Start Pagefind on the written pages (those marked ``data-pagefind-body``, with
    Swedish stemming from lang="sv"). It runs on the other core while the build
    writes its exports and needs.json; ``finish_search_index`` waits for it."""
    from pagefind_bin import get_executable

    return subprocess.Popen(
        [str(get_executable()), "--site", str(outdir), "--output-subdir", "pagefind", "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


def finish_search_index(process: subprocess.Popen[str]) -> tuple[int, str]:
    """Pagefind's exit status and what it wrote to stderr."""
    _, stderr = process.communicate()
    return process.returncode, stderr
