"""The public editorial pages from the caches: a warm page costs no query, a cold one a fixed
number whatever the size of the group, and new analyses show at once (the services bump the
editorial version after their transaction commits)."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import override_settings

from observatoire.editorial.cache import editorial_cache_bump
from observatoire.editorial.models import AccessibilityMonth, EditorialMonth
from observatoire.metrics.services import PostRow, SnapshotRow, posts_upsert, snapshots_upsert
from observatoire.profiles.tests.factories import ProfileFactory
from observatoire.site.cache import CSRF_PLACEHOLDER
from observatoire.site.tests.test_cache_round_trips import CountingCache
from observatoire.territories.tests.factories import DepartementFactory

from .public_world import (
    MONTH,
    accessibility_row,
    editorial_keys_forgotten,  # noqa: F401 (an autouse fixture)
    editorial_rows,
    public_world,
    theme_key,
)
from .test_public_what_works import table_rows, text_of

PAGES = ["/publications/", "/publications/accessibilite/"]
PARIS = dt.timezone(dt.timedelta(hours=2))  # October 2026 in Paris (summer time until the 25th)


@pytest.fixture
def world(db):
    return public_world()


@pytest.mark.parametrize("path", PAGES)
def test_a_warm_page_costs_no_query(client, world, path, django_assert_num_queries):
    first = client.get(path).content.decode()
    with django_assert_num_queries(0):
        again = client.get(path).content.decode()
    assert CSRF_PLACEHOLDER not in first + again
    assert text_of(again.split("<main", 1)[1]) == text_of(first.split("<main", 1)[1])


@pytest.fixture
def round_trips():
    """The cache's calls (site/tests/test_cache_round_trips.py: one call, one round trip)."""
    backend = {"BACKEND": f"{CountingCache.__module__}.CountingCache"}
    with override_settings(CACHES={"default": backend}):
        cache.clear()
        yield CountingCache.calls
        cache.clear()


@pytest.mark.parametrize("path", PAGES)
def test_a_page_from_the_cache_costs_one_round_trip(client, world, round_trips, path):
    """The editorial version and months are read with the site's stamps, the page's key
    guessed and fetched in that same round trip (site/cache.py)."""
    from observatoire.opendata.census.selectors import census_stamp

    client.get(path)
    client.get("/")
    census_stamp()  # the census's stamp, which the census page keeps in the cache
    client.get(path)
    round_trips.clear()
    assert client.get(path).status_code == 200
    assert len(round_trips) == 1, round_trips


def _cold_queries(client, path, django_assert_max_num_queries) -> int:
    cache.clear()
    with django_assert_max_num_queries(30) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", PAGES)
def test_a_cold_page_reads_a_fixed_number_of_aggregates(
    client, world, path, django_assert_max_num_queries
):
    """Never one query per profile or per post: twenty more départements, same count."""
    before = _cold_queries(client, path, django_assert_max_num_queries)
    for number in range(20):
        place = DepartementFactory(name=f"Département {number}", region=world.occitanie)
        profile = ProfileFactory(territory=place)
        editorial_rows(
            profile,
            MONTH,
            all=(10, 10, 0.1),
            theme={theme_key("culture"): (5, 5, 0.05)},
            format={"carousel": (10, 10, 0.1)},
            slot={"2-11": (10, 10, 0.1)},
        )
        accessibility_row(profile, MONTH, posts=10, scored=10, score_sum=900)
    assert _cold_queries(client, path, django_assert_max_num_queries) == before
    assert "Carrousel" in client.get("/publications/").content.decode()


@pytest.mark.parametrize("logged_in", [False, True])
def test_new_figures_show_once_the_version_is_bumped(client, world, logged_in):
    if logged_in:  # members get the body from the fragment cache, keyed the same way
        client.force_login(get_user_model().objects.create_user("camille", password="x" * 12))
    assert "Publications analysées 400" in text_of(client.get("/publications/").content.decode())
    EditorialMonth.objects.filter(
        profile=world.instagram["Aude"], month=MONTH, dimension="all"
    ).update(posts=300)
    AccessibilityMonth.objects.filter(profile=world.instagram["Aude"], month=MONTH).update(
        posts=150
    )
    # Until the services say so, the cached page (rollups are written by them alone).
    assert "Publications analysées 400" in text_of(client.get("/publications/").content.decode())
    editorial_cache_bump()
    assert "Publications analysées 500" in text_of(client.get("/publications/").content.decode())
    barometer = text_of(client.get("/publications/accessibilite/").content.decode())
    assert "Publications analysées 260" in barometer


def test_posts_written_by_the_collection_show_on_the_pages(
    client, db, django_capture_on_commit_callbacks
):
    """The whole path: posts stored by posts_upsert are analysed in its transaction, the
    rollups follow, the version is bumped on commit and the cached pages show them."""
    gers = DepartementFactory(name="Gers", slug="gers")
    profile = ProfileFactory(territory=gers, handle="gers32")
    assert "Aucune publication n'a encore été analysée." in text_of(
        client.get("/publications/").content.decode()
    )
    snapshots_upsert(rows=[SnapshotRow(profile.pk, dt.date(2026, 10, 31), followers=1000)])
    rows = [
        PostRow(
            profile_id=profile.pk,
            external_id="1",
            published_at=dt.datetime(2026, 10, 5, 9, 30, tzinfo=PARIS),  # Monday, 9 h
            text="Randonnée au cœur du patrimoine gersois #LeBonheurEstDansLeGers",
            media_type="reel",
            likes=40,
            comments=5,
            shares=5,
            hashtags=("LeBonheurEstDansLeGers",),
        ),
        PostRow(
            profile_id=profile.pk,
            external_id="2",
            published_at=dt.datetime(2026, 10, 7, 18, 0, tzinfo=PARIS),  # Wednesday, 18 h
            text="Travaux sur la route départementale 930 : circulation alternée 🚧🚧🚗🚗",
            media_type="image",
            likes=10,
            image_count=1,
            images=({"alt": ""},),
        ),
        PostRow(  # counts not collected: analysed, its engagement unknown
            profile_id=profile.pk,
            external_id="3",
            published_at=dt.datetime(2026, 10, 9, 12, 0, tzinfo=PARIS),
            text="Bonne rentrée aux collégiens du Gers et à leurs professeurs.",
            media_type="text",
        ),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        posts_upsert(rows=rows)

    html = client.get("/publications/").content.decode()
    page = text_of(html)
    assert "Départements sur Instagram — octobre 2026" in page
    assert "Publications analysées 3" in page
    assert "Publications dont l'engagement est connu 2" in page
    assert "Taux d'engagement moyen du groupe 3,00 %" in page  # (5 % + 1 %) ÷ 2
    assert [row[:2] + row[5:6] for row in table_rows(html, "formats-table")] == [
        ["Vidéo courte", "1", "5,00 %"],
        ["Image", "1", "1,00 %"],
        ["Texte", "1", "—"],
    ]
    themes = {row[0]: row[1] for row in table_rows(html, "themes-table")}
    assert themes["Tourisme et attractivité"] == "1"
    assert themes["Routes et mobilités"] == "1"

    barometer = client.get("/publications/accessibilite/").content.decode()
    figures = text_of(barometer)
    assert "Images sans alternative textuelle 100,0 % de 1 image vérifiable" in figures
    # The reel (its subtitles unknown, its text clean) and the text: nothing found to fix.
    assert "Publications sans défaut relevé 66,7 % des 3 publications vérifiées" in figures
    rules = {row[0]: row[1] for row in table_rows(barometer, "rules-table")}
    assert rules["Image sans alternative textuelle"] == "1"
    assert rules["Trop d'émojis"] == "1"
