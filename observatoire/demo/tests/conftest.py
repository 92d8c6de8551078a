"""The registry as plain rows, and the few départements of `--scale small` in the database."""

from datetime import date

import pytest

from observatoire.demo.plan import Period, Place, plan_profiles
from observatoire.demo.services import SMALL_DEPARTEMENTS
from observatoire.territories import registry
from observatoire.territories.services import territories_upsert

PERIOD = Period.ending(date(2025, 12, 1), 13)


@pytest.fixture(scope="session")
def registry_rows():
    return list(registry.read())


@pytest.fixture(scope="session")
def national_plan(registry_rows):
    places = [
        Place(index, r.key, r.name, r.kind, r.category, r.population)
        for index, r in enumerate(registry_rows, start=1)
    ]
    return places, plan_profiles(places=places, period=PERIOD, seed=1)


@pytest.fixture
def small_registry(db, registry_rows):
    """The territories of `--scale small`, written through the registry's upsert."""
    departements = {f"departement:{code}" for code in SMALL_DEPARTEMENTS}
    regions = {r.region for r in registry_rows if r.key in departements}
    territories_upsert(
        rows=[
            r
            for r in registry_rows
            if r.key in departements or r.departement in departements or r.key in regions
        ]
    )
