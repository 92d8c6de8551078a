"""Public pages served from Django's cache until a ranking is published.

Every key embeds a *stamp* of the published data: the latest `published_at`, highest id and
count of ranking publications, and the same for blog articles. Publishing, recomputing or
deleting a ranking (or saving an article) changes it, and so does an awards announcement
(collectivité pages list their announced nominations and medals: `awards.selectors.awards_stamp`
reads what is announced at the time it is computed, so an announcement scheduled for a time
shows within STAMP_SECONDS of that time, with no signal). The stamp itself is cached for a few
seconds and dropped at once by signals, so the process (or the shared Redis cache) that
publishes sees fresh pages immediately and other processes within STAMP_SECONDS. Whole pages
are also keyed on a stamp of the unreachable profiles (collection changes statuses without a
signal): a profile that breaks or is restored shows within STAMP_SECONDS on every page.

A request reads the stamps, the demo flag and the small `stamped` values (the months and
régions a ranking URL may name) in one round trip, and remembers them until it ends
(`core.cache.memo_get`); the whole page's key is guessed from the values this process read
last and fetched in that same round trip (`_cached_page`): a page from the cache costs one.

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

from observatoire.core.cache import memo_fetch, memo_forget, memo_get, memo_guess, memo_set, shared

TIMEOUT = 60 * 60  # profile statuses and snapshots change daily: bound how stale a page gets
STAMP_KEY = shared("site:stamps")  # (published, unreachable profiles)
STAMP_SECONDS = 10
CSRF_PLACEHOLDER = "__observatoire_csrf_token__"


def _stamps() -> tuple[str, str]:
    stamps = memo_get(STAMP_KEY)
    if stamps is None:
        from observatoire.blog.models import Article
        from observatoire.rankings.models import RankingPublication

        from .selectors import profile_status_stamp

        parts = []
        for model, field in ((RankingPublication, "published_at"), (Article, "updated_at")):
            row = model.objects.aggregate(last=Max(field), top=Max("id"), count=Count("id"))
            last = row["last"].isoformat() if row["last"] else "-"
            parts.append(f"{last}/{row['top'] or 0}/{row['count']}")
        from observatoire.awards.selectors import awards_stamp

        parts.append(awards_stamp())  # the awards announced, by the clock too
        stamps = ("|".join(parts), profile_status_stamp())
        memo_set(STAMP_KEY, stamps, STAMP_SECONDS)
    return stamps


def published_stamp() -> str:
    """Changes whenever a ranking or an article is published, changed or deleted."""
    return _stamps()[0]


def status_stamp() -> str:
    """Changes when any profile becomes unreachable or is restored (within STAMP_SECONDS)."""
    return _stamps()[1]


def stamp_forget(**_kwargs) -> None:
    """Signal receiver: the next read recomputes the stamp, hence fresh pages."""
    memo_forget(STAMP_KEY)


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


def stamped(name: str, render: Callable[[], object]) -> object:
    """A small value that changes only with a publication and not with the language (the
    months and régions a ranking URL may name), computed on a miss. Stored with the stamp it
    was computed under and read in the request's first round trip with the stamp itself."""
    key = shared(f"site:stamped:{name}")
    held = memo_get(key)
    stamp = published_stamp()
    if held is None or held[0] != stamp:
        held = (stamp, render())
        memo_set(key, held, TIMEOUT)
    return held[1]


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


def page(
    view: Callable | None = None,
    *,
    parameters: Callable | None = None,
    stamp: Callable[[], str] | None = None,
) -> Callable:
    """Serve the whole page from the cache for anonymous visitors (see the module docstring).

    `@page` for a page that reads no query parameter; `@page(parameters=f)` for one that
    reads those `f(request)` validates (see `_query_key`). `stamp`: a function whose value
    is part of the key, for a page showing data the publication stamp does not follow (the
    editorial figures: `editorial.cache.editorial_cache_version`); it should read a `shared`
    key, so that it costs no round trip of its own."""
    if view is None:
        return lambda view: page(view, parameters=parameters, stamp=stamp)

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        cacheable = _cacheable(request)
        key, html = _cached_page(request, parameters, stamp) if cacheable else (None, None)
        if key is None:
            return view(request, *args, **kwargs)
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


def _page_key(
    request: HttpRequest, parameters: Callable | None, stamp: Callable[[], str] | None = None
) -> str | None:
    query = _query_key(request, parameters)
    if query is None:
        return None
    from observatoire.demo.selectors import demo_data_present

    extra = [stamp()] if stamp is not None else []
    return _key("page", request.path, query, demo_data_present(), status_stamp(), *extra)


def _cached_page(
    request: HttpRequest, parameters: Callable | None, stamp: Callable[[], str] | None = None
) -> tuple:
    """The page's key (None: not to be cached) and its HTML from the cache (None: a miss).

    The key depends on the values every request reads (stamps, demo flag, ranking choices).
    It is first computed from those this process read last and fetched in the same round trip
    as the values themselves; it is kept only if they have not changed, else computed again
    from the fresh values and fetched: one round trip in the steady state, never a stale page.
    """
    with memo_guess() as guessed_right:
        guess = _page_key(request, parameters, stamp) if guessed_right else None
    found = memo_fetch(guess) if guess else memo_fetch()
    if guessed_right is not None and guessed_right():
        return guess, found.get(guess)
    key = _page_key(request, parameters, stamp)
    return key, (cache.get(key) if key else None)


def page_context(request: HttpRequest, context: dict) -> dict:
    """The context of a page rendered for the page cache: the CSRF token as a placeholder."""
    if getattr(request, "csrf_placeholder", False):
        context["csrf_token"] = CSRF_PLACEHOLDER
    return context
