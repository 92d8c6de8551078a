import datetime as dt

import pytest

from observatoire.rankings.models import Methodology
from observatoire.rankings.selectors import (
    entry_explanation,
    kpi_medians,
    publication_latest,
    ranking_list,
    territory_history,
)
from observatoire.rankings.services import ranking_build

from .conftest import AUGUST, add_posts, add_snapshot

pytestmark = pytest.mark.django_db


def test_publication_latest_is_the_latest_month_of_the_default_methodology(august):
    assert publication_latest() is None
    ranking_build(month=dt.date(2024, 7, 1))
    august_publication = ranking_build(month=AUGUST)
    other = Methodology.objects.create(slug="v2", name="v2", weights={"reach": 1})
    ranking_build(month=dt.date(2024, 9, 1), methodology=other)
    assert publication_latest() == august_publication
    assert publication_latest(methodology=other).month == dt.date(2024, 9, 1)


def test_ranking_list_eligible_by_rank_then_the_others_by_name(august):
    publication = ranking_build(month=AUGUST)
    entries = ranking_list(publication=publication, network="instagram", category="petite_ville")
    assert [(e.profile.handle, e.rank) for e in entries] == [
        ("b", 1),
        ("a", 2),
        ("c", 3),
        ("d", None),
        ("e", None),
        ("f", None),
        ("g", None),
    ]
    assert [e.territory.name for e in entries][3:] == ["Dax", "Eu", "Foix", "Gap"]
    assert not ranking_list(publication=publication, network="x", category="petite_ville")


def test_ranking_list_of_one_region_by_regional_rank(august):
    publication = ranking_build(month=AUGUST)
    entries = ranking_list(
        publication=publication,
        network="instagram",
        category="petite_ville",
        region=august.region_1,
    )
    assert [(e.profile.handle, e.region_rank) for e in entries] == [
        ("a", 1),
        ("c", 2),
        ("d", None),
        ("e", None),
        ("f", None),
        ("g", None),
    ]


def test_entry_explanation_points_and_what_it_takes(august):
    publication = ranking_build(month=AUGUST)
    a = publication.entries.get(profile=august.a)
    explanation = entry_explanation(entry=a)
    kpis = {k["kpi"]: k for k in explanation["kpis"]}
    assert explanation["rank"] == 2 and str(explanation["score"]) == "68.89"
    assert kpis["engagement_rate"]["raw"] == pytest.approx(0.01)
    assert kpis["engagement_rate"]["normalised"] == pytest.approx(2 / 3)
    assert kpis["engagement_rate"]["weight"] == 5
    assert kpis["engagement_rate"]["points"] == pytest.approx(22.2222, abs=1e-4)
    assert sum(k["points"] for k in kpis.values()) == pytest.approx(68.8889, abs=1e-4)
    # Tying B's engagement rate (0.0125) would put A first.
    assert kpis["engagement_rate"]["needed"] == pytest.approx(0.0125)
    assert not kpis["engagement_rate"]["needed_strictly_above"]
    assert kpis["followers"]["needed"] == 2000 and kpis["followers"]["needed_strictly_above"]
    assert kpis["posts_per_day"]["needed"] is None  # already at 1 a day


def test_entry_explanation_of_the_first_and_of_a_non_eligible(august):
    publication = ranking_build(month=AUGUST)
    first = entry_explanation(entry=publication.entries.get(profile=august.b))
    assert all(k["needed"] is None for k in first["kpis"])
    unavailable = entry_explanation(entry=publication.entries.get(profile=august.unavailable))
    assert unavailable["eligible"] is False and unavailable["reason"] == "unavailable"
    assert str(unavailable["reason_label"]) == "Profil inaccessible"
    assert all(k["points"] is None and k["needed"] is None for k in unavailable["kpis"])


def test_territory_history_over_months(august):
    add_snapshot(august.a, dt.date(2024, 9, 30), 1000, 100)
    add_posts(august.a, 3, at=dt.datetime(2024, 9, 10, tzinfo=dt.UTC), likes=1, prefix="sep")
    ranking_build(month=AUGUST)
    ranking_build(month=dt.date(2024, 9, 1))
    history = territory_history(territory=august.a.territory)
    assert [(e.publication.month, e.network, e.rank) for e in history] == [
        (AUGUST, "instagram", 2),
        (dt.date(2024, 9, 1), "instagram", 1),
    ]


def test_kpi_medians_of_the_eligible(august):
    publication = ranking_build(month=AUGUST)
    medians = kpi_medians(publication=publication, network="instagram", category="petite_ville")
    assert medians["followers"] == 1000
    assert medians["engagement_rate"] == pytest.approx(0.01)
    assert medians["reach"] == pytest.approx(0.2)
    assert medians["posts_per_day"] == pytest.approx(0.5)
    assert medians["audience_ratio"] == pytest.approx(10.0)
    assert kpi_medians(publication=publication, network="x", category="region") == dict.fromkeys(
        medians
    )
