import json
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Count

from observatoire.territories import registry
from observatoire.territories.models import Category, Territory
from observatoire.territories.services import registry_load

RELEASE = Path(__file__).parent / "release"


def test_derive_applies_the_documented_rules():
    rows = {r.key: r for r in registry.derive(RELEASE)}
    # COM are not régions; Saint-Barthélemy is a département-level collectivité, not a commune.
    assert {k for k in rows if k.startswith("region:")} == {"region:76", "region:04"}
    assert "departement:977" in rows and "commune:97701" not in rows
    # Wallis-et-Futuna has neither a département nor communes here; delegated communes are out.
    assert "departement:986" not in rows and "commune:98611" not in rows
    assert "commune:31001" not in rows
    auch = rows["commune:32013"]
    assert (auch.category, auch.departement, auch.region, auch.epci) == (
        Category.VILLE_MOYENNE,
        "departement:32",
        "region:76",
        "epci:200066926",
    )
    assert rows["commune:31555"].category == Category.GRANDE_VILLE
    assert rows["commune:32107"].category == Category.PETITE_VILLE
    assert rows["epci:243100518"].category == Category.METROPOLE
    assert rows["epci:200066926"].category == Category.COMMUNAUTE_AGGLOMERATION
    # Départements and régions: the sum of their communes' population.
    assert rows["departement:32"].population == 22428 + 6231
    assert rows["region:76"].population == 22428 + 6231 + 504078
    assert rows["epci:200066926"].population == 39498


def test_compact_file_round_trips(tmp_path):
    rows = registry.derive(RELEASE)
    registry.write(rows, tmp_path / "r.csv.gz")
    assert list(registry.read(tmp_path / "r.csv.gz")) == rows


@pytest.mark.django_db
def test_load_from_a_release_creates_then_updates_and_never_deletes(tmp_path):
    registry_load(source_dir=RELEASE)
    assert Territory.objects.count() == 13  # 2 régions, 4 départements, 3 EPCI, 4 communes
    auch = Territory.objects.get(key="commune:32013")
    assert auch.departement.key == "departement:32" and auch.region.key == "region:76"
    assert auch.epci.name == "CA Grand Auch Coeur de Gascogne"
    snapshot = sorted(Territory.objects.values_list("key", "name", "population", "category"))

    registry_load(source_dir=RELEASE)  # twice: nothing changes
    assert sorted(Territory.objects.values_list("key", "name", "population", "category")) == (
        snapshot
    )

    # A newer release: Auch grows past nothing, Fleurance disappears from the source.
    newer = tmp_path / "newer"
    shutil.copytree(RELEASE, newer)
    communes = json.loads((newer / "data" / "communes.json").read_text())
    communes = [c for c in communes if c["code"] != "32107"]
    next(c for c in communes if c["code"] == "32013")["population"] = 23000
    (newer / "data" / "communes.json").write_text(json.dumps(communes))
    registry_load(source_dir=newer)
    assert Territory.objects.get(key="commune:32013").population == 23000
    assert Territory.objects.filter(key="commune:32107").exists()  # never deleted


@pytest.mark.django_db
def test_shipped_registry_holds_every_collectivite_of_france():
    call_command("territories", "load")
    counts = dict(Territory.objects.values_list("category").annotate(n=Count("id")).order_by())
    assert counts[Category.REGION] == 18
    assert counts[Category.DEPARTEMENT] == 104  # 101 départements + SPM, St-Barth, St-Martin
    assert counts[Category.METROPOLE] == 22
    assert counts[Category.COMMUNAUTE_URBAINE] == 14
    assert counts[Category.COMMUNAUTE_AGGLOMERATION] == 230
    assert counts[Category.COMMUNAUTE_COMMUNES] == 989
    assert 40 <= counts[Category.GRANDE_VILLE] <= 45
    assert 440 <= counts[Category.VILLE_MOYENNE] <= 460
    assert counts[Category.PETITE_VILLE] > 34_000
    assert Territory.objects.filter(population__isnull=True).count() == 0

    auch = Territory.objects.get(key="commune:32013")
    assert auch.name == "Auch" and auch.category == Category.VILLE_MOYENNE
    assert auch.departement.key == "departement:32" and auch.region.key == "region:76"
    lyon = Territory.objects.get(key="epci:200046977")
    assert lyon.category == Category.METROPOLE and lyon.epci_type == "MET69"
    assert Territory.objects.get(key="departement:75").note.startswith("Ville de Paris")
    assert Territory.objects.get(key="commune:75056").category == Category.GRANDE_VILLE
    gers = Territory.objects.get(key="departement:32")
    assert 180_000 < gers.population < 200_000

    # Loading again changes nothing.
    before = Territory.objects.count()
    call_command("territories", "load")
    assert Territory.objects.count() == before
