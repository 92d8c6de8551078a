"""Reads of a collectivité's dashboard: its published months, its entries and its peers'
over the last twelve publications, the category medians and the peers themselves.

A page reads a bounded number of rows whatever the size of France: the collectivité's and
its (at most five) peers' entries through the (territory, publication) index, and medians
computed once per publication and category, then kept in the cache."""

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from django.core.cache import cache
from django.db.models import Count, Max, Q, Sum

from observatoire.core.dates import MonthError, parse_month
from observatoire.metrics.models import Snapshot
from observatoire.profiles.models import Profile
from observatoire.rankings.models import PACKED, RankingEntry, RankingPublication
from observatoire.rankings.selectors import methodology_default
from observatoire.territories.models import Territory
from observatoire.territories.selectors import territory_search

from .models import MAX_PEERS, PeerChoice

HISTORY_MONTHS = 12
MEDIAN_TIMEOUT = 60 * 60 * 24


# --- months ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Months:
    """The published months of the default methodology (newest first), the chosen one, and
    the publications shown: the chosen month and up to eleven before it, oldest first."""

    published: list[RankingPublication]
    selected: RankingPublication | None
    history: list[RankingPublication]


def publications_published() -> list[RankingPublication]:
    """The published months of the default methodology, newest first."""
    methodology = methodology_default()
    if methodology is None:
        return []
    return list(
        RankingPublication.objects.filter(methodology=methodology)
        .select_related("methodology")
        .order_by("-month")
    )


def months_choose(*, published: list[RankingPublication], month: str = "") -> Months:
    """`month` ("YYYY-MM") among the `published` months when it is one, else the latest."""
    try:
        wanted = parse_month(month) if month else None
    except MonthError:
        wanted = None
    index = next((i for i, p in enumerate(published) if p.month == wanted), 0)
    history = published[index : index + HISTORY_MONTHS][::-1]
    return Months(published, published[index] if published else None, history)


def dashboard_months(*, month: str = "") -> Months:
    """The months of the dashboard for `month` ("YYYY-MM"; default the latest published)."""
    return months_choose(published=publications_published(), month=month)


# --- entries --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Figures:
    """One ranking entry as the dashboard reads it (unknown values are None)."""

    territory_id: int
    network: str
    publication_id: int
    category: str
    eligible: bool
    reason: str  # label, "" when ranked
    rank: int | None
    score: float | None
    followers: int | None
    kpis: dict[str, float | None]


def _unpack(data: bytes, names: list[str]) -> dict[str, float | None]:
    if not data:
        return dict.fromkeys(names)
    values = np.frombuffer(bytes(data), dtype=PACKED)[: len(names)].tolist()
    return {name: None if v != v else v for name, v in zip(names, values, strict=True)}


ENTRY_FIELDS = (
    "territory_id",
    "network",
    "publication_id",
    "category",
    "eligible",
    "reason",
    "rank",
    "score",
    "followers",
    "kpi_data",
)


def entry_figures(
    *, territory_ids: list[int], publications: list[RankingPublication]
) -> dict[tuple[int, str, int], Figures]:
    """(territory id, network, publication id) -> Figures, for the principal profiles of
    these collectivités in these publications: one query on the (territory, publication)
    index."""
    kpis = {p.pk: list(p.kpis) for p in publications}
    fields = ENTRY_FIELDS
    rows = RankingEntry.objects.filter(
        territory_id__in=territory_ids, publication_id__in=list(kpis)
    ).values_list(*fields)
    reasons = dict(RankingEntry.Reason.choices)
    found = {}
    for row in rows.order_by("publication_id", "pk"):
        entry = dict(zip(fields, row, strict=True))
        eligible, score, publication_id = entry["eligible"], entry["score"], entry["publication_id"]
        found[entry["territory_id"], entry["network"], publication_id] = Figures(
            territory_id=entry["territory_id"],
            network=entry["network"],
            publication_id=publication_id,
            category=entry["category"],
            eligible=eligible,
            reason="" if eligible else str(reasons.get(entry["reason"], entry["reason"])),
            rank=entry["rank"],
            score=float(score) if score is not None else None,
            followers=entry["followers"],
            kpis=_unpack(entry["kpi_data"], kpis[publication_id]),
        )
    return found


# --- medians --------------------------------------------------------------------------


def _median(values) -> float | None:
    known = [v for v in values if v is not None and v == v]
    return statistics.median(known) if known else None


def _publication_medians(publication: RankingPublication, category: str) -> dict:
    """network -> {"score", "followers", each KPI: median among the ranked; "ranked": count}."""
    names = list(publication.kpis)
    rows = RankingEntry.objects.filter(
        publication=publication, category=category, eligible=True
    ).values_list("network", "score", "followers", "kpi_data")
    groups: dict[str, list] = defaultdict(list)
    for network, score, followers, data in rows:
        groups[network].append((score, followers, data))
    result = {}
    for network, entries in groups.items():
        blob = b"".join(bytes(data) for _s, _f, data in entries)
        raw = np.frombuffer(blob, dtype=PACKED).reshape(len(entries), 3, len(names))[:, 0, :]
        medians = {name: _median(raw[:, k].tolist()) for k, name in enumerate(names)}
        medians["score"] = _median(float(s) for s, _f, _d in entries if s is not None)
        medians["followers"] = _median(f for _s, f, _d in entries)
        medians["ranked"] = len(entries)
        result[network] = medians
    return result


def category_medians(*, publications: list[RankingPublication], category: str) -> dict:
    """(publication id, network) -> medians of the ranked profiles of the category (score,
    followers, each raw KPI of the publication) and their number. Computed once per
    publication (one query each) and kept in the cache until the month is republished."""

    def key(publication: RankingPublication) -> str:
        stamp = publication.published_at.timestamp()
        return f"dashboard:medians:{publication.pk}:{stamp}:{category}"

    keys = {key(p): p for p in publications}
    found = cache.get_many(list(keys))
    for cache_key, publication in keys.items():
        if cache_key not in found:
            found[cache_key] = _publication_medians(publication, category)
            cache.set(cache_key, found[cache_key], MEDIAN_TIMEOUT)
    return {
        (publication.pk, network): medians
        for cache_key, publication in keys.items()
        for network, medians in found[cache_key].items()
    }


# --- peers ----------------------------------------------------------------------------


def peers_chosen(*, territory: Territory) -> list[Territory]:
    """The peers a manager chose, in their order (empty: the default applies)."""
    choices = PeerChoice.objects.filter(territory=territory).select_related("peer")
    return [choice.peer for choice in choices.order_by("position", "pk")]


def peer_ids_chosen(*, territory: Territory) -> list[int]:
    return list(
        PeerChoice.objects.filter(territory=territory)
        .order_by("position", "pk")
        .values_list("peer_id", flat=True)
    )


def peers_default(
    *, territory: Territory, publication: RankingPublication | None, limit: int = MAX_PEERS
) -> list[Territory]:
    """Up to five collectivités of the same category in the same région (the whole category
    for a région), closest in rank to this one in `publication`: the mean distance over the
    networks where both are ranked; those never ranked beside it come after, best first."""
    if publication is None:
        return []
    entries = RankingEntry.objects.filter(
        publication=publication, category=territory.category, eligible=True
    )
    if territory.region_id and territory.region_id != territory.pk:
        entries = entries.filter(region_id=territory.region_id)
    own: dict[str, int] = {}
    others: dict[int, dict[str, int]] = defaultdict(dict)
    for territory_id, network, rank in entries.values_list("territory_id", "network", "rank"):
        if territory_id == territory.pk:
            own[network] = rank
        else:
            others[territory_id][network] = rank

    def distance(territory_id: int) -> tuple:
        ranks = others[territory_id]
        gaps = [abs(rank - own[n]) for n, rank in ranks.items() if n in own]
        return (0, sum(gaps) / len(gaps), territory_id) if gaps else (1, min(ranks.values()), 0)

    closest = sorted(others, key=distance)[:limit]
    by_id = Territory.objects.in_bulk(closest)
    return [by_id[pk] for pk in closest if pk in by_id]


def peer_candidates(*, territory: Territory, query: str, limit: int = 20) -> list[Territory]:
    """Collectivités matching `query` (as the site's search), the same category first,
    without the collectivité itself."""
    found = [t for t in territory_search(query=query, limit=100) if t.pk != territory.pk]
    found.sort(key=lambda t: t.category != territory.category)  # stable: keeps the relevance
    return found[:limit]


def territories_by_ids(*, ids: list[int]) -> list[Territory]:
    """The collectivités of `ids` in that order (unknown ids left out)."""
    by_id = Territory.objects.in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]


# --- profiles -------------------------------------------------------------------------


def territory_profiles(*, territory: Territory) -> list[Profile]:
    """Every profile of the collectivité: principal ones first, by network."""
    return list(territory.profiles.order_by("-is_principal", "network", "handle"))


def profiles_stamp(*, territory: Territory) -> str:
    """Changes when a profile of the collectivité is added, removed, edited or changes
    reachability: part of the cache key of its dashboard."""
    row = Profile.objects.filter(territory=territory).aggregate(
        count=Count("pk"),
        ids=Sum("pk"),
        updated=Max("updated_at"),
        unreachable=Count("pk", filter=Q(status=Profile.Status.UNAVAILABLE)),
    )
    updated = row["updated"].isoformat() if row["updated"] else "-"
    return f"{row['count']}/{row['ids'] or 0}/{updated}/{row['unreachable']}"


def month_end_followers(
    *, profiles: list[Profile], months: list[dt.date]
) -> dict[tuple[int, dt.date], int]:
    """(profile id, month) -> followers at the profile's last snapshot of that month."""
    if not profiles or not months:
        return {}
    last = (months[-1] + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    rows = (
        Snapshot.objects.filter(profile__in=profiles, date__gte=months[0], date__lte=last)
        .order_by("profile_id", "date")
        .values_list("profile_id", "date", "followers")
    )
    return {(profile_id, date.replace(day=1)): followers for profile_id, date, followers in rows}
