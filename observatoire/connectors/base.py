"""Shared plumbing of every connector: async httpx requests, per-network rate limiting,
retries with back-off, Retry-After and rate-limit headers, and the payload guard."""

from __future__ import annotations

import asyncio
import json
import random
import re
import time
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, ClassVar, TypeVar

import httpx

from observatoire.core.values import count_value
from observatoire.core.values import hashtags_in as hashtags_in

from .errors import (
    AuthError,
    ConnectorError,
    Incomplete,
    MalformedPayload,
    RateLimited,
    TransientError,
)
from .types import Collected, PostData, ProfileTarget

# The rules of counts and hashtags are the importers' too: declared once, in core.values.
count = count_value


def parse_time(value: str | int | float) -> datetime:
    """ISO 8601 (with Z or an offset, as every API writes it) or a Unix timestamp → aware."""
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, tz=UTC)
    text = value.strip()
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    # Graph API writes offsets without a colon: 2024-08-15T12:00:00+0000
    text = re.sub(r"([+-]\d\d)(\d\d)$", r"\1:\2", text)
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise ValueError(f"naive time {value!r}")
    return moment


def retry_after_seconds(value: str | None, *, now: float | None = None) -> float | None:
    """Retry-After as seconds: an integer or an HTTP date (RFC 9110)."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - (now if now is not None else time.time()))


PAYLOAD_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError)
Parsed = TypeVar("Parsed")  # a post, or what a connector reads of an item (its date…)


class Paging:
    """The paging rule of every connector: ask for the next page while the page's oldest
    post is still inside the window and the network gave a way to continue (a cursor, a
    token, a link: whichever it gave, whatever its other fields say); stop on an empty page,
    a cursor already used or the window's edge. After `max_pages` pages still inside the
    window, stop and say so (`truncated`), so a cursor that never ends cannot loop."""

    def __init__(self, *, since: datetime, max_pages: int):
        self.since = since
        self.max_pages = max_pages
        self.pages = 0
        self.truncated = False
        self._used: set = set()

    def more(self, *, items: int, oldest: datetime | None, cursor: object) -> bool:
        """After reading a page of `items` items whose oldest is `oldest` (None when the
        network bounds the window itself), may the page `cursor` points to be asked?"""
        self.pages += 1
        if not items or (oldest is not None and oldest < self.since):
            return False
        if cursor is None or cursor == "" or cursor in self._used:
            return False
        if self.pages >= self.max_pages:
            self.truncated = True
            return False
        self._used.add(cursor)
        return True

    def gap(self) -> Incomplete | None:
        if self.truncated:
            return Incomplete(f"paging stopped after {self.pages} pages, still inside the window")
        return None


def posts_parsed(
    items: Iterable[dict], parse: Callable[[dict], Parsed | None], gaps: list
) -> list[Parsed]:
    """Each item mapped on its own: a post the network left incomplete (a field missing, a
    count unreadable) is left out and noted in `gaps`; the complete ones are kept."""
    posts = []
    for item in items:
        try:
            post = parse(item)
        except Incomplete as exc:
            gaps.append(exc)
            continue
        except PAYLOAD_ERRORS as exc:
            gaps.append(Incomplete(f"post {_item_name(item)} left out: {type(exc).__name__} {exc}"))
            continue
        if post is not None:
            posts.append(post)
    return posts


def _item_name(item: object) -> str:
    if not isinstance(item, dict):
        return "?"
    inner = item.get("post") if isinstance(item.get("post"), dict) else {}
    return str(item.get("id") or item.get("uri") or inner.get("uri") or "?")


def oldest(posts: Iterable[PostData]) -> datetime | None:
    return min((post.published_at for post in posts), default=None)


class RateLimiter:
    """At most `rate` requests per second for one network (token bucket, `burst` tokens),
    and a shared pause when the network says to wait (Retry-After, reset headers)."""

    def __init__(self, rate: float, burst: int = 1, *, clock=time.monotonic, sleep=asyncio.sleep):
        self.rate = rate
        self.burst = max(1, burst)
        self._clock, self._sleep = clock, sleep
        self._tokens = float(self.burst)
        self._updated = clock()
        self._resume_at = 0.0
        self._lock = asyncio.Lock()

    def pause(self, seconds: float) -> None:
        self._resume_at = max(self._resume_at, self._clock() + max(0.0, seconds))

    async def acquire(self) -> None:
        async with self._lock:
            while True:
                now = self._clock()
                if now < self._resume_at:
                    await self._sleep(self._resume_at - now)
                    continue
                if self.rate <= 0:
                    return
                self._tokens = min(self.burst, self._tokens + (now - self._updated) * self.rate)
                self._updated = now
                if self._tokens >= 1 - 1e-9:  # float rounding must not spin
                    self._tokens = max(0.0, self._tokens - 1)
                    return
                await self._sleep((1 - self._tokens) / self.rate)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 4  # total tries of one request
    backoff: float = 0.5  # first wait in seconds, doubled each time, with jitter
    max_backoff: float = 30.0
    max_rate_limit_wait: float = 120.0  # wait that long at most when told to; beyond, give up

    def delay(self, attempt: int) -> float:
        base = min(self.max_backoff, self.backoff * (2**attempt))
        return base * (0.5 + random.random() / 2)


@dataclass(frozen=True, slots=True)
class ConnectorConfig:
    api_url: str
    credentials: dict[str, str]
    rate: float  # requests per second
    concurrency: int  # profiles collected at once


class Connector(ABC):
    """Reads one network's official API. Subclasses implement `fetch` (requests and paging)
    and `error_for` (the network's error bodies), and map payloads in `from_payload`-style
    functions; raw JSON never leaves the connector."""

    network: ClassVar[str]
    # Documented limits, overridable by settings (COLLECT_RATE_LIMITS).
    default_rate: ClassVar[float] = 5.0
    default_concurrency: ClassVar[int] = 8
    credential_names: ClassVar[tuple[str, ...]] = ()  # settings names, e.g. ("X_BEARER_TOKEN",)
    max_pages: ClassVar[int] = 50
    # True when `ProfileData.external_id` is the account's id everywhere and for ever (X, a
    # Page id, a channel id…): a handle answering with another id is then another account.
    stable_ids: ClassVar[bool] = False

    def __init__(
        self,
        *,
        config: ConnectorConfig,
        client: httpx.AsyncClient,
        limiter: RateLimiter | None = None,
        retry: RetryPolicy | None = None,
    ):
        self.config = config
        self.api_url = config.api_url.rstrip("/")
        self.client = client
        self.limiter = limiter or RateLimiter(config.rate, burst=config.concurrency)
        self.retry = retry or RetryPolicy()

    # -- what each network implements -------------------------------------------------
    @abstractmethod
    async def fetch(self, target: ProfileTarget, *, since: datetime) -> Collected:
        """The profile and its posts published since `since` (all pages)."""

    def error_for(self, response: httpx.Response, payload: Any) -> ConnectorError | None:
        """The connector error a response means, or None when it is a success. The default
        handles HTTP statuses; networks refine it with their error bodies."""
        return self.http_error(response)

    def auth_headers(self) -> dict[str, str]:
        return {}

    def wait_from_headers(self, response: httpx.Response) -> float | None:
        """Seconds to hold every request of this network, read from its rate-limit headers
        on any response (e.g. remaining = 0 until reset). None when nothing to hold."""
        return None

    # -- shared plumbing ----------------------------------------------------------------
    async def collect(self, target: ProfileTarget, *, since: datetime) -> Collected:
        """`fetch`, with payloads of the wrong shape reported as MalformedPayload."""
        try:
            return await self.fetch(target, since=since)
        except ConnectorError:
            raise
        except PAYLOAD_ERRORS as exc:
            raise MalformedPayload(f"{type(exc).__name__}: {exc}") from exc

    def paging(self, since: datetime) -> Paging:
        return Paging(since=since, max_pages=self.max_pages)

    async def secondary(self, collected: Collected, work: Awaitable[None]) -> bool:
        """Await a connector's secondary reading (its posts, their counts), which adds what
        it reads to `collected` as it goes. If it fails midway (a server error, a page of the
        wrong shape, a refusal), the profile and what was already read are kept and the
        failure becomes a gap: one missing detail is not a lost day. True when it completed."""
        try:
            await work
        except ConnectorError as exc:
            collected.gaps.append(exc)
            return False
        except PAYLOAD_ERRORS as exc:
            collected.gaps.append(MalformedPayload(f"{type(exc).__name__}: {exc}"))
            return False
        return True

    def url(self, path: str) -> str:
        return (
            path
            if path.startswith(("http://", "https://"))
            else f"{self.api_url}/{path.lstrip('/')}"
        )

    def http_error(self, response: httpx.Response) -> ConnectorError | None:
        status = response.status_code
        if status < 400:
            return None
        if status == 429:
            return RateLimited(
                f"HTTP 429 {response.url.path}",
                retry_after=retry_after_seconds(response.headers.get("retry-after")),
            )
        if status in (401, 403):
            return AuthError(f"HTTP {status} {response.url.path}")
        if status >= 500 or status == 408:
            return TransientError(f"HTTP {status} {response.url.path}")
        return MalformedPayload(f"HTTP {status} {response.url.path}")

    async def get_json(
        self, path: str, params: dict[str, Any] | None = None, *, body: Any = None
    ) -> Any:
        """GET a JSON document (POST `body` as JSON when given, e.g. TikTok's queries), through
        the rate limiter, retrying transient errors with back-off and waiting when the network
        says so (within RetryPolicy limits)."""
        url = self.url(path)
        attempts = max(1, self.retry.attempts)
        for attempt in range(attempts):
            await self.limiter.acquire()
            error: ConnectorError | None
            try:
                response = await self.client.request(
                    "GET" if body is None else "POST",
                    url,
                    params=params,
                    json=body,
                    headers=self.auth_headers(),
                )
            except httpx.TransportError as exc:  # timeouts, refused or reset connections
                error = TransientError(f"{type(exc).__name__}: {exc}")
            else:
                hold = self.wait_from_headers(response)
                if hold:
                    self.limiter.pause(min(hold, self.retry.max_rate_limit_wait))
                payload = _json_or_none(response)
                error = self.error_for(response, payload)
                if isinstance(error, RateLimited) and error.retry_after is None:
                    error.retry_after = retry_after_seconds(response.headers.get("retry-after"))
                if error is None:
                    if payload is None:
                        raise MalformedPayload(f"invalid JSON from {response.url.path}")
                    return payload
            last = attempt == attempts - 1
            if isinstance(error, RateLimited):
                wait = (
                    error.retry_after
                    if error.retry_after is not None
                    else self.retry.delay(attempt)
                )
                if last or wait > self.retry.max_rate_limit_wait:
                    raise error
                self.limiter.pause(wait)
                continue
            if isinstance(error, TransientError) and not last:
                await asyncio.sleep(self.retry.delay(attempt))
                continue
            raise error
        raise AssertionError("unreachable")


def _json_or_none(response: httpx.Response) -> Any:
    try:
        return json.loads(response.content) if response.content else None
    except (ValueError, UnicodeDecodeError):
        return None
