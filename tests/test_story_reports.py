"""The berättelse's chapters take the site's reports from the index's memo
(reports/story/site_reports.py): computed once for the report pages and the
berättelse, and the chapters, which retitle and refill what they take, change nothing
in the report that the report page shows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from lotsen.checks.pipeline import check
from lotsen.model import load_model
from lotsen.reports.compute import REPORTS
from lotsen.reports.story.build import build_document
from lotsen.source.files import content_files
from lotsen.source.index import ObjectIndex
from lotsen.sphinx.report_pages import report_of

from conftest import TODAY, copy_sample

#: The reports the chapters are made from.
_SHARED = ("riskregister", "revision", "arshjul", "atgarder", "mal")


def _index(root: Path) -> ObjectIndex:
    day = dt.date.fromisoformat(TODAY)
    checked = check(load_model(root / "lotsen.yaml"), root, content_files(root), day)
    return ObjectIndex(checked.model, checked.needs, day, statistics=checked.statistics,
                       goal_values=checked.goal_values)


def test_the_chapters_share_the_site_reports_and_change_nothing_in_them(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "exempel")
    shared, alone = _index(root), _index(root)
    pages = {kind: report_of(shared, kind) for kind in _SHARED}  # as the report pages compute them first
    document = build_document(shared, 2026, root=root)
    assert document == build_document(alone, 2026, root=root)
    assert document.chapters and any(s.table and s.table.rows for c in document.chapters for s in c.sections)
    for kind in _SHARED:
        assert report_of(shared, kind) is pages[kind]  # computed once
        assert pages[kind] == REPORTS[kind](alone), kind  # as computed afresh: no chapter changed it
