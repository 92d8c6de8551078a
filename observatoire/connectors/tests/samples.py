"""Serving the recorded samples of a connector on a real loopback socket.

A sample file is one case: `exchanges` (request to match → recorded response), optionally
`target`, `since`, `credentials` and what the contract test must `expect`."""

from __future__ import annotations

import json
import re
import threading
import time
from importlib import import_module
from pathlib import Path

from observatoire.devtools.server import LoopbackServer, Request, Response

NOW_RE = re.compile(r"\{now([+-]\d+)?(:iso)?\}")  # {now+600}: Unix seconds; {now+600:iso}: ISO 8601


def samples_dir(network: str) -> Path:
    return Path(import_module(f"observatoire.connectors.{network}").__file__).parent / "samples"


def sample_cases(network: str) -> list[str]:
    return sorted(path.stem for path in samples_dir(network).glob("*.json"))


def load_sample(network: str, case: str) -> dict:
    return json.loads((samples_dir(network) / f"{case}.json").read_text())


def _now(text: str) -> str:
    return NOW_RE.sub(_moment, text)


def _moment(match: re.Match) -> str:
    seconds = int(time.time()) + int(match.group(1) or 0)
    if match.group(2):  # as Mastodon writes X-RateLimit-Reset
        return time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime(seconds))
    return str(seconds)


class SampleResponder:
    """Answers each request with the recorded exchange it matches (path, required query
    parameters and headers). An exchange with `times` answers that many times, before any
    other; otherwise the most specific match answers."""

    def __init__(self, exchanges: list[dict]):
        self.exchanges = [dict(e, used=0) for e in exchanges]
        self.requests: list[Request] = []
        self.unmatched: list[str] = []
        self._lock = threading.Lock()

    def _matches(self, exchange: dict, request: Request) -> bool:
        wanted = exchange["request"]
        if exchange.get("times") == 0 or wanted.get("path") != request.path:
            return False
        # a query value of null means the parameter must be absent (e.g. no cursor on page 1)
        # "~text" means the parameter contains text (Graph API field expansions)
        for name, value in wanted.get("query", {}).items():
            actual = request.query.get(name)
            if isinstance(value, str) and value.startswith("~"):
                if actual is None or value[1:] not in actual:
                    return False
            elif actual != value:
                return False
        return all(request.headers.get(k) == v for k, v in wanted.get("headers", {}).items())

    def unused(self) -> list[dict]:
        """Recorded requests nobody asked: pages the connector did not read."""
        return [e["request"] for e in self.exchanges if not e["used"]]

    def __call__(self, request: Request) -> Response:
        with self._lock:
            self.requests.append(request)
            candidates = [e for e in self.exchanges if self._matches(e, request)]
            if not candidates:
                self.unmatched.append(f"{request.path}?{request.query}")
                return Response(404, {"error": "no recorded exchange matches"})
            # scripted one-shot answers (`times`) first, then the most specific
            exchange = max(
                candidates, key=lambda e: ("times" in e, len(e["request"].get("query", {})))
            )
            if "times" in exchange:
                exchange["times"] -= 1
            exchange["used"] += 1
        recorded = exchange["response"]
        headers = {k: _now(v) for k, v in recorded.get("headers", {}).items()}
        body = recorded["body_text"] if "body_text" in recorded else recorded.get("body")
        return Response(recorded.get("status", 200), body, headers)


class SampleServer:
    def __init__(self, exchanges: list[dict]):
        self.responder = SampleResponder(exchanges)
        self.server = LoopbackServer(self.responder)

    def __enter__(self) -> SampleServer:
        self.server.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.stop()

    @property
    def url(self) -> str:
        return self.server.url
