"""What the API says over HTTP besides its figures: conditional GET (ETag, Last-Modified) that
follows publications, CORS, throttling with Retry-After, the documentation page without any
CDN, bounded queries, and answers that do not depend on the client's language."""

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date, parse_http_date

from observatoire.metrics.services import SnapshotRow, snapshots_upsert
from observatoire.profiles.models import Network
from observatoire.rankings import kpis as catalogue
from observatoire.rankings.services import ranking_build

from .api_world import DECEMBER, world_build

RANKING = "/api/v1/rankings/2025-12/instagram/departement"


@pytest.fixture
def world(db):
    return world_build()


def test_etag_and_last_modified_answer_304(client, world):
    first = client.get(RANKING)
    assert first.status_code == 200
    assert re.fullmatch(r'"[0-9a-f]{32}"', first["ETag"])
    assert first["Cache-Control"] == "public, no-cache"
    assert client.get(RANKING)["ETag"] == first["ETag"]

    unchanged = client.get(RANKING, HTTP_IF_NONE_MATCH=first["ETag"])
    assert unchanged.status_code == 304
    assert unchanged.content == b""
    assert unchanged["ETag"] == first["ETag"]
    assert client.get(RANKING, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert client.get(RANKING, HTTP_IF_NONE_MATCH='"other"').status_code == 200
    earlier = http_date(parse_http_date(first["Last-Modified"]) - 1)
    assert client.get(RANKING, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200


def test_a_publication_changes_etag_and_last_modified(client, world):
    before = client.get(RANKING)
    publications = client.get("/api/v1/rankings")
    # The Gers gains followers; December is published again.
    gers = world.profiles["32", Network.INSTAGRAM]
    snapshots_upsert(
        rows=[SnapshotRow(profile_id=gers.pk, date=DECEMBER.replace(day=31), followers=20_000)]
    )
    ranking_build(month=DECEMBER)

    after = client.get(RANKING, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    rows = {row["territory"]["id"]: row for row in after.json()["results"]}
    assert rows["departement:32"]["kpis"]["followers"]["value"] == 20_000
    assert after["ETag"] != before["ETag"]
    assert parse_http_date(after["Last-Modified"]) > parse_http_date(before["Last-Modified"])
    modified = client.get(RANKING, HTTP_IF_MODIFIED_SINCE=before["Last-Modified"])
    assert modified.status_code == 200
    # The list of publications has a new publication time: a new body too.
    listed = client.get("/api/v1/rankings", HTTP_IF_NONE_MATCH=publications["ETag"])
    assert listed.status_code == 200
    # A body that did not change keeps its tag and date (the KPI catalogue).
    kpis = client.get("/api/v1/kpis")
    ranking_build(month=DECEMBER)
    again = client.get("/api/v1/kpis")
    assert (again["ETag"], again["Last-Modified"]) == (kpis["ETag"], kpis["Last-Modified"])


def test_cors_is_open_for_get_on_every_answer(client, world):
    answers = [
        client.get(RANKING),
        client.get("/api/v1/territories/commune:99999"),  # 404
        client.get("/api/v1/territories?page_size=0"),  # 422
        client.get(RANKING, HTTP_IF_NONE_MATCH=client.get(RANKING)["ETag"]),  # 304
        client.get("/api/v1/openapi.json"),
    ]
    assert [a.status_code for a in answers] == [200, 404, 422, 304, 200]
    for answer in answers:
        assert answer["Access-Control-Allow-Origin"] == "*"
        assert "ETag" in answer["Access-Control-Expose-Headers"]
        assert "Retry-After" in answer["Access-Control-Expose-Headers"]

    preflight = client.options(
        RANKING,
        HTTP_ORIGIN="https://example.org",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match",
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Origin"] == "*"
    assert preflight["Access-Control-Allow-Methods"] == "GET, OPTIONS"
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]
    assert int(preflight["Access-Control-Max-Age"]) > 0
    assert "Access-Control-Allow-Credentials" not in preflight
    assert client.post(RANKING).status_code == 405  # read-only


def test_anonymous_clients_are_throttled_per_address(client, world, settings):
    settings.API_THROTTLE_RATE = "3/min"
    here = {"REMOTE_ADDR": "203.0.113.5"}
    statuses = [client.get("/api/v1/kpis", **here).status_code for _ in range(3)]
    assert statuses == [200, 200, 200]
    refused = client.get("/api/v1/territories/departement:32", **here)
    assert refused.status_code == 429
    assert refused.json() == {"detail": "Too many requests."}
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused["Access-Control-Allow-Origin"] == "*"
    # Another address is counted apart; a forged X-Forwarded-For is not believed (no proxy).
    assert client.get("/api/v1/kpis", REMOTE_ADDR="198.51.100.7").status_code == 200
    forged = {**here, "HTTP_X_FORWARDED_FOR": "192.0.2.1"}
    assert client.get("/api/v1/kpis", **forged).status_code == 429
    # The documentation is not throttled.
    assert client.get("/api/docs", **here).status_code == 200


def test_throttling_behind_a_trusted_proxy_counts_the_client(client, world, settings):
    settings.API_THROTTLE_RATE = "1/min"
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    one = client.get("/api/v1/kpis", HTTP_X_FORWARDED_FOR="192.0.2.1", **proxy)
    other = client.get("/api/v1/kpis", HTTP_X_FORWARDED_FOR="192.0.2.2", **proxy)
    again = client.get("/api/v1/kpis", HTTP_X_FORWARDED_FOR="192.0.2.1", **proxy)
    assert [one.status_code, other.status_code, again.status_code] == [200, 200, 429]


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found += [value for name, value in attrs if name in ("src", "href") and value]


def test_the_documentation_page_loads_nothing_from_elsewhere(client, db):
    assert client.get("/api/")["Location"] == "/api/docs"
    page = client.get("/api/docs")
    assert page.status_code == 200
    html = page.content.decode()
    parser = _Assets()
    parser.feed(html)
    assert parser.found, "the page loads its files"
    assert all(url.startswith("/static/") for url in parser.found), parser.found
    assert "//" not in "".join(parser.found)
    assert "cdn" not in html.lower()
    assert '"validatorUrl": null' in html  # Swagger UI would call validator.swagger.io
    assert "/static/ninja/swagger-ui-bundle.js" in parser.found
    for url in parser.found:
        assert client.get(url).status_code == 200, url
    assert "script-src 'self'" in page["Content-Security-Policy"]


def test_the_openapi_schema_in_french_and_english(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["version"] == "1"
    operation = schema["paths"]["/api/v1/rankings/{month}/{network}/{category}"]["get"]
    assert "Le classement d'un mois" in operation["description"]
    assert "*English:* the ranking of a month" in operation["description"]
    assert set(operation["responses"]) == {"200", "304", "404", "422", "429"}
    assert "Retry-After" in operation["responses"]["429"]["headers"]
    assert {"ETag", "Last-Modified"} <= set(operation["responses"]["200"]["headers"])
    assert {"If-None-Match", "If-Modified-Since"} <= {p["name"] for p in operation["parameters"]}
    kpis = schema["components"]["schemas"]["KpiResults"]["properties"]
    assert list(kpis) == list(catalogue.names())  # derived from the catalogue
    assert "Taux d'engagement" in kpis["engagement_rate"]["description"]
    assert "Engagement rate" in kpis["engagement_rate"]["description"]
    territory = schema["components"]["schemas"]["TerritoryOut"]["properties"]["id"]
    assert territory["examples"] == ["departement:32"]


def test_queries_are_bounded_and_a_cached_answer_needs_none(client, world):
    def queries(url: str) -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    one, three = queries(RANKING + "?page_size=1"), queries(RANKING + "?page_size=3")
    assert one == three
    assert queries("/api/v1/territories?page_size=1") == queries("/api/v1/territories")
    history = "/api/v1/territories/departement:32/history"
    assert queries(history) == queries("/api/v1/territories/departement:38/history")
    publications = queries("/api/v1/rankings")
    ranking_build(month=dt.date(2025, 10, 1))  # one more month: not one more query
    assert queries("/api/v1/rankings") == publications
    assert queries("/api/v1/census") <= 12  # not one per month
    client.get(RANKING)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(RANKING).status_code == 200
    assert len(captured) == 0


def test_answers_do_not_depend_on_the_clients_language(client, world):
    french = client.get("/api/v1/kpis").content
    cache.clear()
    english = client.get("/api/v1/kpis", HTTP_ACCEPT_LANGUAGE="en").content
    assert english == french
    assert "Taux d'engagement" in english.decode()


def test_searches_that_find_nothing_are_not_kept(client, world):
    def kept() -> int:
        return sum(":api:v1:" in key for key in cache._cache)  # the local memory cache

    client.get("/api/v1/territories?q=auch")
    before = kept()
    for n in range(20):
        assert client.get(f"/api/v1/territories?q=zz{n}qq").json()["count"] == 0
    assert kept() == before
