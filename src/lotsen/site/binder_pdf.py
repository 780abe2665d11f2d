"""A unit's binder (site/binder.py) as a PDF beside its page (``parm/<unit>.pdf``):
A4, the organisation and the unit in the running header, page numbers, a table of
contents with page numbers, each routine on a new page, in Swedish and tagged
(site/document_pdf.py prints it).

The PDF is made from the site's own files only, and its links lead nowhere outside the
file: a link to another page of the site is kept as text, a link inside the binder (the
contents, a routine's own headings) stays a link. It is printed again only when the
binder's content changed: printing all binders costs far more than the rest of a build
(about 2 s of processor time per 10 routines), so each printed PDF is kept under the
hash of its page, in the build's own folder, or in the folder LOTSEN_PDF_CACHE names,
which builds may share (a CI cache, the test suite)."""

from __future__ import annotations

import re
from pathlib import Path

from lotsen.site.document_html import STATIC, document_styles
from lotsen.site.document_pdf import kept_pdf
from lotsen.site.templates import Markup, Templates, default_templates
from lotsen.words import plural

#: A link in the site's own output that leaves the page (anything but "#…").
_SITE_LINK = re.compile(r'(<a\b[^>]*?)\s+href="(?!#)[^"]*"')


def binder_pdf_html(organisation: str, unit_name: str, date: str, routines: list[dict],
                    templates: Templates | None = None) -> str:
    """The standalone page the PDF is printed from; ``routines`` as binder_routines()
    gives them."""
    routines = [{**r, "body": Markup(_SITE_LINK.sub(r"\1", str(r["body"])))} for r in routines]
    styles = document_styles() + "\n" + (STATIC / "lotsen-parm.css").read_text(encoding="utf-8")
    return (templates or default_templates()).render(
        "lotsen/binder-pdf.html", organisation=organisation, unit=unit_name, date=date, routines=routines,
        count=plural(len(routines), "rutin", "rutiner"), styles=Markup(styles)) + "\n"


def write_binder_pdf(html: str, path: Path, cache: Path, site: Path) -> int:
    """Write the PDF of ``html`` to ``path`` (left as it is when its bytes are the
    same) and return its size in bytes. ``site``: the built site, whose own files are
    all the PDF may read. ``cache``: a folder that keeps each binder's last PDF under the
    hash of its page; a page printed before is not printed again."""
    data = kept_pdf(html, cache, path.stem, site)
    if not (path.is_file() and path.read_bytes() == data):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return len(data)
