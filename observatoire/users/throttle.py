"""A fixed-window counter in the shared cache, for forms open to anonymous visitors."""

from django.core.cache import cache


def throttle_hit(*, scope: str, key: str, limit: int, window: int) -> bool:
    """Count one more attempt of `key` (e.g. a client address) in `scope`; True when it is
    beyond `limit` attempts in the current `window` seconds. Shared by every process through
    the cache (Redis in production)."""
    cache_key = f"throttle:{scope}:{key}"
    cache.add(cache_key, 0, timeout=window)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window)
        count = 1
    return count > limit
