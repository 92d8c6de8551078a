"""A hand-computed month: August 2024, window 2–31 August (Europe/Paris)."""

import datetime as dt
from dataclasses import dataclass

import pytest

from observatoire.metrics.services import PostRow, SnapshotRow, posts_upsert, snapshots_upsert
from observatoire.profiles.models import Profile
from observatoire.profiles.tests.factories import ProfileFactory
from observatoire.territories.tests.factories import RegionFactory, TerritoryFactory

UTC = dt.UTC
AUGUST = dt.date(2024, 8, 1)
MID_AUGUST = dt.datetime(2024, 8, 15, 10, 0, tzinfo=UTC)
# 2 August 00:00 in Paris (summer time, UTC+2): the first instant of the window.
WINDOW_OPENS = dt.datetime(2024, 8, 1, 22, 0, tzinfo=UTC)
# 31 August 23:59:59 in Paris: the last second of the window.
WINDOW_CLOSES = dt.datetime(2024, 8, 31, 21, 59, 59, tzinfo=UTC)


def add_posts(profile, count, *, at=MID_AUGUST, likes=None, comments=None, shares=None, prefix="p"):
    rows = [
        PostRow(
            profile_id=profile.pk,
            external_id=f"{prefix}{profile.pk}-{at:%Y%m%d%H%M%S}-{i}",
            published_at=at,
            likes=likes,
            comments=comments,
            shares=shares,
            views=1_000_000,
            saves=1_000_000,
        )
        for i in range(count)
    ]
    posts_upsert(rows=rows)


def add_snapshot(profile, day, followers, following=None):
    snapshots_upsert(
        rows=[
            SnapshotRow(profile_id=profile.pk, date=day, followers=followers, following=following)
        ]
    )


@dataclass
class Month:
    a: Profile
    b: Profile
    c: Profile
    unavailable: Profile
    no_snapshot: Profile
    no_followers: Profile
    no_posts: Profile
    secondary: Profile
    region_1: object
    region_2: object


@pytest.fixture
def august(db) -> Month:
    """Three eligible profiles whose scores were computed by hand in the tests, four
    non-eligible ones (one per reason) and a secondary profile that must be ignored."""
    region_1, region_2 = RegionFactory(name="Région Une"), RegionFactory(name="Région Deux")

    def town(name, population, region):
        return TerritoryFactory(name=name, population=population, region=region)

    a = ProfileFactory(territory=town("Aubagne", 5000, region_1), handle="a")
    b = ProfileFactory(territory=town("Bayonne", 10_000, region_2), handle="b")
    c = ProfileFactory(territory=town("Cahors", 1000, region_1), handle="c")
    # A: 1000 followers, 100 following, 30 posts × 10 interactions.
    add_snapshot(a, dt.date(2024, 8, 10), 900, 90)
    add_snapshot(a, dt.date(2024, 8, 31), 1000, 100)
    add_snapshot(a, dt.date(2024, 9, 1), 5000, 100)  # after D: ignored
    add_posts(a, 28, likes=10)
    add_posts(a, 1, at=WINDOW_OPENS, likes=10)
    add_posts(a, 1, at=WINDOW_CLOSES, likes=4, comments=3, shares=3)
    add_posts(a, 1, at=WINDOW_OPENS - dt.timedelta(seconds=1), likes=10**6)  # 1 August
    add_posts(a, 1, at=WINDOW_CLOSES + dt.timedelta(seconds=1), likes=10**6)  # 1 September
    # B: 2000 followers, following 0, 15 posts × (20 likes + unknown comments + 5 shares).
    add_snapshot(b, dt.date(2024, 8, 20), 2000, 0)
    add_posts(b, 15, likes=20, shares=5)
    # C: 500 followers, 1000 following, 3 posts × 1 like.
    add_snapshot(c, dt.date(2024, 8, 2), 500, 1000)
    add_posts(c, 3, likes=1)

    unavailable = ProfileFactory(
        territory=town("Dax", 5000, region_1), handle="d", status=Profile.Status.UNAVAILABLE
    )
    add_snapshot(unavailable, dt.date(2024, 8, 31), 10_000, 1)
    add_posts(unavailable, 30, likes=1000)
    no_snapshot = ProfileFactory(territory=town("Eu", 5000, region_1), handle="e")
    add_snapshot(no_snapshot, dt.date(2024, 8, 1), 10_000, 1)  # 1 August: outside W
    add_posts(no_snapshot, 30, likes=1000)
    no_followers = ProfileFactory(territory=town("Foix", 5000, region_1), handle="f")
    add_snapshot(no_followers, dt.date(2024, 8, 31), 0, 1)
    add_posts(no_followers, 30, likes=1000)
    no_posts = ProfileFactory(territory=town("Gap", 5000, region_1), handle="g")
    add_snapshot(no_posts, dt.date(2024, 8, 31), 10_000, 1)
    add_posts(no_posts, 5, at=WINDOW_OPENS - dt.timedelta(seconds=1), likes=1000)
    secondary = ProfileFactory(territory=a.territory, handle="a_routes", is_principal=False)
    add_snapshot(secondary, dt.date(2024, 8, 31), 10**6, 1)
    add_posts(secondary, 60, likes=10**5)
    return Month(
        a, b, c, unavailable, no_snapshot, no_followers, no_posts, secondary, region_1, region_2
    )
