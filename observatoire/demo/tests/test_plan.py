"""The plan of the demo profiles reproduces the published census, the anchors and the events."""

from collections import Counter, defaultdict

import pytest

from observatoire.demo import shape
from observatoire.demo.plan import plan_profiles
from observatoire.profiles.models import Network, normalize_handle
from observatoire.territories.models import Category

from .conftest import PERIOD


def share(part, whole) -> float:
    return 100 * part / whole


@pytest.fixture(scope="module")
def census(national_plan):
    places, planned = national_plan
    present = {p.place.id for p in planned}
    networks = defaultdict(set)
    for profile in planned:
        if profile.is_principal:
            networks[profile.place.id].add(profile.network)
    by_stratum = defaultdict(list)
    for place in places:
        by_stratum[place.stratum].append(place.id)
    return places, present, networks, by_stratum


def test_presence_matches_the_published_census(census):
    places, present, _networks, by_stratum = census
    assert share(len(present), len(places)) == pytest.approx(shape.TARGET_PRESENT, abs=2)
    without_villages = [pk for s, ids in by_stratum.items() if s != shape.VILLAGE for pk in ids]
    assert share(len(present & set(without_villages)), len(without_villages)) == pytest.approx(
        shape.TARGET_PRESENT_WITHOUT_VILLAGES, abs=2
    )
    villes_moyennes = by_stratum[Category.VILLE_MOYENNE]
    assert share(len(present & set(villes_moyennes)), len(villes_moyennes)) == pytest.approx(
        shape.TARGET_VILLES_MOYENNES, abs=2
    )
    for category in (Category.REGION, Category.DEPARTEMENT):
        assert set(by_stratum[category]) <= present  # every région and département


def test_networks_match_the_published_census(census):
    _places, present, networks, by_stratum = census
    counts = Counter(n for pk in present for n in networks[pk])
    for network, target in shape.TARGET_NETWORK_SHARES.items():
        assert share(counts[network], len(present)) == pytest.approx(target, abs=2), network
    for category, target in (
        (Category.REGION, shape.TARGET_INSTAGRAM_REGIONS),
        (Category.DEPARTEMENT, shape.TARGET_INSTAGRAM_DEPARTEMENTS),
    ):
        members = by_stratum[category]
        on_instagram = sum(1 for pk in members if Network.INSTAGRAM in networks[pk])
        assert share(on_instagram, len(members)) == pytest.approx(target, abs=2)
    single = sum(1 for pk in present if len(networks[pk]) == 1)
    assert share(single, len(present)) == pytest.approx(shape.TARGET_SINGLE_NETWORK, abs=6)
    # Rarer networks exist, and are rarer.
    for network in (Network.TIKTOK, Network.BLUESKY, Network.MASTODON):
        assert 0 < counts[network] < counts[Network.LINKEDIN]


def test_handles_are_unique_and_one_principal_per_network(national_plan):
    _places, planned = national_plan
    handles = Counter((p.network, normalize_handle(p.handle)) for p in planned)
    assert handles.most_common(1)[0][1] == 1
    principals = Counter((p.place.id, p.network) for p in planned if p.is_principal)
    assert principals.most_common(1)[0][1] == 1


def test_real_accounts_are_anchors(national_plan):
    _places, planned = national_plan
    found = {(p.place.key, p.network, p.label): p for p in planned}
    gers_instagram = found[("departement:32", Network.INSTAGRAM, "")]
    assert (gers_instagram.followers_end, gers_instagram.following_end) == (28_000, 662)
    assert gers_instagram.posts_count_end == 1_750
    assert found[("departement:32", Network.TIKTOK, "")].followers_end == 5_700
    roads = found[("departement:32", Network.FACEBOOK, "Info routes")]
    assert roads.followers_end == 4_100 and not roads.is_principal
    assert found[("departement:71", Network.FACEBOOK, "")].followers_end == 25_000
    assert found[("departement:71", Network.X, "")].followers_end == 5_000
    assert found[("departement:71", Network.LINKEDIN, "")].followers_end == 2_500
    labels = Counter(p.label for p in planned if not p.is_principal)
    assert labels["Info routes"] > 5 and labels["Jeunesse"] > 5


def test_followers_grow_with_population(national_plan):
    _places, planned = national_plan
    facebook = {
        category: sorted(
            p.followers_end
            for p in planned
            if p.network == Network.FACEBOOK and p.is_principal and p.place.category == category
        )
        for category in (Category.GRANDE_VILLE, Category.VILLE_MOYENNE, Category.PETITE_VILLE)
    }
    medians = [values[len(values) // 2] for values in facebook.values()]
    assert medians == sorted(medians, reverse=True)
    # Heavy tail: the biggest account dwarfs the median one.
    assert facebook[Category.PETITE_VILLE][-1] > 10 * medians[-1]


def test_events_of_the_year(national_plan):
    _places, planned = national_plan
    events = Counter(e for p in planned for e in p.events)
    assert 15 <= events["left_x"] <= shape.X_EXODUS_COUNT
    assert events["opened_after_x"] >= events["left_x"] - 3
    assert 5 <= events["unreachable"] <= 12
    assert 2 <= events["bought_followers"] <= 3
    opened = [p for p in planned if "opened_after_x" in p.events]
    assert {p.network for p in opened} <= {Network.BLUESKY, Network.MASTODON}
    assert all(p.opened_on >= shape.X_EXODUS_DAY for p in opened)


def test_the_plan_is_deterministic_per_seed(national_plan):
    places, _planned = national_plan
    subset = places[:3000]
    first = plan_profiles(places=subset, period=PERIOD, seed=1)
    again = plan_profiles(places=subset, period=PERIOD, seed=1)
    other = plan_profiles(places=subset, period=PERIOD, seed=2)

    def summary(profiles):
        return [(p.place.key, p.network, p.handle, p.followers_end) for p in profiles]

    assert summary(first) == summary(again)
    assert summary(first) != summary(other)


def test_every_network_and_category_has_profiles_to_rank(national_plan):
    _places, planned = national_plan
    pairs = {(p.network, p.place.category) for p in planned if p.is_principal}
    assert pairs == {(n, c) for n in shape.NETWORK_ORDER for c in Category}
