"""What the monthly report reads: one collectivité's figures of one publication, gathered in a
fixed number of queries (profiles, entries, group sizes, twelve months of history, the best
posts, the demo flag), whatever the number of networks or months. Plain values only: the
renderer formats them and never touches the database."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.db.models.functions import Coalesce

from observatoire.dashboard.posts import posts_extremes
from observatoire.demo.selectors import demo_data_present
from observatoire.profiles.models import Network, Profile
from observatoire.rankings import formulas
from observatoire.rankings import kpis as catalogue
from observatoire.rankings import selectors as ranking_selectors
from observatoire.rankings.models import RankingEntry, RankingPublication
from observatoire.territories.models import Territory

HISTORY_MONTHS = 12
BEST_POSTS = 3


@dataclass(frozen=True)
class NetworkRank:
    """A principal profile's line of the month: its rank, or why it has none."""

    network: str
    network_label: str
    handle: str
    eligible: bool
    reason_label: str = ""  # why it is not ranked ("" when ranked, or no entry at all)
    published: bool = True  # False: no entry in the publication for this profile
    rank: int | None = None
    ranked_count: int = 0  # ranked profiles of its category on that network
    region_name: str = ""
    region_rank: int | None = None
    score: Decimal | None = None
    previous_rank: int | None = None
    movement: int | None = None
    followers: int | None = None
    unreachable_now: bool = False  # ranked, but cannot be reached today ("Attention danger")


@dataclass(frozen=True)
class UnreachableProfile:
    network_label: str
    handle: str
    label: str  # the theme of a thematic profile
    principal: bool
    reason_label: str
    since: dt.date | None


@dataclass(frozen=True)
class NetworkHistory:
    """A principal profile's last months, oldest first (None: no entry or not ranked)."""

    network_label: str
    months: list[dt.date]
    ranks: list[int | None]
    scores: list[float | None]
    followers: list[int | None]


@dataclass(frozen=True)
class BestPost:
    published_at: dt.datetime  # in the methodology's time zone
    media_label: str
    interactions: int
    engagement_rate: float | None  # interactions ÷ the profile's followers of the month
    caption: str  # as collected: untrusted, the renderer sanitises it
    permalink: str


@dataclass(frozen=True)
class MethodKpi:
    label: str
    definition: str
    weight: float


@dataclass(frozen=True)
class Method:
    slug: str
    name: str
    window_days: int
    timezone: str
    kpis: list[MethodKpi]

    @property
    def weights_total(self) -> float:
        return sum(kpi.weight for kpi in self.kpis)


@dataclass(frozen=True)
class ReportData:
    territory_name: str
    territory_slug: str
    category_label: str
    region_name: str
    month: dt.date
    window: tuple[dt.date, dt.date]  # first and last day of the publication's window
    method: Method
    demo: bool
    ranks: list[NetworkRank] = field(default_factory=list)
    unreachable: list[UnreachableProfile] = field(default_factory=list)
    history: list[NetworkHistory] = field(default_factory=list)
    best_posts: list[tuple[str, list[BestPost]]] = field(default_factory=list)


def report_publication(*, month: dt.date | None = None) -> RankingPublication | None:
    """The publication a report is made of, under the default methodology: that of `month`
    (first day), or the latest one; None when there is none."""
    methodology = ranking_selectors.methodology_default()
    if methodology is None:
        return None
    if month is None:
        return ranking_selectors.publication_latest(methodology=methodology)
    return (
        RankingPublication.objects.filter(methodology=methodology, month=month)
        .select_related("methodology")
        .first()
    )


def _network_order(network: str) -> int:
    return Network.values.index(network) if network in Network.values else len(Network.values)


def _method(publication: RankingPublication) -> Method:
    """The publication's KPIs with their weights and definitions, as published."""
    methodology = publication.methodology
    rules = ranking_selectors.methodology_rules(methodology, kpis=publication.kpis)
    kpis = [
        MethodKpi(
            label=str(catalogue.get(name).label),
            definition=str(catalogue.get(name).describe(target=rules.target(name))),
            weight=weight,
        )
        for name, weight in zip(rules.kpis, rules.weights, strict=True)
    ]
    return Method(
        slug=methodology.slug,
        name=methodology.name,
        window_days=rules.window_days,
        timezone=methodology.timezone,
        kpis=kpis,
    )


def _ranked_counts(publication: RankingPublication, entries: list[RankingEntry]) -> dict:
    """(network, category) -> ranked profiles, for the groups of `entries` (one query on the
    ranking index)."""
    if not entries:
        return {}
    rows = (
        RankingEntry.objects.filter(
            publication=publication,
            network__in={e.network for e in entries},
            category__in={e.category for e in entries},
            rank__isnull=False,
        )
        .values("network", "category")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {(row["network"], row["category"]): row["count"] for row in rows}


def _rank_line(entry: RankingEntry, counts: dict) -> NetworkRank:
    profile = entry.profile
    reachable_then = entry.eligible or entry.reason != RankingEntry.Reason.UNAVAILABLE
    return NetworkRank(
        network=entry.network,
        network_label=entry.get_network_display(),
        handle=profile.handle,
        eligible=entry.eligible,
        reason_label=str(entry.get_reason_display()) if entry.reason else "",
        rank=entry.rank,
        ranked_count=counts.get((entry.network, entry.category), 0),
        region_name=entry.region.name if entry.region_id and entry.region else "",
        region_rank=entry.region_rank,
        score=entry.score,
        previous_rank=entry.previous_rank,
        movement=entry.movement,
        followers=entry.followers,
        unreachable_now=reachable_then and profile.status == Profile.Status.UNAVAILABLE,
    )


def _ranks(
    publication: RankingPublication, territory: Territory, principal: list[Profile]
) -> list[NetworkRank]:
    """One line per entry of the publication, then the principal profiles it has no entry for."""
    entries = list(
        RankingEntry.objects.filter(territory=territory, publication=publication).select_related(
            "profile", "region"
        )
    )
    counts = _ranked_counts(publication, entries)
    lines = [_rank_line(entry, counts) for entry in entries]
    by_profile = {entry.profile_id: entry for entry in entries}
    for profile in principal:
        if profile.pk not in by_profile:
            lines.append(
                NetworkRank(
                    network=profile.network,
                    network_label=profile.get_network_display(),
                    handle=profile.handle,
                    eligible=False,
                    published=False,
                    unreachable_now=profile.status == Profile.Status.UNAVAILABLE,
                )
            )
    lines.sort(key=lambda line: (_network_order(line.network), line.handle))
    return lines


def _unreachable(profiles: list[Profile]) -> list[UnreachableProfile]:
    """Every profile of the collectivité that cannot be reached today, principal ones first."""
    found = [p for p in profiles if p.status == Profile.Status.UNAVAILABLE]
    found.sort(key=lambda p: (not p.is_principal, _network_order(p.network), p.handle_key))
    return [
        UnreachableProfile(
            network_label=profile.get_network_display(),
            handle=profile.handle,
            label=profile.label,
            principal=profile.is_principal,
            reason_label=str(profile.get_unavailable_reason_display())
            if profile.unavailable_reason
            else "",
            since=profile.unavailable_since,
        )
        for profile in found
    ]


def _history(publication: RankingPublication, territory: Territory) -> list[NetworkHistory]:
    """Rank, score and followers over the last HISTORY_MONTHS publications of the
    methodology up to `publication`, per network of the collectivité's entries (two
    queries: the months, then the entries)."""
    published = list(
        RankingPublication.objects.filter(
            methodology_id=publication.methodology_id, month__lte=publication.month
        )
        .order_by("-month")
        .values_list("month", flat=True)[:HISTORY_MONTHS]
    )[::-1]
    rows = (
        RankingEntry.objects.filter(
            territory=territory,
            publication__methodology_id=publication.methodology_id,
            publication__month__gte=published[0],
            publication__month__lte=published[-1],
        )
        .order_by("publication__month", "network")
        .values_list("publication__month", "network", "rank", "score", "followers")
    )
    per_network: dict[str, dict[dt.date, tuple]] = {}
    for month, network, rank, score, followers in rows:
        per_network.setdefault(network, {})[month] = (rank, score, followers)
    names = dict(Network.choices)
    empty = (None, None, None)
    return [
        NetworkHistory(
            network_label=names.get(network, network),
            months=published,
            ranks=[by_month.get(m, empty)[0] for m in published],
            scores=[
                float(score) if (score := by_month.get(m, empty)[1]) is not None else None
                for m in published
            ],
            followers=[by_month.get(m, empty)[2] for m in published],
        )
        for network, by_month in sorted(per_network.items(), key=lambda i: _network_order(i[0]))
    ]


def _interactions():
    return Coalesce("likes", 0) + Coalesce("comments", 0) + Coalesce("shares", 0)


def _best_posts(territory: Territory, month: dt.date) -> list[tuple[str, list[BestPost]]]:
    """The dashboard's best posts of the month by interactions (dashboard.posts: the same
    posts, counts and engagement rates as the page), network by network."""
    found = []
    for network in posts_extremes(territory=territory, month=month):
        measure = next(m for m in network.measures if m.measure == "interactions")
        found.append(
            (
                network.network_label,
                [
                    BestPost(
                        published_at=line.published_at,
                        media_label=line.media_label,
                        interactions=line.interactions,
                        engagement_rate=line.engagement_rate,
                        caption=line.caption,
                        permalink=line.url,
                    )
                    for line in measure.best[:BEST_POSTS]
                ],
            )
        )
    return found


def report_data(*, territory: Territory, publication: RankingPublication) -> ReportData:
    """Everything the monthly report of `territory` for `publication` shows."""
    profiles = list(Profile.objects.filter(territory=territory).select_related("territory__region"))
    principal = [p for p in profiles if p.is_principal]
    method = _method(publication)
    window = formulas.window_days(publication.month, method.window_days)
    ranks = _ranks(publication, territory, principal)
    region = territory.region
    return ReportData(
        territory_name=territory.name,
        territory_slug=territory.slug,
        category_label=str(territory.get_category_display()),
        region_name=region.name if region is not None and region.pk != territory.pk else "",
        month=publication.month,
        window=window,
        method=method,
        demo=any(p.is_demo for p in profiles) or demo_data_present(),
        ranks=ranks,
        unreachable=_unreachable(profiles),
        history=_history(publication, territory),
        best_posts=_best_posts(territory, publication.month),
    )
