"""TikTok Research API routes of the local fake API, in the shapes of the official reference
(JSON bodies posted, ErrorStructV2 on every answer)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from ..server import Request, Response
from .store import FakeStore

ID_PREFIX = "tt"  # unused: the Research API keys accounts by username


def _answer(status: int, data: dict | None, code: str = "ok", message: str = "") -> Response:
    body = {"error": {"code": code, "message": message, "log_id": "20261122000000FAKE"}}
    if data is not None:
        body["data"] = data
    return Response(status, body)


def rate_limited() -> Response:
    return _answer(429, None, "rate_limit_exceeded", "API rate limit was exceeded.")


def token(request: Request, groups: dict, store: FakeStore) -> Response:
    return Response(200, {"access_token": "clt.fake", "expires_in": 7200, "token_type": "Bearer"})


def user_info(request: Request, groups: dict, store: FakeStore) -> Response:
    username = json.loads(request.body or b"{}").get("username", "")
    profile = store.profile(handle=username)
    if profile is None or profile.gone:
        reason = {"private": "is private", "suspended": "is banned"}.get(
            profile.gone if profile else "", "does not exist"
        )
        return _answer(400, None, "invalid_params", f"User {username} {reason}")
    data = {
        "display_name": profile.display_name,
        "is_verified": False,
        "follower_count": profile.followers,
        "following_count": profile.following or 0,
        "likes_count": 0,
        "video_count": profile.posts_count or 0,
    }
    return _answer(200, data)


def video_query(request: Request, groups: dict, store: FakeStore) -> Response:
    query = json.loads(request.body or b"{}")
    username = query["query"]["and"][0]["field_values"][0]
    start = datetime.strptime(query["start_date"], "%Y%m%d").replace(tzinfo=UTC)
    end = datetime.strptime(query["end_date"], "%Y%m%d").replace(tzinfo=UTC) + timedelta(days=1)
    size = min(100, int(query.get("max_count", 20)))
    cursor = int(query.get("cursor") or 0)
    profile = store.profile(handle=username)
    posts = []
    if profile is not None and not profile.gone:
        posts = [p for p in store.posts(profile, since=start, limit=10_000) if p.published_at < end]
    videos = [
        {
            "id": post.external_id,
            "create_time": int(post.published_at.timestamp()),
            "username": username,
            "video_description": post.text,
            "hashtag_names": list(post.hashtags),
            "like_count": post.likes or 0,
            "comment_count": post.comments or 0,
            "share_count": post.shares or 0,
            "view_count": post.views or 0,
            "favorites_count": post.saves or 0,
        }
        for post in posts[cursor : cursor + size]
    ]
    data = {
        "videos": videos,
        "cursor": cursor + len(videos),
        "has_more": cursor + size < len(posts),
        "search_id": f"fake-{username}",
    }
    return _answer(200, data)


ROUTES = [
    (r"^/oauth/token/$", token),
    (r"^/research/user/info/$", user_info),
    (r"^/research/video/query/$", video_query),
]
