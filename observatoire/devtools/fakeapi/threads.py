"""Threads profile discovery routes of the local fake API (official shapes)."""

from __future__ import annotations

from datetime import UTC

from ..server import Request, Response
from .graph import graph_error, graph_page, graph_time
from .store import FakeStore, page_token

ID_PREFIX = "1790"
MEDIA_TYPES = {
    "text": "TEXT_POST",
    "image": "IMAGE",
    "carousel": "CAROUSEL_ALBUM",
    "video": "VIDEO",
    "reel": "VIDEO",
}


def rate_limited() -> Response:
    return graph_error(
        403, 4, "(#4) Application request limit reached", headers={"retry-after": "1"}
    )


def _missing(username: str) -> Response:
    return graph_error(
        400,
        100,
        f"Unsupported get request. Object with ID '{username}' does not exist.",
        subcode=33,
    )


def _alts(post) -> list[str]:
    """The stored alt texts, one per image; the Graph API leaves an empty `alt_text` out."""
    return [str((image or {}).get("alt") or "") for image in post.images or []]


def profile_lookup(request: Request, groups: dict, store: FakeStore) -> Response:
    username = request.query.get("username", "")
    profile = store.profile(handle=username)
    if profile is None or profile.gone:
        return _missing(username)
    return Response(
        200,
        {
            "username": profile.handle,
            "name": profile.display_name,
            "is_verified": False,
            "follower_count": profile.followers,
        },
    )


def profile_posts(request: Request, groups: dict, store: FakeStore) -> Response:
    username = request.query.get("username", "")
    profile = store.profile(handle=username)
    if profile is None or profile.gone:
        return _missing(username)
    size, offset, since = graph_page(request)
    posts = store.posts(profile, since=since, offset=offset, limit=size)
    data = []
    for post in posts[:size]:
        item = {
            "id": post.external_id,
            "text": post.text,
            "media_type": MEDIA_TYPES.get(post.media_type, "TEXT_POST"),
            "permalink": post.permalink
            or f"https://www.threads.com/@{profile.handle}/post/{post.external_id}",
            "timestamp": graph_time(post.published_at.astimezone(UTC)),
            "username": profile.handle,
        }
        alts = _alts(post)
        if post.image_count > 1:
            item["media_type"] = "CAROUSEL_ALBUM"
            children = [
                {"media_type": "IMAGE", "id": f"{post.external_id}{n}"}
                for n in range(post.image_count)
            ]
            for child, alt in zip(children, alts, strict=False):
                if alt:
                    child["alt_text"] = alt
            item["children"] = {"data": children}
        elif post.image_count == 1:
            item["media_type"] = "IMAGE"
            if alts and alts[0]:
                item["alt_text"] = alts[0]
        data.append(item)
    paging = {"cursors": {"before": page_token(offset), "after": page_token(offset + size)}}
    if len(posts) > size:
        paging["next"] = (
            f"{request.path}?username={profile.handle}&after={page_token(offset + size)}"
        )
    return Response(200, {"data": data, "paging": paging})


ROUTES = [
    (r"^/profile_lookup$", profile_lookup),
    (r"^/profile_posts$", profile_posts),
]
