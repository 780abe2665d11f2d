"""Reports read per unit and summed up the tree: a unit's row counts everything that
holds for it (its own objects and those of the avdelning and förvaltning above it); an
avdelning's row is the sum of its units' rows, and so on to the top. Rows follow the
tree, so a parent never shows fewer problems than any of its units."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from lotsen.model import COVERAGE_GATES
from lotsen.reports.tables import Section, Styled, Table
from lotsen.source.index import ObjectIndex
from lotsen.source.scanner import NeedSource

#: The row for objects that name no unit.
NO_UNIT = "(ingen enhet)"
INTRO = ("En enhets rad räknar allt som gäller för enheten, också det som gäller hela avdelningen eller "
         "förvaltningen. En avdelnings rad är summan av dess enheter, och förvaltningens rad summan av "
         "avdelningarna.")


def unit_counts(index: ObjectIndex, needs: Iterable[NeedSource],
                columns_of: Callable[[NeedSource], Iterable[str]]) -> tuple[dict[str, Counter], Counter]:
    """Unit code -> counts per column, summed up the tree; and the counts of objects
    that name no unit."""
    tree = index.model.unit_tree
    leaves = {code for code in tree.units if tree.is_leaf(code)}
    own: dict[str, Counter] = {code: Counter() for code in tree.units}
    none: Counter = Counter()
    for need in needs:
        columns = list(columns_of(need))
        if not columns:
            continue
        held = [u for u in index.units_of(need) if u in leaves]
        for column in columns:
            if not held:
                none[column] += 1
            for unit in held:
                own[unit][column] += 1
    totals: dict[str, Counter] = {}
    for code in reversed(list(tree.units)):  # children come after their parent
        children = tree.children(code)
        totals[code] = sum((totals[c] for c in children), Counter()) if children else own[code]
    return {code: totals[code] for code in tree.units}, none


def unit_table(index: ObjectIndex, key: str, caption: str, columns: list[str], needs: Iterable[NeedSource],
               columns_of: Callable[[NeedSource], Iterable[str]]) -> Table:
    """One row per unit in tree order (the unit's name indented by its depth), then the
    objects without a unit."""
    tree = index.model.unit_tree
    totals, none = unit_counts(index, needs, columns_of)
    table = Table(key, caption, ["Enhet", "Nivå", *columns], row_headers=True)
    for unit, depth in tree.rows_in_tree_order():
        counts = totals[unit.code]
        table.rows.append([Styled(unit.name, (f"lotsen-depth-{min(depth, 5)}",)), unit.kind,
                           *[counts[c] for c in columns]])
        table.row_classes.append(("lotsen-unit-parent",) if tree.children(unit.code) else ())
    if sum(none.values()):
        table.rows.append([NO_UNIT, "", *[none[c] for c in columns]])
        table.row_classes.append(())
    return table


def unit_section(index: ObjectIndex, key: str, caption: str, columns: list[str], needs: Iterable[NeedSource],
                 columns_of: Callable[[NeedSource], Iterable[str]]) -> Section:
    return Section("Per enhet", [INTRO], unit_table(index, key, caption, columns, needs, columns_of))


def coverage_per_unit(index: ObjectIndex, shares: dict) -> Section:
    """What each coverage gate misses, per unit."""
    missing = {name: {id(n) for n in share.missing} for name, share in shares.items()}
    columns = {name: f"Saknas: {COVERAGE_GATES[name]}" for name in shares}
    needs = {id(n): n for share in shares.values() for n in share.missing}
    return unit_section(index, "per-enhet", "Det som saknas, per enhet", list(columns.values()), needs.values(),
                        lambda n: [columns[name] for name in shares if id(n) in missing[name]])
