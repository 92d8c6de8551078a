"""One contract for every connector: the same cases, played from each network's recorded
samples by a real HTTP server on 127.0.0.1."""

import asyncio
import json
import re
from datetime import UTC, datetime

import pytest

from observatoire.connectors import errors
from observatoire.connectors.base import ConnectorConfig, RetryPolicy, parse_time
from observatoire.connectors.registry import connector_class, connector_networks, http_client
from observatoire.connectors.types import ProfileTarget

from .samples import SampleServer, load_sample, sample_cases

NETWORKS = connector_networks()
# every network records these; "suspended" and "private" where the network can say so
REQUIRED_ERROR_CASES = ["not_found", "rate_limited", "expired_token", "server_error", "malformed"]
ERROR_CASES = [
    (network, case)
    for network in NETWORKS
    for case in sample_cases(network)
    if case not in ("success", "paging")
]
FAST_RETRY = RetryPolicy(attempts=3, backoff=0.0, max_backoff=0.0, max_rate_limit_wait=1.0)


def run_case(network: str, exchanges: list[dict], *, retry: RetryPolicy = FAST_RETRY):
    success = load_sample(network, "success")
    cls = connector_class(network)
    target = ProfileTarget(**success["target"])
    since = parse_time(success["since"])

    async def collect(url: str):
        config = ConnectorConfig(
            api_url=url, credentials=success.get("credentials", {}), rate=0, concurrency=4
        )
        async with http_client() as client:
            connector = cls(config=config, client=client, retry=retry)
            return await connector.collect(target, since=since)

    server = SampleServer(exchanges)
    with server:
        try:
            return asyncio.run(collect(server.url)), server.responder
        except errors.ConnectorError as exc:
            return exc, server.responder


@pytest.mark.parametrize("network", NETWORKS)
def test_success_reads_the_profile_and_every_page_of_posts(network):
    sample = load_sample(network, "success")
    collected, responder = run_case(network, sample["exchanges"])

    assert not isinstance(collected, Exception), collected
    assert responder.unmatched == []
    expect = sample["expect"]
    assert [p.id for p in collected.posts] == expect["post_ids"]
    assert responder.unused() == []  # every recorded page was read
    assert collected.gaps == []
    profile = collected.profile
    for name, value in expect["profile"].items():
        assert getattr(profile, name) == value, name
    since = parse_time(sample["since"])
    for post in collected.posts:
        assert post.published_at.tzinfo is not None
        assert post.published_at >= since
    post = next(p for p in collected.posts if p.id == expect["post"]["id"])
    for name, value in expect["post"].items():
        actual = getattr(post, name)
        if name == "published_at":
            actual = actual.astimezone(UTC).isoformat()
        elif name == "images":
            actual = [image.alt for image in actual]
        elif name == "hashtags":
            actual = list(actual)
        assert actual == value, name


def test_every_network_records_every_case_and_the_vocabulary_is_covered():
    for network in NETWORKS:
        assert set(REQUIRED_ERROR_CASES) <= set(sample_cases(network)), network
    expected = {load_sample(network, case)["expect"]["error"] for network, case in ERROR_CASES}
    assert expected == {
        "ProfileNotFound",
        "ProfilePrivate",
        "ProfileSuspended",
        "AuthError",
        "RateLimited",
        "TransientError",
        "MalformedPayload",
    }


@pytest.mark.parametrize(("network", "case"), ERROR_CASES)
def test_errors_map_onto_one_vocabulary(network, case):
    sample = load_sample(network, case)
    outcome, responder = run_case(network, sample["exchanges"])

    expected = getattr(errors, sample["expect"]["error"])
    assert isinstance(outcome, expected), outcome
    assert responder.unmatched == []
    if case == "rate_limited":
        # the wait the network asked for, read from its own headers
        assert outcome.retry_after == pytest.approx(sample["expect"]["retry_after"], abs=3)
    if case == "server_error":
        assert len(responder.requests) == FAST_RETRY.attempts  # retried before giving up


@pytest.mark.parametrize("network", NETWORKS)
def test_paging_goes_on_while_the_network_gives_a_way_to_continue_and_stops_on_an_empty_page(
    network,
):
    """Whatever form the network's "continue" takes (a cursor without a `next` link, a token,
    a `total`, a Link header), the next page is asked while the posts are in the window; an
    empty page ends the reading."""
    sample = load_sample(network, "paging")
    collected, responder = run_case(network, sample["exchanges"])

    assert not isinstance(collected, Exception), collected
    assert [p.id for p in collected.posts] == sample["expect"]["post_ids"]
    assert responder.unmatched == []
    assert responder.unused() == []
    assert len(responder.requests) == sample["expect"]["requests"]
    assert collected.gaps == []


@pytest.mark.parametrize(
    "network", [n for n in NETWORKS if "repeated_cursor" in load_sample(n, "paging")]
)
def test_paging_stops_on_a_cursor_already_used(network):
    """The page asked with cursor A answers A again: the posts are kept, nothing more is
    asked (no loop, no error)."""
    sample = load_sample(network, "paging")
    old, new = sample["repeated_cursor"]
    exchanges = [
        dict(e, response=json.loads(json.dumps(e["response"]).replace(old, new)))
        for e in sample["exchanges"]
    ]
    collected, responder = run_case(network, exchanges)

    assert not isinstance(collected, Exception), collected
    assert [p.id for p in collected.posts] == sample["expect"]["post_ids"]
    assert responder.unmatched == []
    assert len(responder.requests) == sample["expect"]["requests"] - 1


@pytest.mark.parametrize("network", NETWORKS)
def test_a_passing_server_error_is_retried_and_the_collection_completes(network):
    failing = [dict(e, times=1) for e in load_sample(network, "server_error")["exchanges"]]
    success = load_sample(network, "success")
    collected, responder = run_case(network, failing + success["exchanges"])

    assert not isinstance(collected, Exception), collected
    assert all(e["times"] == 0 for e in responder.exchanges if "times" in e)
    assert [p.id for p in collected.posts] == success["expect"]["post_ids"]


@pytest.mark.parametrize("network", NETWORKS)
def test_a_short_rate_limit_wait_is_honoured_then_retried(network):
    limited = load_sample(network, "rate_limited")["exchanges"]
    short = [
        dict(e, times=1, response=dict(e["response"], headers=_short_wait(e["response"])))
        for e in limited
    ]
    success = load_sample(network, "success")
    collected, responder = run_case(network, short + success["exchanges"])

    assert not isinstance(collected, Exception), collected
    assert all(e["times"] == 0 for e in responder.exchanges if "times" in e)
    assert collected.profile.external_id == success["expect"]["profile"]["external_id"]


def _short_wait(response: dict) -> dict:
    """The same rate-limit answer, asking to wait a fraction of a second."""
    headers = {}
    for name, value in response.get("headers", {}).items():
        if name.lower() == "retry-after":
            value = "0"
        value = re.sub(r"\{now[+-]\d+", "{now+0", value)  # keeps a ":iso" format
        headers[name] = re.sub(r'("estimated_time_to_regain_access":\s*)\d+', r"\g<1>0", value)
    return headers


def test_every_connector_declares_its_credentials_and_api_root(settings):
    for network in NETWORKS:
        cls = connector_class(network)
        assert hasattr(settings, f"{network.upper()}_API_URL")
        for name in cls.credential_names:
            assert hasattr(settings, name), name


def test_parse_time_reads_every_documented_format():
    expected = datetime(2026, 11, 20, 9, 15, tzinfo=UTC)
    for text in [
        "2026-11-20T09:15:00Z",
        "2026-11-20T09:15:00.000Z",
        "2026-11-20T09:15:00+0000",
        "2026-11-20T10:15:00+01:00",
    ]:
        assert parse_time(text) == expected
    assert parse_time(expected.timestamp()) == expected
