"""The live census reproduces the published census on the demo data (within 2 points), as the
demo's own census does: on `--scale small` (three départements and their régions), generated
through the demo's services and computed by the census's build like any month."""

from collections import Counter
from datetime import date

import pytest

from observatoire.demo import services, shape
from observatoire.demo.selectors import census as demo_census
from observatoire.demo.tests.conftest import registry_rows, small_registry  # noqa: F401
from observatoire.opendata.census.selectors import census_figures, census_moves
from observatoire.opendata.census.services import census_build, territory_stratum
from observatoire.opendata.models import CensusMove, Stratum
from observatoire.profiles.models import Network
from observatoire.territories import registry

pytestmark = pytest.mark.django_db

POINTS = 2


@pytest.fixture
def generated(small_registry):  # noqa: F811
    services.demo_generate(scale="small", months=1)
    census_build(every=True)
    return census_figures(month=date(2025, 12, 1))


def share_of_present(figures, network: str, stratum: str = "") -> float:
    return round(
        100
        * figures.figure(stratum=stratum, network=network).present
        / figures.figure(stratum=stratum).present,
        1,
    )


def test_the_published_census(generated):
    """One generation (a few seconds) for every figure the published census quotes."""
    _matches_the_demo_census(generated)
    _the_published_figures_by_category(generated)
    _the_national_figures_from_each_category(generated)


def _matches_the_demo_census(generated):
    expected = demo_census(territories=services.scale_filter("small"))
    total = generated.figure()
    assert generated.demo
    assert (total.territories, total.present) == (expected.territories, expected.present)
    assert total.present_share == pytest.approx(expected.present_share, abs=POINTS)
    for network, value in expected.network_shares.items():
        assert share_of_present(generated, network) == pytest.approx(value, abs=POINTS), network


def _the_published_figures_by_category(generated):
    def present(stratum: str) -> float:
        return generated.figure(stratum=stratum).present_share

    assert present(Stratum.VILLE_MOYENNE) == pytest.approx(shape.TARGET_VILLES_MOYENNES, abs=POINTS)
    assert present(Stratum.REGION) == present(Stratum.DEPARTEMENT) == 100.0
    assert present(Stratum.GRANDE_VILLE) == 100.0
    facebook = share_of_present(generated, Network.FACEBOOK)
    assert facebook == pytest.approx(shape.TARGET_NETWORK_SHARES[Network.FACEBOOK], abs=POINTS)


def _the_national_figures_from_each_category(generated):
    """13.7 % present, 53 % without the villages: each category's live share at small scale,
    weighted by the national registry's categories (the demo draws presence by quota inside
    each category, so the national figures come from these shares)."""
    national = Counter(
        territory_stratum(category=row.category, population=row.population)
        for row in registry.read()
    )
    shares = {
        stratum: generated.figure(stratum=stratum).present_share / 100
        for stratum in national
        if generated.figure(stratum=stratum) is not None
    }
    missing = {stratum: shape.PRESENCE[stratum] for stratum in national if stratum not in shares}
    assert sum(national[s] for s in missing) < 50  # categories absent of three départements
    rates = shares | missing
    present = sum(rates[s] * n for s, n in national.items())
    villages = national[Stratum.VILLAGE]
    without_villages = present - rates[Stratum.VILLAGE] * villages
    total = sum(national.values())
    assert 100 * present / total == pytest.approx(shape.TARGET_PRESENT, abs=POINTS)
    assert 100 * without_villages / (total - villages) == pytest.approx(
        shape.TARGET_PRESENT_WITHOUT_VILLAGES, abs=POINTS
    )


def test_the_exodus_of_x_is_measured_with_its_dates(small_registry):  # noqa: F811
    """January to August 2025: collectivités leave X on 20 January (their farewell post) and
    open Bluesky or Mastodon in the following days; six months later they are counted gone."""
    services.demo_generate(scale="small", months=8, last_month=date(2025, 8, 1))
    census_build(every=True)
    left = census_moves(kind=CensusMove.Kind.LEFT, network=Network.X)
    opened = census_moves(kind=CensusMove.Kind.OPENED)
    assert left and {move.date for move in left} == {shape.X_EXODUS_DAY}
    assert opened and all(shape.X_EXODUS_DAY <= move.date <= date(2025, 1, 31) for move in opened)
    assert {move.network for move in opened} <= {Network.BLUESKY, Network.MASTODON}
    assert {move.territory_key for move in opened} <= {move.territory_key for move in left}
    january, february = (
        census_figures(month=date(2025, month, 1)).figure(network=Network.X).present
        for month in (1, 2)
    )
    assert february == january - len(left)
