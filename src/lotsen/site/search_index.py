"""The Pagefind search index, made from the pages it indexes only.

Pagefind indexes the pages marked ``data-pagefind-body`` (the theme marks the pages
of objects) and skips the rest, but it reads every page to find out: at M, 2,611
pages and 28 MB of HTML for 261 indexed pages and 7 MB, and its memory grew with all of
it (140 MB, beside the build's own). Here it gets a folder of the marked pages alone,
with the same paths, each without the parts it would only read to leave out
(site/search_copy.py), and writes its bundle into the site: the same index, byte for
byte once stabilised, for about half the memory and a quarter of the time
(docs/prestanda.md). Which pages are marked is read from the pages themselves, the rule
Pagefind applies, so that a project's own layout template is followed too; a page
whose size and time are those of the last build is not read again, and the folder is
kept beside the doctrees for the next build.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

from lotsen.cache import read_kept
from lotsen.site.search_copy import search_copy
from lotsen.site.search_parts import CHANGES, lay_out_part

#: What marks a page for Pagefind (site/theme/lotsen/layout.html): the attribute on an
#: element, inside its tag. The same words in a page's text (this project's own
#: documentation shows them in code) are no mark: Pagefind reads attributes, and the
#: text has its "<" written as "&lt;".
MARK = re.compile(rb"""<[A-Za-z](?:[^<>"']|"[^"]*"|'[^']*')*?\sdata-pagefind-body(?=[\s=/>])""")
#: What a part of an indexed page that Pagefind leaves out is put between (the HTML of
#: a part made of docutils nodes, which carry no attributes of their own).
SEARCH_IGNORED = ("<div data-pagefind-ignore>", "</div>")
#: Pagefind's bundle, under the site's root.
BUNDLE = "pagefind"
#: Beside the laid-out pages: each one's time and size in the site when laid out.
RECORD = "lotsen-pages.json"
#: How much less priority Pagefind has than the build (os.nice).
NICENESS = 10


def marked_stamps(outdir: Path, kept: Path | None = None, scratch: Path | None = None) -> dict[str, tuple[int, int]]:
    """The site's pages that carry the mark, relative to its root, in order, each with
    its time and size: what a search index started from them was made of. ``kept``: a
    file (beside the doctrees) with each page's size, time and whether it was marked,
    so that only the pages this build wrote are read. ``scratch``: where a running
    Pagefind's pages are laid out, which is in the site when the doctrees are."""
    before = read_kept(kept)
    stamps: dict[str, list] = {}
    for path in sorted(outdir.rglob("*.html")):
        name = path.relative_to(outdir).as_posix()
        if name.startswith((BUNDLE + "/", "_sources/")) or (
                scratch is not None and (path.is_relative_to(scratch) or path.is_relative_to(_part(scratch)))):
            continue
        stat = path.stat()
        stamp = [stat.st_mtime_ns, stat.st_size]
        entry = before.get(name)
        stamps[name] = entry if isinstance(entry, list) and entry[:2] == stamp and len(entry) == 3 \
            else [*stamp, _marked(path.read_bytes())]
    if kept is not None:
        kept.write_text(json.dumps(stamps, sort_keys=True), encoding="utf-8")
    return {name: (entry[0], entry[1]) for name, entry in stamps.items() if entry[2] is True}


def _marked(page: bytes) -> bool:
    return b"data-pagefind-body" in page and MARK.search(page) is not None  # the first is quick


def _lay_out(outdir: Path, marks: dict[str, tuple[int, int]], folder: Path) -> None:
    """``folder`` holds the marked pages at the same paths as in the site, each without
    the parts Pagefind leaves out (site/search_copy.py). It is kept from one build to
    the next with a record of each page's time and size when it was laid out: only a
    page written since is read again, and a page no longer marked (or gone) leaves."""
    record_path = folder / RECORD
    before = read_kept(record_path)
    record_path.unlink(missing_ok=True)  # until every page below is as recorded
    if folder.is_dir():
        for path in folder.rglob("*"):
            name = path.relative_to(folder).as_posix()
            if path.is_file() and (name not in marks or before.get(name) != list(marks[name])):
                path.unlink()
    record = {}
    for name, stamp in marks.items():
        target = folder / name
        if before.get(name) != list(stamp) or not target.is_file():
            page = (outdir / name).read_bytes()
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(search_copy(page) or page)
        record[name] = list(stamp)
    record_path.write_text(json.dumps(record, sort_keys=True), encoding="utf-8")


def start_search_index(outdir: Path, scratch: Path, kept: Path | None = None,
                       marks: dict[str, tuple[int, int]] | None = None,
                       changed: tuple[str, ...] | None = None, words: Path | None = None) -> subprocess.Popen[str]:
    """Start Pagefind on the marked pages (Swedish stemming from lang="sv"), laid out in
    ``scratch`` (``_lay_out``), writing its bundle to the site's ``pagefind`` folder. It
    runs on the other core while the build writes its generated pages, exports and
    needs.json; ``finish_search_index`` waits for it. A site with no marked page is
    given whole, as before: Pagefind then indexes every page. ``marks``: the marked
    pages with their times and sizes (``marked_stamps``), when the caller has them.
    ``changed``: only these marked pages are indexed, into the bundle's part of changes,
    with a page of ``words`` (site/search_parts.py)."""
    from pagefind_bin import get_executable

    if marks is None:
        marks = marked_stamps(outdir, kept, scratch)
    if marks and changed is not None and words is not None:
        _lay_out(outdir, marks, scratch)
        lay_out_part(scratch, _part(scratch), changed, words)
        site = ["--site", str(_part(scratch)), "--output-path", str(outdir / BUNDLE / CHANGES)]
    elif marks:
        _lay_out(outdir, marks, scratch)
        site = ["--site", str(scratch), "--output-path", str(outdir / BUNDLE)]
    else:
        shutil.rmtree(scratch, ignore_errors=True)
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


def finish_search_index(process: subprocess.Popen[str], scratch: Path, stop: bool = False,
                        keep: bool = False) -> tuple[int, str]:
    """Pagefind's exit status and what it wrote to stderr. ``stop``: its index is not
    wanted (the pages changed under it, or the build failed): it is stopped rather
    than waited for. ``keep``: the laid-out pages stay for the next build; not where
    the site would publish them."""
    if stop:
        process.kill()
    _, stderr = process.communicate()
    shutil.rmtree(_part(scratch), ignore_errors=True)
    if not keep:
        shutil.rmtree(scratch, ignore_errors=True)
    return process.returncode, stderr


def _part(scratch: Path) -> Path:
    """Where the changed pages are laid out for the part of changes: beside ``scratch``."""
    return scratch.with_name(scratch.name + "-" + CHANGES)
