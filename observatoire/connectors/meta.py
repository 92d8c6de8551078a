"""What Instagram, Facebook Pages and Threads share: Meta's Graph API error body and its
usage headers. Reference: https://developers.facebook.com/docs/graph-api/guides/error-handling
and https://developers.facebook.com/docs/graph-api/overview/rate-limiting"""

from __future__ import annotations

import json
from typing import Any

import httpx

from .base import Connector
from .errors import (
    AuthError,
    ConnectorError,
    MalformedPayload,
    ProfileNotFound,
    RateLimited,
    TransientError,
)

RATE_LIMIT_CODES = {4, 17, 32, 341, 613} | set(range(80001, 80015))
AUTH_CODES = {10, 102, 190} | set(range(200, 300))
TRANSIENT_CODES = {1, 2}
# 803: "Some of the aliases you requested do not exist"; 100/33: object does not exist;
# 110/2207013: business discovery "Cannot find User"; 24/4279009: Threads user not found.
NOT_FOUND = {(803, None), (100, 33), (110, 2207013), (110, None), (24, 4279009)}


def regain_access_seconds(response: httpx.Response) -> float | None:
    """`estimated_time_to_regain_access` (minutes) in X-Business-Use-Case-Usage, as seconds."""
    header = response.headers.get("x-business-use-case-usage")
    if not header:
        return None
    try:
        usage = json.loads(header)
        minutes = max(
            (
                int(item.get("estimated_time_to_regain_access") or 0)
                for items in usage.values()
                for item in items
            ),
            default=0,
        )
    except (ValueError, AttributeError, TypeError):
        return None
    return minutes * 60.0 if minutes else None


def usage_exhausted(response: httpx.Response) -> bool:
    """X-App-Usage / X-Business-Use-Case-Usage report percentages: 100 means throttled."""
    for name in ("x-app-usage", "x-business-use-case-usage"):
        header = response.headers.get(name)
        if not header:
            continue
        try:
            usage = json.loads(header)
        except ValueError:
            continue
        items = [usage] if name == "x-app-usage" else [i for v in usage.values() for i in v]
        for item in items:
            if any(
                isinstance(v, int) and v >= 100
                for k, v in item.items()
                if k != "estimated_time_to_regain_access"
            ):
                return True
    return False


def graph_error(response: httpx.Response, payload: Any) -> ConnectorError | None:
    error = payload.get("error") if isinstance(payload, dict) else None
    if not isinstance(error, dict):
        return None
    code, subcode = error.get("code"), error.get("error_subcode")
    message = f"({code}{'/' + str(subcode) if subcode else ''}) {error.get('message', '')}"
    if code in RATE_LIMIT_CODES:
        return RateLimited(message, retry_after=regain_access_seconds(response))
    if code in AUTH_CODES:
        return AuthError(message)
    if (code, subcode) in NOT_FOUND or (code, None) in NOT_FOUND:
        return ProfileNotFound(error.get("error_user_msg") or message)
    if code in TRANSIENT_CODES or error.get("is_transient") or response.status_code >= 500:
        return TransientError(message)
    return MalformedPayload(message)


class GraphConnector(Connector):
    """Graph API family: errors come as {"error": {"code", "error_subcode", …}}."""

    def error_for(self, response: httpx.Response, payload: Any) -> ConnectorError | None:
        return graph_error(response, payload) or self.http_error(response)

    def wait_from_headers(self, response: httpx.Response) -> float | None:
        if usage_exhausted(response):
            return regain_access_seconds(response) or 60.0
        return None
