import datetime as dt

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from observatoire.rankings import formulas
from observatoire.rankings.formulas import V1

from . import oracles

# --- the window and the per-profile rules ------------------------------------------------


def test_window_is_the_30_days_ending_on_the_last_day_of_the_month():
    assert formulas.window_days(dt.date(2024, 8, 1)) == (dt.date(2024, 8, 2), dt.date(2024, 8, 31))
    assert formulas.window_days(dt.date(2024, 2, 1)) == (dt.date(2024, 1, 31), dt.date(2024, 2, 29))
    assert formulas.window_days(dt.date(2024, 12, 1)) == (
        dt.date(2024, 12, 2),
        dt.date(2024, 12, 31),
    )


@pytest.mark.parametrize(
    ("active", "followers", "posts", "reason"),
    [
        (False, None, 0, "unavailable"),
        (True, None, 0, "no_snapshot"),
        (True, 0, 0, "no_followers"),
        (True, 10, 0, "no_posts"),
        (True, 10, 1, ""),
    ],
)
def test_ineligibility_reasons_in_order(active, followers, posts, reason):
    assert oracles.ineligibility_reason(active=active, followers=followers, posts=posts) == reason


def kpi_values(*, followers, following, posts, interactions, population, window_days=30):
    """The v1 KPIs of one profile, written out independently of the catalogue (None where
    they cannot be computed)."""
    has_audience = followers is not None and followers > 0
    engagement = interactions / posts / followers if has_audience and posts > 0 else None
    reach = (followers / population if population else 0.0) if followers is not None else None
    ratio = followers / max(following or 0, 1) if followers is not None else None
    audience = float(followers) if followers is not None else None
    return (engagement, reach, posts / window_days, audience, ratio)


def kpi_arrays(**figures) -> np.ndarray:
    """The catalogue's v1 KPIs of profiles given as lists (None: unknown)."""
    arrays = {k: np.array(v, dtype=float) for k, v in figures.items()}
    return formulas.kpi_arrays(formulas.MonthFigures(**arrays), V1.kpis)


def test_kpis_of_one_profile():
    kpis = kpi_arrays(
        followers=[2000], following=[0], posts=[15], interactions=[375], population=[10_000]
    )
    assert kpis[0].tolist() == pytest.approx([25 / 2000, 0.2, 0.5, 2000.0, 2000.0])


def test_percentile_ranks_average_ties_like_pandas():
    values = [3.0, 1.0, 3.0, 2.0, 3.0]
    expected = pd.Series(values).rank(method="average", pct=True).tolist()
    assert oracles.percentile_ranks(values) == expected == [0.8, 0.2, 0.8, 0.4, 0.8]


def test_posting_frequency_is_capped_at_the_target():
    assert formulas.target_ratio(0.5, 1.0) == 0.5
    assert formulas.target_ratio(3.0, 1.0) == 1.0


def test_score_rounds_half_up_exactly():
    # 100 × 0.00015 = 0.015 is below 0.015 in binary floating point; the rule says 0.02.
    rules = V1.with_weights({"engagement_rate": 1})
    assert formulas.score_units((0.00015, 0, 0, 0, 0), rules) == 2
    assert formulas.score_units((1 / 3, 0, 0, 0, 0), rules) == 3333
    assert formulas.score_units((1, 1, 1, 1, 1)) == 10000


def test_rank_is_one_plus_the_number_strictly_higher():
    assert formulas.ranks([7000, 9000, 7000, 100]) == [2, 1, 2, 4]


def test_group_of_one_scores_percentiles_at_one():
    result = oracles.score_group([(0.01, 0.2, 0.5, 100.0, 3.0)])
    # 5 + 4 + 3 × 0.5 + 2 + 1 = 13.5 → 90 %.
    assert result.scores == [9000] and result.ranks == [1]


# --- properties -------------------------------------------------------------------------

positive = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)
kpi_row = st.tuples(
    positive, positive, st.integers(0, 90).map(lambda n: n / 30), positive, positive
)
groups = st.lists(kpi_row, min_size=1, max_size=25)
weights = st.tuples(*[st.integers(0, 10)] * 5).filter(lambda w: sum(w) > 0)


@given(groups, weights)
def test_score_is_between_0_and_100(rows, w):
    rules = V1.with_weights(dict(zip(V1.kpis, w, strict=True)))
    for score in oracles.score_group(rows, rules).scores:
        assert 0 <= score <= 100 * rules.unit


@given(groups, st.data())
@settings(max_examples=200)
def test_raising_one_kpi_never_lowers_the_score(rows, data):
    index = data.draw(st.integers(0, len(rows) - 1))
    k = data.draw(st.integers(0, 4))
    raised = list(rows[index])
    raised[k] = raised[k] + data.draw(st.floats(min_value=0, max_value=1e6))
    before = oracles.score_group(rows).scores[index]
    after = oracles.score_group([*rows[:index], tuple(raised), *rows[index + 1 :]]).scores[index]
    assert after >= before


@given(groups, st.randoms())
def test_order_of_input_is_irrelevant(rows, random):
    order = list(range(len(rows)))
    random.shuffle(order)
    result = oracles.score_group(rows)
    shuffled = oracles.score_group([rows[i] for i in order])
    assert [shuffled.scores[order.index(i)] for i in range(len(rows))] == result.scores
    assert [shuffled.ranks[order.index(i)] for i in range(len(rows))] == result.ranks


@given(groups, weights)
def test_scores_match_an_independent_pandas_computation(rows, w):
    frame = pd.DataFrame(rows, columns=list(V1.kpis))
    norm = frame.rank(method="average", pct=True)
    norm["posts_per_day"] = frame["posts_per_day"].clip(upper=1.0)
    expected = (norm * list(w)).sum(axis=1) * 100 / sum(w)
    got = [
        s / 100
        for s in oracles.score_group(
            rows, V1.with_weights(dict(zip(V1.kpis, w, strict=True)))
        ).scores
    ]
    assert got == pytest.approx(expected.tolist(), abs=0.005 + 1e-9)


# --- what it takes to gain one rank -----------------------------------------------------


def _rank_with(rows, index, k, value):
    changed = list(rows[index])
    changed[k] = value
    return oracles.score_group([*rows[:index], tuple(changed), *rows[index + 1 :]]).ranks[index]


def test_needed_values_on_a_small_group():
    rows = [
        (0.01, 0.2, 1.0, 1000.0, 10.0),  # A, second
        (0.0125, 0.2, 0.5, 2000.0, 2000.0),  # B, first
        (0.002, 0.5, 0.1, 500.0, 0.5),  # C, third
    ]
    needed = formulas.needed_for_next_rank(rows, 0, V1)
    # A (68.89) passes B (76.67) by tying B's engagement: A 74.44, B 71.11.
    assert needed["engagement_rate"] == {"value": 0.0125, "strictly_above": False}
    assert needed["followers"] == {"value": 2000.0, "strictly_above": True}
    assert needed["posts_per_day"] is None  # already at the target
    assert needed["audience_ratio"] is None  # even the top ratio is not enough
    assert formulas.needed_for_next_rank(rows, 1, V1) == dict.fromkeys(V1.kpis)
    c_needs = formulas.needed_for_next_rank(rows, 2, V1)
    # C (46.44) would need 1.22 posts a day to reach A's 68.89: beyond the target.
    assert c_needs["posts_per_day"] is None
    assert c_needs["engagement_rate"] == {"value": 0.0125, "strictly_above": False}
    assert _rank_with(rows, 2, 0, 0.0125) == 2 and _rank_with(rows, 2, 0, 0.011) == 3


def test_needed_posts_per_day_is_a_whole_number_of_posts():
    rows = [(0.01, 0.2, 0.5, 1000.0, 10.0), (0.01, 0.2, 0.6, 1000.0, 10.0)]
    needed = formulas.needed_for_next_rank(rows, 0, V1)
    assert needed["posts_per_day"] == {"value": 18 / 30, "strictly_above": False}


@given(groups, st.data())
@settings(max_examples=150)
def test_needed_values_are_the_smallest_that_gain_a_rank(rows, data):
    index = data.draw(st.integers(0, len(rows) - 1))
    rank = oracles.score_group(rows).ranks[index]
    for k, kpi in enumerate(V1.kpis):
        found = formulas.needed_for_next_rank(rows, index, V1)[kpi]
        if found is None:
            continue
        value = found["value"]
        if found["strictly_above"]:
            assert _rank_with(rows, index, k, value) >= rank
            value = value * (1 + 1e-9) + 1e-12
        assert _rank_with(rows, index, k, value) < rank
        if kpi == "posts_per_day":
            assert _rank_with(rows, index, k, value - 1 / 30) >= rank


profile_inputs = st.tuples(
    st.booleans(),
    st.one_of(st.none(), st.integers(0, 10**7)),  # followers (None: no snapshot)
    st.one_of(st.none(), st.integers(0, 10**5)),  # following
    st.integers(0, 200),  # posts
    st.integers(0, 10**8),  # interactions
    st.one_of(st.none(), st.integers(0, 3 * 10**6)),  # population
)


@given(st.lists(profile_inputs, min_size=1, max_size=30))
def test_vectorised_kpis_and_reasons_match_the_scalar_rules(profiles):
    def floats(values):
        return np.array(values, dtype=float)

    active, followers, following, posts, interactions, population = zip(*profiles, strict=True)
    kpis = kpi_arrays(
        followers=followers,
        following=following,
        posts=posts,
        interactions=interactions,
        population=population,
    )
    reasons = formulas.ineligibility_reasons(
        active=np.array(active), followers=floats(followers), posts=floats(posts)
    )
    for i, (a, f, g, p, n, pop) in enumerate(profiles):
        expected = kpi_values(followers=f, following=g, posts=p, interactions=n, population=pop)
        assert [None if np.isnan(v) else v for v in kpis[i]] == list(expected)
        assert reasons[i] == oracles.ineligibility_reason(active=a, followers=f, posts=p)
