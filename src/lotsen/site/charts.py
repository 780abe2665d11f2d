"""Bar charts drawn by the site itself (SVG, no script, nothing fetched): geometry for
the template lotsen/bar-chart.html. A masked count gets no bar, only its text."""

from __future__ import annotations

import math
from typing import Any

from lotsen.numbers import show_number
from lotsen.reports.chart_image import SERIES_COLOURS
from lotsen.reports.tables import BarChart, Masked

ROW, BAR, LABEL_W, WIDTH, GAP = 34, 12, 210, 560, 6


def bar_geometry(chart: BarChart) -> dict[str, Any]:
    def drawn(value: Any) -> bool:
        return (isinstance(value, (int, float)) and not isinstance(value, bool) and not isinstance(value, Masked)
                and math.isfinite(value))

    overall = max((v for _, values in chart.groups for v in values if drawn(v)), default=0) or 1
    span = WIDTH - LABEL_W - 70
    row = ROW + (BAR + 1) * max(0, max((len(values) for _, values in chart.groups), default=0) - 2)
    groups = []
    for number, (label, values) in enumerate(chart.groups):
        top = 8 + number * row
        high = (max((v for v in values if drawn(v)), default=0) or 1) if chart.per_group else overall
        bars = []
        for i, value in enumerate(values):
            y = top + i * (BAR + 1)
            length = round(span * max(value, 0) / high, 1) if drawn(value) else 0
            text = show_number(value) if drawn(value) else "" if isinstance(value, float) else str(value)
            bars.append({"y": y, "width": length, "text": text, "series": i,
                         "text_x": LABEL_W + length + GAP, "text_y": y + BAR - 2})
        groups.append({"label": label, "label_y": top + BAR + 2, "bars": bars})
    return {"width": WIDTH, "height": 16 + len(chart.groups) * row + 18, "label_w": LABEL_W, "bar": BAR,
            "groups": groups, "fills": [SERIES_COLOURS[i % len(SERIES_COLOURS)] for i in range(len(chart.series))],
            "legend_y": 16 + len(chart.groups) * row + 6}
