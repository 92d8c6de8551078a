"""The census read from the database, on the generated data of `--scale small`."""

import pytest

from observatoire.demo import services, shape
from observatoire.demo.selectors import census

pytestmark = pytest.mark.django_db


def test_census_of_the_generated_small_scale(small_registry):
    services.demo_generate(scale="small", months=1)
    figures = census(territories=services.scale_filter("small"))
    # The per-category rates hold at any scale (quota per category).
    assert figures.region_share == figures.departement_share == 100.0
    assert figures.ville_moyenne_share == pytest.approx(shape.TARGET_VILLES_MOYENNES, abs=2)
    assert figures.network_shares["facebook"] == pytest.approx(94, abs=3)
    assert figures.instagram_departement_share == 100.0  # three départements, anchors included
    assert 0 < figures.present < figures.territories
