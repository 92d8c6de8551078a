"""Facebook Pages routes of the local fake API (official shapes)."""

from __future__ import annotations

from datetime import UTC

from ..server import Request, Response
from .graph import graph_error, graph_page, graph_rate_limited, graph_time
from .store import FakeStore, page_token

ID_PREFIX = "1000"
TYPES = {"image": "photo", "carousel": "album", "video": "video", "reel": "video", "link": "share"}


def rate_limited() -> Response:
    return graph_rate_limited("pages")


def _page(store: FakeStore, key: str):
    profile = store.profile(external_id=key) if key.isdigit() else None
    return profile or store.profile(handle=key)


def page(request: Request, groups: dict, store: FakeStore) -> Response:
    profile = _page(store, groups["page"])
    if profile is None or profile.gone:
        return graph_error(
            404, 803, f"(#803) Some of the aliases you requested do not exist: {groups['page']}"
        )
    return Response(
        200,
        {
            "id": profile.external_id,
            "name": profile.display_name,
            "username": profile.handle,
            "followers_count": profile.followers,
            "fan_count": profile.followers,
        },
    )


def posts(request: Request, groups: dict, store: FakeStore) -> Response:
    profile = _page(store, groups["page"])
    if profile is None or profile.gone:
        return graph_error(400, 100, "Unsupported get request. Object does not exist.", subcode=33)
    size, offset, since = graph_page(request)
    found = store.posts(profile, since=since, offset=offset, limit=size)
    data = []
    for post in found[:size]:
        item = {
            "id": post.external_id,  # stored as collected: "{page-id}_{post-id}"
            "created_time": graph_time(post.published_at.astimezone(UTC)),
            "message": post.text,
            "permalink_url": post.permalink
            or f"https://www.facebook.com/{profile.handle}/posts/{post.external_id}",
            "reactions": {"data": [], "summary": {"total_count": post.likes or 0}},
            "comments": {"data": [], "summary": {"total_count": post.comments or 0}},
        }
        if post.shares:
            item["shares"] = {"count": post.shares}
        kind = TYPES.get(post.media_type)
        if post.image_count > 1:
            subs = [_photo(post, n) for n in range(post.image_count)]
            item["attachments"] = {
                "data": [{"media_type": "album", "type": "album", "subattachments": {"data": subs}}]
            }
        elif kind == "photo" or (not kind and post.image_count):
            item["attachments"] = {"data": [_photo(post, 0)]}
        elif kind:
            item["attachments"] = {"data": [{"media_type": kind, "type": kind}]}
        data.append(item)
    paging = {"cursors": {"before": page_token(offset), "after": page_token(offset + size)}}
    if len(found) > size:
        paging["next"] = f"{request.path}?limit={size}&after={page_token(offset + size)}"
    return Response(200, {"data": data, "paging": paging})


def _photo(post, n: int) -> dict:
    """A photo attachment; its id names the stored post and the image's rank."""
    return {"media_type": "photo", "type": "photo", "target": {"id": str(post.pk * 1000 + n)}}


def photos(request: Request, groups: dict, store: FakeStore) -> Response:
    """GET /?ids=…&fields=alt_text_custom: each photo's alt text as its post stores it (the
    Graph API leaves an empty field out; a post stored without alt texts gives none)."""
    from observatoire.metrics.models import Post

    ids = [i for i in request.query.get("ids", "").split(",") if i.isdigit()]
    stored = Post.objects.in_bulk({int(i) // 1000 for i in ids})
    body = {}
    for photo in ids:
        pk, rank = divmod(int(photo), 1000)
        post = stored.get(pk)
        if post is None or rank >= post.image_count:
            return graph_error(
                404, 803, f"(#803) Some of the aliases you requested do not exist: {photo}"
            )
        body[photo] = {"id": photo}
        images = post.images or []
        alt = (images[rank] or {}).get("alt") if rank < len(images) else ""
        if alt:
            body[photo]["alt_text_custom"] = alt
    return Response(200, body)


ROUTES = [
    (r"^/$", photos),
    (r"^/(?P<page>[^/]+)/posts$", posts),
    (r"^/(?P<page>[^/]+)$", page),
]
