"""Mastodon routes of the local fake API, in the shapes of the official reference (Account,
Status, MediaAttachment entities, Link header paging, X-RateLimit-* headers)."""

from __future__ import annotations

import html
import time
from datetime import UTC

from ..server import Request, Response
from .store import FakeStore, page_offset, page_token

ID_PREFIX = "1090000"


def _headers(remaining: int = 299, reset_in: int = 300) -> dict[str, str]:
    reset = time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime(time.time() + reset_in))
    return {
        "x-ratelimit-limit": "300",
        "x-ratelimit-remaining": str(remaining),
        "x-ratelimit-reset": reset,
    }


def rate_limited() -> Response:
    return Response(429, {"error": "Too many requests"}, _headers(0, 1))


def _time(moment) -> str:
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def lookup(request: Request, groups: dict, store: FakeStore) -> Response:
    acct = request.query.get("acct", "")
    profile = store.profile(handle=acct)
    if profile is None or profile.gone not in ("", "suspended", "private"):
        return Response(404, {"error": "Record not found"}, _headers())
    username, _, instance = profile.handle.partition("@")
    instance = instance or "mastodon.example"
    account = {
        "id": profile.external_id,
        "username": username,
        "acct": profile.handle,
        "display_name": profile.display_name,
        "locked": profile.gone == "private",
        "bot": False,
        "group": False,
        "note": "",
        "emojis": [],
        "fields": [],
        "url": f"https://{instance}/@{username}",
        "uri": f"https://{instance}/users/{username}",
        "followers_count": profile.followers,
        "following_count": profile.following or 0,
        "statuses_count": profile.posts_count or 0,
    }
    if profile.gone == "suspended":
        account |= {"suspended": True, "display_name": "", "followers_count": 0}
    return Response(200, account, _headers())


def _status(post, url: str) -> dict:
    paragraphs = "".join(
        f"<p>{html.escape(part).replace(chr(10), '<br />')}</p>" for part in post.text.split("\n\n")
    )
    kind = "video" if post.media_type in ("video", "reel") else "image"
    count = post.image_count or (1 if kind == "video" else 0)
    alts = [image.get("alt", "") for image in post.images] + [""] * count
    media = [
        {
            "id": f"{post.pk}{n}",
            "type": kind,
            "url": f"{url}/media/{post.pk}-{n}",
            "preview_url": f"{url}/media/{post.pk}-{n}-small",
            "remote_url": None,
            "description": alts[n] or None,
            "blurhash": None,
            "meta": {},
        }
        for n in range(count)
    ]
    card = None
    if post.media_type == "link":
        card = {"url": post.permalink or url, "title": "", "description": "", "type": "link"}
    return {
        "id": post.external_id,
        "created_at": _time(post.published_at),
        "in_reply_to_id": None,
        "sensitive": False,
        "spoiler_text": "",
        "visibility": "public",
        "language": "fr",
        "uri": post.permalink or f"{url}/statuses/{post.external_id}",
        "url": post.permalink or f"{url}/statuses/{post.external_id}",
        "replies_count": post.comments or 0,
        "reblogs_count": post.shares or 0,
        "favourites_count": post.likes or 0,
        "content": paragraphs,
        "reblog": None,
        "media_attachments": media,
        "mentions": [],
        "emojis": [],
        "card": card,
        "poll": None,
        "tags": [{"name": tag.lower(), "url": f"{url}/tags/{tag}"} for tag in post.hashtags],
    }


def statuses(request: Request, groups: dict, store: FakeStore) -> Response:
    profile = store.profile(external_id=groups["id"])
    if profile is None or profile.gone not in ("", "private"):
        return Response(404, {"error": "Record not found"}, _headers())
    size = min(40, int(request.query.get("limit", "20")))
    offset = page_offset(request.query.get("max_id"))
    posts = store.posts(profile, offset=offset, limit=size)
    base = f"http://{request.headers.get('host', '127.0.0.1')}{request.path}"
    headers = _headers()
    if len(posts) > size:
        headers["link"] = (
            f"<{base}?limit={size}&exclude_reblogs=true&max_id={page_token(offset + size)}>"
            '; rel="next"'
        )
    return Response(200, [_status(post, base) for post in posts[:size]], headers)


def status(request: Request, groups: dict, store: FakeStore) -> Response:
    """GET /api/v1/statuses/:id: a collected post of a Mastodon profile; 404 when there is
    none, or when its account cannot be shown."""
    from observatoire.metrics.models import Post

    found = Post.objects.filter(profile__network=store.network, external_id=groups["id"])
    post = found.select_related("profile").first()
    profile = store.profile(handle=post.profile.handle) if post else None
    if post is None or profile is None or profile.gone:
        return Response(404, {"error": "Record not found"}, _headers())
    base = f"http://{request.headers.get('host', '127.0.0.1')}{request.path}"
    return Response(200, _status(post, base.rsplit("/", 1)[0]), _headers())


ROUTES = [
    (r"^/statuses/(?P<id>[^/]+)$", status),
    (r"^/accounts/lookup$", lookup),
    (r"^/accounts/(?P<id>[^/]+)/statuses$", statuses),
]
