"""YouTube Data API v3: channels.list (by handle, or by id once known) for statistics and the
uploads playlist, playlistItems.list for recent uploads, videos.list for their statistics and
whether they have captions (contentDetails.caption).
Reference: https://developers.google.com/youtube/v3/docs/channels/list,
/playlistItems/list, /videos/list, /videos#contentDetails.caption and /youtube/v3/docs/errors"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import httpx

from ..base import Connector, count, hashtags_in, parse_time, posts_parsed
from ..errors import (
    AuthError,
    ConnectorError,
    Incomplete,
    MalformedPayload,
    ProfileNotFound,
    ProfileSuspended,
    RateLimited,
    TransientError,
)
from ..types import Collected, PostData, ProfileData, ProfileTarget

PAGE_SIZE = 50  # maxResults allowed by playlistItems.list and videos.list (ids per call)
VIDEO_PARTS = "snippet,statistics,contentDetails"  # one quota unit, whatever the parts
# contentDetails.caption is a string, "true" or "false" (videos resource): anything else,
# or no contentDetails, leaves the subtitles unknown
CAPTIONS = {"true": True, "false": False}
AUTH_REASONS = {
    "keyInvalid",
    "keyExpired",
    "forbidden",
    "authError",
    "accessNotConfigured",
    "ipRefererBlocked",
    "API_KEY_INVALID",
    "API_KEY_SERVICE_BLOCKED",
}
QUOTA_REASONS = {"quotaExceeded", "dailyLimitExceeded", "RATE_LIMIT_EXCEEDED"}
RATE_REASONS = {"rateLimitExceeded", "userRateLimitExceeded"}
NOT_FOUND_REASONS = {"channelNotFound", "playlistNotFound", "videoNotFound"}
GONE_REASONS = {"channelClosed", "channelSuspended"}
QUOTA_ZONE = ZoneInfo("America/Los_Angeles")  # the daily quota resets at midnight Pacific


def seconds_until_quota_reset(now: datetime | None = None) -> float:
    now = (now or datetime.now(QUOTA_ZONE)).astimezone(QUOTA_ZONE)
    midnight = (now + timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return (midnight - now).total_seconds()


def _reasons(error: dict) -> set[str]:
    reasons = {e.get("reason", "") for e in error.get("errors", [])}
    reasons |= {d.get("reason", "") for d in error.get("details", []) if isinstance(d, dict)}
    return reasons


def profile_from_payload(payload: dict) -> tuple[ProfileData, str]:
    """The channel and its uploads playlist id; no item means no such channel."""
    items = payload.get("items") or []
    if not items:
        raise ProfileNotFound("no channel for this handle or id")
    channel = items[0]
    statistics = channel["statistics"]
    hidden = statistics.get("hiddenSubscriberCount")
    profile = ProfileData(
        external_id=channel["id"],
        # no custom URL: the answer names no handle, the curated one is kept
        handle=channel["snippet"].get("customUrl", "").lstrip("@"),
        display_name=channel["snippet"].get("title", ""),
        followers=None if hidden else count(statistics.get("subscriberCount")),
        posts_count=count(statistics.get("videoCount")),
    )
    return profile, channel["contentDetails"]["relatedPlaylists"]["uploads"]


def post_from_payload(video: dict) -> PostData:
    snippet = video["snippet"]
    statistics = video.get("statistics")
    if statistics is None:  # asked for (part=statistics) and not given: counts unknown today
        raise Incomplete(f"video {video['id']} left out: videos.list gave no statistics")
    text = "\n".join(filter(None, [snippet.get("title", ""), snippet.get("description", "")]))
    return PostData(
        id=video["id"],
        published_at=parse_time(snippet["publishedAt"]),
        text=text,
        permalink=f"https://www.youtube.com/watch?v={video['id']}",
        media_type="video",
        likes=count(statistics.get("likeCount")),  # absent when the channel hides likes
        comments=count(statistics.get("commentCount")),  # absent when comments are off
        views=count(statistics.get("viewCount")),
        hashtags=hashtags_in(text),
        subtitles=CAPTIONS.get(str((video.get("contentDetails") or {}).get("caption"))),
    )


class YouTubeConnector(Connector):
    network = "youtube"
    stable_ids = True
    # Quota: 10,000 units a day per project, 1 unit per list call (about 3 per channel).
    default_rate = 5.0
    default_concurrency = 8
    credential_names = ("YOUTUBE_API_KEY",)

    def error_for(self, response: httpx.Response, payload: Any) -> ConnectorError | None:
        error = payload.get("error") if isinstance(payload, dict) else None
        if not isinstance(error, dict):
            return self.http_error(response)
        reasons, message = _reasons(error), error.get("message", "")
        if reasons & QUOTA_REASONS:
            return RateLimited(message, retry_after=seconds_until_quota_reset())
        if reasons & RATE_REASONS or response.status_code == 429:
            return RateLimited(message)
        if reasons & AUTH_REASONS or response.status_code == 401:
            return AuthError(message)
        if reasons & GONE_REASONS:
            return ProfileSuspended(message)
        if reasons & NOT_FOUND_REASONS:
            return ProfileNotFound(message)
        if response.status_code >= 500:
            return TransientError(message)
        return MalformedPayload(message)

    def auth_headers(self) -> dict[str, str]:
        # Google APIs take the key in this header too: it stays out of URLs and their logs
        return {"X-Goog-Api-Key": self.config.credentials["YOUTUBE_API_KEY"]}

    async def fetch(self, target: ProfileTarget, *, since: datetime) -> Collected:
        lookup = (
            {"id": target.external_id}
            if target.external_id
            else {"forHandle": "@" + target.handle.lstrip("@")}
        )
        payload = await self.get_json(
            "channels", {"part": "snippet,statistics,contentDetails"} | lookup
        )
        profile, uploads = profile_from_payload(payload)
        collected = Collected(profile)
        video_ids: list[str] = []
        # the uploads read before a failure are still asked for their statistics
        await self.secondary(collected, self._uploads(collected, uploads, video_ids, since=since))
        await self.secondary(collected, self._videos(collected, video_ids, since=since))
        return collected

    async def fetch_post(
        self, *, post_id: str, account: str = "", host: str = ""
    ) -> PostData | None:
        """One video by its id (videos.list), with its statistics and captions; None when the
        answer has no item (deleted, private, or no such video)."""
        payload = await self.get_json("videos", {"part": VIDEO_PARTS, "id": post_id})
        items = payload.get("items") or []
        return post_from_payload(items[0]) if items else None

    async def _uploads(
        self, collected: Collected, uploads: str, video_ids: list[str], *, since: datetime
    ) -> None:
        """Ids of the uploads published since the window start, newest first."""
        params = {"part": "contentDetails", "playlistId": uploads, "maxResults": str(PAGE_SIZE)}
        paging = self.paging(since)
        while True:
            try:
                page = await self.get_json("playlistItems", params)
            except ProfileNotFound:  # a channel that never uploaded has no uploads playlist
                return
            items = page.get("items", [])
            published = {
                item["contentDetails"]["videoId"]: parse_time(
                    item["contentDetails"]["videoPublishedAt"]
                )
                for item in items
            }
            video_ids += [video for video, moment in published.items() if moment >= since]
            token = page.get("nextPageToken")
            earliest = min(published.values(), default=None)
            if not paging.more(items=len(items), oldest=earliest, cursor=token):
                break
            params = params | {"pageToken": token}
        if gap := paging.gap():
            collected.gaps.append(gap)

    async def _videos(self, collected: Collected, video_ids: list[str], *, since: datetime) -> None:
        """Statistics and captions of the videos, 50 ids a call. A video the answer leaves out
        (deleted or made private meanwhile, or dropped by the API) is a gap, not a lost day."""
        for start in range(0, len(video_ids), PAGE_SIZE):
            asked = video_ids[start : start + PAGE_SIZE]
            videos = await self.get_json("videos", {"part": VIDEO_PARTS, "id": ",".join(asked)})
            items = videos.get("items", [])
            page = posts_parsed(items, post_from_payload, collected.gaps)
            collected.posts.extend(p for p in page if p.published_at >= since)
            missing = [v for v in asked if v not in {item.get("id") for item in items}]
            if missing:
                collected.gaps.append(
                    Incomplete(
                        f"videos.list answered {len(asked) - len(missing)} of {len(asked)} "
                        f"videos, without {', '.join(missing)}"
                    )
                )
