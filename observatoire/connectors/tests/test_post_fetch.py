"""Reading one post by its id, where the network allows it (X, YouTube, Bluesky, Mastodon):
each connector's `fetch_post` plays its recorded samples (samples/post/) from a real HTTP
server on 127.0.0.1. A post the network says does not exist is None, never an empty post."""

import asyncio
import json
from datetime import UTC

import pytest

from observatoire.connectors.base import ConnectorConfig
from observatoire.connectors.registry import connector_class, http_client

from .samples import SampleServer, samples_dir
from .test_contract import FAST_RETRY

FETCHING = ["x", "youtube", "bluesky", "mastodon"]
CASES = [
    (network, path.stem)
    for network in FETCHING
    for path in sorted((samples_dir(network) / "post").glob("*.json"))
]


def play(network: str, sample: dict):
    async def fetch(url: str):
        config = ConnectorConfig(
            api_url=url, credentials=sample.get("credentials", {}), rate=0, concurrency=1
        )
        async with http_client() as client:
            connector = connector_class(network)(config=config, client=client, retry=FAST_RETRY)
            return await connector.fetch_post(**sample["target"])

    server = SampleServer(sample["exchanges"])
    with server:
        return asyncio.run(fetch(server.url)), server.responder


def test_every_reading_network_records_a_found_and_a_missing_post():
    assert {(network, case) for network, case in CASES} == {
        (network, case) for network in FETCHING for case in ("found", "not_found")
    }


@pytest.mark.parametrize(("network", "case"), CASES)
def test_one_post_is_read_by_its_id(network, case):
    sample = json.loads((samples_dir(network) / "post" / f"{case}.json").read_text())
    post, responder = play(network, sample)

    assert responder.unmatched == []
    assert responder.unused() == []
    expected = sample["expect"]["post"]
    if expected is None:
        assert post is None
        return
    for name, value in expected.items():
        actual = getattr(post, name)
        if name == "published_at":
            actual = actual.astimezone(UTC).isoformat()
        elif name == "images":
            actual = [image.alt for image in actual]
        elif name == "hashtags":
            actual = list(actual)
        assert actual == value, name
