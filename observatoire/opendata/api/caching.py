"""Answers of the API from Django's cache, with `ETag` and `Last-Modified` (conditional GET).

An answer is kept under a key made of the site's stamps (`site/cache.py`: the published
rankings, articles and awards; the unreachable profiles; whether demo data is present) and
the operation's *validated* parameters, so a publication changes every key and the next
request builds fresh figures. The stamps and the answer are read in one round trip to the
cache, as the site's cached pages are (the key is guessed from the stamps this process read
last, `core.cache.memo_guess`).

- `ETag` is a digest of the JSON body: equal bodies have equal tags, across processes too.
- `Last-Modified` is when this body was first served for these parameters: remembered per
  operation and parameters (without the stamps), it stays while the body is unchanged, and
  moves forward — at least one second — when it changes, so `If-Modified-Since` never hides
  a change.
- `Cache-Control: public, no-cache`: clients and proxies may keep an answer but must
  revalidate it (a cheap 304) before reusing it, so a publication shows at once.

Data outside publications (the registry, profiles' names and addresses, editions' texts)
shows within `TIMEOUT`, as on the site's pages. Not kept: answers a builder marks as not
worth keeping (a search that finds nothing), so random input cannot fill the cache.
"""

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache, wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from pydantic import TypeAdapter

from observatoire.core.cache import memo_fetch, memo_guess
from observatoire.demo.selectors import demo_data_present
from observatoire.site.cache import TIMEOUT, published_stamp, status_stamp

CACHE_CONTROL = "public, no-cache"
CONTENT_TYPE = "application/json; charset=utf-8"
MODIFIED_TIMEOUT = 30 * 24 * 60 * 60  # how long a body's first-served time is remembered


@dataclass(frozen=True, slots=True)
class Answer:
    body: bytes
    etag: str
    last_modified: int  # seconds since the epoch
    last_modified_text: str  # the same, as the header writes it


def _etag(body: bytes) -> str:
    return '"' + hashlib.sha1(body).hexdigest()[:32] + '"'


@dataclass(frozen=True, slots=True)
class Built:
    """What a builder returns: the data, and whether to keep it (default: yes)."""

    data: Any
    keep: bool = True


@lru_cache
def _adapter(schema) -> TypeAdapter:
    return TypeAdapter(schema)


def _parameters_text(name: str, parameters: tuple) -> str:
    """Unambiguous whatever the values hold (a search may contain any separator)."""
    return json.dumps([name, *(None if p is None else str(p) for p in parameters)])


def _key(name: str, parameters: tuple, stamp: Callable[[], str] | None) -> str:
    stamps = [published_stamp(), status_stamp(), str(demo_data_present())]
    if stamp is not None:
        stamps.append(stamp())
    raw = "|".join([*stamps, _parameters_text(name, parameters)])
    return "api:v1:" + hashlib.sha1(raw.encode()).hexdigest()


def _lookup(
    name: str, parameters: tuple, stamp: Callable[[], str] | None
) -> tuple[str, Answer | None]:
    """The answer's key and the answer kept under it (None: a miss), in one round trip in the
    steady state (see `site.cache._cached_page`)."""
    with memo_guess() as guessed_right:
        guess = _key(name, parameters, stamp) if guessed_right else None
    found = memo_fetch(guess) if guess else memo_fetch()
    if guessed_right is not None and guessed_right():
        return guess, found.get(guess)
    key = _key(name, parameters, stamp)
    return key, cache.get(key)


def _first_served(name: str, parameters: tuple, etag: str) -> int:
    """When the body tagged `etag` was first served for these parameters (see above)."""
    key = "api:v1:modified:" + hashlib.sha1(_parameters_text(name, parameters).encode()).hexdigest()
    held = cache.get(key)
    if held is not None and held[0] == etag:
        return held[1]
    now = int(time.time())
    modified = max(now, held[1] + 1) if held is not None else now
    cache.set(key, (etag, modified), MODIFIED_TIMEOUT)
    return modified


def _answer(name: str, parameters: tuple, data: Any, schema, *, keep: bool) -> Answer:
    adapter = _adapter(schema)
    body = adapter.dump_json(adapter.validate_python(data))
    etag = _etag(body)
    modified = _first_served(name, parameters, etag) if keep else int(time.time())
    return Answer(body, etag, modified, http_date(modified))


def _headers(response: HttpResponse, answer: Answer) -> HttpResponse:
    response["ETag"] = answer.etag
    response["Last-Modified"] = answer.last_modified_text
    response["Cache-Control"] = CACHE_CONTROL
    return response


def respond(
    request: HttpRequest,
    name: str,
    *parameters: object,
    schema,
    build: Callable[[], Any],
    stamp: Callable[[], str] | None = None,
) -> HttpResponse:
    """The answer of operation `name` for its validated `parameters`: from the cache, or
    `build()` (data, or `Built(data, keep=False)`) checked against `schema` and kept; 304
    when the client's `If-None-Match` / `If-Modified-Since` say it has it already. `build`
    may raise ninja's `HttpError` (a 404: never kept). Built in the site's language, so the
    answer does not depend on the client's. `stamp`: a function whose value is part of the
    key, for data the publication stamp does not follow (the census); it should read a
    `shared` cache key, so that it costs no round trip of its own."""
    key, answer = _lookup(name, parameters, stamp)
    if answer is None:
        with translation.override(settings.LANGUAGE_CODE):
            built = build()
        keep = not isinstance(built, Built) or built.keep
        data = built.data if isinstance(built, Built) else built
        answer = _answer(name, parameters, data, schema, keep=keep)
        if keep:
            cache.set(key, answer, TIMEOUT)
    unchanged = get_conditional_response(
        request, etag=answer.etag, last_modified=answer.last_modified
    )
    if unchanged is not None:
        return _headers(unchanged, answer)
    return _headers(HttpResponse(answer.body, content_type=CONTENT_TYPE), answer)


def computed_once(view: Callable) -> Callable:
    """A view whose answer depends on the code only (the OpenAPI schema): computed on the
    first request of the process, then served from memory with its `ETag`."""
    held: list[Answer] = []

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not held:
            response = view(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            now = int(time.time())
            held.append(Answer(response.content, _etag(response.content), now, http_date(now)))
        answer = held[0]
        unchanged = get_conditional_response(
            request, etag=answer.etag, last_modified=answer.last_modified
        )
        if unchanged is not None:
            return _headers(unchanged, answer)
        return _headers(HttpResponse(answer.body, content_type=CONTENT_TYPE), answer)

    return wrapper
