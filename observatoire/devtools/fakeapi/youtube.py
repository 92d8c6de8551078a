"""YouTube Data API v3 routes of the local fake API (official shapes; counts as strings)."""

from __future__ import annotations

from datetime import UTC

from ..server import Request, Response
from .store import FakeStore, page_offset, page_token

ID_PREFIX = "UCfake"


def _error(status: int, reason: str, message: str, domain: str = "youtube.quota") -> Response:
    return Response(
        status,
        {
            "error": {
                "code": status,
                "message": message,
                "errors": [{"message": message, "domain": domain, "reason": reason}],
            }
        },
    )


def rate_limited() -> Response:
    response = _error(
        429,
        "rateLimitExceeded",
        "The request cannot be completed because you have exceeded your rate limit.",
    )
    response.headers["retry-after"] = "1"
    return response


def _time(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _profile(store: FakeStore, key: str):
    """A channel id (UC…) or an uploads playlist id (UU…)."""
    if key.startswith("UU"):
        key = "UC" + key[2:]
    return store.profile(external_id=key)


def channels(request: Request, groups: dict, store: FakeStore) -> Response:
    if "forHandle" in request.query:
        profile = store.profile(handle=request.query["forHandle"].lstrip("@"))
    else:
        profile = store.profile(external_id=request.query.get("id", ""))
    body = {
        "kind": "youtube#channelListResponse",
        "etag": "fake",
        "pageInfo": {"totalResults": 0, "resultsPerPage": 5},
    }
    if profile is None or profile.gone:
        return Response(200, body)  # the API answers no item, not an error
    channel = {
        "kind": "youtube#channel",
        "etag": "fake",
        "id": profile.external_id,
        "snippet": {"title": profile.display_name, "customUrl": "@" + profile.handle.lower()},
        "contentDetails": {
            "relatedPlaylists": {"likes": "", "uploads": "UU" + profile.external_id[2:]}
        },
        "statistics": {
            "viewCount": "0",
            "subscriberCount": str(profile.followers),
            "hiddenSubscriberCount": False,
            "videoCount": str(profile.posts_count or 0),
        },
    }
    return Response(
        200, body | {"pageInfo": {"totalResults": 1, "resultsPerPage": 5}, "items": [channel]}
    )


def playlist_items(request: Request, groups: dict, store: FakeStore) -> Response:
    profile = _profile(store, request.query.get("playlistId", ""))
    if profile is None or profile.gone:
        return _error(
            404,
            "playlistNotFound",
            "The playlist identified with the request's playlistId parameter cannot be found.",
            "youtube.playlistItem",
        )
    size = min(50, int(request.query.get("maxResults", "5")))
    offset = page_offset(request.query.get("pageToken"))
    posts = store.posts(profile, offset=offset, limit=size)
    items = [
        {
            "kind": "youtube#playlistItem",
            "etag": "fake",
            "id": f"PL{post.external_id}",
            "contentDetails": {
                "videoId": post.external_id,
                "videoPublishedAt": _time(post.published_at),
            },
        }
        for post in posts[:size]
    ]
    body = {
        "kind": "youtube#playlistItemListResponse",
        "etag": "fake",
        "items": items,
        "pageInfo": {"totalResults": profile.posts_count or 0, "resultsPerPage": size},
    }
    if len(posts) > size:
        body["nextPageToken"] = page_token(offset + size)
    return Response(200, body)


def videos(request: Request, groups: dict, store: FakeStore) -> Response:
    from observatoire.metrics.models import Post

    ids = [i for i in request.query.get("id", "").split(",") if i]
    found = Post.objects.filter(profile__network="youtube", external_id__in=ids[:50])
    items = []
    for post in found:
        statistics = {"viewCount": str(post.views or 0), "favoriteCount": "0"}
        if post.likes is not None:
            statistics["likeCount"] = str(post.likes)
        if post.comments is not None:
            statistics["commentCount"] = str(post.comments)
        title, _, description = post.text.partition("\n")
        video = {
            "kind": "youtube#video",
            "etag": "fake",
            "id": post.external_id,
            "snippet": {
                "publishedAt": _time(post.published_at),
                "title": title,
                "description": description,
            },
            "statistics": statistics,
        }
        if "contentDetails" in request.query.get("part", "") and post.subtitles is not None:
            # the API writes the flag as a string; a stored "unknown" leaves the part out
            video["contentDetails"] = {"caption": "true" if post.subtitles else "false"}
        items.append(video)
    return Response(
        200,
        {
            "kind": "youtube#videoListResponse",
            "etag": "fake",
            "items": items,
            "pageInfo": {"totalResults": len(items), "resultsPerPage": len(items)},
        },
    )


ROUTES = [
    (r"^/channels$", channels),
    (r"^/playlistItems$", playlist_items),
    (r"^/videos$", videos),
]
