import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from observatoire.awards.models import AwardCategory, Dossier, Operation, OperationLink
from observatoire.awards.shortlist import agility_pool, shortlist_propose
from observatoire.awards.tests.factories import edition_make
from observatoire.awards.tests.test_agility import SIX, activity_make
from observatoire.metrics.tests.factories import PostFactory
from observatoire.profiles.models import Network, Profile
from observatoire.profiles.tests.factories import ProfileFactory
from observatoire.rankings.models import Methodology, RankingEntry, RankingPublication
from observatoire.rankings.selectors import methodology_default
from observatoire.territories.models import Category
from observatoire.territories.tests.factories import DepartementFactory, TerritoryFactory

pytestmark = pytest.mark.django_db


def category_of(edition, slug: str) -> AwardCategory:
    return edition.categories.get(slug=slug)


def dossier_make(edition, territory, *slugs, status=Dossier.Status.SUBMITTED) -> Dossier:
    dossier = Dossier.objects.create(
        edition=edition,
        territory=territory,
        status=status,
        submitted_at=timezone.now() if status == Dossier.Status.SUBMITTED else None,
    )
    dossier.categories.set(edition.categories.filter(slug__in=slugs))
    return dossier


def scores_make(territory, network: str, scores: dict[dt.date, str], methodology=None) -> None:
    """Published monthly scores of the territory's principal profile on `network`."""
    methodology = methodology or methodology_default()
    profile = Profile.objects.filter(territory=territory, network=network).first()
    profile = profile or ProfileFactory(territory=territory, network=network)
    for month, score in scores.items():
        publication, _created = RankingPublication.objects.get_or_create(
            methodology=methodology, month=month
        )
        RankingEntry.objects.create(
            publication=publication,
            network=network,
            category=territory.category,
            profile=profile,
            territory=territory,
            eligible=True,
            rank=1,
            score=Decimal(score),
        )


def link_make(dossier, *, post=None, kind="post", title="Opération") -> OperationLink:
    operation = dossier.operations.filter(title=title).first() or Operation.objects.create(
        dossier=dossier, audience=Operation.Audience.ALL, title=title
    )
    return OperationLink.objects.create(
        operation=operation,
        url=f"https://www.instagram.com/p/{OperationLink.objects.count()}/",
        network=Network.INSTAGRAM,
        kind=kind,
        post=post,
    )


OCT, NOV = dt.date(2023, 10, 1), dt.date(2023, 11, 1)


def test_dossiers_are_proposed_by_their_mean_monthly_score_on_the_categorys_networks():
    edition = edition_make()
    gers, aude, lot = (DepartementFactory(name=name) for name in ("Gers", "Aude", "Lot"))
    for territory in (gers, aude, lot):
        dossier_make(edition, territory, "departements", "tiktok")
    # Gers: Instagram (60 + 70) / 2 = 65 and Facebook 45: 55. Aude: Instagram 58 only: 58.
    scores_make(gers, Network.INSTAGRAM, {OCT: "60", NOV: "70"})
    scores_make(gers, Network.FACEBOOK, {OCT: "45"})
    scores_make(aude, Network.INSTAGRAM, {OCT: "58"})
    # Out of the period (August 2023, after August 2024), or under another methodology.
    scores_make(gers, Network.INSTAGRAM, {dt.date(2023, 8, 1): "100", dt.date(2024, 9, 1): "100"})
    other = Methodology.objects.create(slug="v2", name="v2", weights={"reach": 1})
    scores_make(lot, Network.INSTAGRAM, {OCT: "99"}, methodology=other)
    # Ranked on TikTok: counts in the TikTok category only.
    scores_make(lot, Network.TIKTOK, {OCT: "90"})

    departements = shortlist_propose(category=category_of(edition, "departements"))
    assert [c.territory.name for c in departements] == ["Lot", "Aude", "Gers"]
    gers_evidence = departements[2].evidence["performance"]
    assert gers_evidence["score"] == 55
    assert gers_evidence["months"] == 2
    assert gers_evidence["methodology"] == methodology_default().slug
    assert gers_evidence["start"] == "2023-09-01" and gers_evidence["end"] == "2024-08-31"
    assert [(n["network"], n["score"], n["months"]) for n in gers_evidence["networks"]] == [
        ("facebook", 45, 1),
        ("instagram", 65, 2),
    ]
    tiktok = shortlist_propose(category=category_of(edition, "tiktok"))
    assert [c.territory.name for c in tiktok] == ["Lot", "Aude", "Gers"]
    assert tiktok[0].evidence["performance"]["score"] == 90
    assert tiktok[1].evidence["performance"] == {
        "score": None,
        "months": 0,
        "networks": [],
        "methodology": None,
        "start": "2023-09-01",
        "end": "2024-08-31",
    }


def test_only_submitted_dossiers_entered_in_the_category_by_admitted_collectivites():
    edition = edition_make()
    gers, aude, lot = (DepartementFactory(name=name) for name in ("Gers", "Aude", "Lot"))
    commune = TerritoryFactory(name="Auch", category=Category.PETITE_VILLE)
    dossier_make(edition, gers, "departements")
    dossier_make(edition, aude, "departements", status=Dossier.Status.DRAFT)
    dossier_make(edition, lot, "sensibilisation-citoyennete")
    dossier_make(edition, commune, "departements", "sensibilisation-citoyennete")
    other_year = edition_make(year=2023)
    dossier_make(other_year, aude, "departements")

    departements = shortlist_propose(category=category_of(edition, "departements"))
    assert [c.territory.name for c in departements] == ["Gers"]
    thematic = shortlist_propose(category=category_of(edition, "sensibilisation-citoyennete"))
    assert sorted(c.territory.name for c in thematic) == ["Auch", "Lot"]


def test_dossier_figures_count_links_and_matched_posts_once():
    edition = edition_make()
    gers, aude = DepartementFactory(name="Gers"), DepartementFactory(name="Aude")
    gers_dossier, aude_dossier = dossier_make(edition, gers, "departements"), None
    aude_dossier = dossier_make(edition, aude, "departements")
    post = PostFactory(profile=ProfileFactory(territory=gers), likes=100, comments=10, shares=5)
    other = PostFactory(profile=post.profile, likes=None, comments=None, shares=None, views=900)
    link_make(gers_dossier, post=post, title="Questions pour un Gersois")
    link_make(gers_dossier, post=post, title="Questions pour un Gersois")  # same post twice
    link_make(gers_dossier, post=other, title="RDV des petits")
    link_make(gers_dossier, title="RDV des petits")  # not collected
    link_make(gers_dossier, kind="profile", title="RDV des petits")  # an account
    link_make(gers_dossier, kind="story_highlight", title="RDV des petits")  # an account too
    link_make(aude_dossier, post=PostFactory(likes=5, comments=0, shares=0))

    candidates = shortlist_propose(category=category_of(edition, "departements"))
    # Neither is ranked: the dossier's interactions decide.
    assert [c.territory.name for c in candidates] == ["Gers", "Aude"]
    assert candidates[0].evidence["dossier"] == {
        "operations": 2,
        "links": 4,
        "matched_posts": 2,
        "interactions": 115,
        "views": 900,
    }
    assert candidates[0].dossier == gers_dossier


def test_agility_proposes_collectivites_with_profiles_by_their_index():
    edition = edition_make()
    agile, copier = DepartementFactory(name="Saône-et-Loire"), DepartementFactory(name="Copie")
    quiet = DepartementFactory(name="Sans profil actif")
    activity_make(agile, SIX, posts=20)
    activity_make(copier, (Network.FACEBOOK, Network.INSTAGRAM), posts=20, hashtags=["Copie"])
    ProfileFactory(territory=quiet, status=Profile.Status.UNAVAILABLE)
    ProfileFactory(territory=quiet, network=Network.FACEBOOK, is_principal=False)

    candidates = shortlist_propose(category=category_of(edition, "hashtag-or"))
    assert [c.territory.name for c in candidates] == ["Saône-et-Loire", "Copie"]
    best = candidates[0]
    assert best.dossier is None
    assert best.evidence["agility"] > candidates[1].evidence["agility"]
    assert best.evidence["start"] == "2023-09-01"
    assert {row["label"] for row in best.evidence["networks"]} == {
        "Facebook",
        "Instagram",
        "X",
        "LinkedIn",
        "YouTube",
        "Snapchat",
    }


def test_agility_pool_keeps_the_best_by_presence_and_the_categorys_types():
    edition = edition_make()
    category = category_of(edition, "hashtag-or")
    big = DepartementFactory(name="Six réseaux")
    small = DepartementFactory(name="Deux réseaux")
    town = TerritoryFactory(name="Auch", category=Category.PETITE_VILLE)
    for network in (*SIX, Network.TIKTOK):  # the six core networks and Snapchat
        ProfileFactory(territory=big, network=network)
    for network in (Network.FACEBOOK, Network.INSTAGRAM):
        ProfileFactory(territory=small, network=network)
        ProfileFactory(territory=town, network=network)
    # Full presence both (Facebook and Instagram for a petite ville): more networks first.
    assert [t.name for t in agility_pool(category=category)] == [
        "Six réseaux",
        "Auch",
        "Deux réseaux",
    ]
    assert [t.name for t in agility_pool(category=category, size=1)] == ["Six réseaux"]
    category.territory_categories = [Category.DEPARTEMENT]
    assert [t.name for t in agility_pool(category=category)] == ["Six réseaux", "Deux réseaux"]


def test_the_shortlists_cost_the_same_queries_for_few_or_many_candidates():
    edition = edition_make()
    departements = category_of(edition, "departements")
    agility = category_of(edition, "hashtag-or")

    def counts() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as dossiers:
            shortlist_propose(category=departements)
        with CaptureQueriesContext(connection) as agile:
            shortlist_propose(category=agility)
        return len(dossiers), len(agile)

    def add(name: str) -> None:
        territory = DepartementFactory(name=name)
        dossier = dossier_make(edition, territory, "departements")
        link_make(dossier, post=PostFactory(profile=ProfileFactory(territory=territory)))
        scores_make(territory, Network.INSTAGRAM, {OCT: "50"})
        activity_make(territory, (Network.FACEBOOK, Network.TIKTOK), posts=5)

    add("Gers")
    few = counts()
    for name in ("Aude", "Lot", "Tarn", "Ariège"):
        add(name)
    assert counts() == few
    assert len(shortlist_propose(category=departements)) == 5
