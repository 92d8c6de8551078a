"""Page-specific reads of the public website (rankings, collectivité pages, headlines)."""

import datetime as dt
import statistics
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Max, QuerySet

from observatoire.metrics.models import Snapshot
from observatoire.profiles.models import Network, Profile
from observatoire.rankings.models import KPI_NAMES, Methodology, RankingEntry, RankingPublication
from observatoire.territories.models import Category, Territory

PAGE_SIZE = 50
DEFAULT_NETWORK = Network.INSTAGRAM
DEFAULT_CATEGORY = Category.DEPARTEMENT
FOLLOWER_HISTORY_DAYS = 731


def methodology_default() -> Methodology | None:
    return Methodology.objects.filter(is_default=True).first() or Methodology.objects.first()


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
            first_day = dt.datetime.strptime(month, "%Y-%m").date()
        except ValueError:
            first_day = None
        if first_day:
            found = publications.filter(month=first_day).first()
            if found:
                return found
    return publications.order_by("-month").first()


def publications_stamp() -> str:
    """Changes whenever a ranking is published, recomputed or deleted: part of cache keys."""
    row = RankingPublication.objects.aggregate(last=Max("published_at"), top=Max("id"))
    last = row["last"].isoformat() if row["last"] else "none"
    return f"{last}:{row['top'] or 0}:{RankingPublication.objects.count()}"


def _entries(*, publication: RankingPublication, network: str, category: str) -> QuerySet:
    return RankingEntry.objects.filter(
        publication=publication, network=network, category=category
    ).select_related("territory", "profile", "region")


@dataclass
class RankingTable:
    page: Page
    region: Territory | None
    ranked_count: int
    unranked_count: int
    rows: list[RankingEntry] = field(default_factory=list)
    page_links: list = field(default_factory=list)


def ranking_table(
    *,
    publication: RankingPublication,
    network: str,
    category: str,
    region: Territory | None = None,
    page_number: int | str = 1,
) -> RankingTable:
    """One page of a ranking: ranked profiles first, then the non-eligible ones with a reason."""
    entries = _entries(publication=publication, network=network, category=category)
    if region is not None:
        entries = entries.filter(region=region)
        ranked = entries.filter(eligible=True).order_by("region_rank", "rank")
    else:
        ranked = entries.filter(eligible=True).order_by("rank")
    unranked = entries.filter(eligible=False).order_by("territory__name")
    ranked_count = ranked.count()
    unranked_count = unranked.count()
    paginator = Paginator(range(ranked_count + unranked_count), PAGE_SIZE)
    page = paginator.get_page(page_number)
    start, stop = max(page.start_index() - 1, 0), page.end_index()
    rows: list[RankingEntry] = []
    if start < ranked_count:
        rows += list(ranked[start : min(stop, ranked_count)])
    if stop > ranked_count:
        rows += list(unranked[max(start - ranked_count, 0) : stop - ranked_count])
    return RankingTable(
        page=page,
        region=region,
        ranked_count=ranked_count,
        unranked_count=unranked_count,
        rows=rows,
        page_links=list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)),
    )


def ranking_networks(*, publication: RankingPublication | None) -> list[str]:
    """Networks that have a ranking in this publication, in the usual order."""
    if publication is None:
        return []
    present = set(
        RankingEntry.objects.filter(publication=publication)
        .values_list("network", flat=True)
        .distinct()
    )
    return [value for value in Network.values if value in present]


def kpi_medians(*, publication: RankingPublication, network: str, category: str) -> dict:
    """Median of each raw KPI over the eligible profiles of a peer group."""
    rows = list(
        RankingEntry.objects.filter(
            publication=publication, network=network, category=category, eligible=True
        ).values_list(*KPI_NAMES)
    )
    medians = {}
    for index, name in enumerate(KPI_NAMES):
        values = [row[index] for row in rows if row[index] is not None]
        medians[name] = statistics.median(values) if values else None
    return medians


def entry_explanation(*, entry: RankingEntry) -> dict:
    """Where the points come from, and what each KPI alone would need to gain one rank."""
    weights = entry.publication.methodology.weights
    total_weight = sum(weights.values()) or 1
    above = None
    if entry.eligible and entry.rank and entry.rank > 1:
        above = (
            RankingEntry.objects.filter(
                publication_id=entry.publication_id,
                network=entry.network,
                category=entry.category,
                eligible=True,
                rank__lt=entry.rank,
            )
            .order_by("-rank")
            .values("score", "rank")
            .first()
        )
    gap = None
    if above is not None and entry.score is not None:
        gap = float(above["score"]) - float(entry.score)
    kpis = []
    for name in KPI_NAMES:
        weight = weights.get(name, 0)
        normalised = getattr(entry, f"norm_{name}")
        points = getattr(entry, f"points_{name}", None)
        if points is None and normalised is not None:
            points = 100 * weight * normalised / total_weight
        max_points = 100 * weight / total_weight
        needed = None
        reachable = False
        if gap is not None and weight:
            # The normalised value this KPI alone would need to close the gap.
            needed = (normalised or 0) + gap * total_weight / (100 * weight)
            reachable = needed <= 1
        kpis.append(
            {
                "name": name,
                "raw": entry.followers if name == "followers" else getattr(entry, name),
                "normalised": normalised,
                "weight": weight,
                "points": points,
                "max_points": max_points,
                "needed": needed,
                "reachable": reachable,
            }
        )
    return {
        "kpis": kpis,
        "total_weight": total_weight,
        "gap": gap,
        "above_rank": above["rank"] if above else None,
    }


def territory_entries(*, territory: Territory, publication: RankingPublication | None) -> dict:
    """The territory's ranking entries of a publication, keyed by profile id."""
    if publication is None:
        return {}
    entries = RankingEntry.objects.filter(
        territory=territory, publication=publication
    ).select_related("publication__methodology", "profile")
    return {entry.profile_id: entry for entry in entries}


def territory_history(*, territory: Territory, methodology: Methodology | None) -> list[dict]:
    """Rank and score per network over the published months, oldest first."""
    if methodology is None:
        return []
    rows = (
        RankingEntry.objects.filter(territory=territory, publication__methodology=methodology)
        .select_related("publication")
        .order_by("publication__month", "network")
        .values("publication__month", "network", "rank", "score", "eligible", "profile_id")
    )
    return [
        {
            "month": row["publication__month"],
            "network": row["network"],
            "rank": row["rank"],
            "score": float(row["score"]) if row["score"] is not None else None,
            "eligible": row["eligible"],
            "profile_id": row["profile_id"],
        }
        for row in rows
    ]


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


def headline_leaders(*, publication: RankingPublication) -> list[RankingEntry]:
    """The n°1 of each category on each network."""
    return list(
        RankingEntry.objects.filter(publication=publication, eligible=True, rank=1)
        .select_related("territory", "profile")
        .order_by("network", "category")
    )


def headline_climbers(*, publication: RankingPublication, limit: int = 10) -> list[RankingEntry]:
    """The biggest rises since the previous month."""
    return list(
        RankingEntry.objects.filter(publication=publication, eligible=True, movement__gt=0)
        .select_related("territory", "profile")
        .order_by("-movement", "rank")[:limit]
    )


def headline_unreachable(*, limit: int = 10) -> list[Profile]:
    """Profiles that most recently became unreachable."""
    return list(
        Profile.objects.filter(status=Profile.Status.UNAVAILABLE)
        .select_related("territory")
        .order_by("-unavailable_since", "territory__name")[:limit]
    )
