"""Instagram Business Discovery route of the local fake API (official shapes)."""

from __future__ import annotations

import re
from datetime import UTC

from ..server import Request, Response
from .graph import graph_error, graph_rate_limited, graph_time
from .store import FakeStore

ID_PREFIX = "178414"
DISCOVERY = re.compile(r"business_discovery\.username\((?P<username>[^)]+)\)")
AFTER = re.compile(r"media\.after\((?P<after>[^)]+)\)")
LIMIT = re.compile(r"\.limit\((?P<limit>\d+)\)")
MEDIA_TYPES = {"image": "IMAGE", "carousel": "CAROUSEL_ALBUM", "video": "VIDEO", "reel": "VIDEO"}


def rate_limited() -> Response:
    return graph_rate_limited("instagram")


def business_discovery(request: Request, groups: dict, store: FakeStore) -> Response:
    fields = request.query.get("fields", "")
    found = DISCOVERY.search(fields)
    if not found:
        return graph_error(400, 100, "(#100) Tried accessing nonexisting field")
    username = found["username"]
    profile = store.profile(handle=username)
    if profile is None or profile.gone:
        return graph_error(400, 110, "Invalid user id", subcode=2207013)
    after = AFTER.search(fields)
    offset = int(after["after"]) if after and after["after"].isdigit() else 0
    size = int(LIMIT.search(fields)["limit"]) if LIMIT.search(fields) else 25
    posts = store.posts(profile, offset=offset, limit=size)
    media = []
    for post in posts[:size]:
        item = {
            "id": post.external_id,
            "caption": post.text,
            "comments_count": post.comments or 0,
            "media_type": MEDIA_TYPES.get(post.media_type, "IMAGE"),
            "media_product_type": "REELS" if post.media_type == "reel" else "FEED",
            "permalink": post.permalink or f"https://www.instagram.com/p/{post.external_id}/",
            "timestamp": graph_time(post.published_at.astimezone(UTC)),
        }
        if post.likes is not None:  # hidden likes are left out, as Instagram does
            item["like_count"] = post.likes
        if post.media_type == "carousel" or post.image_count > 1:
            item["media_type"] = "CAROUSEL_ALBUM"
            item["children"] = {
                "data": [
                    {"media_type": "IMAGE", "id": f"{post.external_id}{n}"}
                    for n in range(post.image_count)
                ]
            }
        media.append(item)
    # The nested media edge answers its `after` cursor without a `next` link (as in the
    # reference's example): the connector must follow the cursor.
    paging = {"cursors": {"after": str(offset + size)}}
    account = {
        "id": profile.external_id,
        "username": profile.handle,
        "name": profile.display_name,
        "followers_count": profile.followers,
        "follows_count": profile.following or 0,
        "media_count": profile.posts_count or 0,
        "media": {"data": media, "paging": paging},
    }
    return Response(200, {"business_discovery": account, "id": groups["account"]})


ROUTES = [(r"^/(?P<account>[^/]+)$", business_discovery)]
