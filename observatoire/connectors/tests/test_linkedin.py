"""LinkedIn specifics: Rest.li requests, little text, and what a page role changes."""

import asyncio
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from observatoire.connectors.base import ConnectorConfig, RetryPolicy
from observatoire.connectors.errors import AuthError
from observatoire.connectors.linkedin.client import (
    LinkedInConnector,
    little_text,
    post_from_payload,
)
from observatoire.connectors.types import ProfileTarget

API = "https://api.linkedin.com/rest"
ORG = {"id": 2847561, "vanityName": "ville-de-nantes", "localizedName": "Ville de Nantes"}
FORBIDDEN = {
    "status": 403,
    "serviceErrorCode": 100,
    "code": "ACCESS_DENIED",
    "message": "Not enough permissions to access: posts.FINDER-author.20261001",
}


def ms(days_ago: float) -> int:
    return int((datetime.now(UTC) - timedelta(days=days_ago)).timestamp() * 1000)


def element(id, *, days_ago=1, **fields):
    return {
        "id": id,
        "author": "urn:li:organization:2847561",
        "lifecycleState": "PUBLISHED",
        "visibility": "PUBLIC",
        "createdAt": ms(days_ago),
        "publishedAt": ms(days_ago),
        "commentary": "Bonjour",
        **fields,
    }


def collect(handler, *, target=None):
    async def run():
        config = ConnectorConfig(
            api_url=API,
            credentials={"LINKEDIN_ACCESS_TOKEN": "AQV", "LINKEDIN_API_VERSION": "202610"},
            rate=0,
            concurrency=4,
        )
        async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
            connector = LinkedInConnector(
                config=config, client=client, retry=RetryPolicy(attempts=1)
            )
            return await connector.collect(
                target or ProfileTarget(handle="ville-de-nantes"),
                since=datetime.now(UTC) - timedelta(days=35),
            )

    return asyncio.run(run())


def api(posts=None, statistics=None):
    """A LinkedIn answering for one organization; posts/statistics: a JSON body or a status."""
    requests = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        path = request.url.path
        if path == "/rest/organizations":
            return httpx.Response(200, json={"elements": [ORG], "paging": {}})
        if path.startswith("/rest/networkSizes/"):
            return httpx.Response(200, json={"firstDegreeSize": 64218})
        answer = posts if path == "/rest/posts" else statistics
        if isinstance(answer, int):
            return httpx.Response(answer, json=FORBIDDEN)
        return httpx.Response(200, json=answer)

    return handler, requests


def test_requests_carry_the_version_headers_and_rest_li_encoded_urns():
    posts = {"elements": [element("urn:li:share:1"), element("urn:li:ugcPost:2")], "paging": {}}
    statistics = {
        "elements": [
            {
                "share": "urn:li:share:1",
                "totalShareStatistics": {
                    "likeCount": 3,
                    "commentCount": 1,
                    "shareCount": 2,
                    "impressionCount": 50,
                },
            },
        ]
    }
    handler, requests = api(posts, statistics)

    collected = collect(handler)

    for request in requests:
        assert request.headers["linkedin-version"] == "202610"
        assert request.headers["x-restli-protocol-version"] == "2.0.0"
        assert request.headers["authorization"] == "Bearer AQV"
    raw = [request.url.raw_path.decode() for request in requests]
    assert raw[1] == (
        "/rest/networkSizes/urn%3Ali%3Aorganization%3A2847561?edgeType=COMPANY_FOLLOWED_BY_MEMBER"
    )
    assert "author=urn%3Ali%3Aorganization%3A2847561&q=author" in raw[2]
    assert "shares=List(urn%3Ali%3Ashare%3A1)&ugcPosts=List(urn%3Ali%3AugcPost%3A2)" in raw[3]
    (first,) = collected.posts
    assert (first.likes, first.comments, first.shares, first.views) == (3, 1, 2, 50)
    # the statistics answer left the second post out: a gap, not a post with invented counts
    assert [type(gap).__name__ for gap in collected.gaps] == ["Incomplete"]
    assert "urn:li:ugcPost:2" in str(collected.gaps[0])


def test_without_a_page_role_the_follower_count_is_still_collected():
    handler, _ = api(posts=403)

    collected = collect(handler)

    assert collected.profile.followers == 64218
    assert collected.posts == []


def test_posts_without_statistics_permission_keep_unknown_counts():
    handler, _ = api(posts={"elements": [element("urn:li:share:1")], "paging": {}}, statistics=403)

    (post,) = collect(handler).posts

    assert (post.likes, post.comments, post.shares, post.views) == (None, None, None, None)


def test_an_expired_token_stops_the_profile():
    def handler(request):
        return httpx.Response(
            401,
            json={
                "status": 401,
                "serviceErrorCode": 65601,
                "code": "EXPIRED_ACCESS_TOKEN",
                "message": "expired",
            },
        )

    with pytest.raises(AuthError):
        collect(handler)


def test_a_known_id_follows_a_new_vanity_name():
    def handler(request):
        if request.url.path == "/rest/organizations/2847561":
            return httpx.Response(200, json=ORG | {"vanityName": "nantes"})
        if request.url.path.startswith("/rest/networkSizes/"):
            return httpx.Response(200, json={"firstDegreeSize": 1})
        return httpx.Response(200, json={"elements": [], "paging": {}})

    collected = collect(
        handler, target=ProfileTarget(handle="ville-de-nantes", external_id="2847561")
    )

    assert collected.profile.handle == "nantes"
    assert collected.profile.external_id == "2847561"


def test_little_text_becomes_plain_text_with_its_hashtags():
    text, tags = little_text(
        r"Rendez-vous \(gratuit\) avec @[Nantes Métropole](urn:li:organization:1) "
        r"{hashtag|\#|Nantes} {hashtag|\#|Culture}"
    )
    assert text == "Rendez-vous (gratuit) avec Nantes Métropole #Nantes #Culture"
    assert tags == ("Nantes", "Culture")


def test_plain_reshares_and_drafts_are_not_the_organization_posts():
    reshare = element("urn:li:share:3", commentary="", reshareContext={"parent": "urn:li:share:9"})
    draft = element("urn:li:share:4", lifecycleState="DRAFT")
    commented = element(
        "urn:li:share:5", commentary="À lire !", reshareContext={"parent": "urn:li:share:9"}
    )

    assert post_from_payload(reshare) is None
    assert post_from_payload(draft) is None
    assert post_from_payload(commented).text == "À lire !"


@pytest.mark.parametrize(
    "content, media_type, alts",
    [
        ({"media": {"id": "urn:li:image:C1", "altText": "La Loire"}}, "image", ["La Loire"]),
        ({"media": {"id": "urn:li:video:C2"}}, "video", []),
        ({"media": {"id": "urn:li:document:C3"}}, "other", []),
        (
            {
                "multiImage": {
                    "images": [{"id": "urn:li:image:a", "altText": "A"}, {"id": "urn:li:image:b"}]
                }
            },
            "carousel",
            ["A", ""],
        ),
        ({"article": {"source": "https://nantes.fr"}}, "link", []),
        (None, "text", []),
    ],
)
def test_media_types_and_alt_texts(content, media_type, alts):
    post = post_from_payload(element("urn:li:share:6", content=content))
    assert post.media_type == media_type
    assert [image.alt for image in post.images] == alts
