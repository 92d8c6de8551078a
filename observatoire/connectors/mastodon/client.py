"""Mastodon REST API, no token: GET /api/v1/accounts/lookup?acct= on the account's own
instance (the handle is user@instance), then GET /api/v1/accounts/:id/statuses without
boosts, paged by max_id as given in the Link header. MASTODON_API_URL, when set, is asked
instead of each instance (with the full user@instance).
Reference: https://docs.joinmastodon.org/methods/accounts/#lookup,
https://docs.joinmastodon.org/methods/accounts/#statuses,
https://docs.joinmastodon.org/api/guidelines/#pagination,
https://docs.joinmastodon.org/api/rate-limits/, https://docs.joinmastodon.org/entities/Status/"""

from __future__ import annotations

import re
import time
from contextvars import ContextVar
from datetime import datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlsplit

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

PAGE_SIZE = "40"  # the documented maximum for statuses
NEXT_LINK_RE = re.compile(r'<([^>]+)>\s*;\s*rel="?next"?')
_last_link: ContextVar[str | None] = ContextVar("mastodon_last_link", default=None)


class _TextExtractor(HTMLParser):
    """Mastodon's status HTML (p, br, a, span) → the text a reader sees."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.parts.append("\n")
        elif tag == "p" and self.parts:
            self.parts.append("\n\n")

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _TextExtractor()
    parser.feed(html or "")
    parser.close()
    lines = "".join(parser.parts).split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def split_handle(handle: str) -> tuple[str, str]:
    """ "@user@instance" or "user@instance" → ("user", "instance")."""
    user, _, instance = handle.strip().lstrip("@").partition("@")
    return user, instance.lower()


def profile_from_payload(payload: dict, *, instance: str) -> ProfileData:
    acct = payload["acct"]
    return ProfileData(
        external_id=str(payload["id"]),
        # a local account's acct has no domain: the handle keeps its instance
        handle=acct if "@" in acct or not instance else f"{acct}@{instance}",
        display_name=payload.get("display_name") or "",
        followers=count(payload["followers_count"]),
        following=count(payload.get("following_count")),
        posts_count=count(payload.get("statuses_count")),
    )


def post_from_payload(status: dict) -> PostData:
    text = html_to_text(status.get("content", ""))
    if status.get("spoiler_text"):  # the content warning is part of what is published
        text = f"{status['spoiler_text']}\n\n{text}".strip()
    attachments = status.get("media_attachments") or []
    images = tuple(
        Image(alt=media.get("description") or "")
        for media in attachments
        if media.get("type") == "image"
    )
    kinds = {media.get("type") for media in attachments}
    if not attachments:
        media_type = "link" if status.get("card") else "text"
    elif kinds & {"video", "gifv"}:
        media_type = "video"
    elif kinds == {"image"}:
        media_type = "carousel" if len(images) > 1 else "image"
    else:
        media_type = "other"
    boosts, quotes = count(status.get("reblogs_count")), count(status.get("quotes_count"))
    tags = tuple(tag["name"] for tag in status.get("tags") or ())
    return PostData(
        id=str(status["id"]),
        published_at=parse_time(status["created_at"]),
        text=text,
        permalink=status.get("url") or status.get("uri") or "",
        media_type=media_type,
        likes=count(status.get("favourites_count")),
        comments=count(status.get("replies_count")),
        # boosts and quotes are both shares (methodology v1)
        shares=None if boosts is None and quotes is None else (boosts or 0) + (quotes or 0),
        image_count=len(images),
        images=images,
        hashtags=hashtags_in(text) or tags,
    )


def next_max_id(response_link: str | None) -> str | None:
    """max_id of the Link header's rel="next" address (None on the last page)."""
    match = NEXT_LINK_RE.search(response_link or "")
    if not match:
        return None
    return parse_qs(urlsplit(match.group(1)).query).get("max_id", [None])[-1]


class MastodonConnector(Connector):
    network = "mastodon"
    # 300 requests per 5 minutes per IP address and instance (unauthenticated).
    default_rate = 1.0
    default_concurrency = 4

    def _root(self, instance: str) -> str:
        return self.api_url or f"https://{instance}/api/v1"

    def error_for(self, response: httpx.Response, payload: Any) -> ConnectorError | None:
        status = response.status_code
        if status < 400:
            return None
        message = payload.get("error", "") if isinstance(payload, dict) else ""
        message = f"HTTP {status} {message}".strip()
        if status == 429:
            return RateLimited(message, retry_after=_reset_in(response))
        if status == 404:
            return ProfileNotFound(message)  # {"error": "Record not found"}
        if status == 410:
            return ProfileSuspended(message)  # gone: suspended by its instance
        if status in (401, 403):
            # e.g. an instance that requires a token ("This API requires an authenticated user")
            return AuthError(message)
        if status >= 500:
            return TransientError(message)
        return MalformedPayload(message)

    def wait_from_headers(self, response: httpx.Response) -> float | None:
        # Every answer passes here, in the task that asked: keep its Link header for paging.
        _last_link.set(response.headers.get("link"))
        if response.headers.get("x-ratelimit-remaining") == "0":
            return _reset_in(response)
        return None

    async def fetch(self, target: ProfileTarget, *, since: datetime) -> Collected:
        user, instance = split_handle(target.handle)
        if not user or not (instance or self.api_url):
            raise ProfileNotFound(f"{target.handle!r} is not user@instance")
        root = self._root(instance)
        # Ids are only valid on the server that gave them: always look the account up.
        acct = f"{user}@{instance}" if self.api_url and instance else user
        account = await self.get_json(f"{root}/accounts/lookup", {"acct": acct})
        profile = profile_from_payload(account, instance=instance)
        if account.get("suspended"):
            raise ProfileSuspended(f"{profile.handle} is suspended by its instance")
        if account.get("moved"):
            raise ProfileNotFound(f"{profile.handle} moved to {account['moved'].get('acct')}")
        collected = Collected(profile)
        await self.secondary(collected, self._statuses(collected, root, since=since))
        return collected

    async def fetch_post(
        self, *, post_id: str, account: str = "", host: str = ""
    ) -> PostData | None:
        """One status by its id on the instance `host` whose address carries it (an id is
        only valid there): GET /api/v1/statuses/:id, no token. None when the instance answers
        that it has no such public status (404) or that it is gone (410).
        Reference: https://docs.joinmastodon.org/methods/statuses/#get"""
        if not (host or self.api_url):
            return None
        try:
            status = await self.get_json(f"{self._root(host)}/statuses/{post_id}")
        except (ProfileNotFound, ProfileSuspended):
            return None
        return post_from_payload(status)

    async def _statuses(self, collected: Collected, root: str, *, since: datetime) -> None:
        """Statuses newest first, following the `max_id` of the Link header's next address."""
        params = {"limit": PAGE_SIZE, "exclude_reblogs": "true"}
        url = f"{root}/accounts/{collected.profile.external_id}/statuses"
        paging = self.paging(since)
        while True:
            page, link = await self._page(url, params)
            found = posts_parsed(page, post_from_payload, collected.gaps)
            collected.posts.extend(p for p in found if p.published_at >= since)
            max_id = next_max_id(link)
            if not paging.more(items=len(page), oldest=oldest(found), cursor=max_id):
                break
            params = params | {"max_id": max_id}
        if gap := paging.gap():
            collected.gaps.append(gap)

    async def _page(self, url: str, params: dict) -> tuple[list, str | None]:
        """One page of statuses and the Link header of the answer that carried it."""
        _last_link.set(None)
        page = await self.get_json(url, params)
        if not isinstance(page, list):
            raise MalformedPayload("statuses is not a list")
        return page, _last_link.get()


def _reset_in(response: httpx.Response) -> float | None:
    """X-RateLimit-Reset is an ISO 8601 time (Unix seconds are read too); else Retry-After."""
    reset = (response.headers.get("x-ratelimit-reset") or "").strip()
    if reset:
        try:
            moment = float(reset) if reset.isdigit() else parse_time(reset).timestamp()
        except ValueError:
            moment = None
        if moment is not None:
            return max(0.0, moment - time.time())
    return retry_after_seconds(response.headers.get("retry-after"))
