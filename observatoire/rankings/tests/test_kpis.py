"""The KPI catalogue: a KPI declared once (here a sixth one, only for these tests) is
published, explained, re-weighted, exported and shown by the site with no other change, and
a publication made before it existed reads back exactly as it was published."""

from decimal import Decimal

import numpy as np
import pytest
from django.core.cache import cache
from django.urls import reverse

from observatoire.rankings import kpis
from observatoire.rankings.models import Methodology
from observatoire.rankings.selectors import entry_explanation
from observatoire.rankings.services import ranking_build, reweight

from .commands import ranking_export
from .conftest import AUGUST

pytestmark = pytest.mark.django_db

V1_KPIS = ["engagement_rate", "reach", "posts_per_day", "followers", "audience_ratio"]


def _interactions_per_follower(figures: kpis.MonthFigures) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(figures.followers > 0, figures.interactions / figures.followers, np.nan)


SIXTH = kpis.Kpi(
    name="interactions_per_follower",
    label="Interactions par abonné",
    definition="Interactions de la période ÷ abonnés",
    unit="ratio",
    decimals=3,
    compute=_interactions_per_follower,
)


@pytest.fixture
def sixth():
    """The catalogue with a sixth KPI, and a methodology that weighs it."""
    with kpis.registered(SIXTH):
        weights = Methodology.objects.get(slug="v1").weights | {SIXTH.name: 2}
        yield Methodology.objects.create(slug="v6", name="Six indicateurs", weights=weights)


def export(methodology: str, fmt: str = "csv") -> str:
    return ranking_export(
        "2024-08", "instagram", "petite_ville", "--methodology", methodology, fmt=fmt
    )


def by_handle(publication):
    entries = publication.entries.select_related("profile", "publication__methodology")
    return {entry.profile.handle: entry for entry in entries}


def test_a_declared_kpi_is_published_explained_reweighted_and_exported(august, sixth):
    publication = ranking_build(month=AUGUST, methodology=sixth)
    assert publication.kpis == [*V1_KPIS, SIXTH.name]
    found = by_handle(publication)
    # Interactions ÷ followers: A 300/1000, B 375/2000, C 3/500 → percentiles 1, 2/3, 1/3.
    # A: (10.3333 + 2 × 1) ÷ 17; B: (11.5 + 2 × 2/3) ÷ 17; C: (6.9667 + 2 × 1/3) ÷ 17.
    assert [(h, found[h].rank, found[h].score) for h in "abc"] == [
        ("a", 2, Decimal("72.55")),
        ("b", 1, Decimal("75.49")),
        ("c", 3, Decimal("44.90")),
    ]
    assert found["a"].kpi(SIXTH.name) == (0.3, 1.0, pytest.approx(100 * 2 / 17))

    explained = {k["kpi"]: k for k in entry_explanation(entry=found["c"])["kpis"]}
    assert list(explained) == publication.kpis
    assert explained[SIXTH.name]["label"] == "Interactions par abonné"
    assert explained[SIXTH.name]["raw"] == pytest.approx(0.006)
    assert explained[SIXTH.name]["weight"] == 2
    # Even the group's best ratio (+ 2 × 2/3 × 100 ÷ 17 points) leaves C behind A (72.55).
    assert explained[SIXTH.name]["needed"] is None
    assert explained["reach"]["needed"] is None and explained["engagement_rate"]["needed"]

    (group,) = reweight(publication=publication, weights={SIXTH.name: 1})
    assert group.scores == [100.0, 66.67, 33.33]
    assert group.profile_ids == [august.a.pk, august.b.pk, august.c.pk]

    lines = export("v6").splitlines()
    assert ",audience_ratio,interactions_per_follower,eligible,reason,previous_rank," in lines[0]
    assert lines[1].startswith("1,") and ",2000.0,0.1875,true,," in lines[1]
    assert '"interactions_per_follower": 0.3,' in export("v6", "json")


def test_the_site_shows_a_declared_kpi(client, august, sixth):
    Methodology.objects.filter(slug="v1").update(is_default=False)
    Methodology.objects.filter(pk=sixth.pk).update(is_default=True)
    ranking_build(month=AUGUST, methodology=sixth)
    cache.clear()
    page = client.get(
        reverse("site:rankings"), {"network": "instagram", "category": "petite_ville"}
    )
    html = page.content.decode()
    assert '<th scope="col">Interactions par abonné</th>' in html
    assert '<td class="num">0,300</td>' in html  # A, as declared: a ratio with 3 decimals
    methodology = client.get(reverse("site:methodology")).content.decode()
    assert "Les 6 indicateurs et leur poids" in methodology
    assert "<td>Interactions de la période ÷ abonnés</td>" in methodology
    table = client.get(reverse("site:territory", args=[august.a.territory.slug])).content.decode()
    assert '<th scope="row">Interactions par abonné</th>' in table


def test_a_publication_made_before_a_kpi_existed_reads_exactly_as_published(august):
    published = ranking_build(month=AUGUST)
    csv_text, json_text = export("v1"), export("v1", "json")
    explained = entry_explanation(entry=by_handle(published)["a"])
    reweighted = reweight(publication=published, weights={"reach": 1, "followers": 2})
    with kpis.registered(SIXTH):
        v1 = Methodology.objects.get(slug="v1")
        v6 = Methodology.objects.create(slug="v6", name="Six", weights=v1.weights | {SIXTH.name: 2})
        ranking_build(month=AUGUST, methodology=v6)
        assert kpis.names() == (*V1_KPIS, SIXTH.name)
        published.refresh_from_db()
        assert published.kpis == V1_KPIS
        assert (export("v1"), export("v1", "json")) == (csv_text, json_text)
        assert entry_explanation(entry=by_handle(published)["a"]) == explained
        assert reweight(publication=published, weights={"reach": 1, "followers": 2}) == reweighted
        assert by_handle(published)["a"].kpi(SIXTH.name) == (None, None, None)
        with pytest.raises(ValueError, match="interactions_per_follower"):
            reweight(publication=published, weights={SIXTH.name: 1})


def test_a_kpi_where_lower_is_better_ranks_the_lowest_first(august):
    def following(figures: kpis.MonthFigures) -> np.ndarray:
        return np.nan_to_num(figures.following, nan=0.0)

    fewest = kpis.Kpi(
        name="following",
        label="Abonnements",
        definition="Abonnements",
        unit="count",
        decimals=0,
        compute=following,
        higher_is_better=False,
    )
    with kpis.registered(fewest):
        methodology = Methodology.objects.create(slug="f", name="F", weights={"following": 1})
        found = by_handle(ranking_build(month=AUGUST, methodology=methodology))
        # Following: B 0, A 100, C 1000.
        assert [found[h].rank for h in "bac"] == [1, 2, 3]
        needed = entry_explanation(entry=found["c"])["kpis"][0]
        assert needed["needed"] == 100.0 and not needed["needed_strictly_above"]


def test_the_catalogue_refuses_what_it_cannot_compute():
    with pytest.raises(ValueError, match="unknown KPI: views_per_follower"):
        kpis.get("views_per_follower")
    with pytest.raises(ValueError, match="already declared"):
        kpis.register(kpis.get("reach"))
    with pytest.raises(ValueError, match="target"):
        kpis.Kpi(
            name="x",
            label="x",
            definition="x",
            unit="count",
            decimals=0,
            compute=_interactions_per_follower,
            normalisation=kpis.TARGET,
        )
