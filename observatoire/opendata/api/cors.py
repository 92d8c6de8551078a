"""CORS for the read-only API: any origin may GET it, with credentials never involved.

Every answer of the API's URLs (errors, 304 and 429 included) says
`Access-Control-Allow-Origin: *` and exposes the headers a client needs to cache and to slow
down; a preflight `OPTIONS` (sent by browsers before a GET with `If-None-Match`) is answered
here with the methods and headers allowed. No cookie is read for an answer, so `*` is safe.
"""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern

ALLOWED_METHODS = "GET, OPTIONS"
ALLOWED_HEADERS = "Accept, Accept-Language, Cache-Control, If-Modified-Since, If-None-Match"
EXPOSED_HEADERS = "ETag, Last-Modified, Retry-After"
PREFLIGHT_SECONDS = 24 * 60 * 60


def cors(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = ALLOWED_METHODS
            response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
            response["Access-Control-Allow-Headers"] = ALLOWED_HEADERS
            response["Access-Control-Max-Age"] = str(PREFLIGHT_SECONDS)
        else:
            response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = EXPOSED_HEADERS
        return response

    return wrapper


def cors_patterns(patterns: list[URLPattern]) -> list[URLPattern]:
    """The same URL patterns (django-ninja's, a flat list) with every view wrapped in `cors`."""
    return [
        URLPattern(pattern.pattern, cors(pattern.callback), pattern.default_args, pattern.name)
        for pattern in patterns
    ]
