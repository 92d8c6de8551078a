"""Reads of published rankings for the site, the API and the dashboards."""

from __future__ import annotations

from django.db.models import QuerySet

from observatoire.territories.models import Territory

from .models import Methodology, RankingEntry, RankingPublication


def publication_latest(*, methodology: Methodology | None = None) -> RankingPublication | None:
    """The most recent month published under `methodology` (default: the default version)."""
    raise NotImplementedError


def ranking_list(
    *, publication: RankingPublication, network: str, category: str, region: Territory | None = None
) -> QuerySet[RankingEntry]:
    """Eligible entries by rank, then the non-eligible by territory name (one région: by
    regional rank)."""
    raise NotImplementedError


def entry_explanation(*, entry: RankingEntry) -> dict:
    """Each KPI's raw value, normalised value, weight and points, and what it would need to be
    to gain one rank."""
    raise NotImplementedError


def territory_history(*, territory: Territory, methodology: Methodology | None = None) -> list:
    """Entries of a territory's principal profiles over the months (rank, score per network)."""
    raise NotImplementedError


def kpi_medians(*, publication: RankingPublication, network: str, category: str) -> dict:
    """Median of each raw KPI among the eligible entries of a group."""
    raise NotImplementedError
