"""The completeness of the current year as findings of `lotsen check` and the build:
what should be in by the build date (less the model's grace days for writing results
in). The same rules as the berättelse's list of gaps (completeness.py)."""

from __future__ import annotations

from pathlib import Path

from lotsen.findings import Finding
from lotsen.reports.story.build import empty_chapters
from lotsen.reports.story.completeness import gap_context, year_gaps
from lotsen.reports.story.scope import Scope
from lotsen.source.index import ObjectIndex


def story_findings(index: ObjectIndex, root: Path) -> list[Finding]:
    story = index.model.story
    if not story.check_completeness or not story.chapters:
        return []
    ctx = gap_context(Scope(index), index.today)
    return year_gaps(ctx) + empty_chapters(ctx, root)
