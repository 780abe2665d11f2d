"""A unit's binder (pärm): one printable page with every routine in force for the unit,
each starting on a new sheet, with the date it was printed from and each routine's
version. Many units still keep a printed binder.

The routines' own pages are written before this page is made (Sphinx writes generated
pages last), so the binder takes each routine's reading layout from its written page:
the binder shows exactly what the site shows.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

from lotsen.cache import bytes_key, read_kept
from lotsen.site.templates import Markup, Templates, default_templates
from lotsen.source.index import ObjectIndex
from lotsen.source.scanner import NeedSource
from lotsen.words import plural

_MAIN = re.compile(r"<main\b[^>]*>(.*)</main>", re.S)
_HEADING = re.compile(r"<(/?)h([1-5])\b")
#: A link within the site: not an anchor, a query, or an address with a scheme
#: (https:, mailto:) or a host (//…), such as the link to the git host's editor.
_LINK = re.compile(r'\b(href|src)="(?![a-zA-Z][a-zA-Z0-9+.-]*:|//)([^"#:?][^"]*)"')


def page_body(html: str, page: str, binder_page: str) -> str:
    """A written page's content for the binder: its headings one level down, its links
    relative to the binder's folder."""
    found = _MAIN.search(html)
    body = found[1] if found else ""
    body = _HEADING.sub(lambda m: f"<{m[1]}h{int(m[2]) + 1}", body)
    here, there = posixpath.dirname(page), posixpath.dirname(binder_page)

    def relink(match: re.Match[str]) -> str:
        path, _, anchor = match[2].partition("#")
        target = posixpath.normpath(posixpath.join(here, path))
        moved = posixpath.relpath(target, there or ".")
        return f'{match[1]}="{moved}{"#" + anchor if anchor else ""}"'
    return _LINK.sub(relink, body)


def binder_routines(index: ObjectIndex, members: list[tuple[NeedSource, str]]) -> list[dict]:
    """``members``: (routine, its body for the binder: page_body of its written page)."""
    model = index.model
    number, approved = model.field_for("document_version"), model.field_for("approval_date")
    return [{"id": need.id, "title": need.title, "anchor": f"parm-{need.id}",
             "number": need.value(number) if number else "",
             "approved": need.value(approved) if approved else "",
             "body": Markup(body)}  # the site's own, escaped, output
            for need, body in members]


class BinderBodies:
    """Each routine's body for the binders, taken from its written page: kept between
    builds in ``path`` (beside the doctrees), by the page file's size and time, so
    that a build reads again only the pages it wrote. A routine in several binders is
    read once per build."""

    def __init__(self, outdir: Path, path: Path):
        self.outdir, self.path = outdir, path
        self.kept: dict[str, list] = read_kept(path)
        self.used: dict[str, list] = {}

    def body(self, docname: str, binder_page: str) -> str | None:
        """The body of the page ``docname`` for a binder at ``binder_page``; None if the
        page was not written (or is empty)."""
        entry = self._entry(docname, binder_page)
        return None if entry is None else entry[2]

    def digest(self, docname: str, binder_page: str) -> str | None:
        """A digest of that body (None: no body): what a binder is made from
        (site/page_inputs.py), without hashing every body on every build."""
        entry = self._entry(docname, binder_page)
        return None if entry is None or entry[2] is None else entry[3]

    def _entry(self, docname: str, binder_page: str) -> list | None:
        """[time, size, body, digest of the body] of the page ``docname`` for a binder
        in ``binder_page``'s folder; None if the page was not written. Looked at once a
        build: the routines' pages are all written by then."""
        key = f"{docname}|{posixpath.dirname(binder_page)}"
        entry = self.used.get(key)
        if entry is not None:
            return entry
        page = self.outdir / f"{docname}.html"
        try:
            stat = page.stat()
        except OSError:
            return None
        stamp = [stat.st_mtime_ns, stat.st_size]
        entry = self.kept.get(key)
        if not isinstance(entry, list) or len(entry) != 4 or entry[:2] != stamp:
            html = page.read_text(encoding="utf-8")
            body = page_body(html, f"{docname}.html", binder_page) if html else None
            entry = [*stamp, body, bytes_key(body.encode("utf-8", "surrogatepass")).hex() if body is not None else ""]
        self.used[key] = entry
        return entry

    def save(self) -> None:
        """Keep what this build used (a routine no binder holds now is dropped)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps(self.used, sort_keys=True), encoding="utf-8")


def binder_html(index: ObjectIndex, unit_name: str, routines: list[dict], templates: Templates | None = None,
                pdf: str = "", pdf_bytes: int = 0) -> Markup:
    """The binder's page; ``pdf``: the address of its PDF (none: no link), of
    ``pdf_bytes`` bytes."""
    return (templates or default_templates()).render(
        "lotsen/binder.html", unit=unit_name, date=index.today.isoformat(), routines=routines,
        count=plural(len(routines), "rutin", "rutiner"), pdf=pdf, pdf_size=file_size(pdf_bytes))


def file_size(size: int) -> str:
    """A file's size as people say it: "84 kB", "1,2 MB"."""
    if size < 1000 * 1024:
        return f"{max(1, round(size / 1024))} kB"
    return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
