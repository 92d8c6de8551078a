"""What a page served from the cache costs, and how fresh it stays.

Under bench/load.py each cache round trip of a cached page (Redis) was time a worker spent
waiting: a page now reads the stamp, the demo flag and the ranking choices in one round trip
(remembered for the rest of the request), then the page itself. And the anonymous page
follows a profile that becomes unreachable, like the fragments inside it."""

import datetime as dt
from contextlib import contextmanager

import pytest
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client, override_settings
from django.urls import reverse

from observatoire.blog.models import Article
from observatoire.profiles.models import Network, Profile
from observatoire.profiles.services import profile_record_failure
from observatoire.rankings.models import RankingEntry
from observatoire.site.cache import STAMP_KEY, published_stamp


class CountingCache(LocMemCache):
    """The local-memory cache, counting its calls: one call is one round trip on Redis."""

    calls: list[str] = []

    def get(self, key, default=None, version=None):
        self.calls.append(f"get {key}")
        return super().get(key, default, version)

    def get_many(self, keys, version=None):
        self.calls.append(f"get_many {sorted(keys)}")
        found = {key: LocMemCache.get(self, key, self, version) for key in keys}
        return {key: value for key, value in found.items() if value is not self}

    def set(self, key, value, timeout=300, version=None):
        self.calls.append(f"set {key}")
        return super().set(key, value, timeout, version)

    def delete(self, key, version=None):
        self.calls.append(f"delete {key}")
        return super().delete(key, version)


@pytest.fixture
def counted():
    counting = {"BACKEND": f"{__name__}.CountingCache"}
    with override_settings(CACHES={"default": counting}):
        cache.clear()
        yield CountingCache.calls
        cache.clear()


ROUND_TRIPS = {"ranking": 1, "collectivité": 1, "home": 1, "csv": 2}


@pytest.mark.parametrize("kind", list(ROUND_TRIPS))
def test_a_page_from_the_cache_costs_one_round_trip(client, world, counted, kind):
    """The page's key is guessed from the values read last and fetched with them (the CSV,
    keyed on the profiles' statuses read from the database, fetches its table afterwards)."""
    path = {
        "ranking": f"{reverse('site:rankings')}?network=facebook&category=departement",
        "collectivité": world["departements"][0].get_absolute_url(),
        "home": "/",
        "csv": f"{reverse('site:rankings_csv')}?network=facebook&category=departement",
    }[kind]
    first = client.get(path)
    client.get(reverse("site:rankings"))  # every value a page reads is in the cache now
    client.get(path)
    counted.clear()

    again = client.get(path)
    assert again.status_code == 200
    assert len(counted) == ROUND_TRIPS[kind], counted
    if kind == "csv":
        assert again.content == first.content


def broken_entry(world, rank: int) -> RankingEntry:
    return (
        RankingEntry.objects.filter(
            publication=world["publications"][-1], network=Network.INSTAGRAM, rank=rank
        )
        .select_related("profile", "territory")
        .get()
    )


def break_now(profile: Profile) -> None:
    """What collection does when the network says "not found" two days running."""
    for day in (dt.date(2026, 11, 12), dt.date(2026, 11, 13)):
        profile_record_failure(profile=profile, reason=Profile.UnavailableReason.NOT_FOUND, on=day)
        profile.refresh_from_db()


@pytest.mark.parametrize("stamp", ["expired", "renewed by another process"])
def test_anonymous_pages_show_a_profile_broken_since_they_were_cached(client, world, stamp):
    entry = broken_entry(world, rank=2)
    rankings = reverse("site:rankings")
    territory = entry.territory.get_absolute_url()
    for _visit in range(2):  # the second from the cache
        assert "Attention danger" not in client.get(rankings).content.decode()
        assert "Attention danger" not in client.get(territory).content.decode()
        assert "@" + entry.profile.handle not in client.get("/").content.decode()

    break_now(entry.profile)
    cache.delete(STAMP_KEY)  # as STAMP_SECONDS later: no publication, no signal
    if stamp == "renewed by another process":
        published_stamp()  # read outside a request, as a command would: back in the cache

    row = [
        r for r in client.get(rankings).content.decode().split("<tr") if entry.territory.name in r
    ]
    assert "Attention danger" in row[0]
    assert "Attention danger" in client.get(territory).content.decode()
    home = client.get("/").content.decode()
    assert "@" + entry.profile.handle in home.split('id="unreachable-title"')[1]


@contextmanager
def in_a_request():
    """Between Django's request signals, as the test client sends them (keeping the test's
    database connection open)."""
    request_started.disconnect(close_old_connections)
    request_started.send(sender=None, environ={})
    request_started.connect(close_old_connections)
    try:
        yield
    finally:
        request_finished.disconnect(close_old_connections)
        request_finished.send(sender=None)
        request_finished.connect(close_old_connections)


def test_a_publication_changes_the_stamp_at_once_within_a_request(world):
    """The stamp is remembered for a request, and forgotten with the cache by the signals:
    the process that publishes reads fresh values in the same request."""
    with in_a_request():
        before = published_stamp()
        Article.objects.create(
            title="Tout frais", slug="frais", body="x", published_at="2026-11-20T10:00:00Z"
        )
        assert published_stamp() != before


def test_outside_a_request_nothing_is_remembered(world):
    """Commands, tasks and tests read the cache itself: clearing it is enough to start afresh."""
    before = published_stamp()
    article = Article(
        title="Sans signal",
        slug="sans-signal",
        body="x",
        published_at=dt.datetime(2026, 11, 20, tzinfo=dt.UTC),
    )
    Article.objects.bulk_create([article])  # no signal
    assert published_stamp() == before  # cached for STAMP_SECONDS
    cache.clear()
    assert published_stamp() != before


def test_a_dashboard_visit_adds_nothing_to_the_public_pages_round_trip(client, world, counted):
    """Mon espace reads its own values outside the public pages' first round trip: after a
    member's visit, a public page from the cache still costs one."""
    from observatoire.users.models import User

    member = Client()
    member.force_login(User.objects.create_user("equipe", is_staff=True))
    dashboard = reverse("dashboard:home", args=[world["departements"][0].slug])
    assert member.get(dashboard).status_code == 200
    path = f"{reverse('site:rankings')}?network=facebook&category=departement"
    client.get(path)
    client.get(path)
    counted.clear()
    assert client.get(path).status_code == 200
    assert len(counted) == 1, counted
