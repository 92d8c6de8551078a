"""Threads API, profile discovery (permission threads_profile_discovery): GET /profile_lookup
for a public profile's followers, GET /profile_posts for its recent threads, paged by
`after` cursors. The API gives no per-post counts for other people's threads (insights
are only for one's own), so likes, replies and reposts stay unknown (None), never 0. Each
image's alt text is read from the media object's `alt_text` (a carousel's, from its children).
Reference: https://developers.facebook.com/docs/threads/threads-profiles,
/docs/threads/retrieve-and-discover-posts/retrieve-posts and /docs/threads/posts/accessibility"""

from __future__ import annotations

from datetime import datetime

from ..base import count, hashtags_in, oldest, parse_time, posts_parsed
from ..meta import GraphConnector
from ..types import Collected, Image, PostData, ProfileData, ProfileTarget

PROFILE_FIELDS = "username,name,is_verified,follower_count"
POST_FIELDS = (
    "id,text,media_type,permalink,timestamp,username,alt_text,children{media_type,alt_text}"
)
MEDIA_TYPES = {
    "TEXT_POST": "text",
    "IMAGE": "image",
    "VIDEO": "video",
    "CAROUSEL_ALBUM": "carousel",
}


def profile_from_payload(payload: dict) -> ProfileData:
    return ProfileData(
        external_id="",  # profile discovery answers no stable id: the handle is the key
        handle=payload["username"],
        display_name=payload.get("name", ""),
        followers=count(payload["follower_count"]),
    )


def post_from_payload(thread: dict) -> PostData | None:
    """A thread of the profile; None for a repost of someone else's (REPOST_FACADE)."""
    kind = thread["media_type"]
    if kind == "REPOST_FACADE":
        return None
    children = thread.get("children", {}).get("data", [])
    pictures = [c for c in children if c.get("media_type") == "IMAGE"] if children else []
    if not children and kind == "IMAGE":
        pictures = [thread]
    # alt_text is asked for: the Graph API leaves an empty field out, so absent means none
    images = tuple(Image(alt=picture.get("alt_text") or "") for picture in pictures)
    text = thread.get("text", "")
    return PostData(
        id=str(thread["id"]),
        published_at=parse_time(thread["timestamp"]),
        text=text,
        permalink=thread.get("permalink", ""),
        media_type=MEDIA_TYPES.get(kind, "other"),
        image_count=len(images),
        images=images,
        hashtags=hashtags_in(text),
    )


class ThreadsConnector(GraphConnector):
    network = "threads"
    # Profile discovery is limited to 1,000 profiles looked up per 24 h per app user.
    default_rate = 0.5
    default_concurrency = 2
    credential_names = ("THREADS_ACCESS_TOKEN",)

    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.config.credentials['THREADS_ACCESS_TOKEN']}"}

    async def fetch(self, target: ProfileTarget, *, since: datetime) -> Collected:
        handle = target.handle.lstrip("@")
        payload = await self.get_json(
            "profile_lookup", {"username": handle, "fields": PROFILE_FIELDS}
        )
        collected = Collected(profile_from_payload(payload))
        await self.secondary(collected, self._posts(collected, handle, since=since))
        return collected

    async def _posts(self, collected: Collected, handle: str, *, since: datetime) -> None:
        params = {
            "username": handle,
            "fields": POST_FIELDS,
            "since": str(int(since.timestamp())),
            "limit": "100",
        }
        paging = self.paging(since)
        while True:
            payload = await self.get_json("profile_posts", params)
            items = payload["data"]
            page = posts_parsed(items, post_from_payload, collected.gaps)
            collected.posts.extend(p for p in page if p.published_at >= since)
            after = payload.get("paging", {}).get("cursors", {}).get("after")
            if not paging.more(items=len(items), oldest=oldest(page), cursor=after):
                break
            params = params | {"after": after}
        if gap := paging.gap():
            collected.gaps.append(gap)
