"""Server-rendered SVG line charts: plain geometry, drawn by templates/site/_chart.html.

Coordinates are handed to templates as strings, so number localisation ("16,0") never
reaches an SVG attribute."""

from dataclasses import dataclass

WIDTH = 640
HEIGHT = 240
MARGIN_LEFT = 64
MARGIN_RIGHT = 40
MARGIN_TOP = 16
MARGIN_BOTTOM = 40
COLOURS = ["#1f4e9c", "#b3261e", "#2e7d32", "#6a1b9a", "#8a5a00", "#00696f", "#444444"]


@dataclass
class Series:
    label: str
    colour: str
    points: str  # "x,y x,y …" for <polyline>
    dots: list[tuple[str, str, str]]  # (x, y, title)


@dataclass
class Chart:
    width: int
    height: int
    series: list[Series]
    y_ticks: list[tuple[str, str]]  # (y, label)
    x_ticks: list[tuple[str, str]]  # (x, label)
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int


def _format(value: float) -> str:
    if abs(value) >= 1_000_000:
        return f"{value / 1_000_000:.1f} M".replace(".", ",")
    if abs(value) >= 10_000:
        return f"{value / 1000:.0f} k"
    if value == int(value):
        return f"{int(value)}"
    return f"{value:.1f}".replace(".", ",")


def line_chart(
    *,
    x_labels: list[str],
    series: dict[str, list[float | None]],
    invert: bool = False,
    minimum: float | None = None,
    integer: bool = False,
) -> Chart | None:
    """Lines sharing one x axis (one label per column). `invert` puts small values on top
    (ranks). Missing values (None) break nothing: the line skips them. `integer` rounds the
    axis ticks (ranks, counts)."""
    values = [v for line in series.values() for v in line if v is not None]
    if not x_labels or not values:
        return None
    low = min(values) if minimum is None else min(minimum, min(values))
    high = max(values)
    if high == low:
        high, low = high + 1, max(low - 1, 0) if low >= 0 else low - 1
    left, right = MARGIN_LEFT, WIDTH - MARGIN_RIGHT
    top, bottom = MARGIN_TOP, HEIGHT - MARGIN_BOTTOM
    step = (right - left) / max(len(x_labels) - 1, 1)

    def x_of(index: int) -> str:
        return f"{left + index * step if len(x_labels) > 1 else (left + right) / 2:.1f}"

    def y_of(value: float) -> str:
        share = (value - low) / (high - low)
        return f"{top + share * (bottom - top) if invert else bottom - share * (bottom - top):.1f}"

    drawn = []
    for index, (label, line) in enumerate(series.items()):
        dots = [
            (x_of(i), y_of(v), f"{x_labels[i]} : {_format(v)}")
            for i, v in enumerate(line)
            if v is not None
        ]
        drawn.append(
            Series(
                label=label,
                colour=COLOURS[index % len(COLOURS)],
                points=" ".join(f"{x},{y}" for x, y, _title in dots),
                dots=dots,
            )
        )
    tick_values = [low + (high - low) * k / 4 for k in range(5)]
    if integer:
        tick_values = sorted({round(v) for v in tick_values})
    y_ticks = [(y_of(v), _format(v)) for v in tick_values]
    every = max(1, len(x_labels) // 8)
    x_ticks = [(x_of(i), label) for i, label in enumerate(x_labels) if i % every == 0]
    return Chart(WIDTH, HEIGHT, drawn, y_ticks, x_ticks, left, right, top, bottom)
