"""Login throttling: failed attempts are counted per username and IP address in the cache."""

import hashlib

from django.core.cache import cache

MAX_FAILURES = 5
LOCK_SECONDS = 5 * 60


def _key(username: str, ip: str) -> str:
    raw = f"{username.strip().lower()}|{ip}"
    return "users:login-failures:" + hashlib.sha256(raw.encode()).hexdigest()


def login_locked(*, username: str, ip: str) -> bool:
    return cache.get(_key(username, ip), 0) >= MAX_FAILURES


def login_failed(*, username: str, ip: str) -> None:
    key = _key(username, ip)
    # The lock lasts LOCK_SECONDS after the latest failure.
    cache.set(key, cache.get(key, 0) + 1, LOCK_SECONDS)


def login_succeeded(*, username: str, ip: str) -> None:
    cache.delete(_key(username, ip))


def client_ip(request) -> str:
    # REMOTE_ADDR is set by the server; behind a proxy, configure it to pass the real address.
    return request.META.get("REMOTE_ADDR", "")
