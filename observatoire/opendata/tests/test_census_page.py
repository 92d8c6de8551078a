"""The census page /recensement/: headline figures, tables, the two maps with every
département and région (overseas included) and their values in <title> and in the table, the
moves with their dates, the score map from a published ranking, invalid parameters, the
demo label, and the cache that follows every new build."""

import re
from datetime import date

import pytest
from django.urls import reverse

from observatoire.opendata.census.services import census_build
from observatoire.profiles.models import Network, Profile
from observatoire.rankings.models import RankingEntry
from observatoire.site.tests.factories import RankingPublicationFactory, packed
from observatoire.site.tests.test_cache_round_trips import counted  # noqa: F401 (fixture)
from observatoire.territories import registry
from observatoire.territories.models import Category
from observatoire.territories.services import territories_upsert

from .census_world import build_world, posts, snapshots

pytestmark = pytest.mark.django_db
URL = "/recensement/"
OVERSEAS = ("971", "972", "973", "974", "976")


@pytest.fixture(scope="session")
def places():
    return [r for r in registry.read() if r.kind in ("region", "departement")]


@pytest.fixture
def world(places):
    """The registry's régions and départements, and the census world's Gers."""
    territories_upsert(rows=places)
    world = build_world()
    census_build(every=True)
    return world


def text(response) -> str:
    return response.content.decode()


def svg(page: str, map_id: str) -> str:
    return re.search(rf'<svg[^>]*aria-labelledby="{map_id}-title.*?</svg>', page, re.S)[0]


def test_reached_from_the_navigation(client, world):
    home = text(client.get("/"))
    assert f'href="{URL}"' in home and "Recensement" in home


def test_headline_figures_of_the_latest_month(client, world):
    page = text(client.get(URL))
    assert "En août 2025" in page
    # 18 régions, 104 départements, the Gers' five communes and its communauté de communes:
    # the Gers, the village, the ville moyenne and the communauté are present in August.
    assert "3,1 %" in page and "des 128 collectivités" in page
    assert "Communes de moins de 2 000 habitants" in page
    assert "Données de démonstration." not in page


def test_the_month_selector(client, world):
    page = text(client.get(URL, {"month": "2025-01"}))
    assert "En janvier 2025" in page
    assert '<option value="2025-01" selected>' in page


def test_the_departement_map_has_every_departement_with_its_value(client, world):
    page = text(client.get(URL))
    drawn = svg(page, "carte-departements")
    keys = set(re.findall(r'data-key="(departement:[0-9AB]+)"', drawn))
    metropolitan = {f"departement:{n:02d}" for n in range(1, 96) if n != 20}
    metropolitan |= {"departement:2A", "departement:2B"}
    assert metropolitan | {f"departement:{code}" for code in OVERSEAS} <= keys
    # Gers: 6 collectivités, 4 present; Haute-Garonne: 2, none present (0 is known, not "—").
    assert "<title>Gers : 66,7 %</title>" in drawn
    assert "<title>Haute-Garonne : 0,0 %</title>" in drawn
    assert "<title>Guadeloupe : 0,0 %</title>" in drawn and ">971<" in drawn
    assert '<th scope="row">Gers</th><td class="num">66,7 %</td>' in page
    assert "<desc id=" in drawn and "<title id=" in drawn


def test_the_region_map_groups_the_departements(client, world):
    page = text(client.get(URL))
    drawn = svg(page, "carte-regions")
    regions = set(re.findall(r'data-key="(region:[0-9]+)"', drawn))
    assert len(regions) == 18  # 13 metropolitan, 5 overseas as insets
    occitanie = re.search(r'<g data-key="region:76"><title>(.*?)</title>(.*?)</g>', drawn)
    assert occitanie[1].startswith("Occitanie : ")
    assert occitanie[2].count("<path") == 13  # its thirteen départements, filled alike
    assert '<th scope="row">Occitanie</th>' in page


def test_maps_work_without_javascript_and_without_inline_styles(client, world):
    page = text(client.get(URL))
    assert 'style="' not in page  # the Content-Security-Policy forbids them
    assert page.count('<figure class="census-map"') == 2
    assert "CC BY 4.0" in page  # the map's licence, credited


def test_the_moves_with_their_dates(client, world):
    page = text(client.get(URL))
    assert "X a cessé de publier le" in page
    assert '<time datetime="2025-01-10">10 janvier 2025</time>' in page
    assert "Bluesky a été ouvert le" in page
    assert '<time datetime="2025-04-10">10 avril 2025</time>' in page  # the bourg's Instagram


def test_the_median_score_map_reads_the_published_ranking(client, world):
    publication = RankingPublicationFactory(month=date(2025, 8, 1))
    kpis = dict.fromkeys(publication.kpis, 0.5)
    for territory, score in ((world.gers, 40), (world.other, 60)):
        RankingEntry.objects.create(
            publication=publication,
            network=Network.FACEBOOK,
            category=Category.DEPARTEMENT,
            profile=Profile.objects.create(
                territory=territory, network=Network.YOUTUBE, handle=f"yt{territory.code}"
            ),
            territory=territory,
            region=world.region,
            eligible=True,
            rank=1 if score == 60 else 2,
            score=score,
            kpi_data=packed(kpis, kpis, kpis),
        )
    query = {"map": "score", "category": "departement", "network": "facebook"}
    page = text(client.get(URL, query))
    assert "<title>Gers : 40,0</title>" in page
    assert "<title>Haute-Garonne : 60,0</title>" in page
    assert "<title>Occitanie : 50,0</title>" in page
    assert "<title>Ain : —</title>" in page  # no entry: no data, hatched
    assert "pas de donnée" in page
    kpi = text(client.get(URL, {**query, "map": "kpi-engagement_rate"}))
    assert "<title>Gers : 50,0 %</title>" in kpi


def test_invalid_parameters_are_dropped(client, world):
    response = client.get(URL, {"month": "1999-01", "network": "x"})
    assert response.status_code == 302 and response["Location"] == f"{URL}?network=x"
    assert client.get(URL, {"map": "nope"})["Location"] == URL


def test_served_from_the_cache_until_the_census_is_built_again(
    client, world, django_assert_max_num_queries
):
    client.get(URL)
    with django_assert_max_num_queries(0):
        cached = text(client.get(URL))
    assert "<title>Haute-Garonne : 0,0 %</title>" in cached
    profile = Profile.objects.create(
        territory=world.other_village, network=Network.FACEBOOK, handle="autrevillage"
    )
    snapshots(profile, [date(2025, 8, 2)])
    posts(profile, [date(2025, 8, 3)])
    census_build()
    fresh = text(client.get(URL))
    assert "<title>Haute-Garonne : 50,0 %</title>" in fresh


def test_demo_figures_are_labelled(client, world):
    Profile.objects.filter(pk=world.profiles["gers_facebook"].pk).update(is_demo=True)
    census_build(every=True)
    page = text(client.get(URL))
    assert "Ces chiffres sont calculés sur les profils fictifs" in page


def test_before_any_census(client, db):
    page = text(client.get(reverse("opendata_census:census")))
    assert "Le recensement n'a pas encore été calculé" in page


def test_tables_have_a_value_under_each_heading(client, world):
    page = text(client.get(URL))
    for table in re.findall(r'<table class="census-wide">.*?</table>', page, re.S):
        headings = len(re.findall(r'<th scope="col"', table))
        for row in re.findall(r"<tr><th scope=\"row\">.*?</tr>", table, re.S):
            assert 1 + row.count("<td") == headings
    networks = re.search(r'id="census-networks-caption".*?</table>', page, re.S)[0]
    assert '<th scope="col" class="num">Instagram</th>' in networks
    assert "Au moins un réseau" not in networks


def test_a_page_from_the_cache_costs_what_any_cached_page_does(client, world, counted):  # noqa: F811
    """A cached census page costs what the methodology page, cached whole too, costs, plus
    one read of the census's stamp and months (not a `shared` key: the other pages never
    fetch it, so their first round trip stays the only one)."""
    costs = {}
    for path in (f"{URL}?month=2025-06&map=active", reverse("site:methodology")):
        for _visit in range(3):
            client.get(path)
        counted.clear()
        assert client.get(path).status_code == 200
        costs[path] = list(counted)
    census, methodology = costs.values()
    assert len(methodology) <= 2, costs
    assert len(census) <= len(methodology) + 1, costs
    assert any("census:stamp" in call for call in census)
