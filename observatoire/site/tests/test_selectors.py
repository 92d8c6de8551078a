import datetime as dt

from observatoire.metrics.models import Snapshot
from observatoire.profiles.models import Network
from observatoire.rankings import selectors as ranking_selectors
from observatoire.rankings.models import RankingEntry
from observatoire.site import selectors

from .factories import build_rankings


def test_ranking_table_puts_unranked_after_ranked_across_pages(db):
    world = build_rankings(
        months=[dt.date(2026, 10, 1)],
        regions=2,
        departements_per_region=26,
        networks=(Network.INSTAGRAM,),
        unavailable=3,
    )
    publication = world["publications"][0]
    first = selectors.ranking_table(
        publication=publication, network="instagram", category="departement", page_number=1
    )
    second = selectors.ranking_table(
        publication=publication, network="instagram", category="departement", page_number=2
    )
    assert (first.ranked_count, first.unranked_count) == (49, 3)
    assert [e.rank for e in first.rows] == [*range(1, 50), None]
    assert len(second.rows) == 2
    assert all(not e.eligible for e in second.rows)


def test_ranking_table_in_a_region_orders_by_region_rank(db):
    world = build_rankings(months=[dt.date(2026, 10, 1)])
    region = world["regions"][0]
    table = selectors.ranking_table(
        publication=world["publications"][0],
        network="facebook",
        category="departement",
        region=region,
    )
    assert [e.region_rank for e in table.rows] == [1, 2, 3]
    assert all(e.region_id == region.pk for e in table.rows)


def test_score_gap_to_the_rank_above(db):
    world = build_rankings(months=[dt.date(2026, 10, 1)])
    second = RankingEntry.objects.get(
        publication=world["publications"][0], network="facebook", rank=2
    )
    first = RankingEntry.objects.get(publication=second.publication, network="facebook", rank=1)
    gap, rank = selectors.score_gap_above(entry=second)
    assert rank == 1
    assert round(gap, 2) == round(float(first.score - second.score), 2)
    assert selectors.score_gap_above(entry=first) is None
    # The collectivité page passes the group it has cached: same answers.
    group = ranking_selectors.group_kpis(
        publication_id=second.publication_id, network="facebook", category=second.category
    )
    assert selectors.score_gap_above(entry=second, group=group) == (gap, rank)
    assert selectors.score_gap_above(entry=first, group=group) is None
    assert ranking_selectors.entry_explanation(entry=second, group=group) == (
        ranking_selectors.entry_explanation(entry=second)
    )


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


def test_recently_unreachable_lists_dated_breaks_newest_first_on_every_database(db):
    """An unreachable profile whose breaking date is unknown (imported without one) is not
    "recently" unreachable: PostgreSQL would sort it first, SQLite last."""
    world = build_rankings(months=[dt.date(2026, 10, 1)])
    profiles = list(world["publications"][0].entries.select_related("profile")[:3])
    older, newer, undated = (entry.profile for entry in profiles)
    breaks = ((older, dt.date(2026, 9, 1)), (newer, dt.date(2026, 11, 2)), (undated, None))
    for profile, since in breaks:
        profile.status, profile.unavailable_since = "unavailable", since
        profile.save()
    listed = selectors.headline_unreachable(limit=100)
    assert [p for p in listed if p in (older, newer, undated)] == [newer, older]
    assert all(p.unavailable_since for p in listed)


def test_territory_rank_history_has_a_line_per_network_and_a_row_per_month(db):
    months = [dt.date(2026, 8, 1), dt.date(2026, 9, 1), dt.date(2026, 10, 1)]
    world = build_rankings(months=months)
    place = world["departements"][0]
    history = selectors.territory_rank_history(
        territory=place, methodology=world["publications"][0].methodology
    )
    assert history.networks == ["Facebook", "Instagram"]
    assert len(history.months) == 3 and len(history.rows) == 3
    entry = RankingEntry.objects.get(
        territory=place, network="facebook", publication=world["publications"][-1]
    )
    assert history.ranks["Facebook"][-1] == entry.rank
    assert history.rows[-1]["cells"][0] == (entry.rank, float(entry.score))


def test_territory_follower_history_keeps_each_months_last_snapshot(db):
    world = build_rankings(months=[dt.date(2026, 10, 1)], networks=(Network.FACEBOOK,))
    place = world["departements"][0]
    profiles = selectors.territory_profiles(territory=place)
    Snapshot.objects.filter(profile__in=profiles).delete()
    readings = [(dt.date(2026, 9, 3), 10), (dt.date(2026, 9, 28), 12), (dt.date(2026, 10, 30), 15)]
    for day, followers in readings:
        Snapshot.objects.create(profile=profiles[0], date=day, followers=followers)
    history = selectors.territory_follower_history(profiles=profiles, until=dt.date(2026, 11, 1))
    assert history.months == ["09/2026", "10/2026"]
    assert history.series == {"Facebook": [12, 15]}
    assert [row["cells"] for row in history.rows] == [[12], [15]]
