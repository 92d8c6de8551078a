"""What the fake Instagram, Facebook and Threads routes share: Graph API errors and times."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from ..server import Request, Response


def graph_error(
    status: int, code: int, message: str, *, subcode: int | None = None, headers=None
) -> Response:
    error = {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "FakeTrace0"}
    if subcode:
        error["error_subcode"] = subcode
    return Response(status, {"error": error}, headers or {})


def graph_rate_limited(kind: str) -> Response:
    usage = {
        "fake": [
            {
                "type": kind,
                "call_count": 100,
                "total_cputime": 10,
                "total_time": 10,
                "estimated_time_to_regain_access": 0,
            }
        ]
    }
    return graph_error(
        400,
        80002 if kind == "instagram" else 80001,
        "There have been too many calls. Wait a bit and try again.",
        headers={"x-business-use-case-usage": json.dumps(usage), "retry-after": "1"},
    )


def graph_time(moment) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S+0000")


def graph_page(request: Request) -> tuple[int, int, datetime | None]:
    """(page size, offset, since) of a Graph API edge request: `limit`, the `after` cursor,
    and `since` as a Unix timestamp."""
    from .store import page_offset

    size = min(100, int(request.query.get("limit", "25")))
    since = request.query.get("since")
    return (
        size,
        page_offset(request.query.get("after")),
        datetime.fromtimestamp(int(since), tz=UTC) if since else None,
    )
