"""Django's Redis cache backend, keeping one Redis client per connection pool; and a
per-request memo of the small keys every page reads (`memo_get`, below).

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` on every cache call, and
redis-py fills a table of some 170 response callbacks in each: a third of a millisecond of
CPU per `cache.get`, several per page served from the cache (bench/load.py). A `redis.Redis`
is only a front to its connection pool — stateless and thread-safe — so one per pool
behaves the same. Same settings, same keys, same data as Django's backend.
"""

import threading

from django.core.cache import cache
from django.core.cache.backends import redis
from django.core.signals import request_finished, request_started


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(
                connection_pool=self._get_connection_pool(write)
            )
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient


# A per-request memo of the few small keys nearly every request reads (the site's stamp, the
# demo flag): the first of them a request reads fetches them all in one round trip, and the
# rest of the request reads them from memory. Active from Django's `request_started` to its
# `request_finished` in the thread serving the request; elsewhere (commands, tasks, direct
# calls in tests) every read goes to the cache. Writes and deletes through `memo_set` and
# `memo_forget` update the memo too, so the request that changes a value reads the new one.
_memo = threading.local()
_SHARED: dict[str, None] = {}  # an ordered set


def shared(key: str) -> str:
    """Declare `key` read by most requests: fetched with the others on a request's first
    read. Returns the key, for `KEY = shared("…")`."""
    _SHARED[key] = None
    return key


def _memo_start(**_kwargs) -> None:
    _memo.values = {}


def _memo_end(**_kwargs) -> None:
    _memo.values = None


request_started.connect(_memo_start, dispatch_uid="observatoire-cache-memo-start")
request_finished.connect(_memo_end, dispatch_uid="observatoire-cache-memo-end")


def memo_get(key: str):
    """`cache.get(key)`, read at most once per request (see above)."""
    values = getattr(_memo, "values", None)
    if values is None:
        return cache.get(key)
    if key not in values:
        wanted = [key, *(other for other in _SHARED if other not in values and other != key)]
        found = cache.get_many(wanted)
        values.update({name: found.get(name) for name in wanted})
    return values[key]


def memo_set(key: str, value, timeout: float) -> None:
    cache.set(key, value, timeout)
    values = getattr(_memo, "values", None)
    if values is not None:
        values[key] = value


def memo_forget(key: str) -> None:
    """Delete `key` from the cache and from this request's memo."""
    cache.delete(key)
    values = getattr(_memo, "values", None)
    if values is not None:
        values.pop(key, None)
