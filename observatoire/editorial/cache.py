"""The version of the editorial figures, for the caches of the pages that show them.

Every page cached by the site (`site/cache.py`) is keyed on the published rankings; the
editorial pages are also keyed on `editorial_cache_version()`, a value held in the cache that
changes whenever the analyses or their monthly rollups are written: `editorial_cache_bump()`,
called by the services once their transaction has committed, writes a new one. Pages cached
under an older version are never served again.

With a shared cache (Redis) every process sees a bump at once; with the per-process memory
cache, a process sees the bumps made in it (the web process: admin, re-runs of the lexicon)
and the others' within the site's page TIMEOUT, as for snapshots and statuses.

The key is `shared` (`core.cache`) from the first editorial page a process serves: read in
the one round trip a request makes for the stamps, so it costs a cached page nothing more,
and no concern of the processes that never serve one. A bump writes a new value rather than
deleting it, so the key stays present and every page's first round trip can be guessed.
`editorial_stamped` holds the small values the editorial URLs are checked against (the months
with figures), recomputed once per version.
"""

import time
from collections.abc import Callable

from observatoire.core.cache import memo_get, memo_set, shared

VERSION_KEY = "editorial:version"


def _new_version() -> str:
    return f"{time.time_ns():x}"


def editorial_cache_version() -> str:
    """Changes whenever editorial figures are written (see the module docstring)."""
    key = shared(VERSION_KEY)
    version = memo_get(key)
    if version is None:  # first read, or evicted: a value no page was cached under
        version = _new_version()
        memo_set(key, version, None)
    return version


def editorial_cache_bump(**_kwargs) -> None:
    """The next page reads fresh figures. Call it after the transaction that wrote analyses
    or rollups has committed (`transaction.on_commit(editorial_cache_bump)`)."""
    memo_set(VERSION_KEY, _new_version(), None)


def editorial_stamped(name: str, render: Callable[[], object]) -> object:
    """A small value that changes only with the editorial figures (the months a URL may
    name), computed on a miss; read in the request's first round trip with the version."""
    key = shared(f"editorial:stamped:{name}")
    held = memo_get(key)
    version = editorial_cache_version()
    if held is None or held[0] != version:
        held = (version, render())
        memo_set(key, held, None)  # kept: a shared key is best never missing
    return held[1]
