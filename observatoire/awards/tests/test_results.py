"""The jury's results on plain values: a juror's weighted score, mean or trimmed mean, the
tie-breaks in their documented order, the medals, computed by hand and computed again."""

import random
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from observatoire.awards import results
from observatoire.awards.results import Criterion, Nominee

# Weights 3, 2, 1: the heaviest criterion is the first.
CRITERIA = [
    Criterion(id=1, weight=Decimal("3"), position=0),
    Criterion(id=2, weight=Decimal("2"), position=1),
    Criterion(id=3, weight=Decimal("1"), position=2),
]


def scores(*values) -> dict[int, Decimal]:
    return {criterion.id: Decimal(str(v)) for criterion, v in zip(CRITERIA, values, strict=False)}


def test_juror_score_is_the_weighted_mean_of_the_criteria():
    # (3 × 8 + 2 × 6 + 1 × 5) / 6 = 41 / 6
    assert results.juror_score(scores(8, 6, 5), CRITERIA) == Fraction(41, 6)
    assert results.juror_score(scores(7.5, 10, 0), CRITERIA) == Fraction(425, 60)


def test_an_incomplete_juror_score_is_not_counted():
    assert results.juror_score(scores(8, 6), CRITERIA) is None
    nominee = Nominee(id=1, name="Gers", scores={10: scores(8, 6, 5), 11: scores(9, 9)})
    (result,) = results.category_ranking([nominee], CRITERIA)
    assert result.juror_scores == (Fraction(41, 6),)
    assert result.incomplete == 1
    assert result.score == Fraction(41, 6)


def test_zero_weights_give_the_plain_mean():
    flat = [Criterion(id=1, weight=Decimal(0)), Criterion(id=2, weight=Decimal(0))]
    assert results.juror_score({1: Decimal(4), 2: Decimal(7)}, flat) == Fraction(11, 2)


def test_mean_below_five_jurors_trimmed_mean_from_five():
    four = [Fraction(v) for v in (2, 6, 7, 9)]
    assert results.jury_score(four) == (Fraction(24, 4), "mean")
    five = [Fraction(v) for v in (2, 6, 7, 9, 10)]
    # 2 and 10 dropped: (6 + 7 + 9) / 3
    assert results.jury_score(five) == (Fraction(22, 3), "trimmed_mean")
    assert results.jury_score([]) == (None, "")


def test_a_nominee_nobody_fully_scored_is_not_ranked_and_gets_no_medal():
    scored = Nominee(id=1, name="Aude", scores={10: scores(5, 5, 5)})
    partial = Nominee(id=2, name="Ariège", scores={10: scores(9, 9)})
    ranking = results.category_ranking([partial, scored], CRITERIA)
    assert [(r.nominee.name, r.rank) for r in ranking] == [("Aude", 1), ("Ariège", None)]
    assert [(r.nominee.name, m) for r, m in results.medal_plan(ranking, kind="type")] == [
        ("Aude", "gold")
    ]


def test_ties_broken_by_the_median_of_the_jurors():
    # Same mean 6: jurors (4, 6, 8) vs (3, 7.5, 7.5) -> medians 6 and 7.5
    a = Nominee(id=1, name="Aude", scores={i: scores(v, v, v) for i, v in enumerate((4, 6, 8))})
    b = Nominee(id=2, name="Gers", scores={i: scores(v, v, v) for i, v in enumerate((3, 7.5, 7.5))})
    ranking = results.category_ranking([a, b], CRITERIA)
    assert [r.nominee.name for r in ranking] == ["Gers", "Aude"]
    assert ranking[0].score == ranking[1].score == 6
    assert ranking[1].tie_break == "median"


def test_ties_broken_by_the_heaviest_criterion():
    # Both 41/6, one juror each; Lot scored the heaviest criterion (weight 3) higher.
    a = Nominee(id=1, name="Aude", scores={1: scores(7, 7.5, 7)})  # 21 + 15 + 7 = 43
    b = Nominee(id=2, name="Lot", scores={1: scores(8, 6, 7)})  # 24 + 12 + 7 = 43
    ranking = results.category_ranking([a, b], CRITERIA)
    assert [r.nominee.name for r in ranking] == ["Lot", "Aude"]
    assert ranking[1].tie_break == "heaviest"


def test_ties_broken_by_the_data_evidence_then_the_name():
    same = {1: scores(6, 6, 6)}
    ranking = results.category_ranking(
        [
            Nominee(id=1, name="Tarn", scores=same, evidence=None),
            Nominee(id=2, name="Gers", scores=same, evidence=41.5),
            Nominee(id=3, name="Aude", scores=same, evidence=62.0),
            Nominee(id=4, name="Ériège", scores=same, evidence=None),
        ],
        CRITERIA,
    )
    # evidence first (none last), then alphabetical ignoring accents: Ériège before Tarn
    assert [r.nominee.name for r in ranking] == ["Aude", "Gers", "Ériège", "Tarn"]
    assert [r.tie_break for r in ranking] == ["", "evidence", "evidence", "name"]
    assert [r.rank for r in ranking] == [1, 2, 3, 4]


def test_evidence_reads_the_performance_score_or_the_agility_index():
    performance = {"performance": {"score": 71.2, "months": 12}, "dossier": {"links": 4}}
    assert results.evidence_value(performance) == 71.2
    assert results.evidence_value({"agility": 64, "presence": 0.8}) == 64.0
    assert results.evidence_value({"performance": {"score": None}}) is None
    assert results.evidence_value({"agility": True}) is None
    assert results.evidence_value([]) is None


def test_medals_podium_for_types_and_themes_special_prize_for_agility():
    nominees = [
        Nominee(id=i, name=name, scores={1: scores(v, v, v)})
        for i, (name, v) in enumerate([("Aude", 5), ("Gers", 9), ("Lot", 7), ("Tarn", 8)])
    ]
    ranking = results.category_ranking(nominees, CRITERIA)
    podium = [(r.nominee.name, medal) for r, medal in results.medal_plan(ranking, kind="thematic")]
    assert podium == [("Gers", "gold"), ("Tarn", "silver"), ("Lot", "bronze")]
    special = [(r.nominee.name, m) for r, m in results.medal_plan(ranking, kind="agility")]
    assert special == [("Gers", "special")]
    two = results.category_ranking(nominees[:2], CRITERIA)
    assert [m for _r, m in results.medal_plan(two, kind="type")] == ["gold", "silver"]
    assert results.medal_plan([], kind="agility") == []


def test_the_same_scores_in_any_order_give_the_same_results():
    rng = random.Random(7)
    nominees = [
        Nominee(
            id=n,
            name=f"Collectivité {n}",
            scores={j: scores(rng.randint(0, 20) / 2, rng.randint(0, 20) / 2, 5) for j in range(6)},
            evidence=rng.choice([None, 1.0, 2.0]),
        )
        for n in range(12)
    ]
    first = results.category_ranking(nominees, CRITERIA)
    shuffled = nominees[:]
    rng.shuffle(shuffled)
    again = results.category_ranking(shuffled, CRITERIA)
    assert first == again
    assert all(r.method == "trimmed_mean" for r in first)


def test_to_decimal_rounds_half_up_for_display_only():
    assert results.to_decimal(Fraction(41, 6)) == Decimal("6.833")
    assert results.to_decimal(Fraction(1, 2000)) == Decimal("0.001")
    assert results.to_decimal(None) is None


@given(st.lists(st.integers(min_value=0, max_value=20), min_size=1, max_size=12))
def test_the_jury_score_stays_between_the_lowest_and_highest_juror(halves):
    values = [Fraction(v, 2) for v in halves]
    score, method = results.jury_score(values)
    assert min(values) <= score <= max(values)
    assert method == ("trimmed_mean" if len(values) >= results.TRIM_FROM else "mean")
