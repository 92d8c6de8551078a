"""Server-rendered SVG bar charts: horizontal bars, one per row, its label above it and its
value at its end, with an optional reference line (the group's mean, index 100). Geometry only,
drawn by templates/editorial/public/_bars.html; the same figures are in the table that follows
each chart. Labels above the bars keep them readable at phone width.

Coordinates are handed to templates as strings, so number localisation ("16,0") never
reaches an SVG attribute."""

from dataclasses import dataclass

WIDTH = 400  # drawn ×1.1 on a desktop (.bar-chart max-width: 28rem), ×0.86 on a 375 px phone
LEFT = 8  # room between the frame and the labels and bars
TOP = 24  # room for the reference's label
ROW = 42  # height of one bar and its label
LABEL_BASELINE = 15
BAR_TOP = 21
BAR_HEIGHT = 14
VALUE_ROOM = 64  # right of the longest bar, for its value
BOTTOM = 6


@dataclass(frozen=True)
class Bar:
    label: str
    text: str  # the value as people read it ("—" when unknown)
    known: bool
    y_label: str
    y_bar: str
    width: str
    x_text: str
    y_text: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    left: int
    bar_height: int
    bars: list[Bar]
    reference_x: str | None
    reference_text: str
    reference_anchor: str  # "start" or "end": its label stays inside the chart
    top: int
    bottom: int


def bar_chart(
    *,
    rows: list[tuple[str, float | None, str]],
    reference: float | None = None,
    reference_text: str = "",
) -> BarChart | None:
    """Bars for `rows` of (label, value, value as text); None when no value is known. The
    longest bar is the largest value (or the reference, if larger); bars start at 0."""
    known = [value for _label, value, _text in rows if value is not None and value >= 0]
    if not rows or not known:
        return None
    high = max(known + ([reference] if reference else []))
    span = WIDTH - VALUE_ROOM - LEFT
    bars = []
    for index, (label, value, text) in enumerate(rows):
        top = TOP + index * ROW
        length = span * max(value, 0) / high if value is not None and high else 0.0
        bars.append(
            Bar(
                label=label,
                text=text,
                known=value is not None,
                y_label=f"{top + LABEL_BASELINE}",
                y_bar=f"{top + BAR_TOP}",
                width=f"{length:.1f}",
                x_text=f"{LEFT + length + 6:.1f}",
                y_text=f"{top + BAR_TOP + BAR_HEIGHT - 2}",
            )
        )
    bottom = TOP + len(rows) * ROW
    reference_x = LEFT + span * reference / high if reference and high else None
    return BarChart(
        width=WIDTH,
        height=bottom + BOTTOM,
        left=LEFT,
        bar_height=BAR_HEIGHT,
        bars=bars,
        reference_x=f"{reference_x:.1f}" if reference_x is not None else None,
        reference_text=reference_text,
        reference_anchor="start" if reference_x is not None and reference_x < WIDTH / 2 else "end",
        top=TOP - 6,
        bottom=bottom,
    )
