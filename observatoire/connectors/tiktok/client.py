"""TikTok Research API: POST /v2/research/user/info/ for the account, then POST
/v2/research/video/query/ for its videos (a query spans 30 days at most, so the window is
cut in slices; each slice is paged by cursor and search_id). Client access token from the
client credentials grant (POST /v2/oauth/token/), or given as is.
Reference: https://developers.tiktok.com/doc/research-api-specs-query-user-info,
https://developers.tiktok.com/doc/research-api-specs-query-videos,
https://developers.tiktok.com/doc/research-api-codebook"""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx

from ..base import (
    Connector,
    Paging,
    count,
    hashtags_in,
    parse_time,
    posts_parsed,
    retry_after_seconds,
)
from ..errors import (
    AuthError,
    ConnectorError,
    MalformedPayload,
    ProfileNotFound,
    ProfilePrivate,
    ProfileSuspended,
    RateLimited,
    TransientError,
)
from ..types import Collected, PostData, ProfileData, ProfileTarget

USER_FIELDS = "display_name,is_verified,follower_count,following_count,likes_count,video_count"
VIDEO_FIELDS = (
    "id,create_time,username,video_description,hashtag_names,"
    "like_count,comment_count,share_count,view_count,favorites_count"
)
MAX_DAYS = 30  # "end_date must be no more than 30 days after start_date"
MAX_COUNT = 100  # videos per page, the documented maximum
MAX_PAGES = 50  # per slice: a guard against a cursor that never ends
AUTH_CODES = {"access_token_invalid", "scope_not_authorized", "scope_permission_missed"}


def profile_from_payload(payload: dict, *, handle: str) -> ProfileData:
    user = payload["data"]
    # The Research API has no stable user id: the username is the key.
    return ProfileData(
        external_id=handle,
        handle=handle,
        display_name=user.get("display_name") or "",
        followers=count(user["follower_count"]),
        following=count(user.get("following_count")),
        posts_count=count(user.get("video_count")),
    )


def post_from_video(video: dict, handle: str) -> PostData:
    text = video.get("video_description") or ""
    username = video.get("username") or handle
    return PostData(
        id=str(video["id"]),
        published_at=parse_time(int(video["create_time"])),
        text=text,
        permalink=f"https://www.tiktok.com/@{username}/video/{video['id']}",
        media_type="reel",
        likes=count(video.get("like_count")),
        comments=count(video.get("comment_count")),
        shares=count(video.get("share_count")),
        saves=count(video.get("favorites_count")),
        views=count(video.get("view_count")),
        hashtags=tuple(video.get("hashtag_names") or ()) or hashtags_in(text),
    )


def posts_from_payload(payload: dict, *, handle: str, gaps: list | None = None) -> list[PostData]:
    """The page's videos; one the network left incomplete is left out and noted in `gaps`."""
    videos = payload["data"]["videos"]
    return posts_parsed(
        videos, lambda video: post_from_video(video, handle), [] if gaps is None else gaps
    )


def date_slices(since: datetime, today: date) -> list[tuple[str, str]]:
    """(start_date, end_date) as YYYYMMDD, newest first, each at most MAX_DAYS long (both
    ends included), covering since's day (UTC) to today."""
    start = since.astimezone(UTC).date()
    slices = []
    end = today
    while end >= start:
        begin = max(start, end - timedelta(days=MAX_DAYS - 1))
        slices.append((begin.strftime("%Y%m%d"), end.strftime("%Y%m%d")))
        end = begin - timedelta(days=1)
    return slices


class TikTokConnector(Connector):
    network = "tiktok"
    # Research API: 1,000 requests a day (reset at 00:00 UTC), 600 a minute per endpoint.
    default_rate = 2.0
    default_concurrency = 4
    credential_names = ("TIKTOK_ACCESS_TOKEN", "TIKTOK_CLIENT_KEY", "TIKTOK_CLIENT_SECRET")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._token = self.config.credentials.get("TIKTOK_ACCESS_TOKEN", "")
        self._token_expires = float("inf") if self._token else 0.0
        self._token_lock = asyncio.Lock()

    @property
    def _can_refresh(self) -> bool:
        creds = self.config.credentials
        return bool(creds.get("TIKTOK_CLIENT_KEY") and creds.get("TIKTOK_CLIENT_SECRET"))

    def auth_headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._token}"}

    async def _ensure_token(self, *, refused: str | None = None) -> None:
        """A usable token; `refused` is one the API turned down (renewed once, by one task)."""
        async with self._token_lock:
            renew = refused is not None and refused == self._token
            if refused is not None and not renew:
                return  # another profile already renewed it
            if self._token and not renew and time.monotonic() < self._token_expires:
                return
            if not self._can_refresh:
                if self._token:
                    return
                raise AuthError("TIKTOK_ACCESS_TOKEN or TIKTOK_CLIENT_KEY/SECRET is not set")
            creds = self.config.credentials
            await self.limiter.acquire()
            try:
                response = await self.client.post(
                    self.url("oauth/token/"),
                    data={
                        "client_key": creds["TIKTOK_CLIENT_KEY"],
                        "client_secret": creds["TIKTOK_CLIENT_SECRET"],
                        "grant_type": "client_credentials",
                    },
                    headers={"Content-Type": "application/x-www-form-urlencoded"},
                )
            except httpx.TransportError as exc:
                raise TransientError(f"token: {type(exc).__name__}: {exc}") from exc
            if response.status_code >= 500:
                raise TransientError(f"token: HTTP {response.status_code}")
            try:
                payload = response.json()
            except ValueError:
                raise MalformedPayload("token: invalid JSON") from None
            if not isinstance(payload, dict) or not payload.get("access_token"):
                detail = payload.get("error_description") if isinstance(payload, dict) else ""
                raise AuthError(f"token refused: {detail or response.status_code}")
            self._token = payload["access_token"]
            # renew a minute early; the documented lifetime is 2 hours
            lifetime = float(payload.get("expires_in") or 7200)
            self._token_expires = time.monotonic() + max(0.0, lifetime - 60)

    def error_for(self, response: httpx.Response, payload: Any) -> ConnectorError | None:
        error = payload.get("error") if isinstance(payload, dict) else None
        code = error.get("code", "") if isinstance(error, dict) else ""
        message = (error.get("message") if isinstance(error, dict) else "") or code
        status = response.status_code
        if status < 400 and code in ("ok", ""):
            return None
        if status == 429 or code == "rate_limit_exceeded":
            return RateLimited(
                f"HTTP {status} {message}",
                retry_after=retry_after_seconds(response.headers.get("retry-after")),
            )
        if code in AUTH_CODES or status in (401, 403):
            return AuthError(f"HTTP {status} {code}: {message}".strip())
        if status >= 500 or code == "internal_error":
            return TransientError(f"HTTP {status} {message}")
        if code == "invalid_params" and response.url.path.endswith("/research/user/info/"):
            # The only parameter is the username: the account cannot be served.
            lowered = message.lower()
            if "private" in lowered:
                return ProfilePrivate(message)
            if "banned" in lowered or "suspended" in lowered:
                return ProfileSuspended(message)
            return ProfileNotFound(message)
        return MalformedPayload(f"HTTP {status} {code}: {message}")

    async def fetch(self, target: ProfileTarget, *, since: datetime) -> Collected:
        await self._ensure_token()
        used = self._token
        try:
            collected = await self._fetch(target, since=since)
        except AuthError:
            if not self._can_refresh:
                raise
            await self._ensure_token(refused=used)  # the token expired: one new try
            return await self._fetch(target, since=since)
        if self._can_refresh and any(isinstance(gap, AuthError) for gap in collected.gaps):
            await self._ensure_token(refused=used)  # expired between the user and its videos
            return await self._fetch(target, since=since)
        return collected

    async def _fetch(self, target: ProfileTarget, *, since: datetime) -> Collected:
        handle = target.handle.lstrip("@")
        payload = await self.get_json(
            "research/user/info/", {"fields": USER_FIELDS}, body={"username": handle}
        )
        collected = Collected(profile_from_payload(payload, handle=handle))
        await self.secondary(collected, self._videos(collected, handle, since=since))
        return collected

    async def _videos(self, collected: Collected, handle: str, *, since: datetime) -> None:
        """The videos of each slice of the window (newest first), each slice paged with the
        `cursor` and `search_id` while `has_more` says so; an empty page or a cursor already
        used ends the slice."""
        seen: set[str] = set()
        query = {"and": [{"operation": "EQ", "field_name": "username", "field_values": [handle]}]}
        for start_date, end_date in date_slices(since, datetime.now(UTC).date()):
            body: dict[str, Any] = {
                "query": query,
                "start_date": start_date,
                "end_date": end_date,
                "max_count": MAX_COUNT,
            }
            paging = Paging(since=since, max_pages=MAX_PAGES)
            while True:
                page = await self.get_json(
                    "research/video/query/", {"fields": VIDEO_FIELDS}, body=body
                )
                found = posts_from_payload(page, handle=handle, gaps=collected.gaps)
                for post in found:
                    if post.published_at >= since and post.id not in seen:
                        seen.add(post.id)
                        collected.posts.append(post)
                data = page["data"]
                cursor = data.get("cursor") if data.get("has_more") else None
                # the query's dates bound the window: no edge to watch inside a slice
                if not paging.more(items=len(data["videos"]), oldest=None, cursor=cursor):
                    break
                body = body | {"cursor": cursor, "search_id": data["search_id"]}
            if gap := paging.gap():
                collected.gaps.append(gap)
