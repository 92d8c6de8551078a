"""The responder of the fake API server, and the settings that point the connectors at it."""

from __future__ import annotations

import re
import threading
from importlib import import_module

from django.db import connection

from observatoire.connectors.registry import connector_class, connector_networks

from ..server import Request, Response
from .store import FakeStore


class FakeApi:
    """The responder of the fake API server: routes /<network>/… to that network's fake."""

    def __init__(self, *, rate_limit_every: int = 0):
        self.routes: dict[str, list[tuple[re.Pattern, object]]] = {}
        self.modules = {}
        for network in connector_networks():
            try:
                module = import_module(f"{__package__}.{network}")
            except ModuleNotFoundError:
                continue
            self.modules[network] = module
            self.routes[network] = [(re.compile(p), h) for p, h in module.ROUTES]
        self.rate_limit_every = rate_limit_every
        self._served = 0
        self._lock = threading.Lock()
        self._thread = threading.local()

    @property
    def networks(self) -> list[str]:
        return list(self.routes)

    def __call__(self, request: Request) -> Response:
        network, _, rest = request.path.lstrip("/").partition("/")
        if network not in self.routes:
            return Response(404, {"error": f"no fake API for {network!r}"})
        module = self.modules[network]
        if self.rate_limit_every:
            with self._lock:
                self._served += 1
                if self._served % self.rate_limit_every == 0:
                    return module.rate_limited()
        store = FakeStore(network, module.ID_PREFIX)
        self._read_without_table_locks()
        # Each server thread keeps its database connection (autocommit: every query sees
        # the latest commits); a failed one is dropped.
        try:
            for pattern, handler in self.routes[network]:
                match = pattern.match("/" + rest)
                if match:
                    return handler(request, match.groupdict(), store)
            return Response(404, {"error": f"no fake route for {request.path}"})
        except Exception:
            connection.close()
            raise

    def _read_without_table_locks(self) -> None:
        """SQLite's in-memory test database is one shared cache, where a reader takes table
        locks that make the collector's concurrent writes fail at once ("database table is
        locked"). Reading uncommitted, the fake takes none (a fake API, not a ledger)."""
        if getattr(self._thread, "uncommitted", False) or connection.vendor != "sqlite":
            return
        if connection.is_in_memory_db():
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA read_uncommitted = 1")
        self._thread.uncommitted = True

    def thread_finished(self) -> None:
        """A server thread is done: its database connection is closed, not left open until
        the process ends (a test database could not be dropped)."""
        connection.close()


def fakeapi_environment(url: str, networks: list[str]) -> dict[str, str]:
    """The settings that point the connectors at the fake API, with placeholder credentials
    (the fake accepts any) and no rate limit on loopback (16 profiles at once per network)."""
    environment = {}
    for network in networks:
        environment[f"{network.upper()}_API_URL"] = f"{url}/{network}"
        for name in connector_class(network).credential_names:
            environment[name] = "fake-" + name.lower().replace("_", "-")
    environment["COLLECT_RATE_LIMITS"] = ",".join(f"{network}=0:16" for network in networks)
    return environment
