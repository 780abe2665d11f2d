"""A document page (site/document_html.py) printed to PDF with WeasyPrint: A4, the
organisation's name in the running header, page numbers, a table of contents with page
numbers, bookmarks from the headings, table headers repeated on every page, and tagged
for accessibility (PDF/UA-1), in Swedish.

The same page gives the same bytes: the file's identifier is drawn from the page
itself and its dates from the page's ``dcterms`` dates (none, where the page has none).
Fonts come from the system (Debian's fonts-dejavu-core, installed by `make`).

Nothing outside the site is fetched: a page without ``site`` fetches nothing at all
(its styles and charts are inline); a page printed from a built site (a unit's binder)
may read that site's own files, and nothing else."""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from lotsen.errors import UsageError


def document_pdf(html: str, site: Path | None = None) -> bytes:
    """``html`` as PDF; ``site``: the folder of a built site whose own files (pictures)
    the page may use, through relative addresses."""
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    except OSError:  # pango is missing: the library cannot load
        raise PdfUnavailable(
            "Lotsen kan inte skriva PDF-filer, eftersom systemets bibliotek för text och typsnitt (pango) saknas. "
            "Åtgärd: kör 'make', som installerar dem, eller be den som sköter datorn att installera Debians "
            "paket libpango-1.0-0 och fonts-dejavu-core.") from None
    # the site's style sheet has rules for SVG that WeasyPrint reads only inside SVG
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    if site is None:  # nothing is fetched: the page carries its styles and its charts
        page = HTML(string=html, base_url=None, url_fetcher=URLFetcher(allowed_protocols=()))
    else:
        root = Path(site).resolve()
        page = HTML(string=html, base_url=root.as_uri() + "/", url_fetcher=_site_fetcher(URLFetcher, root))
    return page.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, pdf_identifier=identifier)


def _site_fetcher(base: type, root: Path) -> Any:
    """A fetcher (a subclass of WeasyPrint's, which loads only with pango) that reads
    files under ``root`` and refuses every other address."""

    class SiteFetcher(base):  # type: ignore[misc, valid-type]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not is_inside(url, root):
                raise ValueError(f"Lotsen hämtar bara webbplatsens egna filer, inte {url}")
            return super().fetch(url, headers)

    return SiteFetcher(allowed_protocols=("file",))


def is_inside(url: str, root: Path) -> bool:
    """Whether ``url`` is a local file under ``root`` (after resolving '..' and links)."""
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    return Path(unquote(parts.path)).resolve().is_relative_to(root)


def printed_pdf(html: str, path: Path, printed: Path | None, site: Path | None = None) -> bytes:
    """The PDF of ``html`` for ``path``. ``printed``: a file (a build's own folder) that
    keeps a hash of the page the PDF at ``path`` was last printed from: while the page
    is the same, the PDF is not printed again, the slowest step by far. A build (one
    that gives ``printed``) also keeps each page's PDF in the folder LOTSEN_PDF_CACHE
    names, as the binders are kept (site/binder_pdf.py), so that builds sharing it (a CI
    cache, the test suite) print a page once; not a page that reads a site's files."""
    digest = hashlib.sha256(html.encode("utf-8")).hexdigest()
    if printed is not None and path.is_file() and printed.is_file() and printed.read_text("utf-8") == digest:
        return path.read_bytes()
    shared = os.environ.get("LOTSEN_PDF_CACHE", "") if printed is not None and site is None else ""
    data = kept_pdf(html, Path(shared) / "papper", path.stem) if shared else document_pdf(html, site=site)
    if printed is not None:
        printed.parent.mkdir(parents=True, exist_ok=True)
        printed.write_text(digest, encoding="utf-8")
    return data


def kept_pdf(html: str, cache: Path, name: str, site: Path | None = None) -> bytes:
    """The PDF of ``html`` from ``cache``, where each page named ``name`` keeps its last
    PDF under the hash of its HTML; printed (reading only ``site``'s files) and kept,
    in place of the page's earlier versions, when it is not there. The file is written
    whole under another name and then renamed: builds sharing the folder at the same
    time (CI jobs, the test suite's processes) never read a half-written PDF."""
    kept = cache / f"{name}-{hashlib.sha256(html.encode('utf-8')).hexdigest()[:32]}.pdf"
    try:
        return kept.read_bytes()
    except OSError:  # not printed before
        pass
    data = document_pdf(html, site=site)
    cache.mkdir(parents=True, exist_ok=True)
    for old in cache.glob(f"{name}-*.pdf"):  # the page's earlier versions
        old.unlink(missing_ok=True)
    part = kept.with_name(f"{kept.name}.{os.getpid()}.part")
    part.write_bytes(data)
    os.replace(part, kept)
    return data


class PdfUnavailable(UsageError):
    """WeasyPrint's system libraries are not installed (said in Swedish, for authors)."""
