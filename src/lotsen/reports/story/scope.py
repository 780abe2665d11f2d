"""What a berättelse covers: the whole förvaltning, or one avdelning (or unit) and the
units under it. An avdelning's berättelse holds the objects that hold for a unit in it
(also those of the förvaltning above); its unit tables keep the avdelning's rows, so the
avdelning's row stays the sum of its units'."""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from lotsen.reports.tables import Table
from lotsen.source.index import ObjectIndex
from lotsen.source.statistics import Statistics


@dataclass
class Scope:
    """The index the chapters are computed from, and the unit they are for ("" for all)."""

    index: ObjectIndex
    unit: str = ""
    #: Objects left out of an avdelning's berättelse because they name no unit.
    without_unit: int = 0

    @property
    def name(self) -> str:
        tree = self.index.model.unit_tree
        return tree[self.unit].name if self.unit else self.index.model.organisation

    def unit_rows(self, table: Table) -> Table:
        """A table of rollup.unit_table (one row per unit in tree order, then the objects
        without a unit), with only the rows of this scope's units."""
        if not self.unit:
            return table
        tree = self.index.model.unit_tree
        order = [unit.code for unit, _ in tree.rows_in_tree_order()]
        keep = tree.subtree(self.unit)
        rows = [(row, classes) for number, (row, classes) in
                enumerate(zip(table.rows, table.row_classes or [()] * len(table.rows)))
                if number < len(order) and order[number] in keep]
        return dataclasses.replace(table, rows=[r for r, _ in rows], row_classes=[c for _, c in rows])


def scoped(index: ObjectIndex, unit: str) -> Scope:
    """The index for one unit's berättelse (the whole index for the förvaltning's)."""
    if not unit:
        return Scope(index)
    needs = [n for n in index.needs if index.holds_within(n, unit)]
    without = sum(1 for n in index.by_id.values() if not index.named_units(n))
    stats = index.statistics
    if stats is not None:
        keep = index.model.unit_tree.subtree(unit)
        stats = Statistics(counts=[c for c in stats.counts if c.unit in keep], files=list(stats.files))
    sub = ObjectIndex(index.model, needs, index.today, history=index.history, statistics=stats,
                      goal_values=index.goal_values)
    return Scope(sub, unit, without)


def statistics_index(scope: Scope) -> ObjectIndex:
    """The index the case statistics are computed from: for a unit's berättelse, a model
    whose units are the unit and those under it, so that the table has their rows and
    small counts are masked among them as on the site."""
    index = scope.index
    if not scope.unit:
        return index
    keep = index.model.unit_tree.subtree(scope.unit)
    model = dataclasses.replace(index.model, units={c: n for c, n in index.model.units.items() if c in keep})
    return ObjectIndex(model, [], index.today, statistics=index.statistics)


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)
