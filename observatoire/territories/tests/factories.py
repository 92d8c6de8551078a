import factory

from observatoire.territories.models import Category, Territory


class TerritoryFactory(factory.django.DjangoModelFactory):
    """A commune by default; pass kind/category/region/departement for others."""

    class Meta:
        model = Territory
        django_get_or_create = ("key",)

    kind = Territory.Kind.COMMUNE
    code = factory.Sequence(lambda n: f"{90000 + n:05d}")
    key = factory.LazyAttribute(lambda o: f"{o.kind}:{o.code}")
    name = factory.Sequence(lambda n: f"Commune {n}")
    slug = factory.LazyAttribute(lambda o: f"{o.kind}-{o.code}".lower())
    category = Category.PETITE_VILLE
    population = 5000


class RegionFactory(TerritoryFactory):
    kind = Territory.Kind.REGION
    code = factory.Sequence(lambda n: f"R{n}")
    name = factory.Sequence(lambda n: f"Région {n}")
    category = Category.REGION
    population = 3_000_000


class DepartementFactory(TerritoryFactory):
    kind = Territory.Kind.DEPARTEMENT
    code = factory.Sequence(lambda n: f"D{n}")
    name = factory.Sequence(lambda n: f"Département {n}")
    category = Category.DEPARTEMENT
    population = 300_000
    region = factory.SubFactory(RegionFactory)
