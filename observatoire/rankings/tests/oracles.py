"""Plain-value versions of the engine's maths, one profile or one group at a time: the
oracles the array functions of `formulas` are tested against, and the group scoring the
hypothesis properties drive. Test code only; production uses the array functions."""

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from observatoire.rankings.formulas import (
    REASONS,
    V1,
    Rules,
    normalise_array,
    percentile_array,
    ranks_array,
    score_units_array,
)


def ineligibility_reason(
    *,
    active: bool,
    followers: int | None,
    posts: int,
    order: Sequence[str] = REASONS,
) -> str:
    """The first reason, in the methodology's order, that excludes a profile ("" if none).
    `followers` is None when there is no snapshot in the window."""
    checks = {
        "unavailable": not active,
        "no_snapshot": followers is None,
        "no_followers": followers is not None and followers == 0,
        "no_posts": posts == 0,
    }
    return next((reason for reason in order if checks.get(reason)), "")


def percentile_ranks(values: Sequence[float]) -> list[float]:
    """Average 1-based position among the values sorted ascending, divided by their count
    (pandas `rank(method="average", pct=True)`)."""
    return percentile_array(np.asarray(values, dtype=float)).tolist()


@dataclass(frozen=True, slots=True)
class GroupResult:
    norms: list[list[float]]
    scores: list[int]  # units, see score_units
    ranks: list[int]


def rescore_group(norms: Sequence[Sequence[float]], rules: Rules = V1) -> GroupResult:
    """Scores and ranks from already normalised KPIs (the re-weighting path)."""
    matrix = np.asarray(norms, dtype=float).reshape(-1, len(rules.kpis))
    scores = score_units_array(matrix, rules)
    return GroupResult(
        norms=matrix.tolist(), scores=scores.tolist(), ranks=ranks_array(scores).tolist()
    )


def score_group(rows: Sequence[Sequence[float]], rules: Rules = V1) -> GroupResult:
    """Normalise, score and rank the eligible profiles of one peer group."""
    return rescore_group(normalise_array(rows, rules), rules)
