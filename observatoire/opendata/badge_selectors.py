"""Reads of the ranking badges: a territory's entry on a network in a published month (the
default methodology's, as the site shows), and every entry it has had."""

from __future__ import annotations

import datetime
from collections import defaultdict

from observatoire.profiles.models import Network
from observatoire.rankings.models import RankingEntry, RankingPublication
from observatoire.rankings.selectors import methodology_default
from observatoire.territories.models import Territory


def badge_publication(*, month: datetime.date | None = None) -> RankingPublication | None:
    """The publication of `month` (default: the latest) under the default methodology."""
    methodology = methodology_default()
    if methodology is None:
        return None
    publications = RankingPublication.objects.filter(methodology=methodology)
    if month is not None:
        publications = publications.filter(month=month)
    return publications.order_by("-month").first()


def badge_entry(
    *, territory: Territory, network: str, publication: RankingPublication
) -> RankingEntry | None:
    """The territory's entry on `network` in `publication` (None: no principal profile was
    ranked or listed there)."""
    return (
        RankingEntry.objects.filter(territory=territory, network=network, publication=publication)
        .select_related("profile")
        .first()
    )


def badge_entries(*, territory: Territory) -> dict[str, list[RankingEntry]]:
    """Network -> the territory's entries, newest month first, networks in their declared
    order."""
    entries = (
        RankingEntry.objects.filter(
            territory=territory, publication__methodology=methodology_default()
        )
        .select_related("publication", "profile")
        .order_by("-publication__month", "pk")
    )
    by_network: dict[str, list[RankingEntry]] = defaultdict(list)
    for entry in entries:
        by_network[entry.network].append(entry)
    return {network: by_network[network] for network in Network.values if network in by_network}
