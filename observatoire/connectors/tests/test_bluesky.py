"""Bluesky specifics: what counts as the account's post, shares, alt texts, hashtags."""

import asyncio
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from observatoire.connectors.base import ConnectorConfig, RetryPolicy
from observatoire.connectors.bluesky.client import BlueskyConnector, post_from_view
from observatoire.connectors.errors import ProfileNotFound, RateLimited
from observatoire.connectors.types import ProfileTarget

API = "https://public.api.bsky.app/xrpc"
DID = "did:plc:4a7kbz2mnx6lq3yvwp5c8rte"
PROFILE = {
    "did": DID,
    "handle": "rennes.fr",
    "displayName": "Ville de Rennes",
    "followersCount": 100,
    "followsCount": 5,
    "postsCount": 40,
}


def collect(handler, *, target=None, since=None):
    async def run():
        config = ConnectorConfig(api_url=API, credentials={}, rate=0, concurrency=4)
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            connector = BlueskyConnector(
                config=config, client=client, retry=RetryPolicy(attempts=1)
            )
            return await connector.collect(
                target or ProfileTarget(handle="rennes.fr"),
                since=since or datetime.now(UTC) - timedelta(days=35),
            )

    return asyncio.run(run())


def view(rkey, *, did=DID, embed=None, when=None, **counts):
    when = when or datetime.now(UTC) - timedelta(days=1)
    record = {
        "$type": "app.bsky.feed.post",
        "text": "Bonjour #Rennes",
        "createdAt": when.isoformat(),
    }
    post = {
        "uri": f"at://{did}/app.bsky.feed.post/{rkey}",
        "cid": "bafy",
        "author": {"did": did, "handle": "rennes.fr"},
        "record": record,
        "indexedAt": when.isoformat(),
        **counts,
    }
    if embed:
        post["embed"] = embed
    return post


def test_reposts_of_other_accounts_are_left_out_and_replies_kept():
    other = "did:plc:w3nq5x6ykzrt2bdle7hq4vmo"
    feed = [
        {"post": view("own")},
        {
            "post": view("theirs", did=other),
            "reason": {
                "$type": "app.bsky.feed.defs#reasonRepost",
                "indexedAt": datetime.now(UTC).isoformat(),
            },
        },
        {"post": view("reply"), "reply": {"root": {}, "parent": {}}},
    ]

    def handler(request):
        if request.url.path.endswith("getProfile"):
            return httpx.Response(200, json=PROFILE)
        return httpx.Response(200, json={"feed": feed})

    assert [p.id for p in collect(handler).posts] == ["own", "reply"]


def test_reposts_and_quotes_are_shares_and_unknown_counts_stay_unknown():
    post = post_from_view(view("a", likeCount=10, replyCount=2, repostCount=3, quoteCount=4))
    assert (post.likes, post.comments, post.shares) == (10, 2, 7)
    assert (post.saves, post.views) == (None, None)

    bare = post_from_view(view("b"))
    assert (bare.likes, bare.comments, bare.shares) == (None, None, None)


def test_images_of_a_quote_with_media_keep_their_alt_texts():
    embed = {
        "$type": "app.bsky.embed.recordWithMedia#view",
        "record": {"record": {}},
        "media": {
            "$type": "app.bsky.embed.images#view",
            "images": [
                {"thumb": "t", "fullsize": "f", "alt": "La mairie"},
                {"thumb": "t", "fullsize": "f", "alt": ""},
            ],
        },
    }
    post = post_from_view(view("q", embed=embed))

    assert post.media_type == "carousel"
    assert post.image_count == 2
    assert [image.alt for image in post.images] == ["La mairie", ""]


@pytest.mark.parametrize(
    "embed_type, media_type",
    [
        ("app.bsky.embed.external#view", "link"),
        ("app.bsky.embed.video#view", "video"),
        ("app.bsky.embed.record#view", "text"),
    ],
)
def test_media_types(embed_type, media_type):
    post = post_from_view(view("m", embed={"$type": embed_type, "external": {}, "record": {}}))
    assert post.media_type == media_type and post.images == ()


def test_hashtags_come_from_tag_facets_and_outline_tags():
    post = view("h")
    post["record"]["facets"] = [
        {
            "index": {"byteStart": 8, "byteEnd": 15},
            "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": "Rennes"}],
        }
    ]
    post["record"]["tags"] = ["Bretagne"]
    assert post_from_view(post).hashtags == ("Rennes", "Bretagne")


def test_a_known_did_is_asked_for_so_a_new_handle_is_followed():
    asked = []

    def handler(request):
        asked.append(request.url.params["actor"])
        if request.url.path.endswith("getProfile"):
            return httpx.Response(200, json=PROFILE | {"handle": "ville.rennes.fr"})
        return httpx.Response(200, json={"feed": []})

    collected = collect(handler, target=ProfileTarget(handle="rennes.fr", external_id=DID))

    assert asked == [DID, DID]
    assert collected.profile.handle == "ville.rennes.fr"


def test_a_deactivated_account_is_not_found():
    def handler(request):
        return httpx.Response(
            400, json={"error": "AccountDeactivated", "message": "Account is deactivated"}
        )

    with pytest.raises(ProfileNotFound):
        collect(handler)


def test_the_rate_limit_reset_header_says_how_long_to_wait():
    reset = int(datetime.now(UTC).timestamp()) + 120

    def handler(request):
        return httpx.Response(
            429,
            headers={"ratelimit-remaining": "0", "ratelimit-reset": str(reset)},
            json={"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"},
        )

    with pytest.raises(RateLimited) as raised:
        collect(handler)
    assert raised.value.retry_after == pytest.approx(120, abs=3)
