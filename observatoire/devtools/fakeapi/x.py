"""X API v2 routes of the local fake API, in the shapes of the official reference."""

from __future__ import annotations

import time

from observatoire.connectors.base import parse_time

from ..server import Request, Response
from .store import FakeProfile, FakeStore, page_offset, page_token

ID_PREFIX = "1000"
PROBLEMS = "https://api.twitter.com/2/problems/"


def rate_limited() -> Response:
    reset = str(int(time.time()) + 1)  # a short wait, so demos and tests go on
    return Response(
        429,
        {
            "title": "Too Many Requests",
            "detail": "Too Many Requests",
            "type": "about:blank",
            "status": 429,
        },
        {"x-rate-limit-limit": "300", "x-rate-limit-remaining": "0", "x-rate-limit-reset": reset},
    )


def _user(profile: FakeProfile | None, value: str, parameter: str) -> Response:
    if profile is None or profile.gone in ("not_found", "broken_link", "other"):
        problem = {
            "value": value,
            "detail": f"Could not find user with {parameter}: [{value}].",
            "title": "Not Found Error",
            "resource_type": "user",
            "parameter": parameter,
            "resource_id": value,
            "type": PROBLEMS + "resource-not-found",
        }
        return Response(200, {"errors": [problem]})
    if profile.gone == "suspended":
        problem = {
            "value": value,
            "detail": f"User has been suspended: [{value}].",
            "title": "Forbidden",
            "resource_type": "user",
            "parameter": parameter,
            "resource_id": value,
            "type": PROBLEMS + "resource-not-found",
        }
        return Response(200, {"errors": [problem]})
    metrics = {
        "followers_count": profile.followers,
        "following_count": profile.following or 0,
        "tweet_count": profile.posts_count or 0,
        "listed_count": 0,
        "like_count": 0,
    }
    data = {
        "id": profile.external_id,
        "name": profile.display_name,
        "username": profile.handle,
        "protected": profile.gone == "private",
        "public_metrics": metrics,
    }
    return Response(200, {"data": data}, {"x-rate-limit-remaining": "299"})


def user_by_username(request: Request, groups: dict, store: FakeStore) -> Response:
    return _user(store.profile(handle=groups["username"]), groups["username"], "username")


def user_by_id(request: Request, groups: dict, store: FakeStore) -> Response:
    return _user(store.profile(external_id=groups["id"]), groups["id"], "id")


def _tweet(post, author_id: str = "") -> tuple[dict, list[dict]]:
    """A collected post as a Post object of the v2 API (with `author_id` when the request
    expands it), and its photos for `includes.media`."""
    tweet = {
        "id": post.external_id,
        "edit_history_tweet_ids": [post.external_id],
        "text": post.text,
        **({"author_id": author_id} if author_id else {}),
        "created_at": post.published_at.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "public_metrics": {
            "retweet_count": post.shares or 0,
            "reply_count": post.comments or 0,
            "like_count": post.likes or 0,
            "quote_count": 0,
            "bookmark_count": post.saves or 0,
            "impression_count": post.views or 0,
        },
    }
    if post.hashtags:
        tweet["entities"] = {
            "hashtags": [{"start": 0, "end": 0, "tag": tag} for tag in post.hashtags]
        }
    keys = [f"3_{post.external_id}{n}" for n in range(post.image_count)]
    photos = []
    if keys:
        tweet["attachments"] = {"media_keys": keys}
        alts = [image.get("alt", "") for image in post.images] + [""] * post.image_count
        photos = [
            {"media_key": key, "type": "photo"} | ({"alt_text": alt} if alt else {})
            for key, alt in zip(keys, alts, strict=False)
        ]
    return tweet, photos


def user_tweets(request: Request, groups: dict, store: FakeStore) -> Response:
    profile = store.profile(external_id=groups["id"])
    if profile is None or profile.gone:
        return _user(profile, groups["id"], "id")
    size = min(100, int(request.query.get("max_results", "10")))
    offset = page_offset(request.query.get("pagination_token"))
    since = parse_time(request.query["start_time"]) if "start_time" in request.query else None
    posts = store.posts(profile, since=since, offset=offset, limit=size)
    tweets, media = [], []
    for post in posts[:size]:
        tweet, photos = _tweet(post)
        tweets.append(tweet)
        media.extend(photos)
    meta = {"result_count": len(tweets)}
    if tweets:
        meta |= {"newest_id": tweets[0]["id"], "oldest_id": tweets[-1]["id"]}
    if len(posts) > size:
        meta["next_token"] = page_token(offset + size)
    body = {"data": tweets, "meta": meta} if tweets else {"meta": meta}
    if media:
        body["includes"] = {"media": media}
    return Response(200, body, {"x-rate-limit-remaining": "1499"})


def tweet(request: Request, groups: dict, store: FakeStore) -> Response:
    """GET /2/tweets/:id: a collected post of an X profile, with its author (expansions
    author_id, attachments.media_keys); a lookup answers 200 with `errors` when not found."""
    from observatoire.metrics.models import Post

    found = Post.objects.filter(profile__network=store.network, external_id=groups["id"])
    post = found.select_related("profile").first()
    author = store.profile(handle=post.profile.handle) if post else None
    if post is None or author is None or author.gone:
        problem = {
            "value": groups["id"],
            "detail": f"Could not find tweet with id: [{groups['id']}].",
            "title": "Not Found Error",
            "resource_type": "tweet",
            "parameter": "id",
            "resource_id": groups["id"],
            "type": PROBLEMS + "resource-not-found",
        }
        return Response(200, {"errors": [problem]}, {"x-rate-limit-remaining": "899"})
    data, photos = _tweet(post, author_id=author.external_id)
    user = {"id": author.external_id, "name": author.display_name, "username": author.handle}
    includes: dict = {"users": [user]}
    if photos:
        includes["media"] = photos
    body = {"data": data, "includes": includes}
    return Response(200, body, {"x-rate-limit-remaining": "899"})


ROUTES = [
    (r"^/tweets/(?P<id>[^/]+)$", tweet),
    (r"^/users/by/username/(?P<username>[^/]+)$", user_by_username),
    (r"^/users/(?P<id>[^/]+)/tweets$", user_tweets),
    (r"^/users/(?P<id>[^/]+)$", user_by_id),
]
