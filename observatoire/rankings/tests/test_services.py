import datetime as dt
from decimal import Decimal

import pytest

from observatoire.core.models import JobRun
from observatoire.profiles.models import Network
from observatoire.profiles.tests.factories import ProfileFactory
from observatoire.rankings.models import Methodology, RankingEntry, RankingPublication
from observatoire.rankings.services import ranking_build, ranking_build_range, reweight
from observatoire.territories.models import Category
from observatoire.territories.tests.factories import TerritoryFactory

from .conftest import AUGUST, add_posts, add_snapshot

pytestmark = pytest.mark.django_db


def entries(publication):
    return {e.profile.handle: e for e in publication.entries.select_related("profile")}


def test_v1_exists_after_migrate_and_is_the_default():
    v1 = Methodology.objects.get(slug="v1")
    assert v1.is_default
    assert v1.weights == {
        "engagement_rate": 5,
        "reach": 4,
        "posts_per_day": 3,
        "followers": 2,
        "audience_ratio": 1,
    }
    assert v1.window_days == 30 and v1.timezone == "Europe/Paris"
    assert v1.targets == {"posts_per_day": 1.0}


def test_scores_and_ranks_match_the_hand_computation(august):
    found = entries(ranking_build(month=AUGUST))
    a, b, c = found["a"], found["b"], found["c"]
    # A: eng 2/3, reach 0.5 (tie with B), freq 1, followers 2/3, ratio 2/3 → 10.3333/15.
    assert a.score == Decimal("68.89") and a.rank == 2
    # B: eng 1, reach 0.5, freq 0.5, followers 1, ratio 1 → 11.5/15.
    assert b.score == Decimal("76.67") and b.rank == 1
    # C: eng 1/3, reach 1, freq 0.1, followers 1/3, ratio 1/3 → 6.9667/15.
    assert c.score == Decimal("46.44") and c.rank == 3


def test_kpis_follow_the_window_in_paris_time(august):
    found = entries(ranking_build(month=AUGUST))
    a = found["a"]
    # Posts at 2 Aug 00:00 and 31 Aug 23:59:59 Paris count; 1 Aug and 1 Sep do not.
    assert a.posts == 30 and a.interactions == 300
    # Latest snapshot on or before D, not the one of 1 September.
    assert (a.followers, a.following) == (1000, 100)
    assert a.kpi("engagement_rate").value == pytest.approx(0.01)
    assert a.kpi("reach").value == pytest.approx(0.2)
    assert a.kpi("posts_per_day").value == pytest.approx(1.0)
    assert a.kpi("audience_ratio").value == pytest.approx(10.0)


def test_unknown_counts_are_zero_and_following_zero_counts_as_one(august):
    b = entries(ranking_build(month=AUGUST))["b"]
    assert b.interactions == 15 * 25  # comments unknown, views and saves ignored
    assert b.kpi("engagement_rate").value == pytest.approx(25 / 2000)
    assert b.kpi("audience_ratio").value == pytest.approx(2000.0)


def test_normalised_values_and_points_explain_the_score(august):
    a = entries(ranking_build(month=AUGUST))["a"]
    assert a.kpi("engagement_rate").normalised == pytest.approx(2 / 3)
    assert a.kpi("reach").normalised == pytest.approx(0.5)
    assert a.kpi("posts_per_day").normalised == pytest.approx(1.0)
    assert a.kpi("engagement_rate").points == pytest.approx(100 * 5 * 2 / 3 / 15)
    assert a.publication.kpis == [
        "engagement_rate",
        "reach",
        "posts_per_day",
        "followers",
        "audience_ratio",
    ]
    total = sum(result.points for result in a.kpis.values())
    assert round(total, 2) == float(a.score)


def test_each_ineligibility_reason_is_kept_at_the_end(august):
    publication = ranking_build(month=AUGUST)
    found = entries(publication)
    assert found["d"].reason == "unavailable"  # despite its snapshot and posts
    assert found["e"].reason == "no_snapshot"
    assert found["f"].reason == "no_followers"
    assert found["g"].reason == "no_posts"
    for handle in "defg":
        assert not found[handle].eligible and found[handle].rank is None
        assert found[handle].score is None
    assert found["g"].followers == 10_000  # what was read is still shown


def test_reachability_is_judged_at_the_reading_date(august):
    """Recomputing August after a profile broke in September must not change August."""
    unavailable = august.unavailable
    unavailable.unavailable_since = dt.date(2024, 9, 3)
    unavailable.save()
    assert entries(ranking_build(month=AUGUST))["d"].eligible
    unavailable.unavailable_since = dt.date(2024, 8, 31)  # broken on D: not reachable
    unavailable.save()
    assert entries(ranking_build(month=AUGUST))["d"].reason == "unavailable"


def test_secondary_profiles_are_ignored(august):
    publication = ranking_build(month=AUGUST)
    assert "a_routes" not in entries(publication)
    assert publication.entry_count == 7


def test_region_rank(august):
    found = entries(ranking_build(month=AUGUST))
    assert (found["a"].region_rank, found["c"].region_rank, found["b"].region_rank) == (1, 2, 1)
    assert found["a"].region == august.region_1


def test_ties_share_a_rank_and_the_next_rank_is_skipped(db):
    twins = [ProfileFactory(handle=f"twin{i}") for i in range(2)]
    last = ProfileFactory(handle="last")
    for profile in twins:
        add_snapshot(profile, dt.date(2024, 8, 31), 1000, 10)
        add_posts(profile, 10, likes=5)
    add_snapshot(last, dt.date(2024, 8, 31), 10, 10)
    add_posts(last, 1, likes=0)
    found = entries(ranking_build(month=AUGUST))
    assert found["twin0"].rank == found["twin1"].rank == 1
    assert found["twin0"].score == found["twin1"].score
    assert found["last"].rank == 3


def test_groups_are_per_network_and_category(august):
    other_network = ProfileFactory(
        territory=august.a.territory, network=Network.FACEBOOK, handle="a"
    )
    add_snapshot(other_network, dt.date(2024, 8, 31), 10, 1)
    add_posts(other_network, 1, likes=1)
    big = TerritoryFactory(name="Brest", category=Category.GRANDE_VILLE, population=140_000)
    alone = ProfileFactory(territory=big, handle="brest")
    add_snapshot(alone, dt.date(2024, 8, 31), 10, 1)
    add_posts(alone, 1, likes=1)
    publication = ranking_build(month=AUGUST)
    facebook = publication.entries.get(network=Network.FACEBOOK)
    assert facebook.rank == 1 and facebook.category == Category.PETITE_VILLE
    grande = publication.entries.get(category=Category.GRANDE_VILLE)
    assert grande.rank == 1
    assert entries(publication)["b"].rank == 1  # instagram / petite ville unchanged


def test_movement_and_streaks_over_months(august):
    # (A also has the 1 September 00:00 Paris post of the fixture in September's window.)
    september_data = ((august.a, 1000, 30, 10), (august.b, 2000, 15, 10**6), (august.c, 500, 3, 10))
    for profile, followers, posts, likes in september_data:
        add_snapshot(profile, dt.date(2024, 9, 30), followers, 10)
        at = dt.datetime(2024, 9, 15, tzinfo=dt.UTC)
        add_posts(profile, posts, at=at, likes=likes, prefix="sep")
    add_snapshot(august.c, dt.date(2024, 10, 31), 10**6, 1)
    add_posts(august.c, 60, at=dt.datetime(2024, 10, 15, tzinfo=dt.UTC), likes=10**6, prefix="oct")
    add_snapshot(august.b, dt.date(2024, 10, 31), 10, 1)
    add_posts(august.b, 1, at=dt.datetime(2024, 10, 15, tzinfo=dt.UTC), likes=0, prefix="oct")
    ranking_build_range(start=AUGUST, end=dt.date(2024, 10, 1))
    september = entries(RankingPublication.objects.get(month=dt.date(2024, 9, 1)))
    assert september["b"].rank == 1 and september["b"].streak_first == 2
    assert september["b"].previous_rank == 1 and september["b"].movement == 0
    assert september["c"].streak_top10 == 2
    october = entries(RankingPublication.objects.get(month=dt.date(2024, 10, 1)))
    assert october["c"].rank == 1 and october["c"].previous_rank == 3
    assert october["c"].movement == 2 and october["c"].streak_first == 1
    assert october["b"].rank == 2 and october["b"].streak_first == 0
    assert october["b"].streak_top10 == 3


def test_republishing_replaces_the_month_and_logs_the_run(august):
    first = ranking_build(month=AUGUST)
    add_posts(august.c, 60, likes=1000, prefix="more")
    second = ranking_build(month=AUGUST)
    assert first.pk == second.pk
    assert RankingEntry.objects.filter(publication=second).count() == 7
    assert entries(second)["c"].rank == 1
    run = JobRun.objects.filter(kind=JobRun.Kind.RANKING).first()
    assert run.status == JobRun.Status.SUCCEEDED
    assert run.counts["eligible"] == 3 and run.counts["not_eligible"] == 4


def test_another_methodology_never_changes_what_v1_published(august):
    v1_publication = ranking_build(month=AUGUST)
    before = {e.pk: (e.rank, e.score) for e in v1_publication.entries.all()}
    followers_only = Methodology.objects.create(
        slug="followers-only",
        name="Abonnés seulement",
        weights={
            "engagement_rate": 0,
            "reach": 0,
            "posts_per_day": 0,
            "followers": 1,
            "audience_ratio": 0,
        },
    )
    other = ranking_build(month=AUGUST, methodology=followers_only)
    assert other.pk != v1_publication.pk
    assert entries(other)["c"].rank == 3 and entries(other)["b"].score == Decimal("100.00")
    assert {e.pk: (e.rank, e.score) for e in v1_publication.entries.all()} == before


def test_reweight_scores_from_stored_kpis_without_writing(august):
    publication = ranking_build(month=AUGUST)
    stored = list(RankingEntry.objects.values_list("pk", "score", "rank"))
    rescored = reweight(
        publication=publication,
        weights={
            "engagement_rate": 0,
            "reach": 1,
            "posts_per_day": 0,
            "followers": 0,
            "audience_ratio": 0,
        },
    )
    (group,) = rescored
    assert (group.network, group.category, len(group)) == ("instagram", "petite_ville", 3)
    assert [(pid, rank, score, published) for pid, _t, score, rank, published in group.rows()] == [
        (august.c.pk, 1, 100.0, 3),
        (august.a.pk, 2, 50.0, 2),
        (august.b.pk, 2, 50.0, 1),
    ]
    assert group.territory_ids[0] == august.c.territory_id
    assert list(RankingEntry.objects.values_list("pk", "score", "rank")) == stored


def test_reweight_with_the_published_weights_gives_the_published_ranking(august):
    publication = ranking_build(month=AUGUST)
    rescored = reweight(
        publication=publication,
        weights=publication.methodology.weights,
        network="instagram",
        category="petite_ville",
    )
    (group,) = rescored
    assert group.ranks == group.published_ranks == [1, 2, 3]
    assert group.scores == [76.67, 68.89, 46.44]
    assert reweight(publication=publication, weights={"reach": 1}, network="x") == []


def test_a_methodology_in_another_time_zone_is_refused(august):
    other = Methodology.objects.create(slug="utc", name="UTC", weights={"reach": 1}, timezone="UTC")
    with pytest.raises(ValueError, match="time zone"):
        ranking_build(month=AUGUST, methodology=other)
    assert not RankingPublication.objects.exists()
