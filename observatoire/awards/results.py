"""The jury's results: pure functions on plain values (no ORM), so the stored scores always
give the same ranking, and the rules can be tested by hand.

- A juror's score of a nominee is the weighted mean of their criteria:
  Σ weight × value / Σ weight. It counts only when the juror scored every criterion of the
  edition; an incomplete scoring is left out (and counted as such).
- A nominee's jury score is the mean of its jurors' scores, or, from TRIM_FROM jurors on,
  the trimmed mean: the highest and the lowest juror scores are dropped first.
- Nominees are ranked by jury score; equal jury scores are separated, in this order, by the
  higher median juror score, the higher mean score on the heaviest criterion (the first of
  the heaviest in the edition's order), the higher data evidence (the nomination's
  mean performance score `evidence["performance"]["score"]`, or its agility index
  `evidence["agility"]`; none last), then the name in alphabetical order (accents and
  case ignored) and the nomination's id. A nominee no juror fully scored is not ranked.
- Medals: gold, silver and bronze to the first three of a category by type or thematic;
  the special prize to the first of the agility category. Fewer ranked nominees, fewer
  medals.

Computations are exact (fractions); `to_decimal` rounds for display and storage only.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from numbers import Real

TRIM_FROM = 5  # jurors from which the highest and lowest juror scores are dropped
PODIUM = ("gold", "silver", "bronze")
SPECIAL = "special"
MEDAL_KINDS = ("type", "thematic")
SPECIAL_KINDS = ("agility",)
TIE_BREAKS = ("median", "heaviest", "evidence", "name")
# Where a nomination's evidence (awards/shortlist.py) holds its figure: the mean monthly
# performance score (categories by type or thematic), or the agility index.
EVIDENCE_PATHS = (("performance", "score"), ("agility",), ("score",))


@dataclass(frozen=True)
class Criterion:
    id: int
    weight: Decimal
    position: int = 0


@dataclass(frozen=True)
class Nominee:
    """A nomination as the results see it: its scores per juror, then per criterion."""

    id: int
    name: str
    scores: Mapping[int, Mapping[int, Decimal]]  # juror id -> criterion id -> value
    evidence: float | None = None


@dataclass(frozen=True)
class Result:
    nominee: Nominee
    rank: int | None  # 1, 2, … ; None: no juror scored every criterion
    score: Fraction | None  # the jury score
    method: str  # "mean", "trimmed_mean", or "" when not ranked
    juror_scores: tuple[Fraction, ...]  # the complete jurors' scores, lowest first
    incomplete: int  # jurors who scored some criteria but not all (not counted)
    median: Fraction | None
    heaviest: Fraction | None  # mean score of the complete jurors on the heaviest criterion
    tie_break: str = ""  # the rule that put it after a nominee with the same jury score

    @property
    def jurors(self) -> int:
        return len(self.juror_scores)

    @property
    def score_display(self) -> Decimal | None:
        return to_decimal(self.score)

    @property
    def median_display(self) -> Decimal | None:
        return to_decimal(self.median)

    @property
    def heaviest_display(self) -> Decimal | None:
        return to_decimal(self.heaviest)

    @property
    def juror_scores_display(self) -> list[Decimal | None]:
        return [to_decimal(score) for score in self.juror_scores]


def juror_score(values: Mapping[int, Decimal], criteria: Sequence[Criterion]) -> Fraction | None:
    """Σ weight × value / Σ weight over the edition's criteria; None when a criterion is
    not scored. When every weight is zero, the plain mean."""
    if not criteria or any(criterion.id not in values for criterion in criteria):
        return None
    total = sum((Fraction(criterion.weight) for criterion in criteria), Fraction(0))
    if total == 0:
        return sum((Fraction(values[c.id]) for c in criteria), Fraction(0)) / len(criteria)
    weighted = sum((Fraction(c.weight) * Fraction(values[c.id]) for c in criteria), Fraction(0))
    return weighted / total


def jury_score(scores: Iterable[Fraction]) -> tuple[Fraction | None, str]:
    """The mean of the juror scores, or from TRIM_FROM of them the mean without the highest
    and the lowest; (None, "") without any."""
    ordered = sorted(scores)
    if not ordered:
        return None, ""
    if len(ordered) >= TRIM_FROM:
        kept = ordered[1:-1]
        return sum(kept, Fraction(0)) / len(kept), "trimmed_mean"
    return sum(ordered, Fraction(0)) / len(ordered), "mean"


def median(values: Sequence[Fraction]) -> Fraction | None:
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def heaviest_criterion(criteria: Sequence[Criterion]) -> Criterion | None:
    """The criterion of the highest weight; among equals, the first in the edition's order."""
    if not criteria:
        return None
    return min(criteria, key=lambda c: (-Fraction(c.weight), c.position, c.id))


def name_key(name: str) -> str:
    """Alphabetical order ignoring accents and case: "Ériège" between "Doubs" and "Gers"."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def evidence_value(evidence: object) -> float | None:
    """The data evidence used as a tie-break: the first number found at EVIDENCE_PATHS in
    the nomination's evidence (the mean performance score, or the agility index), if any."""
    for path in EVIDENCE_PATHS:
        value = evidence
        for key in path:
            value = value.get(key) if isinstance(value, Mapping) else None
        if isinstance(value, Real) and not isinstance(value, bool):
            return float(value)
    return None


def nominee_result(nominee: Nominee, criteria: Sequence[Criterion]) -> Result:
    """One nominee's jury score and the figures of the tie-breaks, not ranked yet."""
    complete: list[Fraction] = []
    heaviest_values: list[Fraction] = []
    incomplete = 0
    heaviest = heaviest_criterion(criteria)
    for _juror, values in sorted(nominee.scores.items()):
        score = juror_score(values, criteria)
        if score is None:
            incomplete += 1 if values else 0
            continue
        complete.append(score)
        heaviest_values.append(Fraction(values[heaviest.id]))
    score, method = jury_score(complete)
    return Result(
        nominee=nominee,
        rank=None,
        score=score,
        method=method,
        juror_scores=tuple(sorted(complete)),
        incomplete=incomplete,
        median=median(complete),
        heaviest=(sum(heaviest_values, Fraction(0)) / len(heaviest_values))
        if heaviest_values
        else None,
    )


def _order(result: Result) -> tuple:
    """The sort key of a ranked result: best first, every tie-break in turn."""
    evidence = result.nominee.evidence
    return (
        -result.score,
        -result.median,
        -result.heaviest,
        evidence is None,
        -(evidence or 0.0),
        name_key(result.nominee.name),
        result.nominee.id,
    )


def _tie_break(previous: Result, current: Result) -> str:
    """Which rule put `current` after `previous` when their jury scores are equal."""
    if previous.score != current.score:
        return ""
    before, after = _order(previous), _order(current)
    if before[1] != after[1]:
        return "median"
    if before[2] != after[2]:
        return "heaviest"
    if before[3:5] != after[3:5]:
        return "evidence"
    return "name"


def category_ranking(nominees: Iterable[Nominee], criteria: Sequence[Criterion]) -> list[Result]:
    """The nominees of a category, best first: ranked ones (rank 1, 2, …), then those no
    juror fully scored (rank None, alphabetical)."""
    computed = [nominee_result(nominee, criteria) for nominee in nominees]
    ranked = sorted((r for r in computed if r.score is not None), key=_order)
    unranked = sorted(
        (r for r in computed if r.score is None),
        key=lambda r: (name_key(r.nominee.name), r.nominee.id),
    )
    ordered: list[Result] = []
    for position, result in enumerate(ranked, start=1):
        tie = _tie_break(ordered[-1], result) if ordered else ""
        ordered.append(replace(result, rank=position, tie_break=tie))
    return ordered + unranked


def medal_plan(ranking: Sequence[Result], *, kind: str) -> list[tuple[Result, str]]:
    """The medals of a category from its ranking: the podium for a category by type or
    thematic, the special prize for the agility one; only ranked nominees get one."""
    ranked = [result for result in ranking if result.rank is not None]
    if kind in MEDAL_KINDS:
        return list(zip(ranked, PODIUM, strict=False))
    if kind in SPECIAL_KINDS and ranked:
        return [(ranked[0], SPECIAL)]
    return []


def to_decimal(value: Fraction | None, places: int = 3) -> Decimal | None:
    """A score rounded half up to `places` decimals, for display and storage."""
    if value is None:
        return None
    with localcontext() as context:
        context.prec = 40
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
