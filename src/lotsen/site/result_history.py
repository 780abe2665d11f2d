"""A control's results over time on its card: a table of every result and a small trend
chart of the outcome, drawn as SVG by the site itself (the figures are in the table
too, for those who do not see the chart). The markup is lotsen/control-results.html."""

from __future__ import annotations

import math

from lotsen.reports.render import Resolver
from lotsen.reports.year import control_results, trend_points
from lotsen.site.templates import Markup, Templates, default_templates
from lotsen.source.index import ObjectIndex
from lotsen.source.scanner import NeedSource

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 480, 170, 44, 16, 14, 34


def chart(points: list[tuple[str, float, str]]) -> dict | None:
    """Coordinates for the trend chart, or None with fewer than one point. A value that
    is no finite number (the check reports it) is left out rather than drawn as nan."""
    points = [p for p in points if math.isfinite(p[1])]
    if not points:
        return None
    values = [v for _, v, _ in points]
    low = min(0.0, min(values))
    high = 100.0 if low >= 0 and max(values) <= 100 else max(values)
    high = high if high > low else low + 1
    inner_w, inner_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    step = inner_w / max(len(points) - 1, 1)

    def y(value: float) -> float:
        return round(TOP + inner_h * (high - value) / (high - low), 1)

    dots = [{"x": round(LEFT + (i * step if len(points) > 1 else inner_w / 2), 1), "y": y(v), "label": label,
             "shown": shown} for i, (label, v, shown) in enumerate(points)]
    return {
        "width": WIDTH, "height": HEIGHT, "left": LEFT, "right": WIDTH - RIGHT, "top": TOP, "bottom": HEIGHT - BOTTOM,
        "dots": dots, "polyline": " ".join(f"{d['x']},{d['y']}" for d in dots),
        "high": f"{high:g}".replace(".", ","), "low": f"{low:g}".replace(".", ","),
    }


def results_html(index: ObjectIndex, control: NeedSource, resolve: Resolver,
                 templates: Templates | None = None) -> Markup:
    from lotsen.site.report_markup import table_html

    templates = templates or default_templates()
    measure = control.value(index.model.field_for("outcome_measure")) or "Utfall"
    points = trend_points(index, control)
    return templates.render("lotsen/control-results.html", id=control.id, measure=measure, chart=chart(points),
                            table=table_html(control_results(index, control), resolve, templates))
