"""What every operation of the API says over HTTP, added to each one of the OpenAPI schema
in one place: the conditional request headers, the `304`, the caching, CORS and throttling
headers of the answers (`caching.py`, `cors.py`, `throttling.py` send them)."""

from copy import deepcopy


def _header(description: str, *, integer: bool = False) -> dict:
    return {
        "description": description,
        "required": True,
        "schema": {"type": "integer" if integer else "string"},
    }


CONDITIONAL_PARAMETERS = [
    {
        "in": "header",
        "name": "If-None-Match",
        "required": False,
        "schema": {"type": "string"},
        "description": (
            "L'ETag d'une copie : 304 si elle est à jour (the ETag of a copy: 304 when it is "
            "up to date)"
        ),
        "example": '"3f8a0c1e9b7d4a2f6e5c1b0a9d8e7f6a"',
    },
    {
        "in": "header",
        "name": "If-Modified-Since",
        "required": False,
        "schema": {"type": "string"},
        "description": (
            "Le Last-Modified d'une copie : 304 si rien n'a changé depuis (the Last-Modified "
            "of a copy: 304 when nothing changed since)"
        ),
        "example": "Wed, 31 Dec 2025 08:00:00 GMT",
    },
]
CORS = {"Access-Control-Allow-Origin": _header("« * » : toute origine (any origin may read it)")}
VALIDATORS = {
    "ETag": _header("Empreinte du corps (digest of the body)"),
    "Last-Modified": _header("Premier envoi de ce corps (when this body was first served)"),
    "Cache-Control": _header("« public, no-cache » : à revalider avant usage (revalidate)"),
}
NOT_MODIFIED = {
    "description": "Pas modifié : la copie du client est à jour (not modified)",
    "headers": VALIDATORS | CORS,
}
RETRY_AFTER = {
    "Retry-After": _header("Secondes avant de réessayer (seconds to wait)", integer=True)
}


def http_documented(schema: dict) -> dict:
    """The schema with every operation's conditional headers, 304 and headers added."""
    for methods in schema["paths"].values():
        for operation in methods.values():
            operation.setdefault("parameters", []).extend(deepcopy(CONDITIONAL_PARAMETERS))
            responses = operation["responses"]
            for status, response in responses.items():
                headers = response.setdefault("headers", {})
                headers.update(deepcopy(CORS))
                if str(status) == "200":
                    headers.update(deepcopy(VALIDATORS))
                if str(status) == "429":
                    headers.update(deepcopy(RETRY_AFTER))
            responses["304"] = deepcopy(NOT_MODIFIED)
    return schema
