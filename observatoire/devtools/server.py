"""A small HTTP/1.1 server on loopback (keep-alive, one thread per connection), used by the
local fake API (`observatoire fakeapi`) and by the connectors' contract test."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass(slots=True)
class Request:
    method: str
    path: str  # without the query string, percent-decoding left to routes
    query: dict[str, str]  # last value of each parameter
    headers: dict[str, str]  # lower-case names
    body: bytes = b""  # e.g. TikTok's JSON queries, posted


@dataclass(slots=True)
class Response:
    status: int = 200
    body: Any = None  # JSON-serialisable, or bytes/str sent as is
    headers: dict[str, str] = field(default_factory=dict)

    def encode(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode()
        return json.dumps(self.body, ensure_ascii=False, separators=(",", ":")).encode()


Responder = Callable[[Request], Response]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the real APIs
    disable_nagle_algorithm = True  # headers and body are two writes: no 40 ms delayed ACK
    server_version = "ObservatoireFakeAPI"
    responder: Responder

    def do_GET(self):
        self._answer("GET")

    def do_POST(self):
        self._answer("POST")

    def _answer(self, method: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        headers = {k.lower(): v for k, v in self.headers.items()}
        try:
            response = self.server.responder(Request(method, parts.path, query, headers, body))
        except Exception as exc:  # a bug in a fake route is a 500, as a real server would say
            response = Response(500, {"error": f"{type(exc).__name__}: {exc}"})
        body = response.encode()
        self.send_response(response.status)
        content_type = "application/json; charset=utf-8"
        for name, value in response.headers.items():
            if name.lower() == "content-type":
                content_type = value
            else:
                self.send_header(name, value)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # quiet: the runner logs what matters
        pass


class LoopbackServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256  # every network's pool connects at once (default backlog: 5)

    def __init__(self, responder: Responder, *, host: str = "127.0.0.1", port: int = 0):
        self.responder = responder
        super().__init__((host, port), _Handler)

    def process_request_thread(self, request, client_address):
        """One connection's thread; when it ends, the responder may release what the thread
        held (`thread_finished`, e.g. the fake API's database connection)."""
        try:
            super().process_request_thread(request, client_address)
        finally:
            finished = getattr(self.responder, "thread_finished", None)
            if finished is not None:
                finished()

    def handle_error(self, request, client_address):
        """A client that hung up is not an error of the server; anything else is printed."""
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> LoopbackServer:
        """Serve in a background thread (tests, benchmarks); `shutdown()` to stop."""
        threading.Thread(
            target=self.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="loopback-api",
            daemon=True,
        ).start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
