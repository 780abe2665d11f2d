"""Offline reading: a service worker that keeps the shell and every page once read
across publishes (offline.json tells it which pages changed), and a web app manifest
with icons. All from this site only (the search index: site/search_index.py)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from lotsen.cache import read_kept

#: Files every visitor gets on the first visit, so that search, the start page and the
#: offline page also work offline. Paths are relative to the site root.
CORE = ["", "index.html", "sok.html", "offline.html", "_static/lotsen.css", "_static/lotsen-niva.css",
        "_static/lotsen.js", "_static/favicon.svg", "manifest.webmanifest"]
#: The footer's line with the build date, from its start to the first end of a
#: paragraph after it: not part of what a page says.
_BUILD_START, _PARAGRAPH_END = b'<p class="build">', b"</p>"
#: Pagefind's files for its own user interfaces, which Lotsen's search does not use.
_SEARCH_UNUSED = ("-ui.", "-ui-", "highlight", "component")
_WORKER = Path(__file__).parent / "worker" / "sw.js"


def page_hash(html: bytes) -> str:
    """What the service worker compares to know whether a saved page changed: a hash of
    the page without its build line (worker/sw.js computes the same, as a regular
    expression on the text). Cut from the UTF-8 bytes as they are: decoding, replacing
    and encoding the pages a build wrote again took 0.04 s of an edit at M."""
    digest = hashlib.sha256()
    start = html.find(_BUILD_START)
    end = html.find(_PARAGRAPH_END, start + len(_BUILD_START)) if start >= 0 else -1
    if end < 0:
        digest.update(html)
    else:
        view = memoryview(html)
        digest.update(view[:start])
        digest.update(view[end + len(_PARAGRAPH_END):])
    return digest.hexdigest()[:16]


def _own_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    return page_hash(data).encode() if path.suffix == ".html" else data


def shell_version(outdir: Path) -> str:
    """A hash of the shell's own files: a new shell only when one of them changed."""
    digest = hashlib.sha256()
    for name in CORE:
        path = outdir / (name or "index.html")
        if path.is_file():
            digest.update(name.encode())
            digest.update(_own_bytes(path))
    return digest.hexdigest()[:16]


def search_files(outdir: Path) -> list[str]:
    """The search index's files that searching needs, relative to the site root."""
    folder = outdir / "pagefind"
    return sorted(p.relative_to(outdir).as_posix() for p in folder.rglob("*")
                  if p.is_file() and not any(u in p.name for u in _SEARCH_UNUSED)) if folder.is_dir() else []


def write_offline_index(outdir: Path, routines: list[dict], kept: Path | None = None) -> Path:
    """offline.json: every page's hash (the worker replaces a saved page only when its
    hash changes), the routines with their units and size (to save a unit's routines in
    one go and list the saved ones offline), and the search index's files. ``kept``: a
    file (beside the doctrees) with each page's hash by its file's size and time, so
    that only the pages this build wrote are read."""
    pages = _page_hashes(outdir, kept)
    for routine in routines:
        path = outdir / routine["url"]
        routine["bytes"] = path.stat().st_size if path.is_file() else 0
    files = search_files(outdir)
    index = {"pages": pages, "routines": routines, "search": files,
             "search_bytes": sum((outdir / f).stat().st_size for f in files)}
    path = outdir / "offline.json"
    path.write_text(json.dumps(index, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    return path


def _page_hashes(outdir: Path, kept: Path | None) -> dict[str, str]:
    before = read_kept(kept)
    stamps: dict[str, list] = {}
    for path in sorted(outdir.rglob("*.html")):
        name = path.relative_to(outdir).as_posix()
        if "_sources" in path.parts or "pagefind" in path.parts:
            continue
        stat = path.stat()
        stamp = [stat.st_mtime_ns, stat.st_size]
        entry = before.get(name)
        stamps[name] = entry if isinstance(entry, list) and entry[:2] == stamp else [*stamp, page_hash(path.read_bytes())]
    if kept is not None:
        kept.write_text(json.dumps(stamps, sort_keys=True), encoding="utf-8")
    return {name: entry[2] for name, entry in stamps.items()}


def write_service_worker(outdir: Path, max_pages: int) -> Path:
    """sw.js: it changes only when the shell or the storage bound changes, so that a
    publish of changed pages alone installs no new worker."""
    worker = (_WORKER.read_text(encoding="utf-8").replace("__SHELL__", shell_version(outdir))
              .replace("__CORE__", json.dumps(CORE)).replace("__MAX_PAGES__", str(int(max_pages))))
    path = outdir / "sw.js"
    path.write_text(worker, encoding="utf-8")
    return path


def write_manifest(outdir: Path, name: str, short_name: str) -> Path:
    manifest = {
        "name": name, "short_name": short_name, "lang": "sv", "start_url": "./index.html",
        "scope": "./", "display": "standalone", "background_color": "#ffffff", "theme_color": "#1d4f91",
        # PNG in the sizes browsers ask for (site/icons.py draws them from favicon.svg)
        "icons": [{"src": f"_static/icon-{size}.png", "sizes": f"{size}x{size}", "type": "image/png",
                   "purpose": "any"} for size in (192, 512)]
                 + [{"src": "_static/favicon.svg", "sizes": "any", "type": "image/svg+xml"}],
    }
    path = outdir / "manifest.webmanifest"
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path
