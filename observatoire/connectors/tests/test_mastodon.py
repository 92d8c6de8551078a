"""Mastodon specifics: the profile's own instance, HTML to text, paging, suspension."""

import asyncio
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from observatoire.connectors.base import ConnectorConfig, RetryPolicy
from observatoire.connectors.errors import ProfileNotFound, ProfileSuspended, RateLimited
from observatoire.connectors.mastodon.client import (
    MastodonConnector,
    html_to_text,
    next_max_id,
    post_from_payload,
)
from observatoire.connectors.types import ProfileTarget

ACCOUNT = {
    "id": "42",
    "username": "villedegrenoble",
    "acct": "villedegrenoble",
    "display_name": "Ville de Grenoble",
    "followers_count": 10,
    "following_count": 1,
    "statuses_count": 3,
}


def collect(handler, *, api_url="", handle="villedegrenoble@social.grenoble.fr", since=None):
    async def run():
        config = ConnectorConfig(api_url=api_url, credentials={}, rate=0, concurrency=4)
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            connector = MastodonConnector(
                config=config, client=client, retry=RetryPolicy(attempts=1)
            )
            return await connector.collect(
                ProfileTarget(handle=handle), since=since or datetime.now(UTC) - timedelta(days=35)
            )

    return asyncio.run(run())


def status(id, *, days_ago=1, **fields):
    moment = datetime.now(UTC) - timedelta(days=days_ago)
    return {
        "id": id,
        "created_at": moment.isoformat(),
        "content": "<p>Bonjour</p>",
        "url": f"https://social.grenoble.fr/@villedegrenoble/{id}",
        "media_attachments": [],
        "tags": [],
        **fields,
    }


def test_html_content_becomes_the_text_a_reader_sees():
    html = (
        '<p>Fête des <a href="https://x/tags/Lumieres" class="mention hashtag" rel="tag">'
        "#<span>Lumieres</span></a> &amp; marché</p><p>Samedi<br />à 18 h : "
        '<a href="https://www.grenoble.fr/fete"><span class="invisible">https://www.</span>'
        '<span class="ellipsis">grenoble.fr/fe</span><span class="invisible">te</span></a> '
        '<span class="h-card"><a href="https://x/@metro" class="u-url mention">'
        "@<span>metro</span></a></span></p>"
    )
    assert html_to_text(html) == (
        "Fête des #Lumieres & marché\n\nSamedi\nà 18 h : https://www.grenoble.fr/fete @metro"
    )


def test_the_account_is_read_on_its_own_instance():
    urls = []

    def handler(request):
        urls.append(str(request.url))
        if request.url.path.endswith("/lookup"):
            return httpx.Response(200, json=ACCOUNT)
        return httpx.Response(200, json=[])

    collected = collect(handler)

    assert urls[0] == "https://social.grenoble.fr/api/v1/accounts/lookup?acct=villedegrenoble"
    assert urls[1].startswith("https://social.grenoble.fr/api/v1/accounts/42/statuses?")
    assert "exclude_reblogs=true" in urls[1]
    assert collected.profile.handle == "villedegrenoble@social.grenoble.fr"


def test_mastodon_api_url_replaces_every_instance_and_is_given_the_full_handle():
    urls = []

    def handler(request):
        urls.append(str(request.url))
        if request.url.path.endswith("/lookup"):
            return httpx.Response(
                200, json=ACCOUNT | {"acct": "villedegrenoble@social.grenoble.fr"}
            )
        return httpx.Response(200, json=[])

    collect(handler, api_url="http://127.0.0.1:8123/api/v1")

    assert urls[0] == (
        "http://127.0.0.1:8123/api/v1/accounts/lookup?acct=villedegrenoble%40social.grenoble.fr"
    )


def test_pages_follow_the_link_header_on_our_own_root_until_the_window_start():
    pages = {
        None: (
            [status("3"), status("2")],
            '<https://elsewhere.example/api/v1/accounts/42/statuses?max_id=2>; rel="next"',
        ),
        "2": (
            [status("1", days_ago=40)],
            '<https://elsewhere.example/api/v1/accounts/42/statuses?max_id=1>; rel="next"',
        ),
    }
    asked = []

    def handler(request):
        assert request.url.host == "social.grenoble.fr"
        if request.url.path.endswith("/lookup"):
            return httpx.Response(200, json=ACCOUNT)
        max_id = request.url.params.get("max_id")
        asked.append(max_id)
        body, link = pages[max_id]
        return httpx.Response(200, json=body, headers={"link": link})

    collected = collect(handler)

    assert asked == [None, "2"]  # stops at a status older than the window
    assert [p.id for p in collected.posts] == ["3", "2"]


def test_next_max_id_reads_only_the_next_relation():
    link = (
        '<https://m.example/api/v1/accounts/1/statuses?limit=40&max_id=7>; rel="next", '
        '<https://m.example/api/v1/accounts/1/statuses?min_id=9>; rel="prev"'
    )
    assert next_max_id(link) == "7"
    assert next_max_id('<https://m.example/x?min_id=9>; rel="prev"') is None
    assert next_max_id(None) is None


def test_counts_alt_texts_and_content_warning():
    post = post_from_payload(
        status(
            "9",
            spoiler_text="Travaux",
            favourites_count=12,
            replies_count=3,
            reblogs_count=4,
            quotes_count=1,
            media_attachments=[
                {"type": "image", "description": "Le pont"},
                {"type": "image", "description": None},
            ],
        )
    )
    assert (post.likes, post.comments, post.shares) == (12, 3, 5)  # boosts + quotes
    assert post.text == "Travaux\n\nBonjour"
    assert post.media_type == "carousel"
    assert [image.alt for image in post.images] == ["Le pont", ""]

    video = post_from_payload(status("8", media_attachments=[{"type": "gifv", "description": "x"}]))
    assert (video.media_type, video.image_count, video.likes) == ("video", 0, None)


def test_a_suspended_account_is_reported_at_once():
    for response in [
        httpx.Response(410, json={"error": "Gone"}),
        httpx.Response(200, json=ACCOUNT | {"suspended": True}),
    ]:
        with pytest.raises(ProfileSuspended):
            collect(lambda request, response=response: response)


def test_a_moved_account_or_a_handle_without_instance_is_not_found():
    moved = ACCOUNT | {"moved": {"acct": "grenoble@piaille.fr"}}
    with pytest.raises(ProfileNotFound, match=r"piaille\.fr"):
        collect(lambda request: httpx.Response(200, json=moved))
    with pytest.raises(ProfileNotFound):
        collect(lambda request: httpx.Response(200, json=ACCOUNT), handle="villedegrenoble")


def test_the_iso_reset_header_says_how_long_to_wait():
    reset = (datetime.now(UTC) + timedelta(seconds=150)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    def handler(request):
        return httpx.Response(
            429,
            json={"error": "Too many requests"},
            headers={
                "x-ratelimit-limit": "300",
                "x-ratelimit-remaining": "0",
                "x-ratelimit-reset": reset,
            },
        )

    with pytest.raises(RateLimited) as raised:
        collect(handler)
    assert raised.value.retry_after == pytest.approx(150, abs=3)
