"""Network → connector class, and connectors built from settings (environment only)."""

from __future__ import annotations

import httpx
from django.conf import settings
from django.utils.module_loading import import_string

from .base import Connector, ConnectorConfig, RateLimiter, RetryPolicy

# One line per network with an API. Snapshot-only networks (Snapchat) come by CSV import.
CONNECTORS: dict[str, str] = {
    "instagram": "observatoire.connectors.instagram.client.InstagramConnector",
    "facebook": "observatoire.connectors.facebook.client.FacebookConnector",
    "threads": "observatoire.connectors.threads.client.ThreadsConnector",
    "x": "observatoire.connectors.x.client.XConnector",
    "youtube": "observatoire.connectors.youtube.client.YouTubeConnector",
    "tiktok": "observatoire.connectors.tiktok.client.TikTokConnector",
    "linkedin": "observatoire.connectors.linkedin.client.LinkedInConnector",
    "bluesky": "observatoire.connectors.bluesky.client.BlueskyConnector",
    "mastodon": "observatoire.connectors.mastodon.client.MastodonConnector",
}


def connector_class(network: str) -> type[Connector]:
    try:
        return import_string(CONNECTORS[network])
    except KeyError:
        raise LookupError(f"no connector for {network!r}") from None


def connector_networks() -> list[str]:
    return list(CONNECTORS)


def rate_limits() -> dict[str, tuple[float, int]]:
    """COLLECT_RATE_LIMITS="x=0.5:4,youtube=10:16" → {network: (requests/s, concurrency)}."""
    limits = {}
    for item in filter(None, (p.strip() for p in settings.COLLECT_RATE_LIMITS.split(","))):
        network, _, value = item.partition("=")
        rate, _, concurrency = value.partition(":")
        limits[network.strip()] = (float(rate), int(concurrency or 0))
    return limits


def connector_config(network: str) -> ConnectorConfig:
    cls = connector_class(network)
    rate, concurrency = rate_limits().get(network, (cls.default_rate, cls.default_concurrency))
    return ConnectorConfig(
        api_url=getattr(settings, f"{network.upper()}_API_URL"),
        credentials={name: getattr(settings, name, "") for name in cls.credential_names},
        rate=rate,
        concurrency=concurrency or cls.default_concurrency,
    )


def connector_build(
    *,
    network: str,
    client: httpx.AsyncClient,
    config: ConnectorConfig | None = None,
    limiter: RateLimiter | None = None,
    retry: RetryPolicy | None = None,
) -> Connector:
    cls = connector_class(network)
    return cls(
        config=config or connector_config(network), client=client, limiter=limiter, retry=retry
    )


def http_client(*, concurrency: int = 16, timeout: float = 30.0) -> httpx.AsyncClient:
    """The pooled async client connectors share (one per network in a collection)."""
    return httpx.AsyncClient(
        timeout=httpx.Timeout(timeout, connect=10.0),
        limits=httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency),
        headers={
            "User-Agent": "Observatoire (open observatory of French local governments)",
            "Accept": "application/json",
        },
        follow_redirects=False,
    )
