"""The report's line charts, drawn with reportlab.graphics from the geometry of the public
site's charts (`site.charts.line_chart`: same axes, same ticks, same colours), so a month
looks the same on the collectivité's page and in the PDF."""

import math

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, String
from reportlab.lib import colors

from observatoire.site import charts

from .text import FONT, printable

GRID = colors.HexColor("#d9d9d9")
INK = colors.HexColor("#333333")
MAX_X_LABELS = 6
TICK_SIZE = 7


def line_drawing(
    *,
    x_labels: list[str],
    series: dict[str, list[float | None]],
    width: float,
    height: float,
    invert: bool = False,
    integer: bool = False,
    minimum: float | None = None,
    empty_text: str = "",
) -> Drawing:
    """A `width` × `height` points drawing of `series` (label -> one value per x label, None
    where unknown). `invert` puts small values on top (ranks)."""
    drawing = Drawing(width, height)
    chart = charts.line_chart(
        x_labels=x_labels, series=series, invert=invert, minimum=minimum, integer=integer
    )
    if chart is None:
        drawing.add(_tick(width / 2, height / 2, empty_text, "middle"))
        return drawing
    scale_x, scale_y = width / chart.width, height / chart.height

    def at(x: float | str, y: float | str) -> tuple[float, float]:
        return float(x) * scale_x, height - float(y) * scale_y

    left, right = chart.plot_left * scale_x, chart.plot_right * scale_x
    for y, label in chart.y_ticks:
        _x, y_at = at(0, y)
        drawing.add(Line(left, y_at, right, y_at, strokeColor=GRID, strokeWidth=0.5))
        drawing.add(_tick(left - 3, y_at - TICK_SIZE / 3, label, "end"))
    _x_labels(drawing, chart, x_labels, at)
    for line in chart.series:
        points = [at(x, y) for x, y, _title in line.dots]
        colour = colors.HexColor(line.colour)
        if len(points) > 1:
            flat = [coordinate for point in points for coordinate in point]
            drawing.add(PolyLine(flat, strokeColor=colour, strokeWidth=1.5))
        for x, y in points:
            drawing.add(Circle(x, y, 2, fillColor=colour, strokeColor=colour))
    return drawing


def _tick(x: float, y: float, label: str, anchor: str) -> String:
    return String(
        x, y, printable(label), fontName=FONT, fontSize=TICK_SIZE, fillColor=INK, textAnchor=anchor
    )


def _x_labels(drawing: Drawing, chart: charts.Chart, x_labels: list[str], at) -> None:
    """At most MAX_X_LABELS month labels under the plot, the last month always labelled."""
    count = len(x_labels)
    every = max(1, math.ceil(count / MAX_X_LABELS))
    step = (chart.plot_right - chart.plot_left) / max(count - 1, 1)
    _x, baseline = at(0, chart.plot_bottom)
    for index, label in enumerate(x_labels):
        if (count - 1 - index) % every:
            continue
        x = (
            chart.plot_left + index * step
            if count > 1
            else (chart.plot_left + chart.plot_right) / 2
        )
        x_at, _y = at(x, 0)
        drawing.add(_tick(x_at, baseline - TICK_SIZE - 4, label, "middle"))
