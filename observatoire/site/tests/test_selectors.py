import datetime as dt

from observatoire.metrics.models import Snapshot
from observatoire.profiles.models import Network
from observatoire.rankings.models import RankingEntry
from observatoire.site import selectors

from .factories import build_rankings


def test_ranking_table_puts_unranked_after_ranked_across_pages(db):
    world = build_rankings(months=[dt.date(2026, 10, 1)], regions=2, departements_per_region=26,
                           networks=(Network.INSTAGRAM,), unavailable=3)  # fmt: skip
    publication = world["publications"][0]
    first = selectors.ranking_table(publication=publication, network="instagram",
                                    category="departement", page_number=1)  # fmt: skip
    second = selectors.ranking_table(publication=publication, network="instagram",
                                     category="departement", page_number=2)  # fmt: skip
    assert (first.ranked_count, first.unranked_count) == (49, 3)
    assert [e.rank for e in first.rows] == [*range(1, 50), None]
    assert len(second.rows) == 2
    assert all(not e.eligible for e in second.rows)


def test_ranking_table_in_a_region_orders_by_region_rank(db):
    world = build_rankings(months=[dt.date(2026, 10, 1)])
    region = world["regions"][0]
    table = selectors.ranking_table(publication=world["publications"][0], network="facebook",
                                    category="departement", region=region)  # fmt: skip
    assert [e.region_rank for e in table.rows] == [1, 2, 3]
    assert all(e.region_id == region.pk for e in table.rows)


def test_explanation_points_add_up_and_say_what_gains_a_rank(db):
    world = build_rankings(months=[dt.date(2026, 10, 1)])
    entry = RankingEntry.objects.get(publication=world["publications"][0], network="facebook",
                                     rank=2)  # fmt: skip
    explanation = selectors.entry_explanation(entry=entry)
    assert round(sum(k["points"] for k in explanation["kpis"]), 2) == float(entry.score)
    above = RankingEntry.objects.get(publication=entry.publication, network="facebook", rank=1)
    assert round(explanation["gap"], 2) == round(float(above.score - entry.score), 2)
    engagement = next(k for k in explanation["kpis"] if k["name"] == "engagement_rate")
    # Raising engagement alone to `needed` adds exactly the gap: 100 × 5 × Δ ÷ 15.
    delta = engagement["needed"] - engagement["normalised"]
    assert round(100 * 5 * delta / 15, 6) == round(explanation["gap"], 6)
    first = selectors.entry_explanation(entry=above)
    assert first["gap"] is None


def test_kpi_medians_over_eligible_profiles(db):
    world = build_rankings(months=[dt.date(2026, 10, 1)])
    medians = selectors.kpi_medians(publication=world["publications"][0], network="instagram",
                                    category="departement")  # fmt: skip
    followers = sorted(RankingEntry.objects.filter(network="instagram", eligible=True)
                       .values_list("followers", flat=True))  # fmt: skip
    assert medians["followers"] == followers[len(followers) // 2]


def test_follower_history_keeps_the_last_snapshot_of_each_month(db):
    world = build_rankings(months=[dt.date(2026, 10, 1)], regions=1, departements_per_region=1)
    profile = next(iter(world["profiles"].values()))
    Snapshot.objects.create(profile=profile, date=dt.date(2026, 10, 5), followers=10)
    Snapshot.objects.create(profile=profile, date=dt.date(2026, 9, 30), followers=5)
    history = selectors.follower_history(profiles=[profile], until=dt.date(2026, 11, 1))
    last_of_october = Snapshot.objects.get(profile=profile, date=dt.date(2026, 10, 31)).followers
    assert history[profile.pk] == [
        (dt.date(2026, 9, 30), 5),
        (dt.date(2026, 10, 31), last_of_october),
    ]
