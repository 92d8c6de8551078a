"""The local fake API (`observatoire fakeapi`): every network's endpoints the connectors use,
on loopback, answering in the networks' own shapes from the database (profiles, their latest
snapshot, their posts). For development, tests, benchmarks and demos without internet.

Each network's module here (`x.py`, `bluesky.py`…) declares `ROUTES` — (regex on the path
under the API root, handler) — and `rate_limited()`, the network's own "too many requests"
answer. A handler receives the request, the regex groups and the `FakeStore`, and returns a
`server.Response`. The network's API root is `<server>/<network>`: point `<NETWORK>_API_URL`
there (see `fakeapi_environment`).

Profiles marked unavailable answer as gone on their network (suspended ones as suspended), so
the collection's status transitions can be watched end to end."""

from .api import FakeApi, fakeapi_environment

__all__ = ["FakeApi", "fakeapi_environment"]
