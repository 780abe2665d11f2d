"""'Versioner' on a document's page: each version in force, its approval date, change
note and approver, from the document's own history (reports.history)."""

from __future__ import annotations

from html import escape

from lotsen.source.index import ObjectIndex
from lotsen.source.scanner import NeedSource


def versions_html(index: ObjectIndex, need: NeedSource) -> str:
    """A folded table of the document's versions, newest first; '' when there are none
    (a draft, a type without versions, or a build outside git)."""
    changes = [c for c in (index.changes or []) if c.id == need.id]
    if not changes:
        return ""
    rows = "".join(f"<tr><td>{escape(c.version)}</td><td>{escape(c.date)}</td><td>{escape(c.note or '–')}</td>"
                   f"<td>{escape(c.approver or '–')}</td></tr>" for c in changes)
    return ('<details class="lotsen-meta lotsen-versioner" data-pagefind-ignore><summary>Versioner</summary>'
            '<table><thead><tr><th scope="col">Version</th><th scope="col">Fastställd</th>'
            '<th scope="col">Ändringsnotering</th><th scope="col">Fastställd av</th></tr></thead>'
            f"<tbody>{rows}</tbody></table></details>")
