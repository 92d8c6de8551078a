"""Bluesky AppView routes of the local fake API, in the shapes of the lexicons
(app.bsky.actor.getProfile, app.bsky.feed.getAuthorFeed, XRPC errors, RateLimit-* headers)."""

from __future__ import annotations

import time
from datetime import UTC

from ..server import Request, Response
from .store import FakeStore, page_offset, page_token

ID_PREFIX = "did:plc:fake"


def _headers(remaining: int = 2999, reset_in: int = 300) -> dict[str, str]:
    return {
        "ratelimit-limit": "3000",
        "ratelimit-remaining": str(remaining),
        "ratelimit-reset": str(int(time.time()) + reset_in),
        "ratelimit-policy": "3000;w=300",
    }


def rate_limited() -> Response:
    return Response(
        429, {"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"}, _headers(0, 1)
    )


def _actor(store: FakeStore, actor: str):
    if actor.startswith("did:"):
        return store.profile(external_id=actor)
    return store.profile(handle=actor)


def _gone(profile) -> Response | None:
    if profile is None or profile.gone not in ("", "suspended"):
        return Response(400, {"error": "InvalidRequest", "message": "Profile not found"})
    if profile.gone == "suspended":
        return Response(400, {"error": "AccountTakedown", "message": "Account has been suspended"})
    return None


def get_profile(request: Request, groups: dict, store: FakeStore) -> Response:
    profile = _actor(store, request.query.get("actor", ""))
    gone = _gone(profile)
    if gone:
        return gone
    body = {
        "did": profile.external_id,
        "handle": profile.handle,
        "displayName": profile.display_name,
        "followersCount": profile.followers,
        "followsCount": profile.following or 0,
        "postsCount": profile.posts_count or 0,
        "labels": [],
    }
    return Response(200, body, _headers())


def _embed(post, did: str) -> dict | None:
    if post.image_count:
        alts = [image.get("alt", "") for image in post.images] + [""] * post.image_count
        cdn = f"https://cdn.bsky.app/img/feed_fullsize/plain/{did}/bafkreifake{post.pk}"
        images = [
            {"thumb": f"{cdn}-{n}@jpeg", "fullsize": f"{cdn}-{n}@jpeg", "alt": alts[n]}
            for n in range(post.image_count)
        ]
        return {"$type": "app.bsky.embed.images#view", "images": images}
    if post.media_type in ("video", "reel"):
        return {
            "$type": "app.bsky.embed.video#view",
            "cid": "bafkreifake",
            "playlist": f"https://video.bsky.app/watch/{did}/bafkreifake/playlist.m3u8",
        }
    if post.media_type == "link":
        external = {
            "uri": post.permalink or "https://www.example.org/",
            "title": "",
            "description": "",
        }
        return {"$type": "app.bsky.embed.external#view", "external": external}
    return None


def _record(post) -> dict:
    record = {
        "$type": "app.bsky.feed.post",
        "text": post.text,
        "langs": ["fr"],
        "createdAt": post.published_at.astimezone(UTC).isoformat(timespec="milliseconds"),
    }
    encoded, facets, outline = post.text.encode(), [], []
    for tag in post.hashtags:
        start = encoded.find(f"#{tag}".encode())
        if start < 0:
            outline.append(tag)
            continue
        end = start + len(f"#{tag}".encode())
        facets.append(
            {
                "index": {"byteStart": start, "byteEnd": end},
                "features": [{"$type": "app.bsky.richtext.facet#tag", "tag": tag}],
            }
        )
    if facets:
        record["facets"] = facets
    if outline:
        record["tags"] = outline
    return record


def _post_view(post, profile) -> dict:
    """app.bsky.feed.defs#postView of a collected post (the feed's and getPosts')."""
    view = {
        "uri": f"at://{profile.external_id}/app.bsky.feed.post/{post.external_id}",
        "cid": f"bafyreifake{post.pk}",
        "author": {
            "did": profile.external_id,
            "handle": profile.handle,
            "displayName": profile.display_name,
            "labels": [],
        },
        "record": _record(post),
        "replyCount": post.comments or 0,
        "repostCount": post.shares or 0,
        "likeCount": post.likes or 0,
        "quoteCount": 0,
        "indexedAt": post.published_at.astimezone(UTC).isoformat(timespec="milliseconds"),
        "labels": [],
    }
    embed = _embed(post, profile.external_id)
    if embed:
        view["embed"] = embed
    return view


def author_feed(request: Request, groups: dict, store: FakeStore) -> Response:
    profile = _actor(store, request.query.get("actor", ""))
    gone = _gone(profile)
    if gone:
        return gone
    size = min(100, int(request.query.get("limit", "50")))
    offset = page_offset(request.query.get("cursor"))
    posts = store.posts(profile, offset=offset, limit=size)
    feed = []
    for post in posts[:size]:
        feed.append({"post": _post_view(post, profile)})
    body = {"feed": feed}
    if len(posts) > size:
        body["cursor"] = page_token(offset + size)
    return Response(200, body, _headers())


def get_posts(request: Request, groups: dict, store: FakeStore) -> Response:
    """app.bsky.feed.getPosts for one AT-URI (the last `uris` given): the post view of a
    collected post; a post or an account that cannot be shown is left out, as the AppView
    does."""
    from observatoire.metrics.models import Post

    did, _, rkey = (
        request.query.get("uris", "").removeprefix("at://").partition("/app.bsky.feed.post/")
    )
    profile = store.profile(external_id=did) if did else None
    post = (
        Post.objects.filter(profile_id=profile.pk, external_id=rkey).first()
        if profile is not None and not profile.gone
        else None
    )
    if post is None:
        return Response(200, {"posts": []}, _headers())
    return Response(200, {"posts": [_post_view(post, profile)]}, _headers())


ROUTES = [
    (r"^/app\.bsky\.feed\.getPosts$", get_posts),
    (r"^/app\.bsky\.actor\.getProfile$", get_profile),
    (r"^/app\.bsky\.feed\.getAuthorFeed$", author_feed),
]
