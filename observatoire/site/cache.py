"""Page fragments served from Django's cache until a ranking is published.

Keys embed a stamp of the publications table (latest `published_at`, highest id, count), so a
publication, a recomputation or a deletion serves fresh pages in every process at once, even
with per-process caches. Fragments never hold anything user-specific.
"""

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.utils.translation import get_language

from .selectors import publications_stamp

TIMEOUT = 60 * 60  # profile statuses and snapshots change daily: bound how stale a page gets


def fragment(*parts: object, render: Callable[[], str], stamp: str | None = None) -> str:
    """The cached HTML for `parts` (plus language and publications stamp), rendered on a miss."""
    stamp = stamp if stamp is not None else publications_stamp()
    raw = "|".join([stamp, get_language() or "", *map(str, parts)])
    key = "site:fragment:" + hashlib.sha1(raw.encode()).hexdigest()
    html = cache.get(key)
    if html is None:
        html = render()
        cache.set(key, html, TIMEOUT)
    return html
