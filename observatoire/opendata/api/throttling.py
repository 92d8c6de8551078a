"""Anonymous throttling of the API per client address, counted in Django's cache.

A fixed window per address: at most `API_THROTTLE_RATE` requests (e.g. "120/min") in each
window of the clock; the next one gets `429` with `Retry-After`, the seconds left in the
window. The count is one `cache.incr` per request — atomic in Redis, so every web process
shares it when `REDIS_URL` is set (per process with the local memory cache). The address is
the one the login throttling counts (`users.lockout.client_ip`: `REMOTE_ADDR`, or the one
`TRUSTED_PROXY_COUNT` proxies saw; an IPv6 address stands for its /64).

django-ninja's own `AnonRateThrottle` keeps a list of every request's time in one cache key,
read then rewritten: concurrent processes overwrite each other's requests, and the list grows
with the limit. A counter per window has neither problem; a client may send up to twice the
limit across the boundary of two windows.
"""

import math
import threading
import time
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache
from ninja.throttling import BaseThrottle, SimpleRateThrottle

from observatoire.users.lockout import client_ip


@lru_cache
def rate_parse(rate: str) -> tuple[int, int]:
    """ "120/min" -> (120 requests, 60 seconds), with ninja's spelling of periods."""
    count, seconds = SimpleRateThrottle.parse_rate(SimpleRateThrottle, rate)
    if not count or not seconds:
        raise ValueError(f"invalid rate: {rate!r}")
    return count, seconds


class AddressThrottle(BaseThrottle):
    """At most `API_THROTTLE_RATE` requests per client address and window (see the module
    docstring); the setting is read on each request."""

    def __init__(self):
        self._local = threading.local()  # the wait of the request this thread serves

    def allow_request(self, request) -> bool:
        limit, seconds = rate_parse(settings.API_THROTTLE_RATE)
        now = time.time()
        window = int(now // seconds)
        self._local.wait = (window + 1) * seconds - now
        key = f"api:throttle:{client_ip(request) or '-'}:{seconds}:{window}"
        try:
            count = cache.incr(key)
        except ValueError:  # the window's first request (or its key was evicted)
            count = 1 if cache.add(key, 1, seconds + 1) else cache.incr(key)
        return count <= limit

    def wait(self) -> int:
        """Seconds until the window ends, rounded up: ninja sends them as `Retry-After`."""
        return max(1, math.ceil(getattr(self._local, "wait", 1)))
