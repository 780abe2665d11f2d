"""The completeness of the current year as findings of `lotsen check` and the build:
what should be in by the build date (less the model's grace days for writing results
in). The same rules as the berättelse's list of gaps (completeness.py).

In the first quarter the year just ended is judged too, whole: its last month is due
only when the grace days have run out, which is already in the new year (with 30 days,
on 31 January), and the berättelse about it is written then."""

from __future__ import annotations

from pathlib import Path

from lotsen.findings import Finding
from lotsen.reports.story.build import empty_chapters
from lotsen.reports.story.completeness import gap_context, year_gaps
from lotsen.reports.story.scope import Scope
from lotsen.source.index import ObjectIndex

#: The last month of the new year in which the year just ended is judged too.
LAST_YEAR_UNTIL_MONTH = 3


def story_findings(index: ObjectIndex, root: Path) -> list[Finding]:
    story = index.model.story
    if not story.check_completeness or not story.chapters:
        return []
    scope = Scope(index)
    ctx = gap_context(scope, index.today)
    findings = year_gaps(ctx) + empty_chapters(ctx, root)
    if ctx.year == index.today.year and index.today.month <= LAST_YEAR_UNTIL_MONTH:
        findings += year_gaps(gap_context(scope, index.today, ctx.year - 1))
    return findings
