"""X API v2: GET /2/users/by/username/:username (or /2/users/:id once the id is known) with
public_metrics, then GET /2/users/:id/tweets since the window start, paged by next_token.
Reference: https://docs.x.com/x-api/users/lookup and https://docs.x.com/x-api/posts/timelines"""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import httpx

from ..base import Connector, count, hashtags_in, oldest, parse_time, posts_parsed
from ..errors import (
    AuthError,
    ConnectorError,
    MalformedPayload,
    ProfileNotFound,
    ProfilePrivate,
    ProfileSuspended,
    RateLimited,
)
from ..types import Collected, Image, PostData, ProfileData, ProfileTarget

USER_FIELDS = "id,name,username,protected,public_metrics"
TWEET_FIELDS = "id,text,created_at,public_metrics,entities,attachments"
MEDIA_TYPES = {"photo": "image", "video": "video", "animated_gif": "video"}
PROBLEMS = "https://api.twitter.com/2/problems/"


def _problem_error(problem: dict) -> ConnectorError:
    """One item of `errors` (RFC 7807 problem) → our vocabulary."""
    kind = problem.get("type", "")
    detail = problem.get("detail") or problem.get("title") or kind
    if "suspended" in detail.lower():
        return ProfileSuspended(detail)
    if kind == PROBLEMS + "resource-not-found":
        return ProfileNotFound(detail)
    if kind == PROBLEMS + "not-authorized-for-resource":
        return ProfilePrivate(detail)
    if kind in (PROBLEMS + "client-forbidden", PROBLEMS + "unsupported-authentication"):
        return AuthError(detail)
    if kind == PROBLEMS + "usage-capped":
        return RateLimited(detail)
    return MalformedPayload(detail)


def profile_from_payload(payload: dict) -> ProfileData:
    user = payload["data"]
    metrics = user["public_metrics"]
    return ProfileData(
        external_id=str(user["id"]),
        handle=user["username"],
        display_name=user.get("name", ""),
        followers=count(metrics["followers_count"]),
        following=count(metrics.get("following_count")),
        posts_count=count(metrics.get("tweet_count")),
    )


def posts_from_payload(payload: dict, *, handle: str, gaps: list) -> list[PostData]:
    """The page's posts; one the network left incomplete is left out and noted in `gaps`."""
    media = {m["media_key"]: m for m in payload.get("includes", {}).get("media", [])}
    return posts_parsed(
        payload.get("data", []), lambda tweet: post_from_tweet(tweet, media, handle), gaps
    )


def post_from_tweet(tweet: dict, media: dict, handle: str) -> PostData:
    metrics = tweet.get("public_metrics") or {}
    attached = [media[k] for k in tweet.get("attachments", {}).get("media_keys", []) if k in media]
    photos = [m for m in attached if m.get("type") == "photo"]
    tags = tuple(h["tag"] for h in tweet.get("entities", {}).get("hashtags", []))
    text = tweet.get("text", "")
    if not attached:
        media_type = "link" if tweet.get("entities", {}).get("urls") else "text"
    elif len(attached) > 1:
        media_type = "carousel"
    else:
        media_type = MEDIA_TYPES.get(attached[0].get("type"), "other")
    shares = count(metrics.get("retweet_count"))
    quotes = count(metrics.get("quote_count"))
    return PostData(
        id=str(tweet["id"]),
        published_at=parse_time(tweet["created_at"]),
        text=text,
        permalink=f"https://x.com/{handle}/status/{tweet['id']}",
        media_type=media_type,
        likes=count(metrics.get("like_count")),
        comments=count(metrics.get("reply_count")),
        # reposts and quotes are both shares (methodology v1)
        shares=None if shares is None and quotes is None else (shares or 0) + (quotes or 0),
        saves=count(metrics.get("bookmark_count")),
        views=count(metrics.get("impression_count")),
        image_count=len(photos),
        images=tuple(Image(alt=m.get("alt_text") or "") for m in photos),
        hashtags=tags or hashtags_in(text),
    )


class XConnector(Connector):
    network = "x"
    stable_ids = True
    # Basic access: user lookup 100 requests / 24 h per user, timelines 5 / 15 min per
    # user; Pro allows far more. Set COLLECT_RATE_LIMITS to your plan.
    default_rate = 1.0
    default_concurrency = 4
    credential_names = ("X_BEARER_TOKEN",)

    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.config.credentials.get('X_BEARER_TOKEN', '')}"}

    def error_for(self, response: httpx.Response, payload: Any) -> ConnectorError | None:
        errors = payload.get("errors") if isinstance(payload, dict) else None
        if response.status_code == 429:
            return RateLimited("HTTP 429", retry_after=_reset_in(response))
        if response.status_code in (401, 403) and not errors:
            detail = payload.get("detail", "") if isinstance(payload, dict) else ""
            return AuthError(f"HTTP {response.status_code} {detail}".strip())
        # Lookups answer 200 (or 404) with an `errors` array and no `data`.
        if errors and "data" not in payload:
            return _problem_error(errors[0])
        return self.http_error(response)

    def wait_from_headers(self, response: httpx.Response) -> float | None:
        if response.headers.get("x-rate-limit-remaining") == "0":
            return _reset_in(response)
        return None

    async def fetch(self, target: ProfileTarget, *, since: datetime) -> Collected:
        params = {"user.fields": USER_FIELDS}
        if target.external_id:
            payload = await self.get_json(f"users/{target.external_id}", params)
        else:
            payload = await self.get_json(f"users/by/username/{target.handle}", params)
        profile = profile_from_payload(payload)
        if payload["data"].get("protected"):
            raise ProfilePrivate(f"@{profile.handle} is protected")
        collected = Collected(profile)
        await self.secondary(collected, self._posts(collected, since=since))
        return collected

    async def fetch_post(
        self, *, post_id: str, account: str = "", host: str = ""
    ) -> PostData | None:
        """One post by its id (GET /2/tweets/:id) with its author, whose username makes the
        permalink; None when X says it does not exist or cannot be shown (deleted, protected,
        suspended author). Reference: https://docs.x.com/x-api/posts/lookup/introduction"""
        params = {
            "tweet.fields": TWEET_FIELDS + ",author_id",
            "expansions": "attachments.media_keys,author_id",
            "media.fields": "media_key,type,alt_text",
            "user.fields": "username",
        }
        try:
            payload = await self.get_json(f"tweets/{post_id}", params)
        except (ProfileNotFound, ProfilePrivate, ProfileSuspended):
            return None
        tweet, includes = payload["data"], payload.get("includes", {})
        media = {m["media_key"]: m for m in includes.get("media", [])}
        authors = {user["id"]: user["username"] for user in includes.get("users", [])}
        return post_from_tweet(tweet, media, authors[tweet["author_id"]])

    async def _posts(self, collected: Collected, *, since: datetime) -> None:
        profile = collected.profile
        params = {
            "max_results": "100",
            "start_time": since.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "exclude": "retweets",
            "tweet.fields": TWEET_FIELDS,
            "expansions": "attachments.media_keys",
            "media.fields": "media_key,type,alt_text",
        }
        paging = self.paging(since)
        while True:
            payload = await self.get_json(f"users/{profile.external_id}/tweets", params)
            page = posts_from_payload(payload, handle=profile.handle, gaps=collected.gaps)
            collected.posts.extend(p for p in page if p.published_at >= since)
            token = payload.get("meta", {}).get("next_token")
            items = len(payload.get("data", []))
            if not paging.more(items=items, oldest=oldest(page), cursor=token):
                break
            params = params | {"pagination_token": token}
        if gap := paging.gap():
            collected.gaps.append(gap)


def _reset_in(response: httpx.Response) -> float | None:
    reset = response.headers.get("x-rate-limit-reset")
    return max(0.0, float(reset) - time.time()) if reset and reset.isdigit() else None
