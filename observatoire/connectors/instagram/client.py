"""Instagram Graph API, Business Discovery: one request per page reads the profile's counts
and its media with like and comment counts, through the observatory's own professional
account: GET /{ig-user-id}?fields=business_discovery.username(handle){…,media.after(cursor)}.
Reference: https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/business_discovery"""

from __future__ import annotations

from datetime import datetime

from ..base import count, hashtags_in, oldest, parse_time, posts_parsed
from ..meta import GraphConnector
from ..types import Collected, PostData, ProfileData, ProfileTarget

PAGE_SIZE = 50
MEDIA_FIELDS = (
    "id,caption,comments_count,like_count,media_type,media_product_type,permalink,timestamp,"
    "children{media_type}"
)
PROFILE_FIELDS = "id,username,name,followers_count,follows_count,media_count"
MEDIA_TYPES = {"IMAGE": "image", "CAROUSEL_ALBUM": "carousel", "VIDEO": "video"}


def discovery_fields(handle: str, after: str | None = None) -> str:
    page = f".after({after})" if after else ""
    return (
        f"business_discovery.username({handle}){{{PROFILE_FIELDS},"
        f"media{page}.limit({PAGE_SIZE}){{{MEDIA_FIELDS}}}}}"
    )


def profile_from_payload(payload: dict) -> ProfileData:
    account = payload["business_discovery"]
    return ProfileData(
        external_id=str(account["id"]),
        handle=account["username"],
        display_name=account.get("name", ""),
        followers=count(account["followers_count"]),
        following=count(account.get("follows_count")),
        posts_count=count(account.get("media_count")),
    )


def post_from_payload(media: dict) -> PostData:
    kind = media["media_type"]
    media_type = MEDIA_TYPES.get(kind, "other")
    if kind == "VIDEO" and media.get("media_product_type") == "REELS":
        media_type = "reel"
    children = media.get("children", {}).get("data", [])
    images = (
        sum(1 for c in children if c.get("media_type") == "IMAGE")
        if children
        else int(kind == "IMAGE")
    )
    caption = media.get("caption", "")
    return PostData(
        id=str(media["id"]),
        published_at=parse_time(media["timestamp"]),
        text=caption,
        permalink=media.get("permalink", ""),
        media_type=media_type,
        # like_count is omitted when the owner hides likes: unknown, not zero
        likes=count(media.get("like_count")),
        comments=count(media.get("comments_count")),
        image_count=images,
        # Business Discovery does not expose alt texts: images are counted, alt unknown
        hashtags=hashtags_in(caption),
    )


class InstagramConnector(GraphConnector):
    network = "instagram"
    stable_ids = True
    # Business Use Case limit: 4800 × impressions calls / 24 h for the app user's account;
    # a steady 2 requests/s keeps a 100k-profile day well inside it.
    default_rate = 2.0
    default_concurrency = 4
    credential_names = ("INSTAGRAM_ACCESS_TOKEN", "INSTAGRAM_BUSINESS_ACCOUNT_ID")

    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.config.credentials['INSTAGRAM_ACCESS_TOKEN']}"}

    async def fetch(self, target: ProfileTarget, *, since: datetime) -> Collected:
        handle = target.handle.lstrip("@")
        payload = await self._discovery(handle)
        collected = Collected(profile_from_payload(payload))
        await self.secondary(collected, self._media(collected, payload, handle, since=since))
        return collected

    async def _discovery(self, handle: str, after: str | None = None) -> dict:
        account_id = self.config.credentials["INSTAGRAM_BUSINESS_ACCOUNT_ID"]
        return await self.get_json(account_id, {"fields": discovery_fields(handle, after)})

    async def _media(self, collected: Collected, payload: dict, handle: str, *, since) -> None:
        """The media of the first answer, then `media.after(cursor)` pages (newest first)
        while the page's oldest post is inside the window. The nested edge may give the
        `after` cursor without a `next` link: the cursor is what is followed."""
        paging = self.paging(since)
        while True:
            media = payload["business_discovery"].get("media") or {}
            items = media.get("data", [])
            page = posts_parsed(items, post_from_payload, collected.gaps)
            collected.posts.extend(p for p in page if p.published_at >= since)
            cursor = media.get("paging", {}).get("cursors", {}).get("after")
            if not paging.more(items=len(items), oldest=oldest(page), cursor=cursor):
                break
            payload = await self._discovery(handle, cursor)
        if gap := paging.gap():
            collected.gaps.append(gap)
