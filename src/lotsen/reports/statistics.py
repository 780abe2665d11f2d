"""Case statistics per category, unit and quarter, this year beside the previous one.

Counts from 1 up to the model's threshold are masked ("färre än 3"): a small unit's
count can point out a person. Where a masked count could be worked out from a total
and the counts beside it, more figures are hidden (reports/suppression.py). Every sum
that ties the published figures together is given to the suppression: this year's
table of unit and category with its margins, and each year's total split by unit, by
category and by quarter."""

from __future__ import annotations

from collections import defaultdict

from lotsen.reports.suppression import suppress
from lotsen.reports.tables import BarChart, Cell, Masked, Report, Section, Table
from lotsen.source.index import ObjectIndex

QUARTERS = ("K1", "K2", "K3", "K4")


def statistics_report(index: ObjectIndex) -> Report:
    model = index.model
    cfg = model.statistics
    stats = index.statistics
    counts = stats.counts if stats is not None else []
    year, prev = index.today.year, index.today.year - 1
    hidden_text = "visas inte"
    # (year, quarter, unit, category) -> count; a month counts in its quarter
    raw: dict[tuple[int, int, str, str], int] = defaultdict(int)
    for c in counts:
        raw[(c.period.year, c.period.quarter, c.unit, c.category)] += c.count
    quarters_now = sorted({q for (y, q, _, _) in raw if y == year})
    upto = max(quarters_now) if quarters_now else 4
    same = f"K1–K{upto}" if upto > 1 else "K1"
    intro = (f"Antal ärenden per kategori, enhet och kvartal {year}, med samma kvartal {prev} bredvid. Siffrorna "
             f"kommer från verksamhetssystemets export i mappen '{cfg.folder}'. Antal från 1 till "
             f"{cfg.small_count_threshold} visas som '{cfg.masked_text}', eftersom ett litet antal kan peka ut en "
             f"person. Där ett sådant antal annars skulle gå att räkna ut ur en summa står '{hidden_text}'.")
    if not counts:
        return Report("statistik", "Ärendestatistik", intro + " Det finns ingen statistik ännu.", [])

    units, categories = list(model.units), list(cfg.categories)

    # the same sums per (year, quarter) with and without the unit and the category, so
    # that a cell is a few lookups, not a pass over every count (quadratic at L)
    sums: dict[tuple, int] = defaultdict(int)
    for (y, q, u, k), n in raw.items():
        for key in ((y, q, u, k), (y, q, u, None), (y, q, None, k), (y, q, None, None)):
            sums[key] += n

    def total(y: int, quarters, unit: str | None = None, category: str | None = None) -> int:
        return sum(sums.get((y, q, unit, category), 0) for q in set(quarters))

    period = range(1, upto + 1)
    cells: dict[tuple, int] = {}
    lines: list[tuple[tuple, list[tuple]]] = []
    for y in (prev, year):
        for u in units:
            cells[("unit", y, u)] = total(y, period, unit=u)
        for k in categories:
            cells[("cat", y, k)] = total(y, period, category=k)
        for q in range(1, 5):
            cells[("q", y, q)] = total(y, [q])
        cells[("all", y)] = total(y, period)
        lines += [(("all", y), [("unit", y, u) for u in units]), (("all", y), [("cat", y, k) for k in categories]),
                  (("all", y), [("q", y, q) for q in period])]
    # this year's cross-table of unit and category is published; the previous year's is not
    for u in units:
        for k in categories:
            cells[("cell", u, k)] = total(year, period, unit=u, category=k)
        lines.append((("unit", year, u), [("cell", u, k) for k in categories]))
    for k in categories:
        lines.append((("cat", year, k), [("cell", u, k) for u in units]))
    masked, hidden = suppress(cells, lines, cfg.small_count_threshold)

    def shown(key: tuple) -> Cell:
        if key in masked:
            return Masked(cfg.masked_text, cells[key], cfg.mask_exports)
        if key in hidden:
            return Masked(hidden_text, cells[key], cfg.mask_exports)
        return cells[key]

    by_category = Table("per-kategori", f"Ärenden per kategori {same}, {prev} och {year}",
                        ["Kategori", str(prev), str(year)], row_headers=True)
    for k, name in cfg.categories.items():
        by_category.rows.append([name, shown(("cat", prev, k)), shown(("cat", year, k))])
    by_category.rows.append(["Totalt", shown(("all", prev)), shown(("all", year))])

    by_unit = Table("per-enhet", f"Ärenden per enhet och kategori {year} ({same})",
                    ["Enhet", *cfg.categories.values(), f"Totalt {year}", f"Totalt {prev}"], row_headers=True)
    for u, name in model.units.items():
        by_unit.rows.append([name, *(shown(("cell", u, k)) for k in categories), shown(("unit", year, u)),
                             shown(("unit", prev, u))])

    by_quarter = Table("per-kvartal", f"Ärenden per kvartal, {prev} och {year}", ["Kvartal", str(prev), str(year)],
                       row_headers=True)
    for q in range(1, 5):
        pair = [shown(("q", y, q)) if any(key[0] == y and key[1] == q for key in raw) else "–" for y in (prev, year)]
        by_quarter.rows.append([QUARTERS[q - 1], *pair])

    series = [str(prev), str(year)]

    def chart(title: str, table: Table, columns: tuple[int, int]) -> BarChart:
        return BarChart(title, series, [(str(row[0]), [row[columns[0]], row[columns[1]]]) for row in table.rows])

    n = len(categories)
    return Report("statistik", "Ärendestatistik", intro, [
        Section("Per kategori", [f"{year} jämförs med samma kvartal {prev} ({same})."], by_category,
                chart=chart(f"Ärenden per kategori {same}, {prev} och {year}", by_category, (1, 2))),
        Section("Per enhet", [], by_unit,
                chart=chart(f"Ärenden per enhet {same}, {prev} och {year}", by_unit, (n + 2, n + 1))),
        Section("Per kvartal", ["Ett streck betyder att det inte finns någon statistik för kvartalet ännu."],
                by_quarter, chart=chart(f"Ärenden per kvartal, {prev} och {year}", by_quarter, (1, 2))),
    ])
