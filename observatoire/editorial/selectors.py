"""Reads of the public editorial pages: the group of peers both pages read, and what works in
its posts (the accessibility barometer's reads are in barometer.py).

A group is what the rankings compare: the principal profiles, on one network, of the
collectivités of one category (optionally of one région). Only the monthly rollups are read
(`EditorialMonth`, `AccessibilityMonth`, kept by the services as posts are written), never the
posts: a page is a handful of aggregates, cached by the views (editorial.cache).

Means are over posts: a theme's engagement rate is the mean of its posts' rates (each post:
interactions ÷ followers of its profile at the month's last snapshot), over the posts whose
rate is known; its index is that mean ÷ the mean of all the group's posts × 100. Unknown
stays None (shown "—"), never 0.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, QuerySet, Sum
from django.utils.dates import WEEKDAYS
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from observatoire.metrics.models import Post
from observatoire.profiles.models import Network, Profile
from observatoire.territories.models import Category, Territory

from .cache import editorial_cache_version  # noqa: F401  (the version the pages are keyed on)
from .models import AccessibilityMonth, EditorialMonth, Theme

MIN_MEASURED = 20  # posts with a known rate below which a mean gets no index (too few to say)
BEST_SLOTS = 10
Dimension = EditorialMonth.Dimension


# The months of AccessibilityMonth (one row per profile and month with posts, written with
# EditorialMonth), newest first: one index seek per month ("skip scan") instead of reading
# every row of the index. Portable: SQLite and PostgreSQL.
MONTHS_SQL = """
WITH RECURSIVE months(month) AS (
    SELECT MAX(month) FROM {table}
    UNION ALL
    SELECT (SELECT MAX(later.month) FROM {table} later WHERE later.month < months.month)
    FROM months WHERE months.month IS NOT NULL
) SELECT month FROM months WHERE month IS NOT NULL
"""


def editorial_months() -> list[dt.date]:
    """Months with analysed posts, newest first."""
    table = connection.ops.quote_name(AccessibilityMonth._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(MONTHS_SQL.format(table=table))
        found = [row[0] for row in cursor.fetchall()]
    return [m if isinstance(m, dt.date) else dt.date.fromisoformat(m) for m in found]


def group_profiles(
    *, network: str | None, category: str | None, region: Territory | None = None
) -> QuerySet:
    """The principal profiles of a group; a network or category of None takes them all."""
    profiles = Profile.objects.filter(is_principal=True)
    if network:
        profiles = profiles.filter(network=network)
    if category:
        profiles = profiles.filter(territory__category=category)
    if region is not None:
        profiles = profiles.filter(territory__region=region)
    return profiles


def group_rows(
    rows: QuerySet,
    *,
    network: str | None,
    category: str | None,
    region: Territory | None = None,
) -> QuerySet:
    """`rows` (of a model with a `profile`) of the principal profiles of a group, as
    `profile_id IN (the group)`: the rows' (profile, month) indexes are read profile by
    profile, not the whole month."""
    group = group_profiles(network=network, category=category, region=region)
    return rows.filter(profile_id__in=group.values("pk"))


def group_size(*, network: str, category: str, region: Territory | None = None) -> int:
    """Principal profiles of the group, whether they published or not."""
    return group_profiles(network=network, category=category, region=region).count()


def share(part: float | None, whole: float | None) -> float | None:
    return part / whole if part is not None and whole else None


# What works -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A theme, a format or a time slot among the group's posts of the month."""

    key: str
    label: str
    posts: int
    profiles: int  # profiles with at least one such post
    measured: int  # posts whose engagement rate is known
    engagement: float  # Σ of those rates
    share: float | None  # of the group's posts
    rate: float | None  # mean engagement rate
    index: float | None  # rate ÷ the group's rate × 100; None below MIN_MEASURED posts

    @property
    def above(self) -> bool:
        return self.index is not None and self.index > 100


@dataclass(frozen=True)
class WhatWorks:
    month: dt.date
    network: str
    category: str
    region: Territory | None
    group_profiles: int  # principal profiles of the group
    profiles: int  # of which published this month
    posts: int
    measured: int
    rate: float | None  # mean engagement rate of the group's posts
    themes: list[Figure] = field(default_factory=list)  # best first
    formats: list[Figure] = field(default_factory=list)  # best first
    best_slots: list[Figure] = field(default_factory=list)  # best first, BEST_SLOTS at most
    weekdays: list[Figure] = field(default_factory=list)  # Monday first
    hours: list[Figure] = field(default_factory=list)  # hours with posts, midnight first
    slot_count: int = 0  # slots with posts

    @property
    def network_label(self) -> str:
        return Network(self.network).label

    @property
    def category_label(self) -> str:
        return Category(self.category).label


@dataclass
class _Sums:
    posts: int = 0
    measured: int = 0
    engagement: float = 0.0
    profiles: int = 0

    def add(self, posts: int, measured: int, engagement: float, profiles: int) -> None:
        self.posts += posts
        self.measured += measured
        self.engagement += engagement
        self.profiles += profiles

    def merge(self, other: _Sums) -> None:
        """Adds `other`'s posts (not its profiles: one profile may post in several slots)."""
        self.add(other.posts, other.measured, other.engagement, 0)


def figure(key: str, label: str, sums: _Sums, *, posts: int, rate: float | None) -> Figure:
    """One row of a table: its share of the group's `posts`, its mean rate and its index
    against the group's `rate`."""
    own = sums.engagement / sums.measured if sums.measured else None
    index = None
    if own is not None and rate and sums.measured >= MIN_MEASURED:
        index = 100 * own / rate
    return Figure(
        key=key,
        label=label,
        posts=sums.posts,
        profiles=sums.profiles,
        measured=sums.measured,
        engagement=sums.engagement,
        share=share(sums.posts, posts),
        rate=own,
        index=index,
    )


def best_first(figures: list[Figure]) -> list[Figure]:
    """By index, then mean rate, then posts; unknown last."""
    return sorted(
        figures,
        key=lambda f: (
            f.index is None,
            -(f.index or 0),
            f.rate is None,
            -(f.rate or 0),
            -f.posts,
            f.label,
        ),
    )


def theme_label(theme: Theme) -> str:
    english = (get_language() or "fr").startswith("en")
    return (theme.name_en or theme.name) if english else theme.name


def format_label(key: str) -> str:
    if not key:
        return _("Format non précisé")
    try:
        return str(Post.MediaType(key).label)
    except ValueError:
        return key


def weekday_label(weekday: int) -> str:
    return capfirst(str(WEEKDAYS[weekday - 1]))  # ISO: 1 = Monday


def hour_label(hour: int) -> str:
    return _("%(start)d h – %(end)d h") % {"start": hour, "end": (hour + 1) % 24}


def _slot(key: str) -> tuple[int, int] | None:
    weekday, _sep, hour = key.partition("-")
    if weekday.isdigit() and hour.isdigit() and 1 <= int(weekday) <= 7 and int(hour) < 24:
        return int(weekday), int(hour)
    return None


def what_works(
    *, month: dt.date, network: str, category: str, region: Territory | None = None
) -> WhatWorks:
    """Themes, formats and time slots of the group's posts of `month`: three queries (the
    group's rollups summed per dimension and key, the group's size, the themes)."""
    rows = (
        group_rows(
            EditorialMonth.objects.filter(month=month),
            network=network,
            category=category,
            region=region,
        )
        .values("dimension", "key")
        .annotate(
            total_posts=Sum("posts"),
            total_measured=Sum("measured"),
            total_engagement=Sum("engagement"),
            profile_count=Count("profile_id"),
        )
        .order_by()
    )
    sums: dict[str, dict[str, _Sums]] = {value: {} for value in Dimension.values}
    for row in rows:
        sums.setdefault(row["dimension"], {}).setdefault(row["key"], _Sums()).add(
            row["total_posts"] or 0,
            row["total_measured"] or 0,
            row["total_engagement"] or 0.0,
            row["profile_count"],
        )
    everything = sums[Dimension.ALL].get("", _Sums())
    rate = everything.engagement / everything.measured if everything.measured else None
    posts = everything.posts

    themes = {str(theme.pk): theme for theme in Theme.objects.all()}
    theme_figures = [
        figure(key, theme_label(themes[key]), value, posts=posts, rate=rate)
        for key, value in sums[Dimension.THEME].items()
        if key in themes
    ]
    format_figures = [
        figure(key, format_label(key), value, posts=posts, rate=rate)
        for key, value in sums[Dimension.FORMAT].items()
    ]
    slots, by_weekday, by_hour = [], {}, {}
    for key, value in sums[Dimension.SLOT].items():
        found = _slot(key)
        if found is None:
            continue
        weekday, hour = found
        label = _("%(day)s, %(hours)s") % {"day": weekday_label(weekday), "hours": hour_label(hour)}
        slots.append(figure(key, label, value, posts=posts, rate=rate))
        by_weekday.setdefault(weekday, _Sums()).add(
            value.posts, value.measured, value.engagement, 0
        )
        by_hour.setdefault(hour, _Sums()).add(value.posts, value.measured, value.engagement, 0)
    return WhatWorks(
        month=month,
        network=network,
        category=category,
        region=region,
        group_profiles=group_size(network=network, category=category, region=region),
        profiles=everything.profiles,
        posts=posts,
        measured=everything.measured,
        rate=rate,
        themes=best_first(theme_figures),
        formats=best_first(format_figures),
        best_slots=[s for s in best_first(slots) if s.index is not None][:BEST_SLOTS],
        weekdays=[
            figure(str(d), weekday_label(d), by_weekday[d], posts=posts, rate=rate)
            for d in sorted(by_weekday)
        ],
        hours=[
            figure(str(h), hour_label(h), by_hour[h], posts=posts, rate=rate)
            for h in sorted(by_hour)
        ],
        slot_count=len(slots),
    )
