"""Writes of the rankings: compute and publish a month, re-weight in memory."""

from __future__ import annotations

import datetime

from .models import Methodology, RankingPublication


def ranking_build(
    *, month: datetime.date, methodology: Methodology | None = None
) -> RankingPublication:
    """Compute every network × category ranking of `month` and publish them atomically."""
    raise NotImplementedError


def reweight(
    *,
    publication: RankingPublication,
    weights: dict[str, float],
    network: str | None = None,
    category: str | None = None,
) -> list:
    """Re-score a publication from its stored normalised KPIs with other weights (no write)."""
    raise NotImplementedError
