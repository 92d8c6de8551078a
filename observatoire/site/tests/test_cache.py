import os
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache, caches
from django.core.cache.backends.redis import RedisCache
from django.test import Client, override_settings
from django.urls import reverse

from observatoire.blog.models import Article
from observatoire.site.cache import CSRF_PLACEHOLDER


def test_anonymous_pages_come_whole_from_the_cache(client, world, django_assert_num_queries):
    url = world["departements"][0].get_absolute_url()
    for path in ["/", reverse("site:rankings"), url, reverse("site:methodology")]:
        first = client.get(path).content.decode()
        with django_assert_num_queries(0):
            again = client.get(path).content.decode()
        assert CSRF_PLACEHOLDER not in first + again
        assert again.replace(_token(again), "") == first.replace(_token(first), "")


def _token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_the_language_form_of_a_cached_page_works(world):
    warm = Client()
    warm.get("/")
    visitor = Client(enforce_csrf_checks=True)
    html = visitor.get("/").content.decode()
    response = visitor.post(
        reverse("set_language"),
        {"language": "en", "next": "/", "csrfmiddlewaretoken": _token(html)},
    )
    assert response.status_code == 302
    assert '<html lang="en">' in visitor.get("/").content.decode()


def test_logged_in_visitors_never_get_the_anonymous_page(client, world):
    client.get(reverse("site:rankings"))
    user = get_user_model().objects.create_user("camille", password="un-mot-de-passe-solide")
    client.force_login(user)
    assert "Mon espace" in client.get(reverse("site:rankings")).content.decode()


def test_a_new_article_refreshes_the_home_page(client, world):
    client.get("/")
    Article.objects.create(
        title="Tout frais", slug="frais", body="x", published_at="2026-11-20T10:00:00Z"
    )
    assert "Tout frais" in client.get("/").content.decode()


def test_unknown_query_parameters_are_served_but_not_cached(client, world):
    before = len(cache._cache)
    response = client.get(reverse("site:rankings"), {"utm_source": "x" * 10})
    assert response.status_code == 200
    client.get(reverse("site:rankings"), {"utm_source": "y" * 10})
    fragments_and_stamp = len(cache._cache) - before
    client.get(reverse("site:rankings"))
    assert len(cache._cache) - before == fragments_and_stamp + 1  # the page itself


# The page cache holds one entry per *valid* page: a value that names no published month, no
# network, category or région, or no page of the table, is redirected to the page without it.
INVALID_VALUES = [
    ("month", "x{}"),
    ("month", "1999-{:02d}"),
    ("network", "x{}"),
    ("category", "x{}"),
    ("region", "x{}"),
    ("page", "{}"),  # beyond the last page
    ("page", "x{}"),
]
CACHES_TO_MEASURE = ["locmem"] + (["redis"] if os.environ.get("REDIS_URL") else [])


def cache_size() -> int:
    """Entries in the cache: keys of the local-memory cache, DBSIZE on Redis."""
    backend = caches["default"]
    if isinstance(backend, RedisCache):
        return backend._cache.get_client().dbsize()
    return len(backend._cache)


@pytest.fixture(params=CACHES_TO_MEASURE)
def measured_cache(request):
    if request.param == "locmem":
        yield
        return
    redis = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    }
    with override_settings(CACHES={"default": redis}):
        cache.clear()
        yield
        cache.clear()


def test_a_thousand_invalid_values_leave_the_cache_size_unchanged(client, world, measured_cache):
    member = Client()
    member.force_login(get_user_model().objects.create_user("camille", password="x" * 12))
    rankings = reverse("site:rankings")
    territory = world["departements"][0].get_absolute_url()
    for visitor in (client, member):  # what valid visits cache: pages, fragments, the stamp
        for path in (rankings, territory, "/"):
            visitor.get(path)
        visitor.get(rankings, {"network": "facebook", "page": "1"})  # and the table's size
    before = cache_size()
    for number in range(1000):
        name, pattern = INVALID_VALUES[number % len(INVALID_VALUES)]
        visitor = member if number % 3 == 0 else client
        value = pattern.format(1000 + number)
        kept = "category=departement" if name == "network" else "network=facebook"
        response = visitor.get(f"{rankings}?{kept}&{name}={value}")
        assert response.status_code == 302, (name, value)
        assert response["Location"] == f"{rankings}?{kept}"  # the valid value is kept
        if number % 10 == 0:  # the pages that take no such parameter are served, uncached
            assert visitor.get(territory, {name: value}).status_code == 200
            assert visitor.get("/", {name: value}).status_code == 200
    assert cache_size() == before


def test_valid_parameters_are_kept_and_served_from_the_cache(
    client, world, django_assert_num_queries
):
    rankings = reverse("site:rankings")
    query = {
        "network": "facebook",
        "category": "departement",
        "month": "2026-09",
        "region": world["regions"][0].slug,
        "page": "1",
    }
    first = client.get(rankings, query)
    assert first.status_code == 200 and "septembre 2026" in first.content.decode()
    with django_assert_num_queries(0):
        assert client.get(rankings, query).status_code == 200
    # One invalid value among valid ones: only that one is dropped.
    response = client.get(rankings, query | {"month": "2026-13"})
    assert response.status_code == 302
    assert "month" not in response["Location"] and "network=facebook" in response["Location"]
    assert world["regions"][0].slug in response["Location"]
