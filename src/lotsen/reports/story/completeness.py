"""The completeness check of a year: what the berättelse cannot tell because it is
missing. Planned controls without a result, closed actions without an evaluated effect,
units without statistics for a quarter, and chapters with neither data nor prose. The
same findings are the draft's list of gaps and warnings of `lotsen check` and the build."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from lotsen.findings import Finding
from lotsen.periods import Period
from lotsen.reports.statistics import QUARTERS
from lotsen.reports.story.context import StoryContext
from lotsen.reports.story.scope import Scope
from lotsen.reports.year import DONE, MONTH_NAMES, month_state, planned_months

if TYPE_CHECKING:  # git: only the berättelse reads the year's changes
    from lotsen.reports.story.changes import YearChanges


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " och " + items[-1]


def controls_without_result(ctx: StoryContext) -> list[Finding]:
    index, model = ctx.index, ctx.index.model
    findings = []
    for control in sorted(index.of_type(model.structure.control_type), key=lambda n: (n.file, n.line)):
        missing = [m for m in planned_months(index, control)
                   if passed(Period(ctx.year, m, m, "").end, ctx.cut)
                   and month_state(index, control, ctx.year, m)[0] != DONE]
        if not missing:
            continue
        months = _and([MONTH_NAMES[m - 1] for m in missing])
        findings.append(Finding(
            control.file, control.line, "story_control_without_result",
            f"Egenkontrollen {control.id} ({control.title}) var planerad i {months} {ctx.year} men har "
            f"inget resultat för {'den månaden' if len(missing) == 1 else 'de månaderna'}.",
            "Skriv in resultatet, eller skriv i kvalitetsberättelsen varför kontrollen inte blev gjord.",
            model.severity_of("story_control_without_result")))
    return findings


def actions_without_effect(ctx: StoryContext) -> list[Finding]:
    index, model = ctx.index, ctx.index.model
    role = model.field_for
    if not role("effect"):
        return []
    unevaluated = set(model.story.unevaluated_effects)
    closed = set(model.reports.action_closed_statuses)
    findings = []
    for action in sorted(index.of_type(model.reports.action_type), key=lambda n: (n.file, n.line)):
        done = index.date(action, role("completion_date")) if role("completion_date") else None
        if action.value(role("state")) not in closed or not ctx.in_year(done):
            continue
        effect = action.value(role("effect"))
        if effect and effect not in unevaluated:
            continue
        label = model.fields[role("effect")].label.lower()
        findings.append(Finding(
            action.file, action.line, "story_effect_not_evaluated",
            f"Åtgärden {action.id} ({action.title}) blev klar {done.isoformat()} men dess {label} är inte utvärderad.",
            f"Följ upp om åtgärden gav effekt och fyll i fältet '{role('effect')}'.",
            model.severity_of("story_effect_not_evaluated")))
    return findings


def quarters_without_statistics(ctx: StoryContext) -> list[Finding]:
    """A unit that reports statistics (this year or the one before) and has no row for
    a quarter of the year that has ended by the cut date."""
    index, model = ctx.index, ctx.index.model
    stats = index.statistics
    if stats is None or not stats.counts:
        return []
    reporting = {c.unit for c in stats.counts if c.period.year in (ctx.year, ctx.year - 1)}
    present = {(c.unit, c.period.quarter) for c in stats.counts if c.period.year == ctx.year}
    ended = [q for q in range(1, 5) if passed(Period(ctx.year, 3 * q - 2, 3 * q, "").end, ctx.cut)]
    tree = model.unit_tree
    keep = tree.subtree(ctx.scope.unit) if ctx.scope.unit else set(tree.units)
    findings = []
    for code in tree.units:
        if code not in reporting or code not in keep:
            continue
        missing = [QUARTERS[q - 1] for q in ended if (code, q) not in present]
        if missing:
            findings.append(Finding(
                Path(model.path).name, tree[code].line, "story_statistics_missing",
                f"{tree[code].name} har ingen ärendestatistik för {_and(missing)} {ctx.year}.",
                f"Lägg verksamhetssystemets export för {'kvartalet' if len(missing) == 1 else 'kvartalen'} i mappen "
                f"'{model.statistics.folder}'.",
                model.severity_of("story_statistics_missing")))
    return findings


def empty_chapter(ctx: StoryContext, key: str, title: str, line: int, prose_file: str) -> Finding:
    model = ctx.index.model
    return Finding(
        Path(model.path).name, line, "story_chapter_empty",
        f"Kapitlet '{title}' i kvalitetsberättelsen {ctx.year} har varken uppgifter eller text.",
        f"Skriv kapitlets text i {prose_file}." if prose_file else
        "Ange en mapp för texterna i 'story.folder' och skriv kapitlets text där.",
        model.severity_of("story_chapter_empty"))


def year_gaps(ctx: StoryContext) -> list[Finding]:
    return controls_without_result(ctx) + actions_without_effect(ctx) + quarters_without_statistics(ctx)


def check_cut(today: dt.date, grace_days: int) -> dt.date:
    """What `lotsen check` asks of the year: what should be in by now, with the model's
    grace days for writing results in."""
    return today - dt.timedelta(days=grace_days)


def passed(end: dt.date, cut: dt.date) -> bool:
    """Whether a month or quarter that ends on ``end`` has passed by ``cut``: from the
    day after its last day (on its last day it is still under way)."""
    return end < cut


def gap_context(scope: Scope, day: dt.date, year: int | None = None,
                changes: YearChanges | None = None) -> StoryContext:
    """What the gaps are judged by on ``day``: what should be in by then, less the
    model's grace days (``check_cut``), for ``year`` (none: the year of that cut).
    The one rule of `lotsen check`, the build, the site's page and `lotsen berättelse`."""
    cut = check_cut(day, scope.index.model.results.grace_days)
    return StoryContext(scope, year if year is not None else cut.year, cut, changes)
