"""Reads of the public editorial pages: what works in the posts of a group of peers, and the
monthly barometer of their accessibility.

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
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet, Sum
from django.utils.dates import WEEKDAYS
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from observatoire.metrics.models import Post
from observatoire.profiles.models import Network, Profile
from observatoire.territories.models import Category, Territory

from .accessibility.rules import RULES, Rule
from .cache import editorial_cache_version  # noqa: F401  (the version the pages are keyed on)
from .models import AccessibilityMonth, EditorialMonth, Theme

MIN_MEASURED = 20  # posts with a known rate below which a mean gets no index (too few to say)
BEST_SLOTS = 10
TREND_MONTHS = 12
Dimension = EditorialMonth.Dimension


def editorial_months() -> list[dt.date]:
    """Months with analysed posts, newest first."""
    months = (
        EditorialMonth.objects.filter(dimension=Dimension.ALL)
        .order_by("-month")
        .values_list("month", flat=True)
        .distinct()
    )
    return list(months)


def _group(
    rows: QuerySet, *, network: str | None, category: str | None, region: Territory | None
) -> QuerySet:
    """`rows` (of a model with a `profile`) of the principal profiles of a group; a network or
    category of None takes them all."""
    rows = rows.filter(profile__is_principal=True)
    if network:
        rows = rows.filter(profile__network=network)
    if category:
        rows = rows.filter(profile__territory__category=category)
    if region is not None:
        rows = rows.filter(profile__territory__region=region)
    return rows


def group_size(*, network: str, category: str, region: Territory | None = None) -> int:
    """Principal profiles of the group, whether they published or not."""
    profiles = Profile.objects.filter(
        is_principal=True, network=network, territory__category=category
    )
    if region is not None:
        profiles = profiles.filter(territory__region=region)
    return profiles.count()


def _share(part: float | None, whole: float | None) -> float | None:
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
        share=_share(sums.posts, posts),
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
        _group(
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


# The accessibility barometer --------------------------------------------------------------

_AUDIT_SUMS = {
    "total_posts": Sum("posts"),
    "total_scored": Sum("scored"),
    "total_score": Sum("score_sum"),
    "total_images": Sum("images"),
    "total_without_alt": Sum("images_without_alt"),
    "total_images_unverifiable": Sum("images_unverifiable"),
    "profile_count": Count("profile_id"),
}


@dataclass(frozen=True)
class Audit:
    """The accessibility audit of a group's posts over a month (sums of the profiles' rows)."""

    profiles: int = 0  # profiles with posts that month
    posts: int = 0
    scored: int = 0  # posts where at least one rule could be checked
    score_sum: int = 0
    images: int = 0
    images_without_alt: int = 0
    images_unverifiable: int = 0
    failures: dict[str, int] = field(default_factory=dict)  # rule code -> posts failing it
    unverifiable: dict[str, int] = field(default_factory=dict)  # rule code -> posts unchecked

    @classmethod
    def from_sums(cls, row: dict, **rules: dict) -> Audit:
        return cls(
            profiles=row["profile_count"] or 0,
            posts=row["total_posts"] or 0,
            scored=row["total_scored"] or 0,
            score_sum=row["total_score"] or 0,
            images=row["total_images"] or 0,
            images_without_alt=row["total_without_alt"] or 0,
            images_unverifiable=row["total_images_unverifiable"] or 0,
            **rules,
        )

    @property
    def score(self) -> float | None:
        """Mean score (0–100) of the posts that could be checked."""
        return _share(self.score_sum, self.scored)

    @property
    def unscored_share(self) -> float | None:
        """Posts where nothing could be checked ("non vérifiable"), of all posts."""
        return _share(self.posts - self.scored, self.posts)

    @property
    def images_checked(self) -> int:
        return self.images - self.images_unverifiable

    @property
    def without_alt_share(self) -> float | None:
        """Images without a text alternative, of the images whose alternative is known."""
        return _share(self.images_without_alt, self.images_checked)

    @property
    def images_unverifiable_share(self) -> float | None:
        return _share(self.images_unverifiable, self.images)

    def rule_failure_share(self, code: str) -> float | None:
        """Posts failing the rule, of all the posts (a rule that does not apply to a post —
        subtitles to a photo — is not failed by it)."""
        return _share(self.failures.get(code, 0), self.posts)

    def rule_unverifiable_share(self, code: str) -> float | None:
        """Posts on which the network does not tell whether the rule is kept, of all."""
        return _share(self.unverifiable.get(code, 0), self.posts)


@dataclass(frozen=True)
class RuleFigure:
    rule: Rule
    failed: int  # posts failing the rule
    unverifiable: int  # posts on which it could not be checked
    failure_share: float | None
    unverifiable_share: float | None


@dataclass(frozen=True)
class TrendPoint:
    month: dt.date
    audit: Audit


@dataclass(frozen=True)
class Barometer:
    month: dt.date
    network: str
    category: str
    region: Territory | None
    networks: list[tuple[str, str]]  # (value, label) of the networks with posts, usual order
    categories: list[tuple[str, str]]
    cells: dict[tuple[str, str], Audit]  # (network, category or "") -> the month's audit
    group_profiles: int
    audit: Audit  # the chosen group's month
    rules: list[RuleFigure]
    trend: list[TrendPoint]  # oldest first, up to TREND_MONTHS

    @property
    def network_label(self) -> str:
        return Network(self.network).label

    @property
    def category_label(self) -> str:
        return Category(self.category).label

    @property
    def matrix(self) -> list[dict]:
        """One row per network: its audit per category, then over every category."""
        return [
            {
                "network": value,
                "label": label,
                "cells": [(c, self.cells.get((value, c))) for c, _label in self.categories],
                "all": self.cells.get((value, "")),
            }
            for value, label in self.networks
        ]


def accessibility_matrix(*, month: dt.date, region: Territory | None = None) -> dict:
    """(network, category) -> the month's Audit of the group; (network, "") -> every
    category of the network together. One aggregate."""
    rows = (
        _group(
            AccessibilityMonth.objects.filter(month=month),
            network=None,
            category=None,
            region=region,
        )
        .values("profile__network", "profile__territory__category")
        .annotate(**_AUDIT_SUMS)
        .order_by()
    )
    cells: dict[tuple[str, str], Audit] = {}
    per_network: dict[str, Counter] = {}
    for row in rows:
        network, category = row["profile__network"], row["profile__territory__category"]
        cells[network, category] = Audit.from_sums(row)
        per_network.setdefault(network, Counter()).update(
            {name: row[name] or 0 for name in _AUDIT_SUMS}
        )
    for network, total in per_network.items():
        cells[network, ""] = Audit.from_sums(total)
    return cells


def accessibility_of_group(
    *, month: dt.date, network: str, category: str, region: Territory | None = None
) -> Audit:
    """The month's Audit of one group, with its failures per rule (summed here: one row per
    profile of the group)."""
    rows = _group(
        AccessibilityMonth.objects.filter(month=month),
        network=network,
        category=category,
        region=region,
    ).values_list(
        "posts",
        "scored",
        "score_sum",
        "images",
        "images_without_alt",
        "images_unverifiable",
        "failures",
        "unverifiable",
    )
    totals, failures, unverifiable, profiles = [0] * 6, Counter(), Counter(), 0
    for *numbers, failed, unchecked in rows:
        profiles += 1
        totals = [a + (b or 0) for a, b in zip(totals, numbers, strict=True)]
        failures.update({code: n for code, n in (failed or {}).items() if n})
        unverifiable.update({code: n for code, n in (unchecked or {}).items() if n})
    posts, scored, score_sum, images, without_alt, images_unverifiable = totals
    return Audit(
        profiles=profiles,
        posts=posts,
        scored=scored,
        score_sum=score_sum,
        images=images,
        images_without_alt=without_alt,
        images_unverifiable=images_unverifiable,
        failures=dict(failures),
        unverifiable=dict(unverifiable),
    )


def accessibility_trend(
    *, month: dt.date, network: str, category: str, region: Territory | None = None
) -> list[TrendPoint]:
    """The group's Audit for each of the TREND_MONTHS months ending with `month` that has
    posts, oldest first (without the rules: one aggregate)."""
    first = month
    for _step in range(TREND_MONTHS - 1):
        first = (first - dt.timedelta(days=1)).replace(day=1)
    rows = (
        _group(
            AccessibilityMonth.objects.filter(month__gte=first, month__lte=month),
            network=network,
            category=category,
            region=region,
        )
        .values("month")
        .annotate(**_AUDIT_SUMS)
        .order_by("month")
    )
    return [TrendPoint(month=row["month"], audit=Audit.from_sums(row)) for row in rows]


def rule_figures(*, audit: Audit, rules: tuple[Rule, ...] = RULES) -> list[RuleFigure]:
    """Each rule of the audit (in its declared order) with its share of failing posts."""
    return [
        RuleFigure(
            rule=rule,
            failed=audit.failures.get(rule.code, 0),
            unverifiable=audit.unverifiable.get(rule.code, 0),
            failure_share=audit.rule_failure_share(rule.code),
            unverifiable_share=audit.rule_unverifiable_share(rule.code),
        )
        for rule in rules
    ]


def barometer(
    *, month: dt.date, network: str, category: str, region: Territory | None = None
) -> Barometer:
    """The barometer of `month`: every network × category, and the detail of one group."""
    cells = accessibility_matrix(month=month, region=region)
    present = {network for network, _category in cells}
    audit = accessibility_of_group(month=month, network=network, category=category, region=region)
    return Barometer(
        month=month,
        network=network,
        category=category,
        region=region,
        networks=[(value, label) for value, label in Network.choices if value in present],
        categories=list(Category.choices),
        cells=cells,
        group_profiles=group_size(network=network, category=category, region=region),
        audit=audit,
        rules=rule_figures(audit=audit),
        trend=accessibility_trend(month=month, network=network, category=category, region=region),
    )
