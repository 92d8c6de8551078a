"""Public pages served from Django's cache until a ranking is published.

Every key embeds a *stamp* of the published data: the latest `published_at`, highest id and
count of ranking publications, and the same for blog articles. Publishing, recomputing or
deleting a ranking (or saving an article) changes it. The stamp itself is cached for a few
seconds and dropped at once by signals, so the process (or the shared Redis cache) that
publishes sees fresh pages immediately and other processes within STAMP_SECONDS.

Two levels:
- `page`: anonymous GET requests get the whole HTML from the cache; the CSRF token of the
  language form is the only per-visitor part and is put back on each request. The key holds
  the path and the page's validated parameters only, so the cache holds at most one entry
  per page that exists: invalid values are redirected by the view, unknown parameters served
  uncached (`site/tests/test_cache.py` sends a thousand and checks the cache size).
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
from django.utils.http import urlencode
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


def _cacheable(request: HttpRequest) -> bool:
    if request.method != "GET" or "messages" in request.COOKIES:
        return False
    if request.user.is_authenticated:
        return False
    return not (request.session.session_key and request.session.get("_messages"))


def _query_key(request: HttpRequest, parameters: Callable | None) -> str | None:
    """The validated query string a page is cached under, or None to serve it uncached.

    Never the raw query string: a random value (`?month=x123`) would add an entry per
    request. `parameters(request)` gives every parameter the page reads, validated and with
    its default filled in, or None when a value is invalid (the view then redirects or
    answers 404). A parameter the page does not read (a tracking tag) is served uncached.
    """
    names = set(request.GET)
    if parameters is None:
        return "" if not names else None
    if any(len(request.GET.getlist(name)) > 1 for name in names):
        return None
    chosen = parameters(request)
    if chosen is None or not names <= chosen.keys():
        return None
    return urlencode(sorted(chosen.items()))


def page(view: Callable | None = None, *, parameters: Callable | None = None) -> Callable:
    """Serve the whole page from the cache for anonymous visitors (see the module docstring).

    `@page` for a page that reads no query parameter; `@page(parameters=f)` for one that
    reads those `f(request)` validates (see `_query_key`)."""
    if view is None:
        return lambda view: page(view, parameters=parameters)

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        query = _query_key(request, parameters) if _cacheable(request) else None
        if query is None:
            return view(request, *args, **kwargs)
        from observatoire.demo.context_processors import demo_data

        key = _key("page", request.path, query, demo_data(request)["demo_data"])
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
