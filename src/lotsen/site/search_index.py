"""The Pagefind search index, made from the pages it indexes only.

Pagefind indexes the pages marked ``data-pagefind-body`` (the theme marks the pages
of objects) and skips the rest, but it reads every page to find out: at M, 2,611
pages and 28 MB of HTML for 261 indexed pages and 7 MB, and its memory grew with all of
it (140 MB, beside the build's own). Here it gets a folder of hard links to the marked
pages alone, with the same paths, and writes its bundle into the site: the same index,
byte for byte once stabilised, for about half the memory and a third of the time
(docs/prestanda.md). Which pages are marked is read from the pages themselves, the rule
Pagefind applies, so that a project's own layout template is followed too; a page
whose size and time are those of the last build is not read again.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from lotsen.cache import read_kept

#: What marks a page for Pagefind (site/theme/lotsen/layout.html).
MARK = b"data-pagefind-body"
#: What a part of an indexed page that Pagefind leaves out is put between (the HTML of
#: a part made of docutils nodes, which carry no attributes of their own).
SEARCH_IGNORED = ("<div data-pagefind-ignore>", "</div>")
#: Pagefind's bundle, under the site's root.
BUNDLE = "pagefind"
#: How much less priority Pagefind has than the build (os.nice).
NICENESS = 10


def marked_pages(outdir: Path, kept: Path | None = None) -> list[str]:
    """The site's pages that carry the mark, relative to its root, in order. ``kept``:
    a file (beside the doctrees) with each page's size, time and whether it was marked,
    so that only the pages this build wrote are read."""
    return list(marked_stamps(outdir, kept))


def marked_stamps(outdir: Path, kept: Path | None = None, scratch: Path | None = None) -> dict[str, tuple[int, int]]:
    """The marked pages (as ``marked_pages``), each with its time and size: what a
    search index started from them was made of. ``scratch``: where a running Pagefind's
    pages are linked, which is in the site when the doctrees are."""
    before = read_kept(kept)
    stamps: dict[str, list] = {}
    for path in sorted(outdir.rglob("*.html")):
        name = path.relative_to(outdir).as_posix()
        if name.startswith((BUNDLE + "/", "_sources/")) or (scratch is not None and path.is_relative_to(scratch)):
            continue
        stat = path.stat()
        stamp = [stat.st_mtime_ns, stat.st_size]
        entry = before.get(name)
        stamps[name] = entry if isinstance(entry, list) and entry[:2] == stamp and len(entry) == 3 \
            else [*stamp, MARK in path.read_bytes()]
    if kept is not None:
        kept.write_text(json.dumps(stamps, sort_keys=True), encoding="utf-8")
    return {name: (entry[0], entry[1]) for name, entry in stamps.items() if entry[2] is True}


def _link_pages(outdir: Path, pages: list[str], folder: Path) -> None:
    """``folder`` holds the pages, at the same paths as in the site: hard links, or
    copies where the two are on different file systems."""
    for name in pages:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(outdir / name, target)
        except OSError:
            shutil.copyfile(outdir / name, target)


def start_search_index(outdir: Path, scratch: Path, kept: Path | None = None,
                       pages: list[str] | None = None) -> subprocess.Popen[str]:
    """Start Pagefind on the marked pages (Swedish stemming from lang="sv"), linked into
    ``scratch``, writing its bundle to the site's ``pagefind`` folder. It runs on the
    other core while the build writes its generated pages, exports and needs.json;
    ``finish_search_index`` waits for it. A site with no marked page is given whole, as
    before: Pagefind then indexes every page. ``pages``: the marked pages, when the
    caller has found them already."""
    from pagefind_bin import get_executable

    shutil.rmtree(scratch, ignore_errors=True)  # a stopped build's links (doctrees may be in the site)
    if pages is None:
        pages = marked_pages(outdir, kept)
    if pages:
        _link_pages(outdir, pages, scratch)
        site = ["--site", str(scratch), "--output-path", str(outdir / BUNDLE)]
    else:
        site = ["--site", str(outdir), "--output-subdir", BUNDLE]
    return subprocess.Popen([*_yielding(), str(get_executable()), *site, "--quiet"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def _yielding() -> list[str]:
    """Pagefind runs at a lower priority than the build that started it: it uses every
    core it gets, and while the build still makes its generated pages and exports, the
    build comes first (docs/prestanda.md). The build waits for it at the end anyway.

    Through ``nice``, so that Pagefind and every thread it starts have the priority from
    the start. Not with ``preexec_fn``: that makes Python fork the whole build to start
    Pagefind, and for a moment the build's memory is counted twice (a full build at M:
    538 MB instead of 345 MB, in one of eight measurements). Where ``nice`` is missing
    Pagefind runs at the build's priority."""
    nice = shutil.which("nice")
    return [nice, "-n", str(NICENESS)] if nice else []


def finish_search_index(process: subprocess.Popen[str], scratch: Path, stop: bool = False) -> tuple[int, str]:
    """Pagefind's exit status and what it wrote to stderr; the linked pages are removed.
    ``stop``: its index is not wanted (the pages changed under it, or the build
    failed): it is stopped rather than waited for."""
    if stop:
        process.kill()
    _, stderr = process.communicate()
    shutil.rmtree(scratch, ignore_errors=True)
    return process.returncode, stderr
