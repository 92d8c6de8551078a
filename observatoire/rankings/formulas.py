"""The maths of the methodology on plain values: KPIs, normalisation, score, rank.

No ORM here, so it can be tested exhaustively and reused by the API and the simulator.
Scores are handled as integer units of the last kept decimal (hundredths of a point in
v1): ranks compare these rounded scores, exactly as they are published.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from fractions import Fraction

import numpy as np

from . import kpis as catalogue
from .kpis import PERCENTILE, TARGET, MonthFigures

REASONS = ("unavailable", "no_snapshot", "no_followers", "no_posts")
# Larger than any denominator of a normalised value (2 × group size, window × target).
_EXACT_DENOMINATOR = 10**7


def _exact(value: float) -> Fraction:
    return Fraction(value).limit_denominator(_EXACT_DENOMINATOR)


@dataclass(frozen=True, slots=True)
class Rules:
    """The scoring part of a methodology, one value per KPI in the order of `kpis` (arrays
    for the maths). Built by KPI name with `from_mappings`; the KPIs' defaults come from the
    catalogue (`kpis.py`)."""

    kpis: tuple[str, ...]
    weights: tuple[float, ...]
    normalisation: tuple[str, ...]
    targets: tuple[float | None, ...]
    higher_is_better: tuple[bool, ...]
    whole_per_window: tuple[bool, ...]
    window_days: int = 30
    decimals: int = 2
    eligibility: tuple[str, ...] = REASONS
    _exact_weights: tuple[Fraction, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        columns = (self.weights, self.normalisation, self.targets, self.higher_is_better)
        if any(len(column) != len(self.kpis) for column in (*columns, self.whole_per_window)):
            raise ValueError("one weight, normalisation and target per KPI")
        if any(w < 0 for w in self.weights):
            raise ValueError("weights must be non-negative")
        if sum(self.weights) <= 0:
            raise ValueError("one non-negative weight per KPI, not all zero")
        exact = tuple(_exact(w) for w in self.weights)
        object.__setattr__(self, "_exact_weights", exact)

    @classmethod
    def from_mappings(
        cls,
        *,
        weights: Mapping[str, float],
        normalisation: Mapping[str, str] | None = None,
        targets: Mapping[str, float] | None = None,
        kpis: Sequence[str] | None = None,
        window_days: int = 30,
        decimals: int = 2,
        eligibility: Sequence[str] = REASONS,
    ) -> Rules:
        """Rules of the KPIs `kpis` (in that order; default: those weighted, in the order of
        the catalogue). A KPI without weight weighs 0; its normalisation and target default
        to its declaration."""
        names = tuple(kpis) if kpis is not None else catalogue.ordered(weights)
        declared = [catalogue.get(name) for name in names]
        normalisation, targets = normalisation or {}, targets or {}
        kinds = tuple(normalisation.get(k.name, k.normalisation) for k in declared)
        return cls(
            kpis=names,
            weights=tuple(float(weights.get(name, 0)) for name in names),
            normalisation=kinds,
            targets=tuple(
                float(targets.get(k.name, k.target)) if kind == TARGET else None
                for k, kind in zip(declared, kinds, strict=True)
            ),
            higher_is_better=tuple(k.higher_is_better for k in declared),
            whole_per_window=tuple(k.whole_per_window for k in declared),
            window_days=window_days,
            decimals=decimals,
            eligibility=tuple(eligibility),
        )

    @property
    def unit(self) -> int:
        """Score units per point: 100 when scores keep 2 decimals."""
        return 10**self.decimals

    def with_weights(self, weights: Mapping[str, float]) -> Rules:
        """The same rules with other weights (KPIs left out weigh 0). ValueError for a
        weighted KPI these rules do not hold."""
        unknown = [name for name, w in weights.items() if w and name not in self.kpis]
        if unknown:
            raise ValueError(f"KPI not in these rules: {', '.join(unknown)}")
        return replace(self, weights=tuple(float(weights.get(k, 0)) for k in self.kpis))

    def target(self, name: str) -> float | None:
        return self.targets[self.kpis.index(name)] if name in self.kpis else None


V1 = Rules.from_mappings(
    weights={
        "engagement_rate": 5,
        "reach": 4,
        "posts_per_day": 3,
        "followers": 2,
        "audience_ratio": 1,
    }
)


# --- the window -----------------------------------------------------------------------


def reading_date(month: date) -> date:
    """D, the last day of the month."""
    following_month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return following_month - timedelta(days=1)


def window_days(month: date, days: int = 30) -> tuple[date, date]:
    """First and last calendar day of the window W (both inclusive)."""
    last = reading_date(month)
    return last - timedelta(days=days - 1), last


# --- per profile ----------------------------------------------------------------------


def kpi_arrays(figures: MonthFigures, kpis: Sequence[str]) -> np.ndarray:
    """The raw KPIs `kpis` of every profile of the month's figures: (n, len(kpis)) floats,
    NaN where a KPI cannot be computed."""
    n = len(figures.posts)
    columns = [np.asarray(catalogue.get(name).compute(figures), dtype=float) for name in kpis]
    return np.column_stack(columns) if columns else np.empty((n, 0))


def ineligibility_reasons(
    *, active: np.ndarray, followers: np.ndarray, posts: np.ndarray, order: Sequence[str] = REASONS
) -> np.ndarray:
    """The first reason, in the methodology's order, that excludes each profile ("" if none;
    followers NaN = no snapshot)."""
    checks = {
        "unavailable": ~active,
        "no_snapshot": np.isnan(followers),
        "no_followers": followers == 0,
        "no_posts": posts == 0,
    }
    result = np.full(len(posts), "", dtype=object)
    for reason in reversed(order):  # the first reason of the order wins
        if reason in checks:
            result[checks[reason]] = reason
    return result


# --- inside a peer group --------------------------------------------------------------


def percentile_array(values: np.ndarray) -> np.ndarray:
    n = len(values)
    if n == 0:
        return np.zeros(0)
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    ends = np.r_[starts[1:], n]  # tie group = sorted positions starts + 1 … ends
    result = np.empty(n)
    result[order] = np.repeat((starts + 1 + ends) / 2 / n, ends - starts)
    return result


def target_ratio(value: float, target: float) -> float:
    return min(value / target, 1.0)


def score_units(norms: Sequence[float], rules: Rules = V1) -> int:
    """Score rounded half up to the methodology's decimals, as an integer of units
    (e.g. 7312 for 73.12). Exact even where floating point would round the wrong way."""
    total = sum(w * s for w, s in zip(rules.weights, norms, strict=True))
    value = total * 100 * rules.unit / sum(rules.weights)
    rounded = math.floor(value + 0.5)
    if abs(value - rounded + 0.5) < 1e-6 or abs(value - rounded - 0.5) < 1e-6:
        exact_weights = rules._exact_weights
        exact = sum((w * _exact(s) for w, s in zip(exact_weights, norms, strict=True)), Fraction())
        exact = exact * 100 * rules.unit / sum(exact_weights)
        rounded = math.floor(exact + Fraction(1, 2))
    return rounded


def points(norms: Sequence[float], rules: Rules = V1) -> tuple[float, ...]:
    """Contribution of each KPI to the score, in points (unrounded; they add up to it)."""
    scale = 100 / sum(rules.weights)
    return tuple(w * s * scale for w, s in zip(rules.weights, norms, strict=True))


def ranks(scores: Sequence[int]) -> list[int]:
    """1 + the number of scores strictly higher."""
    return ranks_array(np.asarray(scores, dtype=np.int64)).tolist()


def ranks_array(scores: np.ndarray) -> np.ndarray:
    ordered = np.sort(scores)
    return 1 + len(ordered) - np.searchsorted(ordered, scores, side="right")


def score_units_array(norms: np.ndarray, rules: Rules = V1) -> np.ndarray:
    """`score_units` of each row of a (n, 5) array of normalised KPIs."""
    if len(norms) == 0:
        return np.zeros(0, dtype=np.int64)
    weights = np.asarray(rules.weights, dtype=float)
    value = (norms @ weights) * 100 * rules.unit / weights.sum()
    rounded = np.floor(value + 0.5)
    for i in np.flatnonzero(np.abs(value - np.floor(value) - 0.5) < 1e-6):
        rounded[i] = score_units(norms[i].tolist(), rules)  # exact where it matters
    return rounded.astype(np.int64)


def points_array(norms: np.ndarray, rules: Rules = V1) -> np.ndarray:
    return norms * np.asarray(rules.weights, dtype=float) * (100 / sum(rules.weights))


def normalise_array(rows: Sequence[Sequence[float]] | np.ndarray, rules: Rules = V1) -> np.ndarray:
    """Normalised KPIs of a group's eligible profiles (lowest first where lower is better)."""
    raw = np.asarray(rows, dtype=float).reshape(-1, len(rules.kpis))
    result = np.empty_like(raw)
    for k, kind in enumerate(rules.normalisation):
        column = raw[:, k] if rules.higher_is_better[k] else -raw[:, k]
        if kind == PERCENTILE:
            result[:, k] = percentile_array(column)
        else:
            result[:, k] = np.minimum(column / rules.targets[k], 1.0)
    return result


# --- what it would take to gain one rank ----------------------------------------------


def needed_for_next_rank(
    rows: Sequence[Sequence[float]], index: int, rules: Rules = V1
) -> dict[str, dict | None]:
    """For each KPI of profile `index`, the raw value it would need (others unchanged) to
    gain at least one rank: {"value": v, "strictly_above": bool} — reach v, or go strictly
    beyond v (below it where lower is better) — or None if no value is enough or the
    profile is already first."""
    matrix = np.asarray(rows, dtype=float).reshape(-1, len(rules.kpis))  # once, not per KPI
    normalised = normalise_array(matrix, rules)
    scores = score_units_array(normalised, rules)
    rank = int(ranks_array(scores)[index])
    if rank == 1:
        return dict.fromkeys(rules.kpis)
    sorted_others = np.sort(np.delete(scores, index)).tolist()
    group = (normalised, scores)
    # Where lower is better, the search runs on the opposite values.
    signed = matrix * np.where(rules.higher_is_better, 1.0, -1.0)
    needed: dict[str, dict | None] = {}
    for k, kpi in enumerate(rules.kpis):
        if rules.weights[k] == 0:
            needed[kpi] = None
        elif rules.normalisation[k] == PERCENTILE:
            found = _needed_percentile(signed, index, k, group, sorted_others, rank, rules)
            if found and not rules.higher_is_better[k]:
                found["value"] = -found["value"]
            needed[kpi] = found
        else:
            needed[kpi] = _needed_target(matrix, index, k, group, sorted_others, rank, rules)
    return needed


def _rank_among(score: int, sorted_others: Sequence[int]) -> int:
    return 1 + len(sorted_others) - bisect_right(sorted_others, score)


def _needed_target(rows, index, k, group, sorted_others, rank, rules) -> dict | None:
    # Others do not move. Posts come in whole numbers: find the smallest enough count.
    own = group[0][index].tolist()
    target = rules.targets[k]

    def enough(value: float) -> bool:
        own[k] = target_ratio(value, target)
        return _rank_among(score_units(own, rules), sorted_others) < rank

    if not enough(target):
        return None
    if rules.whole_per_window[k]:
        days = rules.window_days
        low, high = round(float(rows[index, k]) * days), math.ceil(target * days)
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (low, middle) if enough(middle / days) else (middle, high)
        return {"value": high / days, "strictly_above": False}
    low, high = float(rows[index, k]), float(target)
    for _ in range(60):
        middle = (low + high) / 2
        low, high = (low, middle) if enough(middle) else (middle, high)
    return {"value": high, "strictly_above": False}


def _needed_percentile(rows, index, k, group, sorted_others, rank, rules) -> dict | None:
    n = len(rows)
    column = rows[:, k]
    own_value = column[index]
    others = np.ones(n, dtype=bool)
    others[index] = False
    values = np.sort(column[others])
    candidates = np.unique(values[values > own_value])
    if not len(candidates):
        return None
    norms, scores = group
    peers = np.flatnonzero(others & (column >= own_value))  # the only ones that can move
    peer_values, peer_norms = column[peers], norms[peers]
    peer_scores = scores[peers]

    def rank_for(state: int) -> int:
        # state 2j: tie with candidates[j]; state 2j + 1: strictly above it.
        value = candidates[state // 2]
        above = state % 2 == 1
        below_count = np.searchsorted(values, value, side="right" if above else "left")
        ties = 0 if above else np.searchsorted(values, value, side="right") - below_count
        own_norms = norms[index].copy()
        own_norms[k] = (below_count + (ties + 2) / 2) / n
        own_score = score_units(own_norms.tolist(), rules)
        higher = len(sorted_others) - bisect_right(sorted_others, own_score)
        # Peers whose value lies between the old and the new one lose part of a position.
        delta = np.where((peer_values < value) | above, 1.0, 0.5)
        delta -= np.where(peer_values == own_value, 0.5, 0.0)
        moved = (peer_values <= value) & (delta != 0)
        new_norms = peer_norms[moved].copy()
        new_norms[:, k] -= delta[moved] / n
        new_scores = score_units_array(new_norms, rules)
        higher += int((new_scores > own_score).sum()) - int((peer_scores[moved] > own_score).sum())
        return 1 + higher

    low, high = -1, 2 * len(candidates) - 1
    if rank_for(high) >= rank:
        return None
    while high - low > 1:
        middle = (low + high) // 2
        if rank_for(middle) < rank:
            high = middle
        else:
            low = middle
    return {"value": float(candidates[high // 2]), "strictly_above": high % 2 == 1}
