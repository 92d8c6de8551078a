"""Reads of the rankings' feeds: the months a ranking (network × category) was published
with ranked profiles, and its leaders."""

from django.db.models import Exists, OuterRef

from observatoire.rankings.models import RankingEntry, RankingPublication
from observatoire.rankings.selectors import methodology_default

LIMIT = 24  # two years of months


def feed_publications(*, network: str, category: str) -> list[RankingPublication]:
    """The default methodology's months with ranked profiles in the group, newest first."""
    methodology = methodology_default()
    if methodology is None:
        return []
    leader = RankingEntry.objects.filter(
        publication=OuterRef("pk"), network=network, category=category, rank=1
    )
    return list(
        RankingPublication.objects.filter(Exists(leader), methodology=methodology)
        .select_related("methodology")
        .order_by("-month")[:LIMIT]
    )


def feed_leaders(
    *, publication: RankingPublication, network: str, category: str, limit: int = 3
) -> list[RankingEntry]:
    return list(
        RankingEntry.objects.filter(
            publication=publication, network=network, category=category, eligible=True
        )
        .select_related("territory", "profile")
        .order_by("rank", "territory__name", "pk")[:limit]
    )
