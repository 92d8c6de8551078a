"""Reads of the monthly barometer of the accessibility of posts: every network × category
of a month, and one group's audit rule by rule and over twelve months (selectors.group_rows
says what a group is). Read from AccessibilityMonth, the audit's monthly rollups per profile.

Shares say what they are a share of: images without an alternative of the images whose
alternative the network tells; posts failing a rule of all the posts (a rule that does not
apply to a post, subtitles to a photo, is not failed by it); posts "non vérifiables" — where no
rule could be checked — of all the posts. The mean score is over the posts that were checked.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Sum

from observatoire.profiles.models import Network
from observatoire.territories.models import Category, Territory

from .accessibility.rules import RULES, Rule
from .models import AccessibilityMonth, PostAnalysis
from .selectors import group_rows, group_size, share

TREND_MONTHS = 12
# Bands of mean scores the overview colours (levels 1 … 4; 0: unknown). Colour only helps the
# eye: every cell writes its score.
SCORE_BANDS = (60, 75, 90)


def score_level(score: float | None) -> int:
    if score is None:
        return 0
    return 1 + sum(score >= bound for bound in SCORE_BANDS)


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
    clean: int | None = None  # checked posts without any failure found (one group's only)

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
        return share(self.score_sum, self.scored)

    @property
    def clean_share(self) -> float | None:
        """Posts without any failure found, of the posts that could be checked."""
        return share(self.clean, self.scored)

    @property
    def unscored_share(self) -> float | None:
        """Posts where nothing could be checked ("non vérifiable"), of all posts."""
        return share(self.posts - self.scored, self.posts)

    @property
    def images_checked(self) -> int:
        return self.images - self.images_unverifiable

    @property
    def without_alt_share(self) -> float | None:
        """Images without a text alternative, of the images whose alternative is known."""
        return share(self.images_without_alt, self.images_checked)

    @property
    def images_unverifiable_share(self) -> float | None:
        return share(self.images_unverifiable, self.images)

    def rule_failure_share(self, code: str) -> float | None:
        """Posts failing the rule, of all the posts (a rule that does not apply to a post —
        subtitles to a photo — is not failed by it)."""
        return share(self.failures.get(code, 0), self.posts)

    def rule_unverifiable_share(self, code: str) -> float | None:
        """Posts on which the network does not tell whether the rule is kept, of all."""
        return share(self.unverifiable.get(code, 0), self.posts)


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
    rows = AccessibilityMonth.objects.filter(month=month, profile__is_principal=True)
    if region is not None:
        rows = rows.filter(profile__territory__region=region)
    rows = (
        rows.values("profile__network", "profile__territory__category")
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
    profile of the group) and its posts without any failure. The rollups do not count those:
    they are counted on the group's analyses of the month (the (profile, month) index, a few
    thousand rows for the largest group), once per version of the figures."""
    rows = group_rows(
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
        clean=group_rows(
            PostAnalysis.objects.filter(month=month, score__isnull=False, failed=0),
            network=network,
            category=category,
            region=region,
        ).count(),
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
        group_rows(
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
