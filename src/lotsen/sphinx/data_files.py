"""Report pages are read again when the year's data files change.

The figures of statistics, goals and the berättelse come from files that are no pages:
the tables in the statistics and goal folders and the prose of the berättelse. Noted
as a page's dependencies, a changed file had the page read again, but a new one, such
as the one `lotsen import statistik` writes, was no dependency of any page, and Sphinx
read nothing: the site kept the old figures, unlike a clean build.

So the environment keeps a fingerprint of those files (every path, size and time of
change, as Sphinx judges a page), and when it differs every page with a report is read
again. Reading one is enough for the pages of no object to be compared with what they
show now (sphinx/incremental.py), so the others follow whenever their content changed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from lotsen.model import Model
from lotsen.source.goal_values import goal_value_files
from lotsen.source.statistics import statistics_files
from lotsen.sphinx.state import build_state, env_data


def data_files(model: Model, root: Path) -> list[Path]:
    """The files the reports read beside the pages: the statistics and goal tables and
    the berättelse's prose."""
    files = [*statistics_files(model, root), *goal_value_files(model, root)]
    if model.story.folder and (root / model.story.folder).is_dir():
        files += sorted((root / model.story.folder).rglob("*.md"))
    return files


def data_fingerprint(model: Model, root: Path) -> str:
    digest = hashlib.sha256()
    for path in data_files(model, root):
        try:
            info = path.stat()
        except OSError:  # gone since it was listed: as if never there
            continue
        shown = path.relative_to(root).as_posix()
        digest.update(f"{shown}\0{info.st_size}\0{info.st_mtime_ns}\0".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _reports_to_read(app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str],
                     removed: set[str]) -> list[str]:
    """The pages with a report, when the data files are not as the last build read them."""
    model = build_state(app).model
    if model is None:
        return []
    data = env_data(env)
    fingerprint = data_fingerprint(model, Path(app.srcdir))
    if data.data_fingerprint == fingerprint:
        return []
    data.data_fingerprint = fingerprint
    pages = set(data.report_docs) & env.found_docs
    # after sphinx/incremental.py noted what this build reads: Sphinx adds these only
    # when every handler has answered
    build_state(app).touched |= pages
    return sorted(pages)


def setup_data_files(app: Sphinx) -> None:
    app.connect("env-get-outdated", _reports_to_read, priority=600)
