"""The editorial line of a collectivité, network by network: what its posts talk about
(themes), in which formats, when, and what engages, from the monthly rollups
(EditorialMonth) of its profiles over one month or the last 3 or 12.

A post may have several themes or none: the shares of themes do not add up to 100 %. A mean
engagement rate is Σ of the posts' rates ÷ the posts whose rate is known (`measured`), so it
adds up over months and profiles exactly; it is unknown (—) without a measured post."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Sum
from django.utils.dates import WEEKDAYS
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from observatoire.metrics.models import Post
from observatoire.territories.models import Territory

from ..models import EditorialMonth
from .common import (
    NETWORK_LABELS,
    ProfileLine,
    mean,
    month_add,
    profiles_of,
    share,
    theme_names,
)

SPANS = (1, 3, 12)  # months shown: the month chosen, or the 3 or 12 ending with it
TOP_SLOTS = 5
MIN_MEASURED = 3  # posts whose rate is known before a theme, format or slot is called "best"
Dimension = EditorialMonth.Dimension


@dataclass(frozen=True, slots=True)
class Figure:
    """A theme, format or slot of one network over the period."""

    key: str
    label: str
    posts: int
    share: float | None  # of the network's posts (a fraction)
    measured: int
    interactions: int
    engagement_rate: float | None  # mean over the measured posts

    @property
    def reliable(self) -> bool:
        return self.measured >= MIN_MEASURED and self.engagement_rate is not None


@dataclass(frozen=True)
class NetworkLine:
    network: str
    label: str
    profiles: list[ProfileLine]
    posts: int
    measured: int
    interactions: int
    engagement_rate: float | None
    themes: dict[str, Figure]  # theme key -> figure, themes without posts left out
    formats: dict[str, Figure]
    slots: list[Figure]  # the best TOP_SLOTS by mean rate, among reliable ones

    def top(self, figures: dict[str, Figure]) -> Figure | None:
        """The most frequent of `figures` (ties: the better engaging, then the label)."""
        ranked = sorted(
            figures.values(), key=lambda f: (-f.posts, -(f.engagement_rate or 0), f.label)
        )
        return ranked[0] if ranked else None

    @property
    def top_theme(self) -> Figure | None:
        return self.top(self.themes)

    @property
    def top_format(self) -> Figure | None:
        return self.top(self.formats)

    @property
    def best_theme(self) -> Figure | None:
        """The theme whose posts engage most, among those with enough measured posts."""
        reliable = [f for f in self.themes.values() if f.reliable]
        return max(reliable, key=lambda f: (f.engagement_rate, f.posts), default=None)

    @property
    def best_format(self) -> Figure | None:
        reliable = [f for f in self.formats.values() if f.reliable]
        return max(reliable, key=lambda f: (f.engagement_rate, f.posts), default=None)


@dataclass(frozen=True)
class Row:
    """One theme or format across the networks shown (None: no post there)."""

    key: str
    label: str
    cells: list[Figure | None]
    gap: float | None  # highest share − lowest share among the networks with posts


@dataclass(frozen=True)
class Gap:
    label: str
    high: tuple[str, float]  # (network label, share)
    low: tuple[str, float]


@dataclass(frozen=True)
class EditorialLine:
    first: dt.date  # first month of the period
    last: dt.date  # last month (the one chosen)
    span: int
    networks: list[NetworkLine]  # the networks with posts in the period, in order
    silent: list[str]  # labels of the networks asked for without a post in the period
    themes: list[Row]  # by total posts, then name
    formats: list[Row]
    gap: Gap | None = None  # the theme whose share differs most between two networks
    themes_known: bool = field(default=True)  # the lexicon has themes

    @property
    def posts(self) -> int:
        return sum(line.posts for line in self.networks)


def line_months(*, territory: Territory) -> list[dt.date]:
    """The months (first days, newest first) in which the collectivité's profiles published
    an analysed post."""
    return list(
        EditorialMonth.objects.filter(
            profile__territory=territory, dimension=Dimension.ALL, posts__gt=0
        )
        .order_by("-month")
        .values_list("month", flat=True)
        .distinct()
    )


def slot_label(key: str) -> str:
    """ "2-18" (ISO weekday, Paris hour) -> "Mardi, 18 h"."""
    try:
        weekday, hour = (int(part) for part in key.split("-"))
        day = capfirst(str(WEEKDAYS[weekday - 1]))
    except (ValueError, KeyError):
        return key
    return _("%(day)s, %(hour)s h") % {"day": day, "hour": hour}


def format_label(key: str) -> str:
    labels = dict(Post.MediaType.choices)
    return str(labels.get(key, key)) if key else _("Format non précisé")


def _figures(sums: dict[str, list[int | float]], total: int, label) -> dict[str, Figure]:
    return {
        key: Figure(
            key=key,
            label=label(key),
            posts=posts,
            share=share(posts, total),
            measured=measured,
            interactions=interactions,
            engagement_rate=mean(engagement, measured),
        )
        for key, (posts, measured, interactions, engagement) in sums.items()
        if posts
    }


def _rows(lines: list[NetworkLine], attribute: str) -> list[Row]:
    keys: dict[str, tuple[str, int]] = {}
    for line in lines:
        for key, figure in getattr(line, attribute).items():
            label, posts = keys.get(key, (figure.label, 0))
            keys[key] = (label, posts + figure.posts)
    rows = []
    for key, (label, _posts) in sorted(keys.items(), key=lambda item: (-item[1][1], item[1][0])):
        cells = [getattr(line, attribute).get(key) for line in lines]
        shares = [cell.share if cell else 0.0 for cell in cells]
        gap = max(shares) - min(shares) if len(shares) > 1 else None
        rows.append(Row(key=key, label=label, cells=cells, gap=gap))
    return rows


def _gap(rows: list[Row], lines: list[NetworkLine]) -> Gap | None:
    row = max((r for r in rows if r.gap), key=lambda r: r.gap, default=None)
    if row is None:
        return None
    shares = [
        (line.label, cell.share if cell else 0.0)
        for cell, line in zip(row.cells, lines, strict=True)
    ]
    return Gap(
        label=row.label,
        high=max(shares, key=lambda item: item[1]),
        low=min(shares, key=lambda item: item[1]),
    )


def editorial_line(
    *, territory: Territory, month: dt.date, span: int = 1, networks: list[str] | None = None
) -> EditorialLine:
    """The collectivité's posts of the `span` months ending with `month`, per network (all
    its networks, or those of `networks`): themes, formats and the best weekday × hour
    slots. Three queries: profiles, themes, the period's rollups summed per profile."""
    first = month_add(month, 1 - span)
    profiles = profiles_of(territory=territory)
    names = theme_names()
    shown = [
        network
        for network in dict.fromkeys(line.network for line in profiles.values())
        if not networks or network in networks
    ]
    rows = (
        EditorialMonth.objects.filter(
            profile_id__in=[pk for pk, line in profiles.items() if line.network in shown],
            month__gte=first,
            month__lte=month,
        )
        .order_by()
        .values_list("profile_id", "dimension", "key")
        .annotate(Sum("posts"), Sum("measured"), Sum("interactions"), Sum("engagement"))
    )
    # network -> dimension -> key -> [posts, measured, interactions, engagement]
    sums = defaultdict(lambda: defaultdict(lambda: defaultdict(lambda: [0, 0, 0, 0.0])))
    for profile_id, dimension, key, *values in rows:
        totals = sums[profiles[profile_id].network][dimension][key]
        for index, value in enumerate(values):
            totals[index] += value or 0
    lines = []
    for network in shown:
        dimensions = sums[network]
        posts, measured, interactions, engagement = dimensions[Dimension.ALL][""]
        slots = _figures(dimensions[Dimension.SLOT], posts, slot_label)
        reliable = [figure for figure in slots.values() if figure.reliable]
        reliable.sort(key=lambda f: (-f.engagement_rate, -f.posts, f.key))
        lines.append(
            NetworkLine(
                network=network,
                label=NETWORK_LABELS.get(network, network),
                profiles=[line for line in profiles.values() if line.network == network],
                posts=posts,
                measured=measured,
                interactions=interactions,
                engagement_rate=mean(engagement, measured),
                themes=_figures(
                    {k: v for k, v in dimensions[Dimension.THEME].items() if k in names},
                    posts,
                    names.get,
                ),
                formats=_figures(dimensions[Dimension.FORMAT], posts, format_label),
                slots=reliable[:TOP_SLOTS],
            )
        )
    silent = [line.label for line in lines if not line.posts]
    lines = [line for line in lines if line.posts]
    themes = _rows(lines, "themes")
    return EditorialLine(
        first=first,
        last=month,
        span=span,
        networks=lines,
        silent=silent,
        themes=themes,
        formats=_rows(lines, "formats"),
        gap=_gap(themes, lines),
        themes_known=bool(names),
    )
