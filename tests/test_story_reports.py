"""The berättelse's chapters and the management review take the site's reports from
the index's memo (reports/story/site_reports.py): computed once for the report pages,
the berättelse and the paper, and they, which retitle and refill what they take,
change nothing in the report that the report page shows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from lotsen.checks.pipeline import check
from lotsen.model import load_model
from lotsen.reports import compute, management_review, year
from lotsen.reports.compute import REPORTS
from lotsen.reports.papers import PAPER_REPORTS
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


def test_the_management_review_takes_the_site_reports(tmp_path: Path, monkeypatch) -> None:
    root = copy_sample(tmp_path / "exempel")
    shared, alone = _index(root), _index(root)
    pages = {kind: report_of(shared, kind) for kind in ("revision", "atgarder", "arshjul")}
    computed: list[str] = []
    for module, name, kind in ((compute, "review_status", "revision"), (compute, "actions_report", "atgarder"),
                               (year, "annual_wheel", "arshjul")):
        real = getattr(module, name)
        counted = lambda index, real=real, name=name: (computed.append(name), real(index))[1]  # noqa: E731
        monkeypatch.setitem(REPORTS, kind, counted)
        monkeypatch.setattr(management_review, name, counted, raising=False)  # were it called by name
    paper = report_of(shared, "ledningens-genomgang")
    assert computed == []  # each was on its page already
    assert paper == PAPER_REPORTS["ledningens-genomgang"](alone)
    for kind, report in pages.items():
        assert report_of(shared, kind) is report and report == REPORTS[kind](alone), kind
