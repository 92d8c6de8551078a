"""`post_fetch`: one post read from its network by the id its link carries, where the network's
API allows it and our connector does it (`Connector.fetch_post`).

  X          GET /2/tweets/:id (the bearer token of the collection)
  YouTube    videos.list?id= (the API key of the collection)
  Bluesky    app.bsky.feed.getPosts (public AppView, the handle turned into its DID first)
  Mastodon   GET /api/v1/statuses/:id on the instance the address is on (public, no token)

Not read one by one, and why:
  Instagram  the Graph API reads another account's media only through Business Discovery,
             page by page; a shortcode cannot be asked for (oEmbed gives no counts)
  Threads    profile discovery lists a profile's recent threads; no lookup by code
  Facebook   GET /{page-id}_{post-id} needs Page Public Content Access, and pfbid
             addresses carry no id the API knows
  LinkedIn   the Posts API reads a post only for the page's administrators, and an activity
             URN resolves to its post only through the DMA portability API
  TikTok     the Research API has no read by id: a video query (with a video_id condition)
             still needs a start and an end date 30 days apart at most, so the video's date
             must be known first; not done"""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

from observatoire.connectors.base import PAYLOAD_ERRORS
from observatoire.connectors.errors import AuthError, MalformedPayload
from observatoire.connectors.registry import connector_build, connector_config, http_client
from observatoire.connectors.types import PostData
from observatoire.profiles.models import Network

from .base import ParsedLink

FETCHABLE = frozenset({Network.X, Network.YOUTUBE, Network.BLUESKY, Network.MASTODON})


def post_fetchable(parsed: ParsedLink) -> bool:
    """Whether `post_fetch` can ask the network for this link's post."""
    if parsed.network not in FETCHABLE or not parsed.is_publication or not parsed.external_id:
        return False
    return parsed.network != Network.BLUESKY or bool(parsed.account)  # an rkey needs its account


def post_fetch(*, parsed: ParsedLink) -> PostData | None:
    """The post the link designates as its network gives it now, counts included (unknown
    counts stay None). None when the network cannot be asked for one post (see above) or
    answers that there is no such public post. Raises the connector's errors when the
    network cannot be read now: AuthError (credentials missing or refused), RateLimited,
    TransientError, MalformedPayload."""
    if not post_fetchable(parsed):
        return None
    missing = [
        name for name, value in connector_config(parsed.network).credentials.items() if not value
    ]
    if missing:
        raise AuthError(f"missing {', '.join(missing)}")
    return asyncio.run(_fetch(parsed))


async def _fetch(parsed: ParsedLink) -> PostData | None:
    async with http_client(concurrency=1) as client:
        connector = connector_build(network=parsed.network, client=client)
        try:
            return await connector.fetch_post(
                post_id=parsed.external_id,
                account=parsed.account,
                host=urlsplit(parsed.url).hostname or "",
            )
        except PAYLOAD_ERRORS as exc:  # an answer of an unexpected shape
            raise MalformedPayload(f"{type(exc).__name__}: {exc}") from exc
