"""Shared plumbing: waits the networks ask for, counts, hashtags, the paging rule."""

import asyncio
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from observatoire.connectors.base import (
    Paging,
    RateLimiter,
    count,
    hashtags_in,
    retry_after_seconds,
)
from observatoire.connectors.errors import Incomplete


def test_retry_after_reads_seconds_and_http_dates():
    now = time.time()
    later = format_datetime(
        datetime.fromtimestamp(now, tz=UTC) + timedelta(seconds=90), usegmt=True
    )
    assert retry_after_seconds("120") == 120
    assert retry_after_seconds(later, now=now) == pytest.approx(90, abs=1)
    assert retry_after_seconds("") is None
    assert retry_after_seconds("soon") is None


def test_counts_unknown_is_none_not_zero():
    assert count(None) is None
    assert count("") is None
    assert count("1234") == 1234  # YouTube writes counts as strings
    assert count(0) == 0
    with pytest.raises(ValueError):
        count(-1)
    with pytest.raises(ValueError):
        count(True)


def test_hashtags_in_order_without_duplicates_nor_html_entities():
    text = "Fête #Lyon #fêtedeslumières et encore #Lyon &#39; http://x.fr/#ancre"
    assert hashtags_in(text) == ("Lyon", "fêtedeslumières")


def test_the_rate_limiter_spaces_requests_and_holds_when_told():
    clock = {"now": 1000.0}
    waits = []

    async def sleep(seconds):  # a fake clock: no real waiting, no timed assertion
        waits.append(round(seconds, 3))
        clock["now"] += seconds

    async def scenario():
        # one request every 50 ms
        limiter = RateLimiter(rate=20, burst=1, clock=lambda: clock["now"], sleep=sleep)
        for _ in range(3):
            await limiter.acquire()
        limiter.pause(30)  # e.g. Retry-After: 30
        await limiter.acquire()

    asyncio.run(scenario())
    assert waits == [0.05, 0.05, 30.0]


def test_paging_stops_after_max_pages_still_in_the_window_and_says_so():
    since = datetime(2026, 11, 1, tzinfo=UTC)
    inside = since + timedelta(days=3)
    paging = Paging(since=since, max_pages=3)

    asked = [paging.more(items=2, oldest=inside, cursor=f"c{n}") for n in range(3)]

    assert asked == [True, True, False]
    assert isinstance(paging.gap(), Incomplete)


def test_paging_stops_without_gap_at_the_window_edge_an_empty_page_or_a_used_cursor():
    since = datetime(2026, 11, 1, tzinfo=UTC)
    inside = since + timedelta(days=3)
    paging = Paging(since=since, max_pages=50)

    assert paging.more(items=2, oldest=inside, cursor="a")
    assert not paging.more(items=2, oldest=inside, cursor="a")  # used
    assert not paging.more(items=0, oldest=None, cursor="b")  # empty
    assert not paging.more(items=2, oldest=since - timedelta(seconds=1), cursor="c")  # edge
    assert not paging.more(items=2, oldest=inside, cursor=None)  # no way to continue
    assert paging.more(items=2, oldest=None, cursor="d")  # the query bounds the window
    assert paging.gap() is None
