"""Django's Redis cache backend, keeping one Redis client per connection pool; and a
per-request memo of the small keys every page reads (`memo_get`, below).

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` on every cache call, and
redis-py fills a table of some 170 response callbacks in each: a third of a millisecond of
CPU per `cache.get`, several per page served from the cache (bench/load.py). A `redis.Redis`
is only a front to its connection pool — stateless and thread-safe — so one per pool
behaves the same. Same settings, same keys, same data as Django's backend.
"""

import threading
from contextlib import contextmanager

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
_last_read: dict[str, object] = {}  # what this process's requests last read: only a guess


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


def memo_fetch(*extra: str) -> dict:
    """One round trip: the shared keys this request has not read yet (into the memo) and the
    `extra` keys, whose values found it returns."""
    values = getattr(_memo, "values", None)
    if values is None:
        return cache.get_many(extra) if extra else {}
    missing = [key for key in _SHARED if key not in values]
    found = cache.get_many([*missing, *extra]) if missing or extra else {}
    for key in missing:
        values[key] = found.pop(key, None)
        if values[key] is not None:
            _last_read[key] = values[key]
    return found


def memo_get(key: str):
    """`cache.get(key)`, read at most once per request (see above)."""
    values = getattr(_memo, "values", None)
    if values is None or key not in _SHARED:
        return cache.get(key)
    if key not in values:
        memo_fetch()
    return values[key]


def memo_set(key: str, value, timeout: float) -> None:
    cache.set(key, value, timeout)
    values = getattr(_memo, "values", None)
    if values is not None:
        values[key] = value
        if key in _SHARED:
            _last_read[key] = value


def memo_forget(key: str) -> None:
    """Delete `key` from the cache and from this request's memo."""
    cache.delete(key)
    values = getattr(_memo, "values", None)
    if values is not None:
        values.pop(key, None)


@contextmanager
def memo_guess():
    """Before a request's first read: within the block, the memo holds the values this process
    read last, to compute a key that depends on them and fetch it in the same round trip as
    the values themselves (`memo_fetch(key)`); after, the memo is empty again. Yields None
    when there is nothing to guess from, else a function telling, once fetched, whether the
    values are still those guessed: only then is the key the right one."""
    values = getattr(_memo, "values", None)
    guess = dict(_last_read)
    if values is None or values or guess.keys() != _SHARED.keys():
        yield None
        return
    values.update(guess)
    try:
        yield lambda: all(values.get(key) == value for key, value in guess.items())
    finally:
        values.clear()
