"""TikTok specifics: 30-day slices, the query body, the client credentials token."""

import asyncio
import json
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest

from observatoire.connectors.base import ConnectorConfig, RetryPolicy
from observatoire.connectors.errors import AuthError, ProfilePrivate
from observatoire.connectors.tiktok.client import TikTokConnector, date_slices
from observatoire.connectors.types import ProfileTarget

API = "https://open.tiktokapis.com/v2"
OK = {"code": "ok", "message": "", "log_id": "20261122000000"}
USER = {
    "display_name": "Ville de Bordeaux",
    "follower_count": 10,
    "following_count": 2,
    "video_count": 3,
}


def collect(handler, *, since, credentials=None):
    async def run():
        config = ConnectorConfig(
            api_url=API,
            credentials=credentials or {"TIKTOK_ACCESS_TOKEN": "clt.given"},
            rate=0,
            concurrency=4,
        )
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            connector = TikTokConnector(config=config, client=client, retry=RetryPolicy(attempts=1))
            return await connector.collect(ProfileTarget(handle="villedebordeaux"), since=since)

    return asyncio.run(run())


def video(id, moment, **counts):
    return {
        "id": id,
        "create_time": int(moment.timestamp()),
        "username": "villedebordeaux",
        "video_description": "#Bordeaux en fête",
        "hashtag_names": ["bordeaux"],
        **counts,
    }


def test_a_35_day_window_is_cut_in_slices_of_at_most_30_days_newest_first():
    slices = date_slices(datetime(2026, 10, 18, tzinfo=UTC), date(2026, 11, 22))

    assert slices == [("20261024", "20261122"), ("20261018", "20261023")]
    for start, end in slices:
        days = (datetime.strptime(end, "%Y%m%d") - datetime.strptime(start, "%Y%m%d")).days + 1
        assert days <= 30


def test_the_video_query_asks_for_the_account_and_follows_cursor_and_search_id():
    now = datetime.now(UTC)
    bodies = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/research/user/info/"):
            assert json.loads(request.content) == {"username": "villedebordeaux"}
            return httpx.Response(200, json={"data": USER, "error": OK})
        body = json.loads(request.content)
        bodies.append(body)
        if len(bodies) == 1:
            data = {
                "videos": [
                    video(
                        1,
                        now - timedelta(days=1),
                        like_count=5,
                        share_count=2,
                        favorites_count=7,
                        view_count=90,
                        comment_count=1,
                    )
                ],
                "cursor": 1,
                "has_more": True,
                "search_id": "S1",
            }
        else:
            data = {"videos": [], "cursor": 0, "has_more": False, "search_id": "S1"}
        return httpx.Response(200, json={"data": data, "error": OK})

    collected = collect(handler, since=now - timedelta(days=5))

    first, second = bodies[0], bodies[1]
    assert first["query"] == {
        "and": [{"operation": "EQ", "field_name": "username", "field_values": ["villedebordeaux"]}]
    }
    assert first["end_date"] == now.strftime("%Y%m%d") and "cursor" not in first
    assert (second["cursor"], second["search_id"]) == (1, "S1")
    post = collected.posts[0]
    # favourites are saves, not interactions; shares are shares
    assert (post.likes, post.comments, post.shares, post.saves, post.views) == (5, 1, 2, 7, 90)
    assert post.media_type == "reel" and post.hashtags == ("bordeaux",)


def test_videos_published_before_the_window_are_left_out():
    now = datetime.now(UTC)

    def handler(request):
        if request.url.path.endswith("/user/info/"):
            return httpx.Response(200, json={"data": USER, "error": OK})
        videos = [video(1, now - timedelta(hours=2)), video(2, now - timedelta(days=3))]
        data = {"videos": videos, "cursor": 2, "has_more": False, "search_id": "S"}
        return httpx.Response(200, json={"data": data, "error": OK})

    collected = collect(handler, since=now - timedelta(days=1))

    assert [p.id for p in collected.posts] == ["1"]
    assert collected.posts[0].likes is None  # not returned: unknown, never 0


def test_client_credentials_give_a_token_renewed_once_when_refused():
    tokens = iter(["clt.first", "clt.second"])
    seen = []

    def handler(request):
        if request.url.path.endswith("/oauth/token/"):
            form = dict(x.split("=") for x in request.content.decode().split("&"))
            assert form == {
                "client_key": "key",
                "client_secret": "secret",
                "grant_type": "client_credentials",
            }
            return httpx.Response(
                200, json={"access_token": next(tokens), "expires_in": 7200, "token_type": "Bearer"}
            )
        seen.append(request.headers["authorization"])
        if request.headers["authorization"] == "Bearer clt.first":
            error = {"code": "access_token_invalid", "message": "expired", "log_id": "x"}
            return httpx.Response(401, json={"error": error})
        if request.url.path.endswith("/user/info/"):
            return httpx.Response(200, json={"data": USER, "error": OK})
        data = {"videos": [], "cursor": 0, "has_more": False, "search_id": "S"}
        return httpx.Response(200, json={"data": data, "error": OK})

    collected = collect(
        handler,
        since=datetime.now(UTC) - timedelta(days=2),
        credentials={"TIKTOK_CLIENT_KEY": "key", "TIKTOK_CLIENT_SECRET": "secret"},
    )

    assert collected.profile.followers == 10
    assert seen[0] == "Bearer clt.first" and set(seen[1:]) == {"Bearer clt.second"}


def test_no_credentials_at_all_is_an_auth_error():
    with pytest.raises(AuthError):
        collect(lambda request: httpx.Response(500), since=datetime.now(UTC), credentials={"X": ""})


def test_a_private_account_is_reported_as_private():
    def handler(request):
        error = {"code": "invalid_params", "message": "The user is private", "log_id": "x"}
        return httpx.Response(400, json={"error": error})

    with pytest.raises(ProfilePrivate):
        collect(handler, since=datetime.now(UTC))


def test_profiles_refused_together_renew_the_token_once():
    issued = []

    def handler(request):
        if request.url.path.endswith("/oauth/token/"):
            issued.append(f"clt.{len(issued) + 1}")
            return httpx.Response(200, json={"access_token": issued[-1], "expires_in": 7200})
        if request.headers["authorization"] == "Bearer clt.given":
            error = {"code": "access_token_invalid", "message": "expired", "log_id": "x"}
            return httpx.Response(401, json={"error": error})
        if request.url.path.endswith("/user/info/"):
            return httpx.Response(200, json={"data": USER, "error": OK})
        data = {"videos": [], "cursor": 0, "has_more": False, "search_id": "S"}
        return httpx.Response(200, json={"data": data, "error": OK})

    async def run():
        credentials = {
            "TIKTOK_ACCESS_TOKEN": "clt.given",
            "TIKTOK_CLIENT_KEY": "key",
            "TIKTOK_CLIENT_SECRET": "secret",
        }
        config = ConnectorConfig(api_url=API, credentials=credentials, rate=0, concurrency=4)
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            connector = TikTokConnector(config=config, client=client, retry=RetryPolicy(attempts=1))
            since = datetime.now(UTC) - timedelta(days=1)
            return await asyncio.gather(
                *(connector.collect(ProfileTarget(handle=h), since=since) for h in ("a", "b", "c"))
            )

    assert len(asyncio.run(run())) == 3
    assert issued == ["clt.1"]


def test_a_token_refused_on_the_video_query_is_renewed_and_the_videos_read():
    """The token expires between the user and its videos: renewed once, nothing missing."""
    tokens = iter(["clt.first", "clt.second"])
    now = datetime.now(UTC)

    def handler(request):
        if request.url.path.endswith("/oauth/token/"):
            return httpx.Response(200, json={"access_token": next(tokens), "expires_in": 7200})
        token = request.headers["authorization"]
        if request.url.path.endswith("/user/info/"):
            return httpx.Response(200, json={"data": USER, "error": OK})
        if token == "Bearer clt.first":
            error = {"code": "access_token_invalid", "message": "expired", "log_id": "x"}
            return httpx.Response(401, json={"error": error})
        videos = [video(7, now - timedelta(hours=3), like_count=4)]
        data = {"videos": videos, "cursor": 1, "has_more": False, "search_id": "S"}
        return httpx.Response(200, json={"data": data, "error": OK})

    collected = collect(
        handler,
        since=now - timedelta(days=2),
        credentials={"TIKTOK_CLIENT_KEY": "key", "TIKTOK_CLIENT_SECRET": "secret"},
    )

    assert [(post.id, post.likes) for post in collected.posts] == [("7", 4)]
    assert collected.gaps == []
