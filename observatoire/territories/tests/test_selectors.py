from observatoire.territories.models import Category, Territory
from observatoire.territories.selectors import territory_get, territory_search
from observatoire.territories.tests.factories import DepartementFactory, TerritoryFactory


def test_search_by_name_ignores_accents_and_case(db):
    TerritoryFactory(name="Saint-Étienne", slug="saint-etienne-42218", code="42218")
    assert [t.name for t in territory_search(query="saint etienne")] == ["Saint-Étienne"]
    assert [t.name for t in territory_search(query="SAINT-ÉTIENNE")] == ["Saint-Étienne"]


def test_search_by_postcode_and_code(db):
    TerritoryFactory(
        name="Lyon",
        code="69123",
        slug="lyon-69123",
        postcodes="69001 69002 69003",
        category=Category.GRANDE_VILLE,
        population=520_000,
    )
    assert [t.name for t in territory_search(query="69002")] == ["Lyon"]
    assert [t.name for t in territory_search(query="69123")] == ["Lyon"]


def test_bigger_collectivites_come_first(db):
    departement = DepartementFactory(name="Loire", slug="loire-42")
    TerritoryFactory(name="Loire-sur-Rhône", slug="loire-sur-rhone-69118", population=2600)
    results = territory_search(query="loire")
    assert results[0] == departement
    assert territory_search(query="   ") == []


def test_get_by_slug(db):
    commune = TerritoryFactory(slug="brest-29019")
    assert territory_get(slug="brest-29019") == commune
    try:
        territory_get(slug="nowhere")
    except Territory.DoesNotExist:
        pass
    else:
        raise AssertionError("unknown slug must raise")
