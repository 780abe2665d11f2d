"""Sphinx's, MyST's and docutils' own warnings about a file a page names that is not
there (a link to a renamed routine, a missing image, an include): Lotsen reports each
in Swedish with its rule and line (``file_missing``, checks/content.py), as `lotsen
check` does, so the build leaves the English one out.

A warning is left out only where Lotsen's own reading of that page finds the same
missing file (``confinement.missing_files``, read again here for that page alone), or
where the page linked to is one the build leaves out because all its objects are
drafts (``link_to_draft`` of the check): a warning about anything else (an anchor, a
label) goes on to upstream_warnings.py, which says it in Swedish. The filter stands first on the warning handler, before Sphinx counts
the warning, so that a warning left out does not fail a ``-W`` build by itself.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util.logging import NAMESPACE, WarningStreamHandler, get_node_location

from lotsen.checks.confinement import missing_files, names_a_file, resolve
from lotsen.sphinx.state import build_state

#: (type, subtype) of a warning -> how its message names the file (a path relative to
#: the document, to the source folder, or absolute).
_MESSAGES = {
    ("myst", "xref_missing"): re.compile(r"target not found: '(?P<document>.+)'$"
                                         r"|^Unknown source document '(?P<docname>.+)'$"),
    ("image", "not_readable"): re.compile(r"not readable: (?P<source>.+)$"),
    ("download", "not_readable"): re.compile(r"not readable: (?P<source>.+)$"),
    # docutils' include, and Sphinx's literalinclude
    ("docutils", ""): re.compile(r"file not found: '(?P<absolute>.+)'$|^Include file '(?P<included>.+)' not found"),
}


class LeaveOutReplaced(logging.Filter):
    """Leaves out a warning about a missing file that Lotsen reports itself."""

    def __init__(self, app: Sphinx) -> None:
        super().__init__()
        self.app = app
        #: Document -> the missing files Lotsen reports for it, resolved (one build's).
        self.reported: dict[Path, frozenset[Path]] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        pattern = _MESSAGES.get((getattr(record, "type", "") or "", getattr(record, "subtype", "") or ""))
        if pattern is None:
            return True
        try:
            named = pattern.search(record.getMessage())
        except (TypeError, ValueError):
            return True
        document = _document(self.app, getattr(record, "location", None))
        if named is None or document is None:
            return True
        root, groups = Path(self.app.srcdir), named.groupdict()
        if groups.get("docname"):  # a page the site leaves out: Lotsen's link_to_draft
            return not self._draft(groups["docname"])
        if groups.get("document"):
            written = groups["document"].split("#")[0]
            target = resolve(root, document, written)
            if names_a_file(written) and self._draft_page(target):  # as the check reads it (page_named)
                return False
        elif groups.get("source"):
            target = root / groups["source"]
        else:
            target = Path(groups.get("absolute") or groups["included"])
        return target.resolve() not in self._reported(root, document)

    def _draft(self, docname: str) -> bool:
        """Whether ``docname`` is a page this build leaves out because all its objects
        are drafts (what `lotsen check` reports a link to as link_to_draft)."""
        return self._draft_page(Path(self.app.srcdir) / docname)

    def _draft_page(self, path: Path) -> bool:
        drafts = {draft.resolve() for draft in build_state(self.app).drafts}
        return any(candidate.resolve() in drafts for candidate in (path, path.parent / f"{path.name}.md"))

    def _reported(self, root: Path, document: Path) -> frozenset[Path]:
        if document not in self.reported:
            try:
                text = document.read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError):
                text = ""
            self.reported[document] = frozenset(
                resolve(root, document, ref.written).resolve()
                for ref in missing_files(root, document, text, build_state(self.app).reading))
        return self.reported[document]


def location_of(location: object) -> tuple[str, str]:
    """The file (a docname or a path, as Sphinx gives it) and line ("" for none) of a
    warning's location: a docname with or without a line, a (docname, line) pair, or a
    node."""
    if isinstance(location, tuple) and location:
        return str(location[0]), str(location[1]) if len(location) > 1 and location[1] else ""
    if location is not None and not isinstance(location, str):
        location = get_node_location(location)  # type: ignore[arg-type]
    text = str(location or "")
    if re.search(r":\d*$", text):
        name, _, line = text.rpartition(":")
        return name, line
    return text, ""


def _document(app: Sphinx, location: object) -> Path | None:
    """The source file a warning's location names."""
    name = location_of(location)[0]
    if not name:
        return None
    path = Path(name)
    if not path.is_absolute():
        env = getattr(app, "env", None)
        if env is None or name not in env.found_docs:
            return None
        path = Path(env.doc2path(name))
    return path


def setup_missing_files_log(app: Sphinx) -> None:
    """First on the warning handler: before Sphinx counts a warning."""
    for handler in logging.getLogger(NAMESPACE).handlers:
        if isinstance(handler, WarningStreamHandler) and not any(
                isinstance(f, LeaveOutReplaced) for f in handler.filters):
            handler.filters.insert(0, LeaveOutReplaced(app))
