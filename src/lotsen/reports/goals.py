"""Goals and their indicators: each indicator's target, its latest and previous outcome,
whether the target is reached (a plain word besides the colour) and which way it moves.

An indicator is *Uppnått* when its latest outcome reaches the target in the direction
the indicator gives (higher or lower is better), *Delvis* when it misses by no more than
the tolerance (the indicator's own, or the model's percent of the target), and
*Ej uppnått* otherwise. A goal is *Uppnått* when every indicator with an outcome is,
*Ej uppnått* when none is reached even in part, and *Delvis* in between."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from lotsen.numbers import parse_number, show_number
from lotsen.reports.tables import BarChart, Link, Report, Section, Styled, Table
from lotsen.reports.year import results_by_control
from lotsen.source.goal_values import Outcome
from lotsen.source.index import ObjectIndex
from lotsen.source.scanner import NeedSource

ACHIEVED, PARTLY, NOT_ACHIEVED, NO_OUTCOME = "Uppnått", "Delvis", "Ej uppnått", "Inget utfall"
STATUS_CLASS = {ACHIEVED: ("lotsen-ok",), PARTLY: ("lotsen-soon",), NOT_ACHIEVED: ("lotsen-missing",),
                NO_OUTCOME: ()}
BETTER, WORSE, SAME = "Bättre", "Sämre", "Oförändrat"
HIGHER, LOWER = "higher", "lower"


@dataclass(frozen=True)
class GoalRow:
    """One row of the report: a goal (``indicator`` is "") or one of its indicators."""

    goal: str
    indicator: str
    title: str
    target: float | None
    unit: str
    direction: str
    latest: Outcome | None
    previous: Outcome | None
    status: str
    trend: str

    @property
    def id(self) -> str:
        return self.indicator or self.goal


def outcomes_by_indicator(index: ObjectIndex) -> dict[str, list[Outcome]]:
    """Indicator ID -> its outcomes, oldest period first: the files' rows, and the
    outcome of each result of the control the indicator links to (a file's row for the
    same period counts over a result)."""
    def compute() -> dict[str, list[Outcome]]:
        model, cfg = index.model, index.model.goals
        found: dict[str, dict[str, Outcome]] = defaultdict(dict)
        outcome_field = model.field_for("outcome")
        if cfg.control_link and outcome_field:
            results = results_by_control(index)
            for indicator in index.of_type(cfg.indicator_type):
                for control_id in indicator.values(cfg.control_link):
                    for result in results.get(control_id, []):
                        raw = result.need.value(outcome_field)
                        value = parse_number(raw)
                        if value is not None:
                            found[indicator.id][result.period.text] = Outcome(indicator.id, result.period, value,
                                                                              raw, result.need.id)
        values = getattr(index, "goal_values", None)
        for outcome in values.outcomes if values is not None else []:
            found[outcome.indicator][outcome.period.text] = outcome
        return {key: sorted(by_period.values(), key=lambda o: (o.period.end, o.period.start))
                for key, by_period in found.items()}
    return index.memo("outcomes_by_indicator", compute)  # type: ignore[return-value]


def direction_of(index: ObjectIndex, indicator: NeedSource) -> str:
    cfg = index.model.goals
    value = indicator.value(index.model.field_for("direction"))
    return HIGHER if value == cfg.higher else LOWER if value == cfg.lower else ""


def tolerance_of(index: ObjectIndex, indicator: NeedSource, target: float) -> float:
    field_name = index.model.field_for("tolerance")
    own = parse_number(indicator.value(field_name)) if field_name else None
    return abs(own) if own is not None else abs(target) * index.model.goals.tolerance_percent / 100


def status_of(value: float, target: float, direction: str, tolerance: float) -> str:
    """Uppnått, Delvis or Ej uppnått for an outcome against its target."""
    gap = target - value if direction == HIGHER else value - target
    if gap <= 0:
        return ACHIEVED
    return PARTLY if gap <= tolerance else NOT_ACHIEVED


def trend_of(latest: Outcome | None, previous: Outcome | None, direction: str) -> str:
    if latest is None or previous is None or not direction:
        return ""
    if latest.value == previous.value:
        return SAME
    up = latest.value > previous.value
    return BETTER if up == (direction == HIGHER) else WORSE


def indicator_row(index: ObjectIndex, goal_id: str, indicator: NeedSource) -> GoalRow:
    role = index.model.field_for
    target = parse_number(indicator.value(role("target_value")))
    direction = direction_of(index, indicator)
    outcomes = outcomes_by_indicator(index).get(indicator.id, [])
    latest = outcomes[-1] if outcomes else None
    previous = outcomes[-2] if len(outcomes) > 1 else None
    status = NO_OUTCOME
    if latest is not None and target is not None and direction:
        status = status_of(latest.value, target, direction, tolerance_of(index, indicator, target))
    return GoalRow(goal_id, indicator.id, indicator.title, target, indicator.value(role("measure_unit")), direction,
                   latest, previous, status, trend_of(latest, previous, direction))


def goal_status(statuses: list[str]) -> str:
    measured = [s for s in statuses if s != NO_OUTCOME]
    if not measured:
        return NO_OUTCOME
    if all(s == ACHIEVED for s in measured):
        return ACHIEVED
    if all(s == NOT_ACHIEVED for s in measured):
        return NOT_ACHIEVED
    return PARTLY


def indicators_of(index: ObjectIndex, goal: NeedSource) -> list[NeedSource]:
    cfg = index.model.goals
    return sorted((n for n in index.sources(goal.id, cfg.goal_link) if n.type == cfg.indicator_type),
                  key=lambda n: n.id)


def goal_rows(index: ObjectIndex) -> list[GoalRow]:
    """Every goal, oldest ID first, each followed by its indicators: the rows the
    report and the kvalitetsberättelse show."""
    def compute() -> list[GoalRow]:
        cfg = index.model.goals
        rows: list[GoalRow] = []
        for goal in sorted(index.of_type(cfg.goal_type), key=lambda n: n.id):
            indicators = [indicator_row(index, goal.id, n) for n in indicators_of(index, goal)]
            rows.append(GoalRow(goal.id, "", goal.title, None, "", "", None, None,
                                goal_status([r.status for r in indicators]), ""))
            rows += indicators
        return rows
    return index.memo("goal_rows", compute)  # type: ignore[return-value]


def status_cell(status: str) -> Styled:
    return Styled(status, STATUS_CLASS[status])


def _shown(outcome: Outcome | None) -> str:
    return show_number(outcome.text) if outcome else ""


def goals_report(index: ObjectIndex) -> Report:
    model = index.model
    cfg = model.goals
    rows = goal_rows(index)
    intro = (f"Målen och indikatorerna som mäter dem: målvärdet, det senaste och det föregående utfallet, om målet "
             f"är nått och åt vilket håll det går. {ACHIEVED}: utfallet når målvärdet. {PARTLY}: utfallet ligger "
             f"högst {show_number(cfg.tolerance_percent)} % av målvärdet från det (eller inom indikatorns egen "
             f"tolerans). {NOT_ACHIEVED}: längre ifrån. Ett mål är {ACHIEVED.lower()} när alla dess indikatorer med "
             f"utfall är det, och {NOT_ACHIEVED.lower()} när ingen av dem är nådd ens delvis. Utfallen kommer från "
             f"filerna i mappen '{cfg.folder}' och från resultaten av egenkontrollerna.")
    if not rows:
        return Report("mal", "Mål och indikatorer", intro + " Det finns inga mål ännu.", [])
    goals = [r for r in rows if not r.indicator]
    indicators: dict[str, list[GoalRow]] = {}  # each goal's, in order (XL: 600 goals, 2,200 rows)
    for r in rows:
        if r.indicator:
            indicators.setdefault(r.goal, []).append(r)
    overview = Table("oversikt", "Målen och deras läge", ["Mål", "Rubrik", "Status", *STATUS_CLASS],
                     row_headers=True)
    for goal in goals:
        mine = [r.status for r in indicators.get(goal.goal, ())]
        overview.rows.append([Link(goal.goal, goal.title), goal.title, status_cell(goal.status),
                              *(mine.count(s) for s in STATUS_CLASS)])
    totals = [sum(1 for r in rows if r.indicator and r.status == s) for s in STATUS_CLASS]
    sections = [Section("Översikt", [], overview,
                        figures=[("Mål", str(len(goals))), ("Indikatorer", str(len(rows) - len(goals))),
                                 *((s, str(n)) for s, n in zip(STATUS_CLASS, totals))])]
    role = model.field_for
    for goal in goals:
        need = index.by_id[goal.goal]
        table = Table(goal.goal.lower(), f"Indikatorer för {goal.goal}",
                      ["Indikator", "Måttenhet", "Riktning", "Målvärde", "Senaste period", "Senaste utfall",
                       "Föregående period", "Föregående utfall", "Status", "Trend"],
                      row_headers=True, empty="Målet har inga indikatorer ännu.")
        groups = []
        for r in indicators.get(goal.goal, ()):
            indicator = index.by_id[r.indicator]
            table.rows.append([Link(r.indicator, r.title), r.unit, indicator.value(role("direction")),
                               show_number(indicator.value(role("target_value"))),
                               r.latest.period.text if r.latest else "", _shown(r.latest),
                               r.previous.period.text if r.previous else "", _shown(r.previous),
                               status_cell(r.status), r.trend])
            label = f"{r.indicator} ({r.unit})" if r.unit else r.indicator
            groups.append((label, [r.previous.value if r.previous else "–", r.latest.value if r.latest else "–",
                                   r.target if r.target is not None else "–"]))
        text = [f"{model.fields[role('owner')].label}: {model.roles.get(need.value(role('owner')), need.value(role('owner')))}."
                if role("owner") and need.value(role("owner")) else "",
                f"Status: {goal.status}."]
        chart = BarChart(f"Föregående och senaste utfall mot målvärdet, {goal.goal}", ["Föregående", "Senaste",
                         "Målvärde"], groups, per_group=True) if groups else None
        sections.append(Section(f"{goal.goal} {goal.title}", [t for t in text if t], table, chart=chart))
    return Report("mal", "Mål och indikatorer", intro, sections)


def unmet_indicators(index: ObjectIndex) -> Table | None:
    """Indicators whose latest outcome does not reach the target (also those reached
    only in part); None where the model has no goals."""
    if not index.model.goals.goal_type:
        return None
    table = Table("ej-uppnadda", "Indikatorer som inte når målvärdet", ["Indikator", "Mål", "Status", "Senaste utfall",
                  "Målvärde"], row_headers=True, empty="Alla indikatorer med utfall når sina målvärden.")
    for row in goal_rows(index):
        if row.indicator and row.status in (NOT_ACHIEVED, PARTLY):
            table.rows.append([Link(row.indicator, row.title), Link(row.goal, index.by_id[row.goal].title),
                               status_cell(row.status), _shown(row.latest),
                               show_number(row.target) if row.target is not None else ""])
    return table
