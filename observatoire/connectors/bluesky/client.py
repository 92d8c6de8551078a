"""Bluesky public AppView (no token): GET app.bsky.actor.getProfile, then
GET app.bsky.feed.getAuthorFeed paged by cursor until the window start. Reposts of other
accounts' posts are left out; replies are the account's own posts and stay.
Reference: https://docs.bsky.app/docs/api/app-bsky-actor-get-profile,
https://docs.bsky.app/docs/api/app-bsky-feed-get-author-feed,
https://docs.bsky.app/docs/advanced-guides/rate-limits, https://atproto.com/specs/xrpc"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

import httpx

from ..base import (
    Connector,
    count,
    hashtags_in,
    oldest,
    parse_time,
    posts_parsed,
    retry_after_seconds,
)
from ..errors import (
    AuthError,
    ConnectorError,
    MalformedPayload,
    ProfileNotFound,
    ProfileSuspended,
    RateLimited,
    TransientError,
)
from ..types import Collected, Image, PostData, ProfileData, ProfileTarget

PAGE_SIZE = "100"  # getAuthorFeed's maximum
TAG_FACET = "app.bsky.richtext.facet#tag"
REPOST = "app.bsky.feed.defs#reasonRepost"
IMAGES = "app.bsky.embed.images#view"
VIDEO = "app.bsky.embed.video#view"
EXTERNAL = "app.bsky.embed.external#view"
RECORD_WITH_MEDIA = "app.bsky.embed.recordWithMedia#view"
GONE = {
    "AccountTakedown": ProfileSuspended,  # "Account has been suspended"
    "AccountDeactivated": ProfileNotFound,  # "Account is deactivated" (by its owner)
}
AUTH = {"AuthenticationRequired", "AuthMissing", "ExpiredToken", "InvalidToken"}


def profile_from_payload(payload: dict) -> ProfileData:
    return ProfileData(
        external_id=payload["did"],
        handle=payload["handle"],
        display_name=payload.get("displayName") or "",
        followers=count(payload.get("followersCount")),
        following=count(payload.get("followsCount")),
        posts_count=count(payload.get("postsCount")),
    )


def _media(embed: dict) -> tuple[str, tuple[Image, ...]]:
    """(media type, images with their alt text) of a post's embed view."""
    kind = embed.get("$type", "")
    if kind == RECORD_WITH_MEDIA:  # a quote with media: the media is what is shown
        return _media(embed.get("media") or {})
    if kind == IMAGES:
        images = tuple(Image(alt=image.get("alt") or "") for image in embed["images"])
        return ("carousel" if len(images) > 1 else "image"), images
    if kind == VIDEO:
        return "video", ()
    if kind == EXTERNAL:
        return "link", ()
    return "text", ()  # no embed, or a quoted post


def _hashtags(record: dict) -> tuple[str, ...]:
    tags = [
        feature["tag"]
        for facet in record.get("facets") or ()
        for feature in facet.get("features") or ()
        if feature.get("$type") == TAG_FACET
    ]
    tags += record.get("tags") or []  # "outline" tags, not shown in the text
    return tuple(dict.fromkeys(tags)) or hashtags_in(record.get("text", ""))


def post_from_view(view: dict) -> PostData:
    record = view["record"]
    rkey = view["uri"].rsplit("/", 1)[-1]
    media_type, images = _media(view.get("embed") or {})
    reposts, quotes = count(view.get("repostCount")), count(view.get("quoteCount"))
    return PostData(
        id=rkey,
        published_at=parse_time(record["createdAt"]),
        text=record.get("text", ""),
        permalink=f"https://bsky.app/profile/{view['author']['handle']}/post/{rkey}",
        media_type=media_type,
        likes=count(view.get("likeCount")),
        comments=count(view.get("replyCount")),
        # reposts and quotes are both shares (methodology v1)
        shares=None if reposts is None and quotes is None else (reposts or 0) + (quotes or 0),
        image_count=len(images),
        images=images,
        hashtags=_hashtags(record),
    )


class BlueskyConnector(Connector):
    network = "bluesky"
    # Public AppView: 3,000 requests per 5 minutes per IP address.
    default_rate = 8.0
    default_concurrency = 8

    def error_for(self, response: httpx.Response, payload: Any) -> ConnectorError | None:
        status = response.status_code
        if status < 400:
            return None
        name = payload.get("error", "") if isinstance(payload, dict) else ""
        message = (payload.get("message") if isinstance(payload, dict) else "") or name
        if status == 429 or name == "RateLimitExceeded":
            return RateLimited(f"HTTP {status} {message}", retry_after=_reset_in(response))
        if name in GONE:
            return GONE[name](message)
        if name in AUTH or status in (401, 403):
            return AuthError(f"HTTP {status} {name}: {message}")
        if status >= 500:
            return TransientError(f"HTTP {status} {name}: {message}")
        if name == "InvalidRequest" and "not found" in message.lower():
            return ProfileNotFound(message)  # "Profile not found", "Actor not found"
        return MalformedPayload(f"HTTP {status} {name}: {message}")

    def wait_from_headers(self, response: httpx.Response) -> float | None:
        if response.headers.get("ratelimit-remaining") == "0":
            return _reset_in(response)
        return None

    async def fetch(self, target: ProfileTarget, *, since: datetime) -> Collected:
        # The DID survives handle changes: once known, it is what is asked for.
        actor = target.external_id or target.handle.lstrip("@")
        profile = profile_from_payload(
            await self.get_json("app.bsky.actor.getProfile", {"actor": actor})
        )
        collected = Collected(profile)
        await self.secondary(collected, self._feed(collected, since=since))
        return collected

    async def fetch_post(
        self, *, post_id: str, account: str = "", host: str = ""
    ) -> PostData | None:
        """One post by its record key and its author (`account`: a handle or a DID), with
        app.bsky.feed.getPosts; a handle is first turned into its DID (getProfile). None when
        the account or the post is not found (deleted, taken down).
        Reference: https://docs.bsky.app/docs/api/app-bsky-feed-get-posts"""
        did = account
        if not account.startswith("did:"):
            try:
                did = (await self.get_json("app.bsky.actor.getProfile", {"actor": account}))["did"]
            except (ProfileNotFound, ProfileSuspended):
                return None
        uri = f"at://{did}/app.bsky.feed.post/{post_id}"
        posts = (await self.get_json("app.bsky.feed.getPosts", {"uris": uri}))["posts"]
        return post_from_view(posts[0]) if posts else None

    async def _feed(self, collected: Collected, *, since: datetime) -> None:
        did = collected.profile.external_id
        params = {"actor": did, "limit": PAGE_SIZE, "filter": "posts_with_replies"}
        paging = self.paging(since)
        while True:
            page = await self.get_json("app.bsky.feed.getAuthorFeed", params)
            times = posts_parsed(page["feed"], _feed_item_time, [])  # reposts too
            found = posts_parsed(page["feed"], _own_post, collected.gaps)
            collected.posts.extend(
                post for author, post in found if author == did and post.published_at >= since
            )
            cursor = page.get("cursor")
            if not paging.more(items=len(page["feed"]), oldest=oldest(times), cursor=cursor):
                break
            params = params | {"cursor": cursor}
        if gap := paging.gap():
            collected.gaps.append(gap)


def _own_post(item: dict) -> tuple[str, PostData] | None:
    """(author's DID, post) of a feed item; None for a repost of another account's post."""
    if (item.get("reason") or {}).get("$type") == REPOST:
        return None
    post = item["post"]
    return post["author"]["did"], post_from_view(post)


def _feed_item_time(item: dict) -> PostData:
    """A feed item as a dated item, for the paging rule: a repost counts when reposted."""
    reason = item.get("reason") or {}
    moment = (
        reason["indexedAt"]
        if reason.get("$type") == REPOST
        else item["post"]["record"]["createdAt"]
    )
    return PostData(id=item["post"]["uri"], published_at=parse_time(moment))


def _reset_in(response: httpx.Response) -> float | None:
    """ratelimit-reset is a Unix time in seconds; Retry-After is honoured when present."""
    reset = response.headers.get("ratelimit-reset", "")
    if reset.isdigit():
        return max(0.0, float(reset) - time.time())
    return retry_after_seconds(response.headers.get("retry-after"))
