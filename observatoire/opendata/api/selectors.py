"""Reads of the API: pages of the registry and of a ranking, lookups by stable id.

The rankings' own reads (`rankings.selectors`), the site's (`site.selectors`) and the awards'
(`awards.selectors`) do the rest; these add what an API needs: filters, counts and a page.
"""

import math
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from observatoire.core.dates import MonthError, parse_month
from observatoire.opendata.census.selectors import CensusFigures
from observatoire.opendata.models import CensusMonth
from observatoire.rankings import selectors as ranking_selectors
from observatoire.rankings.models import Methodology, RankingEntry, RankingPublication
from observatoire.territories.models import Territory
from observatoire.territories.selectors import KIND_ORDER, territory_search_condition

LATEST = "latest"


@dataclass(frozen=True)
class Page:
    count: int
    number: int
    pages: int
    size: int
    rows: list


def page_of(queryset: QuerySet, *, number: int, size: int) -> Page | None:
    """One page of `queryset` (two queries); None when `number` is past the last page."""
    count = queryset.count()
    pages = max(1, math.ceil(count / size))
    if number > pages:
        return None
    start = (number - 1) * size
    rows = list(queryset[start : start + size])
    return Page(count=count, number=number, pages=pages, size=size, rows=rows)


def territory_filter(
    *,
    query: str = "",
    category: str | None = None,
    kind: str | None = None,
    region: str | None = None,
    departement: str | None = None,
) -> QuerySet[Territory]:
    """Territories matching a search and filters (région and département by their ids), the
    best matches first when searching, else régions, départements, EPCI, communes by name."""
    territories = Territory.objects.select_related("region", "departement", "epci").annotate(
        kind_order=KIND_ORDER
    )
    if category:
        territories = territories.filter(category=category)
    if kind:
        territories = territories.filter(kind=kind)
    if region:
        territories = territories.filter(region__key=region)
    if departement:
        territories = territories.filter(departement__key=departement)
    query = " ".join(query.split())[:100]
    if not query:
        return territories.order_by("kind_order", "name", "pk")
    condition, exact = territory_search_condition(query)
    return (
        territories.filter(condition)
        .annotate(exact=exact)
        .order_by("exact", "kind_order", "-population", "name", "pk")
    )


def territory_by_id(*, key: str) -> Territory | None:
    return Territory.objects.select_related("region", "departement", "epci").filter(key=key).first()


def methodology_by_id(*, slug: str | None) -> Methodology | None:
    """The methodology `slug`, or the default one when `slug` is None."""
    if slug is None:
        return ranking_selectors.methodology_default()
    return Methodology.objects.filter(slug=slug).first()


def methodology_list() -> list[Methodology]:
    return list(Methodology.objects.order_by("slug"))


def publication_by_month(*, methodology: Methodology, month: str) -> RankingPublication | None:
    """The publication of `month` ("YYYY-MM", or "latest") under `methodology`."""
    if month == LATEST:
        return ranking_selectors.publication_latest(methodology=methodology)
    try:
        first_day = parse_month(month)
    except MonthError:
        return None
    return (
        RankingPublication.objects.filter(methodology=methodology, month=first_day)
        .select_related("methodology")
        .first()
    )


def publication_list(*, methodology: Methodology) -> list[RankingPublication]:
    """The methodology's publications, newest first, each with `groups`: (network, category,
    entries, ranked) in one query for all of them."""
    publications = list(
        RankingPublication.objects.filter(methodology=methodology)
        .select_related("methodology")
        .order_by("-month")
    )
    counts = (
        RankingEntry.objects.filter(publication__in=publications)
        .values("publication_id", "network", "category")
        .annotate(entries=Count("pk"), ranked=Count("pk", filter=Q(eligible=True)))
        .order_by("publication_id", "network", "category")
    )
    groups: dict[int, list[dict]] = {}
    for row in counts:
        groups.setdefault(row.pop("publication_id"), []).append(row)
    for publication in publications:
        publication.groups_found = groups.get(publication.pk, [])
    return publications


def ranking_entries(
    *,
    publication: RankingPublication,
    network: str,
    category: str,
    region: Territory | None,
) -> tuple[QuerySet[RankingEntry], int]:
    """A ranking's entries in the order of the site (`rankings.selectors.ranking_list`) and
    how many are ranked."""
    entries = ranking_selectors.ranking_list(
        publication=publication, network=network, category=category, region=region
    )
    return entries, entries.filter(eligible=True).count()


def region_by_id(*, key: str) -> Territory | None:
    return Territory.objects.filter(key=key, kind=Territory.Kind.REGION).first()


def ranking_entry(
    *, publication: RankingPublication, network: str, category: str, territory: str
) -> RankingEntry | None:
    """The entry of the collectivité `territory` (its id) in one ranking."""
    return (
        RankingEntry.objects.filter(
            publication=publication, network=network, category=category, territory__key=territory
        )
        .select_related("publication__methodology", "territory", "profile", "region")
        .first()
    )


def territory_history(
    *, territory: Territory, methodology: Methodology, network: str | None
) -> list[RankingEntry]:
    """`rankings.selectors.territory_history`, on one network when `network` is given."""
    entries = ranking_selectors.territory_history(territory=territory, methodology=methodology)
    return [entry for entry in entries if network is None or entry.network == network]


def census_heads() -> list[CensusFigures]:
    """Every month of the census, newest first, without its figures (one query)."""
    rows = CensusMonth.objects.order_by("-month").values_list(
        "month", "computed_at", "data_until", "demo"
    )
    return [
        CensusFigures(month=month, computed_at=at, data_until=until, demo=demo, figures=())
        for month, at, until, demo in rows
    ]
