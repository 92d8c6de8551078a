"""Page-specific reads of the public website (rankings, collectivité pages, headlines)."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Sum
from django.utils.formats import date_format

from observatoire.core.dates import MonthError, parse_month
from observatoire.metrics.models import Snapshot
from observatoire.profiles.models import Network, Profile, ProfileCorrection
from observatoire.rankings import selectors as ranking_selectors
from observatoire.rankings.models import Methodology, RankingEntry, RankingPublication
from observatoire.territories.models import Category, Territory

PAGE_SIZE = 50
DEFAULT_NETWORK = Network.INSTAGRAM
DEFAULT_CATEGORY = Category.DEPARTEMENT
FOLLOWER_HISTORY_DAYS = 731


def publication_months(*, methodology: Methodology | None) -> list[RankingPublication]:
    """Published months of a methodology, newest first."""
    if methodology is None:
        return []
    return list(RankingPublication.objects.filter(methodology=methodology).order_by("-month"))


def publication_for(
    *, methodology: Methodology | None, month: str = ""
) -> RankingPublication | None:
    """The publication of `month` ("YYYY-MM"), or the latest one when absent or unknown."""
    if methodology is None:
        return None
    publications = RankingPublication.objects.filter(methodology=methodology).select_related(
        "methodology"
    )
    if month:
        try:
            first_day = parse_month(month)
        except MonthError:
            first_day = None
        if first_day:
            found = publications.filter(month=first_day).first()
            if found:
                return found
    return ranking_selectors.publication_latest(methodology=methodology)


@dataclass
class RankingTable:
    page: Page
    region: Territory | None
    ranked_count: int
    unranked_count: int
    rows: list[RankingEntry] = field(default_factory=list)
    page_links: list = field(default_factory=list)
    unreachable_now: int = 0  # rows of the page showing the "Attention danger" sign


def unreachable_now(entry: RankingEntry) -> bool:
    """The reference's "Attention danger" sign: the entry's profile cannot be reached today
    (its current status, whatever it was at the reading date). Not for an entry that already
    says so, being unranked because the profile was unreachable at the reading date."""
    if not entry.eligible and entry.reason == RankingEntry.Reason.UNAVAILABLE:
        return False
    return entry.profile.status == Profile.Status.UNAVAILABLE


def profile_status_stamp(*, network: str | None = None, territory: Territory | None = None) -> str:
    """Changes when a profile of the scope (a network's principal profiles, or a collectivité's
    profiles) becomes unreachable or is restored. Part of the cache key of the fragments that
    show reachability: the page cache's stamp only follows publications, and collection
    updates statuses with plain UPDATEs (no signal). One aggregate over the status index.
    Without a network, it also follows the corrections staff validate (one aggregate over
    the few validated ones): the collectivité page shows "profil vérifié par la collectivité"."""
    unreachable = Profile.objects.filter(status=Profile.Status.UNAVAILABLE)
    if network is not None:
        unreachable = unreachable.filter(network=network, is_principal=True)
    if territory is not None:
        unreachable = unreachable.filter(territory=territory)
    row = unreachable.aggregate(count=Count("pk"), ids=Sum("pk"), since=Max("unavailable_since"))
    stamp = f"{row['count']}/{row['ids'] or 0}/{row['since'] or '-'}"
    if network is None:
        validated = ProfileCorrection.objects.filter(status=ProfileCorrection.Status.APPROVED)
        if territory is not None:
            validated = validated.filter(territory=territory)
        stamp += f"/{validated.aggregate(last=Max('decided_at'))['last'] or '-'}"
    return stamp


def ranking_table(
    *,
    publication: RankingPublication,
    network: str,
    category: str,
    region: Territory | None = None,
    page_number: int | str = 1,
) -> RankingTable:
    """One page of a ranking: ranked profiles first, then the non-eligible ones with a reason."""
    entries = ranking_selectors.ranking_list(
        publication=publication, network=network, category=category, region=region
    )
    ranked_count = entries.filter(eligible=True).count()
    paginator = Paginator(entries, PAGE_SIZE)
    page = paginator.get_page(page_number)
    rows = list(page.object_list)
    return RankingTable(
        page=page,
        region=region,
        ranked_count=ranked_count,
        unranked_count=paginator.count - ranked_count,
        rows=rows,
        page_links=list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
        unreachable_now=sum(unreachable_now(entry) for entry in rows),
    )


def ranking_networks(*, publication: RankingPublication | None) -> list[str]:
    """Networks that have a ranking in this publication, in the usual order."""
    if publication is None:
        return []
    present = set(
        RankingEntry.objects.filter(publication=publication)
        .order_by("network")
        .values_list("network", flat=True)
        .distinct()
    )
    return [value for value in Network.values if value in present]


def score_gap_above(
    *, entry: RankingEntry, group: ranking_selectors.GroupKpis | None = None
) -> tuple[float, int] | None:
    """Score points missing to reach the next better rank, and that rank (None when first).
    `group`: the entry's `group_kpis`, when the caller has them already."""
    if not entry.eligible or not entry.rank or entry.rank == 1 or entry.score is None:
        return None
    if group is None:
        group = ranking_selectors.group_kpis(
            publication_id=entry.publication_id, network=entry.network, category=entry.category
        )
    better = [
        (rank, score)
        for rank, score in zip(group.ranks, group.scores, strict=True)
        if rank < entry.rank
    ]
    if not better:
        return None
    rank, score = max(better)
    return score - float(entry.score), rank


def group_kpis_cached(*, entry: RankingEntry) -> ranking_selectors.GroupKpis:
    """The KPIs of the entry's group (`rankings.selectors.group_kpis`), read once per
    publication and shared by every page that explains an entry of that group."""
    from .cache import fragment  # site.cache reads these selectors: imported when called

    return fragment(
        "group-kpis",
        entry.publication_id,
        entry.network,
        entry.category,
        render=lambda: ranking_selectors.group_kpis(
            publication_id=entry.publication_id, network=entry.network, category=entry.category
        ),
    )


def territory_entries(*, territory: Territory, publication: RankingPublication | None) -> dict:
    """The territory's ranking entries of a publication, keyed by profile id."""
    if publication is None:
        return {}
    entries = RankingEntry.objects.filter(
        territory=territory, publication=publication
    ).select_related("publication__methodology", "profile")
    return {entry.profile_id: entry for entry in entries}


def follower_history(*, profiles: list[Profile], until: dt.date | None = None) -> dict:
    """Followers at the last snapshot of each month, per profile id, oldest first."""
    if not profiles:
        return {}
    until = until or dt.date.today()
    since = until - dt.timedelta(days=FOLLOWER_HISTORY_DAYS)
    rows = (
        Snapshot.objects.filter(profile__in=profiles, date__gte=since, date__lte=until)
        .order_by("profile_id", "date")
        .values_list("profile_id", "date", "followers")
    )
    history: dict[int, dict[tuple[int, int], tuple[dt.date, int]]] = {}
    for profile_id, date, followers in rows:
        history.setdefault(profile_id, {})[(date.year, date.month)] = (date, followers)
    return {
        profile_id: [value for _key, value in sorted(months.items())]
        for profile_id, months in history.items()
    }


def headline_leaders(*, publication: RankingPublication) -> list[dict]:
    """The n°1 of each category on each network, grouped by network in the usual order."""
    entries = (
        RankingEntry.objects.filter(publication=publication, eligible=True, rank=1)
        .select_related("territory", "profile")
        .order_by("network", "category")
    )
    by_network: dict[str, list[RankingEntry]] = {}
    for entry in entries:
        by_network.setdefault(entry.network, []).append(entry)
    order = list(Category.values)
    return [
        {
            "network": network,
            "label": label,
            "entries": sorted(by_network[network], key=lambda e: order.index(e.category)),
        }
        for network, label in Network.choices
        if network in by_network
    ]


def headline_climbers(
    *, publication: RankingPublication, limit: int = 10, within: int = PAGE_SIZE
) -> list[RankingEntry]:
    """The biggest rises since the previous month among the profiles now in a Top 50 (in the
    long tail of small towns, thousands of places mean little)."""
    return list(
        RankingEntry.objects.filter(
            publication=publication, eligible=True, movement__gt=0, rank__lte=within
        )
        .select_related("territory", "profile")
        .order_by("-movement", "rank")[:limit]
    )


def headline_unreachable(*, limit: int = 10) -> list[Profile]:
    """Profiles that most recently became unreachable (those with an unknown date are not)."""
    return list(
        Profile.objects.filter(status=Profile.Status.UNAVAILABLE, unavailable_since__isnull=False)
        .select_related("territory")
        .order_by("-unavailable_since", "territory__name")[:limit]
    )


def territory_profiles(*, territory: Territory) -> list[Profile]:
    """Every profile of a collectivité, by network, the principal one first."""
    return list(territory.profiles.order_by("network", "-is_principal", "label", "handle"))


@dataclass(frozen=True)
class RankHistory:
    """A collectivité's rank and score per month (oldest first) and network: one line per
    network for the charts, one row per month for the table beside them."""

    months: list[str]  # labels, e.g. "oct. 2026"
    ranks: dict[str, list[int | None]]  # network label -> one rank per month (None: none)
    scores: dict[str, list[float | None]]

    @property
    def networks(self) -> list[str]:
        return list(self.ranks)

    @property
    def rows(self) -> list[dict]:
        return [
            {"month": label, "cells": [(self.ranks[n][i], self.scores[n][i]) for n in self.ranks]}
            for i, label in enumerate(self.months)
        ]


def territory_rank_history(*, territory: Territory, methodology: Methodology | None) -> RankHistory:
    entries = ranking_selectors.territory_history(territory=territory, methodology=methodology)
    per_network: dict[str, dict[dt.date, RankingEntry]] = {}
    for entry in entries:
        per_network.setdefault(entry.network, {})[entry.publication.month] = entry
    months = sorted({month for by_month in per_network.values() for month in by_month})
    names = dict(Network.choices)

    def score(entry: RankingEntry | None) -> float | None:
        return float(entry.score) if entry is not None and entry.score is not None else None

    return RankHistory(
        months=[date_format(month, "M Y") for month in months],
        ranks={
            names[network]: [by_month[m].rank if m in by_month else None for m in months]
            for network, by_month in per_network.items()
        },
        scores={
            names[network]: [score(by_month.get(m)) for m in months]
            for network, by_month in per_network.items()
        },
    )


@dataclass(frozen=True)
class FollowerHistory:
    """Followers at the last snapshot of each month (oldest first), one line per network."""

    months: list[str]  # labels, e.g. "10/2026"
    series: dict[str, list[int | None]]  # network label -> one count per month

    @property
    def networks(self) -> list[str]:
        return list(self.series)

    @property
    def rows(self) -> list[dict]:
        return [
            {"month": label, "cells": [line[i] for line in self.series.values()]}
            for i, label in enumerate(self.months)
        ]


def territory_follower_history(
    *, profiles: list[Profile], until: dt.date | None = None
) -> FollowerHistory:
    """`follower_history` of the profiles (a collectivité's principal ones), by network."""
    history = follower_history(profiles=profiles, until=until)
    months = sorted({(d.year, d.month) for points in history.values() for d, _f in points})
    by_profile = {profile.pk: profile for profile in profiles}
    series = {}
    for profile_id, points in history.items():
        values = {(d.year, d.month): followers for d, followers in points}
        series[by_profile[profile_id].get_network_display()] = [values.get(m) for m in months]
    return FollowerHistory(months=[f"{month:02d}/{year}" for year, month in months], series=series)
