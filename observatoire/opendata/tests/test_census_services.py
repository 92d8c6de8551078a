"""The census's figures and moves on a hand-built world (census_world.py): who is present and
active each month, the population bands, networks per collectivité, régions and départements,
the moves with their dates, and what the build writes."""

from datetime import date

import pytest
from django.core.management import call_command

from observatoire.opendata.census.selectors import (
    census_figures,
    census_move_counts,
    census_moves,
    census_series,
)
from observatoire.opendata.census.services import census_build
from observatoire.opendata.census.tasks import queue_census_build
from observatoire.opendata.models import CensusMonth, CensusMove, Stratum
from observatoire.profiles.models import Network

from .census_world import MONTHS, build_world, posts, snapshots

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_world()
    census_build(every=True)
    return world


def present_in(month: date, *, network: str = "", scope: str = "", stratum: str = "") -> int:
    return (
        census_figures(month=month, scope=scope)
        .figure(scope=scope, stratum=stratum, network=network)
        .present
    )


def test_months_run_from_the_first_to_the_last_snapshot(world):
    assert list(CensusMonth.objects.order_by("month").values_list("month", flat=True)) == MONTHS
    assert census_figures(month=date(2024, 12, 1)) is None  # before any data: unknown
    assert census_figures().month == date(2025, 8, 1)  # default: the latest


def test_presence_follows_each_profile_life(world):
    june = date(2025, 6, 1)
    figures = census_figures(month=june)
    total = figures.figure()
    # Gers (Facebook, Bluesky), the village (silent since April), the ville moyenne (never
    # posts), the communauté: present. The région, Haute-Garonne and its village have no
    # profile; the bourg's is deleted; the grande ville's is no longer followed.
    assert (total.territories, total.present, total.present_share) == (9, 4, 44.4)
    assert (total.active, total.active_share) == (2, 50.0)  # Gers and the communauté posted
    assert (total.profiles, total.profiles_active) == (7, 5)  # Bluesky posted too
    assert total.network_counts[:4] == (5, 2, 1, 1)
    assert total.mean_networks == 1.75


def test_a_profile_is_present_from_the_first_thing_we_know_of_it(world):
    village = {"stratum": Stratum.VILLAGE}
    assert [present_in(m, **village) for m in MONTHS] == [0, 0, 1, 1, 1, 1, 1, 1]


def test_unreachable_up_to_the_day_before_and_no_longer_followed_up_to_the_last_snapshot(world):
    bourg = {"stratum": Stratum.PETITE_VILLE}
    assert [present_in(m, **bourg) for m in MONTHS] == [1, 1, 1, 1, 0, 0, 0, 0]
    grande = {"stratum": Stratum.GRANDE_VILLE}
    assert [present_in(m, **grande) for m in MONTHS] == [1, 1, 0, 0, 0, 0, 0, 0]


def test_stopped_posting_leaves_the_network_the_day_of_the_last_post(world):
    assert [present_in(m, network=Network.X) for m in MONTHS] == [1, 0, 0, 0, 0, 0, 0, 0]
    assert [present_in(m, network=Network.BLUESKY) for m in MONTHS] == [1] * 8


def test_a_page_that_never_posts_is_present_but_never_active(world):
    series = census_series(stratum=Stratum.VILLE_MOYENNE)[""]
    assert [f.present for _m, f in series] == [1] * 8
    assert [f.active for _m, f in series] == [0] * 8
    assert series[0][1].active_share == 0.0  # known: present and silent


def test_population_bands(world):
    figures = census_figures(month=date(2025, 1, 1))
    bands = {
        stratum: figures.figure(stratum=stratum).territories
        for stratum in (
            Stratum.VILLAGE,
            Stratum.PETITE_VILLE,
            Stratum.VILLE_MOYENNE,
            Stratum.GRANDE_VILLE,
        )
    }
    # 1,999 and 300 inhabitants; 2,000; 20,000; 100,000.
    assert bands == {"village": 2, "petite_ville": 1, "ville_moyenne": 1, "grande_ville": 1}
    assert figures.figure(stratum=Stratum.COMMUNAUTE_COMMUNES).present == 1
    assert figures.figure(stratum=Stratum.METROPOLE) is None  # none in the registry


def test_regions_and_departements(world):
    june = date(2025, 6, 1)
    gers = census_figures(month=june, scope="departement:32").figure(scope="departement:32")
    assert (gers.territories, gers.present) == (6, 4)
    other = census_figures(month=june, scope="departement:31").figure(scope="departement:31")
    assert (other.territories, other.present, other.present_share) == (2, 0, 0.0)
    every = census_figures(month=june, scope="departement", stratum="", network="")
    assert {f.scope for f in every.figures} == {"departement:31", "departement:32"}
    region = census_figures(month=june, scope="region:76").figure(scope="region:76")
    assert (region.territories, region.present) == (9, 4)
    by_network = census_figures(month=june, scope="departement:32", network=Network.LINKEDIN)
    assert by_network.figure(scope="departement:32", network=Network.LINKEDIN).present == 1


def test_moves_with_their_dates(world):
    moves = {(m.territory_name, m.network, m.kind): m.date for m in census_moves()}
    assert moves == {
        ("Gers", Network.X, CensusMove.Kind.LEFT): date(2025, 1, 10),
        ("Gers", Network.BLUESKY, CensusMove.Kind.OPENED): date(2025, 1, 15),
        ("Bourg", Network.INSTAGRAM, CensusMove.Kind.UNREACHABLE): date(2025, 4, 10),
    }
    # The village's page was older than its first snapshot (50 posts): not an opening.
    assert census_moves(scope="departement:31") == []
    assert len(census_moves(scope="region:76", network=Network.X)) == 1
    assert census_move_counts() == {
        date(2025, 1, 1): {("left", "x"): 1, ("opened", "bluesky"): 1},
        date(2025, 4, 1): {("unreachable", "instagram"): 1},
    }


def test_an_opening_needs_a_known_post_count(world):
    late = world.profiles["ville_facebook"].__class__.objects.create(
        territory=world.other_village, network=Network.THREADS, handle="autrevillage"
    )
    snapshots(late, [date(2025, 6, 3)], posts_count=None)  # the network did not say
    posts(late, [date(2025, 6, 3)])
    census_build(every=True)
    assert not CensusMove.objects.filter(profile=late).exists()
    assert present_in(date(2025, 6, 1), network=Network.THREADS) == 1


def test_a_default_build_writes_the_last_two_months_and_the_command_every_one(world):
    CensusMonth.objects.all().delete()
    assert census_build() == [date(2025, 7, 1), date(2025, 8, 1)]
    assert CensusMonth.objects.count() == 2
    call_command("census", "build", "--all")
    assert CensusMonth.objects.count() == 8
    call_command("census", "build", "--month", "2025-03")
    assert CensusMonth.objects.count() == 8


def test_queued_after_a_commit(db, django_capture_on_commit_callbacks):
    build_world()
    with django_capture_on_commit_callbacks(execute=True):
        queue_census_build(months=[date(2025, 5, 1)])
    assert list(CensusMonth.objects.values_list("month", flat=True)) == [date(2025, 5, 1)]


def test_nothing_collected_nothing_stored(db):
    assert census_build(every=True) == []
    assert census_figures() is None
