"""Facebook Pages (Graph API): GET /{page} for followers, then GET /{page-id}/posts since the
window start, with reactions and comments summaries and shares, paged by `after` cursors; then
the alt texts their authors wrote for the photos (Photo `alt_text_custom`), 50 photos a call.
Reference: https://developers.facebook.com/docs/graph-api/reference/page/,
https://developers.facebook.com/docs/graph-api/reference/page/feed/,
https://developers.facebook.com/docs/graph-api/reference/photo/ and
https://developers.facebook.com/docs/graph-api/advanced#largerequests (ids=)"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from ..base import count, hashtags_in, oldest, parse_time, posts_parsed
from ..errors import Incomplete, ProfileNotFound
from ..meta import GraphConnector
from ..types import Collected, Image, PostData, ProfileData, ProfileTarget

PAGE_FIELDS = "id,name,username,followers_count,fan_count"
POST_FIELDS = (
    "id,created_time,message,permalink_url,shares,"
    "reactions.summary(total_count).limit(0),comments.summary(total_count).limit(0),"
    "attachments{media_type,type,target{id},subattachments.limit(20){media_type,type,target{id}}}"
)
PHOTOS_PER_CALL = 50  # ids a Graph API call may name
# The author's own alternative text. The Photo's `alt_text` is Facebook's automatic
# description ("Peut-être une image de…"): it is not the Page's, and is not counted.
PHOTO_FIELDS = "alt_text_custom"
MEDIA_TYPES = {"photo": "image", "album": "carousel", "video": "video", "link": "link"}


def profile_from_payload(page: dict) -> ProfileData:
    return ProfileData(
        external_id=str(page["id"]),
        # a Page read by id may have no username: the curated handle is then kept
        handle=page.get("username") or "",
        display_name=page.get("name", ""),
        # followers_count is the Page's followers; fan_count (likes) for older Pages
        followers=count(page.get("followers_count", page.get("fan_count"))),
    )


def photo_ids(post: dict) -> list[str]:
    """Ids of a post's photos (the attachment's, or an album's subattachments'), in order."""
    attachments = post.get("attachments", {}).get("data", [])
    first = attachments[0] if attachments else {}
    subs = first.get("subattachments", {}).get("data", []) or [first]
    return [
        str(s["target"]["id"])
        for s in subs
        if s.get("media_type") == "photo" and (s.get("target") or {}).get("id")
    ]


def post_from_payload(post: dict) -> PostData:
    attachments = post.get("attachments", {}).get("data", [])
    first = attachments[0] if attachments else {}
    kind = first.get("media_type") or first.get("type", "")
    subs = first.get("subattachments", {}).get("data", [])
    if subs:
        images = sum(1 for s in subs if s.get("media_type") == "photo")
    else:
        images = int(kind == "photo")
    if kind == "video" and "reel" in (first.get("type") or ""):
        media_type = "reel"
    else:
        media_type = MEDIA_TYPES.get(kind, "other" if attachments else "text")
    message = post.get("message", "")
    return PostData(
        id=str(post["id"]),
        published_at=parse_time(post["created_time"]),
        text=message,
        permalink=post.get("permalink_url", ""),
        media_type=media_type,
        likes=count(post["reactions"]["summary"]["total_count"]),  # every reaction
        comments=count(post["comments"]["summary"]["total_count"]),
        # the API leaves `shares` out of a post nobody shared
        shares=count(post.get("shares", {}).get("count", 0)),
        image_count=images,
        hashtags=hashtags_in(message),
    )


class FacebookConnector(GraphConnector):
    network = "facebook"
    stable_ids = True
    # Platform limit with a user token: 200 calls / hour per user of the app; with a
    # system-user token, Business Use Case limits apply. Tune with COLLECT_RATE_LIMITS.
    default_rate = 1.0
    default_concurrency = 4
    credential_names = ("FACEBOOK_ACCESS_TOKEN",)

    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.config.credentials['FACEBOOK_ACCESS_TOKEN']}"}

    async def fetch(self, target: ProfileTarget, *, since: datetime) -> Collected:
        page = await self.get_json(target.external_id or target.handle, {"fields": PAGE_FIELDS})
        collected = Collected(profile_from_payload(page))
        await self.secondary(collected, self._posts(collected, since=since))
        return collected

    async def _posts(self, collected: Collected, *, since: datetime) -> None:
        """The Page's posts since the window start, following the `after` cursor whether or
        not a `next` link comes with it."""
        params = {"fields": POST_FIELDS, "since": str(int(since.timestamp())), "limit": "100"}
        paging = self.paging(since)
        while True:
            payload = await self.get_json(f"{collected.profile.external_id}/posts", params)
            items = payload["data"]
            page = posts_parsed(items, post_from_payload, collected.gaps)
            kept = [p for p in page if p.published_at >= since]
            photos = {str(item.get("id")): photo_ids(item) for item in items}
            # a failed reading of the alt texts leaves them unknown, the posts are kept
            await self.secondary(collected, self._alt_texts(kept, photos))
            collected.posts.extend(kept)
            after = payload.get("paging", {}).get("cursors", {}).get("after")
            if not paging.more(items=len(items), oldest=oldest(page), cursor=after):
                break
            params = params | {"after": after}
        if gap := paging.gap():
            collected.gaps.append(gap)

    async def _alt_texts(self, posts: list[PostData], photos: dict[str, list[str]]) -> None:
        """Each post of `posts` replaced by the same post with its photos' alt texts ("" when
        the Page wrote none). A photo the answer leaves out stays unverifiable."""
        wanted = [photo for post in posts for photo in photos.get(post.id, [])]
        alts: dict[str, str] = {}
        for start in range(0, len(wanted), PHOTOS_PER_CALL):
            asked = wanted[start : start + PHOTOS_PER_CALL]
            try:
                answer = await self.get_json("", {"ids": ",".join(asked), "fields": PHOTO_FIELDS})
            except ProfileNotFound as exc:  # one photo deleted meanwhile fails the whole call
                raise Incomplete(f"alt texts of {len(asked)} photos not read: {exc}") from exc
            for photo, fields in answer.items():
                alts[str(photo)] = str(fields.get(PHOTO_FIELDS) or "")
        for index, post in enumerate(posts):
            images = tuple(Image(alt=alts[p]) for p in photos.get(post.id, []) if p in alts)
            if images:
                posts[index] = replace(post, images=images)
