"""Public pages served from Django's cache until a ranking is published.

Every key embeds a *stamp* of the published data: the latest `published_at`, highest id and
count of ranking publications, and the same for blog articles. Publishing, recomputing or
deleting a ranking (or saving an article) changes it. The stamp itself is cached for a few
seconds and dropped at once by signals, so the process (or the shared Redis cache) that
publishes sees fresh pages immediately and other processes within STAMP_SECONDS.

Two levels:
- `page`: anonymous GET requests get the whole HTML from the cache; the CSRF token of the
  language form is the only per-visitor part and is put back on each request.
- `fragment`: the heavy part of a page (the ranking table, a collectivité's body), shared by
  every visitor including logged-in ones. Fragments never hold anything user-specific.
"""

import hashlib
from collections.abc import Callable
from functools import wraps

from django.core.cache import cache
from django.db.models import Count, Max
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

TIMEOUT = 60 * 60  # profile statuses and snapshots change daily: bound how stale a page gets
STAMP_KEY = "site:stamp"
STAMP_SECONDS = 10
CSRF_PLACEHOLDER = "__observatoire_csrf_token__"


def published_stamp() -> str:
    """Changes whenever a ranking or an article is published, changed or deleted."""
    stamp = cache.get(STAMP_KEY)
    if stamp is None:
        from observatoire.blog.models import Article
        from observatoire.rankings.models import RankingPublication

        parts = []
        for model, field in ((RankingPublication, "published_at"), (Article, "updated_at")):
            row = model.objects.aggregate(last=Max(field), top=Max("id"), count=Count("id"))
            last = row["last"].isoformat() if row["last"] else "-"
            parts.append(f"{last}/{row['top'] or 0}/{row['count']}")
        stamp = "|".join(parts)
        cache.set(STAMP_KEY, stamp, STAMP_SECONDS)
    return stamp


def stamp_forget(**_kwargs) -> None:
    """Signal receiver: the next request recomputes the stamp, hence fresh pages."""
    cache.delete(STAMP_KEY)


def _key(kind: str, *parts: object) -> str:
    raw = "|".join([published_stamp(), get_language() or "", *map(str, parts)])
    return f"site:{kind}:" + hashlib.sha1(raw.encode()).hexdigest()


def fragment(*parts: object, render: Callable[[], object]) -> object:
    """The cached value for `parts` (plus language and stamp), computed on a miss."""
    key = _key("fragment", *parts)
    value = cache.get(key)
    if value is None:
        value = render()
        cache.set(key, value, TIMEOUT)
    return value


# Only these query parameters (short values) make a page worth caching: anything else
# (tracking tags, random strings) is served uncached rather than filling the cache.
QUERY_PARAMETERS = {"network", "category", "month", "region", "page"}
MAX_VALUE_LENGTH = 40


def _cacheable(request: HttpRequest) -> bool:
    if request.method != "GET" or "messages" in request.COOKIES:
        return False
    for name, values in request.GET.lists():
        if name not in QUERY_PARAMETERS or len(values) > 1 or len(values[0]) > MAX_VALUE_LENGTH:
            return False
    if request.user.is_authenticated:
        return False
    return not (request.session.session_key and request.session.get("_messages"))


def page(view: Callable) -> Callable:
    """Serve the whole page from the cache for anonymous visitors (see the module docstring)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        from observatoire.core.context_processors import demo_data

        key = _key("page", request.get_full_path(), demo_data(request)["demo_data"])
        html = cache.get(key)
        if html is None:
            request.csrf_placeholder = True
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return response
            html = response.content.decode(response.charset)
            if CSRF_PLACEHOLDER not in html:
                return response
            cache.set(key, html, TIMEOUT)
        response = HttpResponse(html.replace(CSRF_PLACEHOLDER, get_token(request)))
        return response

    return wrapper


def page_context(request: HttpRequest, context: dict) -> dict:
    """The context of a page rendered for the page cache: the CSRF token as a placeholder."""
    if getattr(request, "csrf_placeholder", False):
        context["csrf_token"] = CSRF_PLACEHOLDER
    return context
