"""A bar chart as a PNG picture, for the Word file: Word cannot show the site's SVG.

Drawn with Pillow and the font Pillow carries itself, so the same figures give the same
bytes on every machine (no system font, no date in the file). The layout follows the
site's chart (site/charts.py): one group per row of the section's table, one bar per
series, the value beside each bar; a masked count gets no bar, only its text."""

from __future__ import annotations

import io

from lotsen.reports.tables import BarChart, Cell, Masked

#: The series' colours, as on the site (the light bar is the previous year).
SERIES_COLOURS = ("#9bb7d4", "#1f5fa8", "#b35c00")

_SCALE = 2  # drawn at twice the size, for print
_ROW, _BAR, _LABEL_W, _WIDTH, _GAP, _FONT = 34, 12, 210, 560, 6, 11


def is_bar_value(value: Cell) -> bool:
    """A count that gets a bar: a number, not a masked or hidden count."""
    return isinstance(value, (int, float)) and not isinstance(value, (bool, Masked))


def chart_png(chart: BarChart) -> bytes:
    from PIL import Image, ImageDraw, ImageFont

    s = _SCALE
    numbers = [v for _, values in chart.groups for v in values if is_bar_value(v)]
    high = max(numbers, default=0) or 1
    span = _WIDTH - _LABEL_W - 70
    row = _ROW + (_BAR + 1) * max(0, max((len(values) for _, values in chart.groups), default=0) - 2)
    height = 16 + len(chart.groups) * row + 24
    image = Image.new("RGB", (_WIDTH * s, height * s), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=_FONT * s)
    for number, (label, values) in enumerate(chart.groups):
        top = 8 + number * row
        scale = (max((v for v in values if is_bar_value(v)), default=0) or 1) if chart.per_group else high
        draw.text(((_LABEL_W - 8) * s, (top + _BAR + 2) * s), _fit(draw, font, label, (_LABEL_W - 12) * s),
                  fill="#1b1b1b", font=font, anchor="rs")
        for i, value in enumerate(values):
            y = top + i * (_BAR + 1)
            length = round(span * max(value, 0) / scale, 1) if is_bar_value(value) else 0
            if length:
                draw.rectangle([_LABEL_W * s, y * s, (_LABEL_W + length) * s, (y + _BAR) * s],
                               fill=SERIES_COLOURS[i % len(SERIES_COLOURS)])
            draw.text(((_LABEL_W + length + _GAP) * s, (y + _BAR - 2) * s), str(value), fill="#1b1b1b",
                      font=font, anchor="ls")
    legend_y = 16 + len(chart.groups) * row + 6
    for i, name in enumerate(chart.series):
        x = _LABEL_W + i * 90
        draw.rectangle([x * s, legend_y * s, (x + _BAR) * s, (legend_y + _BAR) * s],
                       fill=SERIES_COLOURS[i % len(SERIES_COLOURS)])
        draw.text(((x + _BAR + 4) * s, (legend_y + _BAR - 2) * s), name, fill="#1b1b1b", font=font, anchor="ls")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False)
    return out.getvalue()


def chart_text(chart: BarChart) -> str:
    """What the chart shows, in words: the picture's description for a screen reader."""
    groups = "; ".join(f"{label} " + ", ".join(f"{chart.series[i]} {value}" for i, value in enumerate(values))
                       for label, values in chart.groups)
    return f"{chart.title}: {groups}"


def _fit(draw, font, text: str, width: int) -> str:
    """A label cut with an ellipsis where it is wider than the room beside the bars."""
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text + "…"
