"""The project's Redis cache backend (observatoire/core/cache.py) against the real Redis:
it stores and returns what Django's does, through one Redis client per connection pool."""

import os
import uuid

import pytest
from django.core.cache import caches
from django.test import override_settings

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/6"  # the shared test Redis


@pytest.fixture
def redis_cache():
    """The project's backend on its own key prefix: other keys of that Redis are never read,
    written or cleared."""
    settings = {
        "BACKEND": "observatoire.core.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
    }
    with override_settings(CACHES={"default": settings}):
        backend = caches["default"]
        yield backend
        backend.delete_many(["page", "stamp", "counter", "absent"])


def test_values_come_back_as_stored(redis_cache):
    page = "<html>" + "é" * 20_000 + "</html>"
    redis_cache.set("page", page, 60)
    redis_cache.set_many({"stamp": ("2026-12-01", 13, 124_956), "counter": 1})
    redis_cache.incr("counter")

    assert redis_cache.get("page") == page
    assert redis_cache.get_many(["stamp", "counter", "absent"]) == {
        "stamp": ("2026-12-01", 13, 124_956),
        "counter": 2,
    }
    redis_cache.delete("page")
    assert redis_cache.get("page") is None
    assert redis_cache.add("page", "again") is True


def test_every_call_goes_through_one_client(redis_cache):
    client = redis_cache._cache.get_client("page")

    assert redis_cache._cache.get_client("stamp") is client
    assert redis_cache._cache.get_client("page", write=True) is client  # one server: one pool
    assert client.ping() is True
