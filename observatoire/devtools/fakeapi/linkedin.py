"""LinkedIn versioned REST routes of the local fake API, in the shapes of the official
reference (organizations, networkSizes, posts by author, share statistics, error bodies).
Demo posts keep the ids they were stored with; real ones are share or ugcPost URNs."""

from __future__ import annotations

import re
from urllib.parse import unquote

from ..server import Request, Response
from .store import FakeStore

ID_PREFIX = "9000"
RESERVED_RE = re.compile(r"([\\|{}@\[\]()<>#*_~])")


def _error(status: int, code: str, message: str, service_code: int = 100) -> Response:
    return Response(
        status,
        {"status": status, "serviceErrorCode": service_code, "code": code, "message": message},
    )


def rate_limited() -> Response:
    return _error(
        429,
        "TOO_MANY_REQUESTS",
        "Resource level throttle APPLICATION DAY limit for calls to this resource is reached.",
        101,
    )


def _organization(profile) -> dict:
    return {
        "id": int(profile.external_id) if profile.external_id.isdigit() else profile.external_id,
        "vanityName": profile.handle,
        "localizedName": profile.display_name,
        "$URN": f"urn:li:organization:{profile.external_id}",
        "primaryOrganizationType": "GOVERNMENT",
    }


def by_vanity_name(request: Request, groups: dict, store: FakeStore) -> Response:
    profile = store.profile(handle=request.query.get("vanityName", ""))
    elements = [] if profile is None or profile.gone else [_organization(profile)]
    return Response(200, {"elements": elements, "paging": {"count": 10, "start": 0, "links": []}})


def by_id(request: Request, groups: dict, store: FakeStore) -> Response:
    profile = store.profile(external_id=groups["id"])
    if profile is None or profile.gone:
        return _error(404, "NOT_FOUND", f"Organization {groups['id']} not found")
    return Response(200, _organization(profile))


def _profile_of(store: FakeStore, urn: str):
    return store.profile(external_id=unquote(urn).removeprefix("urn:li:organization:"))


def network_size(request: Request, groups: dict, store: FakeStore) -> Response:
    profile = _profile_of(store, groups["urn"])
    if profile is None or profile.gone:
        return _error(404, "NOT_FOUND", "Not found")
    return Response(200, {"firstDegreeSize": profile.followers})


def _little_text(text: str, hashtags) -> str:
    escaped = RESERVED_RE.sub(r"\\\1", text)
    for tag in hashtags:
        escaped = escaped.replace(f"\\#{tag}", f"{{hashtag|\\#|{tag}}}")
    return escaped


def _content(post) -> dict | None:
    alts = [image.get("alt", "") for image in post.images] + [""] * post.image_count
    if post.image_count > 1:
        images = [
            {"id": f"urn:li:image:FAKE{post.pk}-{n}", "altText": alts[n]}
            for n in range(post.image_count)
        ]
        return {"multiImage": {"images": images}}
    if post.image_count == 1:
        return {"media": {"id": f"urn:li:image:FAKE{post.pk}", "altText": alts[0]}}
    if post.media_type in ("video", "reel"):
        return {"media": {"id": f"urn:li:video:FAKE{post.pk}", "title": ""}}
    if post.media_type == "link":
        return {"article": {"source": post.permalink or "https://www.example.org/", "title": ""}}
    return None


def posts(request: Request, groups: dict, store: FakeStore) -> Response:
    profile = _profile_of(store, request.query.get("author", ""))
    if profile is None or profile.gone:
        return _error(404, "NOT_FOUND", "Not found")
    start, size = (
        int(request.query.get("start", "0")),
        min(100, int(request.query.get("count", "10"))),
    )
    found = store.posts(profile, offset=start, limit=size)
    elements = []
    for post in found[:size]:
        moment = int(post.published_at.timestamp() * 1000)
        element = {
            "id": post.external_id,
            "author": f"urn:li:organization:{profile.external_id}",
            "createdAt": moment,
            "publishedAt": moment,
            "lastModifiedAt": moment,
            "lifecycleState": "PUBLISHED",
            "visibility": "PUBLIC",
            "distribution": {"feedDistribution": "MAIN_FEED", "thirdPartyDistributionChannels": []},
            "commentary": _little_text(post.text, post.hashtags),
            "lifecycleStateInfo": {"isEditedByAuthor": False},
            "isReshareDisabledByAuthor": False,
        }
        content = _content(post)
        if content:
            element["content"] = content
        elements.append(element)
    links = []
    if len(found) > size:
        links.append(
            {
                "type": "application/json",
                "rel": "next",
                "href": f"/rest/posts?author={request.query['author']}&q=author"
                f"&start={start + size}&count={size}",
            }
        )
    return Response(
        200, {"elements": elements, "paging": {"start": start, "count": size, "links": links}}
    )


def share_statistics(request: Request, groups: dict, store: FakeStore) -> Response:
    from observatoire.metrics.models import Post

    profile = _profile_of(store, request.query.get("organizationalEntity", ""))
    if profile is None or profile.gone:
        return _error(
            403,
            "ACCESS_DENIED",
            "Not enough permissions to access: organizationalEntityShareStatistics",
        )
    wanted = {}
    for kind in ("shares", "ugcPosts"):
        value = request.query.get(kind, "")
        if value.startswith("List(") and value.endswith(")"):
            for urn in filter(None, value[5:-1].split(",")):
                wanted[unquote(urn)] = "ugcPost" if kind == "ugcPosts" else "share"
    elements = []
    for post in Post.objects.filter(profile_id=profile.pk, external_id__in=list(wanted)):
        statistics = {
            "likeCount": post.likes or 0,
            "commentCount": post.comments or 0,
            "shareCount": post.shares or 0,
            "impressionCount": post.views or 0,
            "uniqueImpressionsCount": post.views or 0,
            "clickCount": 0,
            "engagement": 0.0,
        }
        elements.append(
            {
                wanted[post.external_id]: post.external_id,
                "totalShareStatistics": statistics,
                "organizationalEntity": f"urn:li:organization:{profile.external_id}",
            }
        )
    return Response(200, {"elements": elements, "paging": {"count": 10, "start": 0, "links": []}})


ROUTES = [
    (r"^/organizations$", by_vanity_name),
    (r"^/organizations/(?P<id>[^/]+)$", by_id),
    (r"^/networkSizes/(?P<urn>[^/]+)$", network_size),
    (r"^/posts$", posts),
    (r"^/organizationalEntityShareStatistics$", share_statistics),
]
