"""A unit's binder page (site/binder.py) and, with ``lotsen_pdf``, its PDF beside it
(site/binder_pdf.py), made among the generated pages (site/theme.py)."""

from __future__ import annotations

import os
from html import escape
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.util import logging

from lotsen.site.binder import BinderBodies, binder_html, binder_routines
from lotsen.site.document_pdf import PdfUnavailable
from lotsen.site.templates import Templates
from lotsen.site.unit_page import slug
from lotsen.sphinx.report_pages import docname_of
from lotsen.sphinx.state import build_state

logger = logging.getLogger(__name__)


def binder_pagename(code: str) -> str:
    return f"parm/{slug(code)}"


def binder_routines_of(index: Any, members: list, pagename: str, bodies: BinderBodies) -> list[dict]:
    """A unit's routines in force as its binder shows them (site/binder.py), each with
    its body from its written page."""
    model = index.model
    state = model.field_for("state")
    current = [(r, bodies.body(docname_of(r.file), pagename + ".html")) for r in members
               if not (state and r.value(state) in model.publishing.withdrawn_statuses)]
    return binder_routines(index, [(r, body) for r, body in current if body is not None])


def binder_page(app: Sphinx, index: Any, unit: str, pagename: str, routines: list[dict],
                templates: Templates) -> dict:
    """The context of a unit's binder page (site/binder.py), from ``binder_routines_of``;
    with ``lotsen_pdf``, its PDF is written beside it."""
    model = index.model
    pdf, size = _binder_pdf(app, index, unit, pagename, routines, templates)
    title = f"Pärm: {model.units[unit]}"
    body = binder_html(index, model.units[unit], routines, templates, pdf, size)
    return {"title": escape(title), "body": body, "parents": [], "lotsen_searchable": False}


def _binder_pdf(app: Sphinx, index: Any, unit: str, pagename: str, routines: list, templates: Templates) -> tuple:
    """(the binder PDF's address from its page, its size), written beside the page
    (site/binder_pdf.py); ("", 0) where PDF files cannot be written."""
    state = build_state(app)
    path = Path(app.outdir) / f"{pagename}.pdf"
    if not app.config.lotsen_pdf or state.pdf_unavailable or not routines:  # nothing to print
        path.unlink(missing_ok=True)
        return "", 0
    # The binder's date is its newest approval, not the build's: a new day alone does
    # not print every binder again.
    dated = sorted(str(r["approved"]) for r in routines if r.get("approved"))
    # imported here: only a build with lotsen_pdf prints, and an edit or a preview need not load it
    from lotsen.site.binder_pdf import binder_pdf_html, write_binder_pdf

    html = binder_pdf_html(index.model.organisation, index.model.units[unit],
                           dated[-1] if dated else index.today.isoformat(), routines, templates)
    try:
        size = write_binder_pdf(html, path, pdf_cache(app), Path(app.outdir))
    except PdfUnavailable as exc:  # said once, and the binder's page is still made
        state.pdf_unavailable = True
        logger.warning(str(exc), type="lotsen", subtype="pdf_unavailable")
        path.unlink(missing_ok=True)
        return "", 0
    return path.name, size


def pdf_cache(app: Sphinx) -> Path:
    """Where printed binders are kept (site/binder_pdf.py): LOTSEN_PDF_CACHE, which
    builds may share, or the build's own folder."""
    shared = os.environ.get("LOTSEN_PDF_CACHE", "")
    return Path(shared) if shared else Path(app.doctreedir) / "lotsen-pdf" / "parm"
