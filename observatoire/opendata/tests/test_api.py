"""The API's figures, as a reuser reads them: the registry, profiles, rankings with their KPIs
and explanations, methodologies, census and palmarès, with filters, pages and unknowns."""

import datetime as dt

import pytest
from django.utils import timezone

from observatoire.awards.models import Award, AwardCategory, Nomination
from observatoire.awards.tests.factories import edition_make
from observatoire.opendata.census import selectors as census_selectors
from observatoire.profiles.models import Network
from observatoire.profiles.tests.factories import ProfileFactory
from observatoire.rankings import kpis as catalogue
from observatoire.rankings import selectors as ranking_selectors
from observatoire.rankings.models import RankingEntry

from .api_world import DECEMBER, world_build

API = "/api/v1"


@pytest.fixture
def world(db):
    return world_build()


def get(client, url: str, status: int = 200, **headers):
    response = client.get(API + url, **headers)
    assert response.status_code == status, (url, response.content[:300])
    return response.json()


def ids(rows: list[dict]) -> list[str]:
    return [row["id"] for row in rows]


def test_territories_found_by_name_code_siren_or_postcode(client, world):
    found = get(client, "/territories?q=auch")
    assert found["results"][0] == {
        "id": "commune:32013",
        "name": "Auch",
        "kind": "commune",
        "code": "32013",
        "category": "ville_moyenne",
        "population": 22_428,
        "siren": "213200132",
        "postcodes": ["32000"],
        "region": "region:76",
        "departement": "departement:32",
        "epci": "epci:200066926",
        "url": "http://127.0.0.1:8000/collectivites/auch-32013/",
    }
    assert set(ids(found["results"])) == {"commune:32013", "epci:200066926"}  # "Grand Auch"
    assert ids(get(client, "/territories?q=32000")["results"]) == ["commune:32013"]
    assert ids(get(client, "/territories?q=32013")["results"]) == ["commune:32013"]
    assert ids(get(client, "/territories?q=200066926")["results"]) == ["epci:200066926"]
    assert ids(get(client, "/territories?q=%20%20AUCH%20")["results"])[0] == "commune:32013"
    assert get(client, "/territories?q=Pézenas") | {"results": []} == {
        "count": 0,
        "page": 1,
        "pages": 1,
        "page_size": 50,
        "demo": False,
        "results": [],
    }


def test_territories_filtered_and_paginated(client, world):
    departements = get(client, "/territories?category=departement")["results"]
    assert ids(departements) == ["departement:32", "departement:31", "departement:38"]  # names
    in_occitanie = ids(get(client, "/territories?region=region:76")["results"])
    assert "departement:38" not in in_occitanie
    assert {"departement:31", "departement:32", "commune:32013"} <= set(in_occitanie)
    assert ids(get(client, "/territories?departement=departement:32")["results"]) == [
        "epci:200066926",  # EPCI before communes
        "commune:32013",
    ]
    assert len(get(client, "/territories?kind=epci")["results"]) == 2

    everything = get(client, "/territories")
    assert everything["count"] == 8
    pages = [get(client, f"/territories?page_size=3&page={n}") for n in (1, 2, 3)]
    assert [page["pages"] for page in pages] == [3, 3, 3]
    assert [len(page["results"]) for page in pages] == [3, 3, 2]
    paged = [row for page in pages for row in page["results"]]
    assert paged == everything["results"]  # régions first, then départements, EPCI, communes
    assert ids(paged[:2]) == ["region:84", "region:76"]  # by name: Auvergne… before Occitanie
    get(client, "/territories?page_size=3&page=4", 404)
    get(client, "/territories?category=canton", 422)
    get(client, "/territories?page_size=201", 422)
    get(client, "/territories?region=departement:32", 422)


def test_a_territory_with_its_unknowns_as_null(client, world):
    assert get(client, "/territories/epci:243100518") | {"url": ""} == {
        "id": "epci:243100518",
        "name": "Toulouse Métropole",
        "kind": "epci",
        "code": "243100518",
        "category": "metropole",
        "population": None,  # unknown, not 0
        "siren": "243100518",
        "postcodes": [],
        "region": "region:76",
        "departement": "departement:31",
        "epci": None,
        "url": "",
    }
    assert get(client, "/territories/departement:32")["siren"] is None
    assert get(client, "/territories/commune:99999", 404) == {"detail": "Collectivité introuvable."}
    get(client, "/territories/gers", 422)


def test_a_territorys_profiles(client, world):
    gers = get(client, "/territories/departement:32/profiles")
    assert gers["territory"] == {"id": "departement:32", "name": "Gers"}
    assert [(p["id"], p["principal"], p["label"]) for p in gers["results"]] == [
        ("facebook:fa32", True, None),
        ("facebook:gers-routes", False, "Info routes"),
        ("instagram:in32", True, None),
    ]
    assert gers["results"][2]["url"] == "https://www.instagram.com/in32/"
    assert gers["results"][2]["display_name"] == "Gers"
    isere = get(client, "/territories/departement:38/profiles")["results"]
    instagram = next(p for p in isere if p["network"] == "instagram")
    assert instagram["status"] == "unavailable"
    assert instagram["unavailable_since"] == "2025-12-10"
    assert instagram["unavailable_reason"] == "not_found"
    # An address that is not an http(s) link is never given as one.
    auch = get(client, "/territories/commune:32013/profiles")["results"]
    assert auch[0]["url"] is None
    get(client, "/territories/commune:99999/profiles", 404)


def test_a_territorys_monthly_history_per_network(client, world):
    history = get(client, "/territories/departement:32/history")
    assert history["methodology"] == "v1"
    networks = {n["network"]: n["months"] for n in history["networks"]}
    assert list(networks) == ["instagram", "facebook"]  # the usual order of networks
    stored = RankingEntry.objects.filter(territory=world.gers, network=Network.INSTAGRAM)
    assert [(m["month"], m["rank"], m["score"]) for m in networks["instagram"]] == [
        (f"{e.publication.month:%Y-%m}", e.rank, float(e.score))
        for e in stored.order_by("publication__month")
    ]
    december = networks["facebook"][1]
    assert december["month"] == "2025-12"
    assert december["eligible"] is False
    assert december["reason"] == "no_snapshot"
    assert (december["rank"], december["score"], december["movement"]) == (None, None, None)
    assert december["kpis"]["followers"] == {"value": None, "normalised": None, "points": None}

    only = get(client, "/territories/departement:32/history?network=facebook")
    assert [n["network"] for n in only["networks"]] == ["facebook"]
    get(client, "/territories/departement:32/history?methodology=v9", 404)
    assert get(client, "/territories/commune:32013/history?network=x")["networks"] == []


def test_published_rankings_and_their_groups(client, world):
    publications = get(client, "/rankings")["results"]
    assert [p["month"] for p in publications] == ["2025-12", "2025-11"]
    december = publications[0]
    assert december["methodology"] == "v1"
    assert december["kpis"] == list(catalogue.names())
    groups = {
        (g["network"], g["category"]): (g["entries"], g["ranked"]) for g in december["groups"]
    }
    assert groups == {
        ("facebook", "departement"): (3, 1),
        ("instagram", "departement"): (3, 2),
        ("instagram", "ville_moyenne"): (1, 1),
    }
    get(client, "/rankings?methodology=v9", 404)


def test_a_ranking_with_each_entrys_kpis_points_and_eligibility(client, world):
    ranking = get(client, "/rankings/2025-12/instagram/departement")
    assert (ranking["month"], ranking["count"], ranking["ranked"]) == ("2025-12", 3, 2)
    rows = ranking["results"]
    assert [(r["territory"]["id"], r["rank"], r["eligible"]) for r in rows] == [
        ("departement:32", 1, True),
        ("departement:31", 2, True),
        ("departement:38", None, False),
    ]
    gers = rows[0]
    # 30 posts of 400 likes, 2 comments and a share in December, 13,000 followers.
    assert gers["kpis"]["followers"]["value"] == 13_000
    assert isinstance(gers["kpis"]["followers"]["value"], int)
    assert gers["kpis"]["engagement_rate"]["value"] == pytest.approx(403 / 13_000)
    assert gers["kpis"]["posts_per_day"]["value"] == 1.0
    stored = RankingEntry.objects.select_related("publication").get(
        publication=world.december, network=Network.INSTAGRAM, territory=world.gers
    )
    for name, result in stored.kpis.items():
        assert gers["kpis"][name]["normalised"] == result.normalised
        assert gers["kpis"][name]["points"] == result.points
    assert sum(k["points"] for k in gers["kpis"].values()) == pytest.approx(gers["score"], abs=0.01)
    assert gers["profile"]["id"] == "instagram:in32"
    isere = rows[2]
    assert isere["reason"] == "unavailable"
    assert isere["reason_label"] == "Profil inaccessible"
    assert isere["score"] is None
    assert isere["profile"]["status"] == "unavailable"
    assert get(client, "/rankings/latest/instagram/departement") == ranking


def test_a_rankings_region_filter_pages_and_unknowns(client, world):
    occitanie = get(client, "/rankings/2025-12/instagram/departement?region=region:76")
    assert [(r["territory"]["id"], r["region_rank"]) for r in occitanie["results"]] == [
        ("departement:32", 1),
        ("departement:31", 2),
    ]
    assert occitanie["region"] == "region:76"
    last = get(client, "/rankings/2025-12/instagram/departement?page_size=1&page=3")
    assert (last["pages"], last["results"][0]["territory"]["id"]) == (3, "departement:38")
    get(client, "/rankings/2025-12/instagram/departement?page_size=1&page=4", 404)
    get(client, "/rankings/2025-12/instagram/departement?region=region:11", 404)
    get(client, "/rankings/2025-10/instagram/departement", 404)
    get(client, "/rankings/2025-13/instagram/departement", 422)
    get(client, "/rankings/2025-12/myspace/departement", 422)
    empty = get(client, "/rankings/2025-12/tiktok/departement")
    assert (empty["count"], empty["results"]) == (0, [])


def test_an_entrys_explanation(client, world):
    explained = get(client, "/rankings/2025-12/instagram/departement/departement:31")
    entry = RankingEntry.objects.select_related("publication__methodology").get(
        publication=world.december, network=Network.INSTAGRAM, territory=world.haute_garonne
    )
    expected = ranking_selectors.entry_explanation(entry=entry)
    assert explained["entry"]["rank"] == 2
    assert explained["weights_total"] == expected["weights_total"] == 15
    assert [
        (k["kpi"], k["weight"], k["points"], k["max_points"], k["needed"])
        for k in explained["kpis"]
    ] == [
        (k["kpi"], k["weight"], k["points"], k["max_points"], k["needed"]) for k in expected["kpis"]
    ]
    assert explained["kpis"][0]["label"] == "Taux d'engagement"
    assert any(k["needed"] is not None for k in explained["kpis"])  # second: a rank to gain
    unranked = get(client, "/rankings/2025-12/instagram/departement/departement:38")
    assert unranked["entry"]["eligible"] is False
    assert all(k["needed"] is None and k["points"] is None for k in unranked["kpis"])
    get(client, "/rankings/2025-12/instagram/departement/commune:32013", 404)
    get(client, "/rankings/2025-12/instagram/ville_moyenne/commune:32013")


def test_methodologies_and_the_kpi_catalogue(client, world):
    (v1,) = get(client, "/methodologies")
    assert (v1["id"], v1["default"], v1["window_days"]) == ("v1", True, 30)
    assert v1["weights"] == {
        "engagement_rate": 5,
        "reach": 4,
        "posts_per_day": 3,
        "followers": 2,
        "audience_ratio": 1,
    }
    assert sum(k["share"] for k in v1["kpis"]) == pytest.approx(100, abs=0.05)
    posts = next(k for k in v1["kpis"] if k["name"] == "posts_per_day")
    assert (posts["normalisation"], posts["target"]) == ("target", 1.0)
    assert get(client, "/methodologies/v1") == v1
    get(client, "/methodologies/v9", 404)
    kpis = get(client, "/kpis")
    assert [k["name"] for k in kpis] == list(catalogue.names())
    assert kpis[0]["label"] == "Taux d'engagement"
    assert [k["unit"] for k in kpis] == [kpi.unit for kpi in catalogue.CATALOGUE.values()]


def test_awards_palmares_shows_only_what_is_announced(client, world):
    edition = edition_make(year=2024, open_now=False)
    category = AwardCategory.objects.get(edition=edition, slug="departements")
    nomination = Nomination.objects.create(category=category, territory=world.gers)
    Award.objects.create(nomination=nomination, medal=Award.Medal.GOLD)

    def departements() -> dict:
        shown = get(client, "/awards/2024")
        return next(c for c in shown["categories"] if c["id"] == "departements")

    assert departements()["nominees"] == []
    assert get(client, "/awards")[0]["nominations_announced_at"] is None

    now = timezone.now()
    edition.nominations_announce_at = now - dt.timedelta(hours=1)
    edition.save()
    assert departements()["nominees"] == [
        {"territory": {"id": "departement:32", "name": "Gers"}, "medal": None, "medal_label": None}
    ]

    edition.closed_at = now - dt.timedelta(minutes=30)
    edition.results_announce_at = now - dt.timedelta(minutes=1)
    edition.save()
    assert departements()["nominees"][0]["medal"] == "gold"
    assert departements()["nominees"][0]["medal_label"] == "Or"
    assert get(client, "/awards")[0]["results_announced_at"] is not None
    get(client, "/awards/2030", 404)
    get(client, "/awards/1999", 422)


def test_census_figures_and_moves(client, world):
    months = get(client, "/census")
    assert [m["month"] for m in months] == ["2025-12", "2025-11"]
    france = get(client, "/census/latest?stratum=all&network=any")
    (figure,) = france["figures"]
    stored = census_selectors.census_figures(month=DECEMBER, stratum="", network="")
    expected = stored.figure(scope="", stratum="", network="")
    assert (figure["scope"], figure["stratum"], figure["network"]) == ("france", "all", "any")
    assert figure["territories"] == expected.territories
    assert figure["present"] == expected.present == 4  # three départements and Auch
    assert figure["present_share"] == expected.present_share
    assert figure["network_counts"] == list(expected.network_counts)
    gers = get(client, "/census/2025-12?scope=departement:32&stratum=all&network=instagram")
    assert [(f["scope"], f["network"]) for f in gers["figures"]] == [
        ("departement:32", "instagram")
    ]
    every = get(client, "/census/2025-12?scope=departement")["figures"]
    assert {f["scope"] for f in every} == {"departement:31", "departement:32", "departement:38"}
    get(client, "/census/2025-10", 404)
    get(client, "/census/latest?stratum=hameau", 422)

    moves = get(client, "/census/moves")
    expected_moves = census_selectors.census_moves()
    assert moves["count"] == len(expected_moves)
    assert [(m["date"], m["kind"], m["territory"]["id"]) for m in moves["results"]] == [
        (m.date.isoformat(), m.kind, m.territory_key) for m in expected_moves
    ]


def test_demo_data_says_so(client, world):
    assert get(client, "/territories")["demo"] is False
    ProfileFactory(territory=world.auch, network=Network.TIKTOK, handle="demo", is_demo=True)
    from django.core.cache import cache

    cache.clear()  # the demo flag is cached for a minute; the demo's services forget it
    assert get(client, "/territories")["demo"] is True
    profiles = get(client, "/territories/commune:32013/profiles")["results"]
    assert [p["demo"] for p in profiles] == [False, True]
