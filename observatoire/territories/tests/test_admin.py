import pytest

from observatoire.territories.tests.factories import DepartementFactory, TerritoryFactory

pytestmark = pytest.mark.django_db


def test_staff_can_search_and_filter_the_registry(admin_client):
    gers = DepartementFactory(code="32", key="departement:32", name="Gers")
    TerritoryFactory(
        key="commune:32013",
        code="32013",
        name="Auch",
        category="ville_moyenne",
        departement=gers,
        region=gers.region,
        postcodes="32000",
    )
    TerritoryFactory(key="commune:31555", code="31555", name="Toulouse", category="grande_ville")
    url = "/admin/territories/territory/"
    page = admin_client.get(url, {"q": "32000"}).content.decode()
    assert "Auch" in page and "Toulouse" not in page
    page = admin_client.get(url, {"category": "grande_ville"}).content.decode()
    assert "Toulouse" in page and "Auch" not in page
    page = admin_client.get(url, {"departement__id__exact": gers.id}).content.decode()
    assert "Auch" in page and "Toulouse" not in page
    page = admin_client.get(url, {"region__id__exact": gers.region.id}).content.decode()
    assert "Auch" in page and "Toulouse" not in page
