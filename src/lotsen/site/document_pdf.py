"""A document page (site/document_html.py) printed to PDF with WeasyPrint: A4, the
organisation's name in the running header, page numbers, a table of contents with page
numbers, bookmarks from the headings, table headers repeated on every page, and tagged
for accessibility (PDF/UA-1), in Swedish.

The same page gives the same bytes: the file's identifier is drawn from the page
itself and its dates from the page's ``dcterms`` dates (none, where the page has none).
Fonts come from the system (Debian's fonts-dejavu-core, installed by `make`)."""

from __future__ import annotations

import hashlib
import logging


def document_pdf(html: str) -> bytes:
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    except OSError as exc:  # pango is missing: the library cannot load
        raise PdfUnavailable(str(exc)) from None
    # the site's style sheet has rules for SVG that WeasyPrint reads only inside SVG
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    # nothing is fetched: the page carries its styles and its charts
    page = HTML(string=html, base_url=None, url_fetcher=URLFetcher(allowed_protocols=()))
    return page.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True, pdf_identifier=identifier)


class PdfUnavailable(RuntimeError):
    """WeasyPrint's system libraries are not installed."""
