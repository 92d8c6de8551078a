"""The local fake API: every network's endpoints the connectors use, on loopback, answering
in the networks' own shapes from the database (profiles, their latest snapshot, their posts).

Each network's `fake.py` declares `ROUTES` — (regex on the path under the API root, handler)
— and `rate_limited()`, the network's own "too many requests" answer. A handler receives the
request, the regex groups and the `FakeStore`, and returns a `server.Response`. The network's
API root is `<server>/<network>`: point `<NETWORK>_API_URL` there (see `fakeapi_environment`).

Profiles marked unavailable answer as gone on their network (suspended ones as suspended), so
the collection's status transitions can be watched end to end."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import datetime
from importlib import import_module

from django.db import connection

from .registry import connector_class, connector_networks
from .server import Request, Response


@dataclass(frozen=True, slots=True)
class FakeProfile:
    pk: int
    handle: str
    external_id: str
    display_name: str
    followers: int
    following: int | None
    posts_count: int | None
    gone: str  # "" when reachable, else "not_found", "suspended", "private"…


class FakeStore:
    """Reads of the database in the terms the fake routes need."""

    def __init__(self, network: str, id_prefix: str):
        self.network = network
        self.id_prefix = id_prefix

    def external_id(self, profile) -> str:
        return profile.external_id or f"{self.id_prefix}{profile.pk}"

    def profile(
        self, *, handle: str | None = None, external_id: str | None = None
    ) -> FakeProfile | None:
        from observatoire.metrics.models import Snapshot
        from observatoire.profiles.models import Profile, normalize_handle

        profiles = Profile.objects.filter(network=self.network)
        if handle is not None:
            found = profiles.filter(handle_key=normalize_handle(handle)).first()
        else:
            found = profiles.filter(external_id=external_id).first()
            synthetic = external_id.removeprefix(self.id_prefix)
            if found is None and external_id.startswith(self.id_prefix) and synthetic.isdigit():
                found = profiles.filter(pk=int(synthetic), external_id="").first()
        if found is None:
            return None
        latest = Snapshot.objects.filter(profile=found).order_by("-date").first()
        gone = (
            found.unavailable_reason or "not_found"
            if found.status == Profile.Status.UNAVAILABLE
            else ""
        )
        return FakeProfile(
            pk=found.pk, handle=found.handle, external_id=self.external_id(found),
            display_name=found.display_name or found.territory.name,
            followers=latest.followers if latest else 0,
            following=latest.following if latest else None,
            posts_count=latest.posts_count if latest else found.posts.count(),
            gone=gone,
        )  # fmt: skip

    def posts(
        self,
        profile: FakeProfile,
        *,
        since: datetime | None = None,
        offset: int = 0,
        limit: int = 100,
    ):
        """Posts newest first; `limit + 1` are read so a route knows whether a next page exists."""
        from observatoire.metrics.models import Post

        posts = Post.objects.filter(profile_id=profile.pk).order_by("-published_at", "-pk")
        if since is not None:
            posts = posts.filter(published_at__gte=since)
        return list(posts[offset : offset + limit + 1])


class FakeApi:
    """The responder of the fake API server: routes /<network>/… to that network's fake."""

    def __init__(self, *, rate_limit_every: int = 0):
        self.routes: dict[str, list[tuple[re.Pattern, object]]] = {}
        self.modules = {}
        for network in connector_networks():
            try:
                module = import_module(f"observatoire.connectors.{network}.fake")
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


def page_token(offset: int) -> str:
    """An opaque-looking cursor for the next page (the offset in base 36)."""
    return "c" + _base36(offset)


def page_offset(token: str | None) -> int:
    return int(token[1:], 36) if token and token.startswith("c") and token[1:].isalnum() else 0


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, rest = divmod(number, 36)
        text = digits[rest] + text
        if not number:
            return text
