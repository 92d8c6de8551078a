"""LinkedIn versioned REST API (LinkedIn-Version header, Rest.li 2.0), with a member token:
the organization by vanity name (or id), its follower count from networkSizes, its posts
from the Posts API (q=author, paged by start/count) and their counts from
organizationalEntityShareStatistics. Posts and statistics need the token's member to
administer the page: without that (HTTP 403) the follower count is still collected and
posts, or their counts, are left unknown. See docs/connectors.md for the permissions.
Reference: https://learn.microsoft.com/linkedin/marketing/community-management/organizations/organization-lookup-api,
https://learn.microsoft.com/linkedin/marketing/community-management/shares/posts-api,
https://learn.microsoft.com/linkedin/marketing/community-management/organizations/share-statistics"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import quote

import httpx

from ..base import Connector, count, hashtags_in, parse_time, posts_parsed, retry_after_seconds
from ..errors import (
    AuthError,
    ConnectorError,
    Incomplete,
    MalformedPayload,
    ProfileNotFound,
    RateLimited,
    TransientError,
)
from ..types import Collected, Image, PostData, ProfileData, ProfileTarget

API_VERSION = "202610"  # YYYYMM; LINKEDIN_API_VERSION overrides it
PAGE_SIZE = 50
STATISTICS_BATCH = 20  # post URNs per statistics request
HASHTAG_RE = re.compile(r"\{hashtag\|\\?#\|([^}]*)\}")
MENTION_RE = re.compile(r"@\[([^\]]*)\]\([^)]*\)")
ESCAPED_RE = re.compile(r"\\([\\|{}@\[\]()<>#*_~])")


class Forbidden(AuthError):
    """HTTP 403: the token works but lacks a permission or a page role for this resource."""


def urn_param(urn: str) -> str:
    """A URN inside a Rest.li 2.0 query or path: percent-encoded, ':' included."""
    return quote(urn, safe="")


def little_text(commentary: str) -> tuple[str, tuple[str, ...]]:
    """LinkedIn's "little text" (escaped reserved characters, {hashtag|\\#|tag} and
    @[name](urn) templates) → (plain text, hashtags)."""
    tags = tuple(dict.fromkeys(ESCAPED_RE.sub(r"\1", t) for t in HASHTAG_RE.findall(commentary)))
    text = HASHTAG_RE.sub(lambda m: "#" + m.group(1), commentary)
    text = MENTION_RE.sub(lambda m: m.group(1), text)
    return ESCAPED_RE.sub(r"\1", text), tags


def profile_from_payload(organization: dict, network_size: dict) -> ProfileData:
    return ProfileData(
        external_id=str(organization["id"]),
        # no vanity name in the answer: the curated handle is kept
        handle=organization.get("vanityName") or "",
        display_name=organization.get("localizedName") or "",
        followers=count(network_size["firstDegreeSize"]),
    )


def _media(content: dict) -> tuple[str, tuple[Image, ...]]:
    if "multiImage" in content:
        images = tuple(Image(alt=i.get("altText") or "") for i in content["multiImage"]["images"])
        return "carousel", images
    if "media" in content:
        media = content["media"]
        if media["id"].startswith("urn:li:image:"):
            return "image", (Image(alt=media.get("altText") or ""),)
        if media["id"].startswith("urn:li:video:"):
            return "video", ()
        return "other", ()  # a document
    if "article" in content:
        return "link", ()
    if content:
        return "other", ()  # poll, celebration, event
    return "text", ()


def post_from_payload(element: dict) -> PostData | None:
    """A published post of the organization; None for a plain reshare or a draft."""
    if element.get("lifecycleState", "PUBLISHED") != "PUBLISHED":
        return None
    text, tags = little_text(element.get("commentary") or "")
    if element.get("reshareContext") and not text:
        return None  # a reshare without a word of its own is someone else's post
    media_type, images = _media(element.get("content") or {})
    moment = element.get("publishedAt") or element["createdAt"]
    return PostData(
        id=element["id"],
        published_at=parse_time(moment / 1000),
        text=text,
        permalink=f"https://www.linkedin.com/feed/update/{element['id']}/",
        media_type=media_type,
        image_count=len(images),
        images=images,
        hashtags=tags or hashtags_in(text),
    )


def _published(element: dict) -> PostData:
    """Any element, reshare or draft included, as a dated item (for the paging rule)."""
    moment = element.get("publishedAt") or element["createdAt"]
    return PostData(id=element["id"], published_at=parse_time(moment / 1000))


def with_statistics(post: PostData, statistics: dict | None) -> PostData:
    if statistics is None:
        return post
    return PostData(
        id=post.id,
        published_at=post.published_at,
        text=post.text,
        permalink=post.permalink,
        media_type=post.media_type,
        image_count=post.image_count,
        images=post.images,
        hashtags=post.hashtags,
        likes=count(statistics.get("likeCount")),
        comments=count(statistics.get("commentCount")),
        shares=count(statistics.get("shareCount")),
        views=count(statistics.get("impressionCount")),
    )


class LinkedInConnector(Connector):
    network = "linkedin"
    # Daily application and member quotas (reset at 00:00 UTC), shown in the developer portal.
    default_rate = 2.0
    default_concurrency = 4
    credential_names = ("LINKEDIN_ACCESS_TOKEN", "LINKEDIN_API_VERSION")

    def auth_headers(self) -> dict[str, str]:
        creds = self.config.credentials
        return {
            "Authorization": f"Bearer {creds.get('LINKEDIN_ACCESS_TOKEN', '')}",
            "LinkedIn-Version": creds.get("LINKEDIN_API_VERSION") or API_VERSION,
            "X-Restli-Protocol-Version": "2.0.0",
        }

    def error_for(self, response: httpx.Response, payload: Any) -> ConnectorError | None:
        status = response.status_code
        if status < 400:
            return None
        body = payload if isinstance(payload, dict) else {}
        message = f"HTTP {status} {body.get('code', '')} {body.get('message', '')}".strip()
        if status == 429:
            return RateLimited(
                message, retry_after=retry_after_seconds(response.headers.get("retry-after"))
            )
        if status == 401:
            return AuthError(message)  # EXPIRED_ACCESS_TOKEN, REVOKED_ACCESS_TOKEN…
        if status == 403:
            return Forbidden(message)  # ACCESS_DENIED: not enough permissions
        if status == 404:
            return ProfileNotFound(message)
        if status >= 500:
            return TransientError(message)
        return MalformedPayload(message)

    async def fetch(self, target: ProfileTarget, *, since: datetime) -> Collected:
        # The numeric id survives a change of vanity name: once known, it is what is asked for.
        if target.external_id:
            organization = await self.get_json(f"organizations/{target.external_id}")
        else:
            found = await self.get_json(
                "organizations", {"q": "vanityName", "vanityName": target.handle}
            )
            if not found["elements"]:
                raise ProfileNotFound(f"no organization with vanity name {target.handle!r}")
            organization = found["elements"][0]
        urn = f"urn:li:organization:{organization['id']}"
        size = await self.get_json(
            f"networkSizes/{urn_param(urn)}", {"edgeType": "COMPANY_FOLLOWED_BY_MEMBER"}
        )
        collected = Collected(profile_from_payload(organization, size))
        await self.secondary(collected, self._posts_with_counts(collected, urn, since=since))
        return collected

    async def _posts_with_counts(self, collected: Collected, urn: str, *, since) -> None:
        try:
            posts = await self._posts(urn, since=since, gaps=collected.gaps)
        except Forbidden:
            return  # not an admin of the page: followers only
        try:
            statistics = await self._statistics(urn, [p.id for p in posts])
        except Forbidden:  # posts readable, statistics not: counts stay unknown
            collected.posts.extend(posts)
            return
        for post in posts:
            if post.id in statistics:
                collected.posts.append(with_statistics(post, statistics[post.id]))
            else:
                collected.gaps.append(Incomplete(f"post {post.id} left out: no statistics"))

    async def _posts(self, urn: str, *, since: datetime, gaps: list) -> list[PostData]:
        """Published posts since the window start, by `start`/`count`: the next page is
        asked while the page's oldest post is in the window and LinkedIn shows there is
        more (a `next` link, a `total` beyond this page, or a full page)."""
        posts: list[PostData] = []
        start = 0
        paging = self.paging(since)
        while True:
            query = (
                f"author={urn_param(urn)}&q=author&sortBy=CREATED&count={PAGE_SIZE}&start={start}"
            )
            page = await self.get_json(f"posts?{query}")
            elements = page["elements"]
            found = posts_parsed(elements, post_from_payload, gaps)
            times = posts_parsed(elements, _published, [])  # reshares and drafts too
            posts += [p for p in found if p.published_at >= since]
            end = start + len(elements)
            info = page.get("paging") or {}
            more = (
                any(link.get("rel") == "next" for link in info.get("links") or [])
                or (info.get("total") or 0) > end
                or len(elements) >= PAGE_SIZE
            )
            first = min((p.published_at for p in times), default=None)
            if not paging.more(items=len(elements), oldest=first, cursor=end if more else None):
                break
            start = end
        if gap := paging.gap():
            gaps.append(gap)
        return posts

    async def _statistics(self, urn: str, ids: list[str]) -> dict[str, dict]:
        """Lifetime statistics of each post, by post URN."""
        found: dict[str, dict] = {}
        for i in range(0, len(ids), STATISTICS_BATCH):
            batch = ids[i : i + STATISTICS_BATCH]
            lists = []
            ugc = [u for u in batch if u.startswith("urn:li:ugcPost:")]
            for kind, urns in (("shares", [u for u in batch if u not in ugc]), ("ugcPosts", ugc)):
                if urns:
                    lists.append(f"{kind}=List({','.join(urn_param(u) for u in urns)})")
            query = "&".join(
                ["q=organizationalEntity", f"organizationalEntity={urn_param(urn)}", *lists]
            )
            page = await self.get_json(f"organizationalEntityShareStatistics?{query}")
            for element in page["elements"]:
                key = element.get("share") or element.get("ugcPost")
                found[key] = element["totalShareStatistics"]
        return found
