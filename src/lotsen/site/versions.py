"""'Versioner' on a document's page: each version in force, its approval date, change
note and approver, from the document's own history (reports.history)."""

from __future__ import annotations

from lotsen.site.templates import Markup, Templates, default_templates
from lotsen.source.index import ObjectIndex
from lotsen.source.scanner import NeedSource


def versions_html(index: ObjectIndex, need: NeedSource, templates: Templates | None = None) -> Markup:
    """A folded table of the document's versions, newest first; '' when there are none
    (a draft, a type without versions, or a build outside git)."""
    rows = [(c.version, c.date, c.note, c.approver) for c in (index.changes or []) if c.id == need.id]
    return (templates or default_templates()).render("lotsen/versions.html", rows=rows)
