"""`demo awards` brings the #Hashtags to life: the 2020 crisis edition with the Gers' dossier,
the 2024 edition whose palmarès comes out of the jury's scores, an edition open for entries;
run twice, it duplicates nothing; `demo clear` takes it all away and nothing else."""

import io
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from observatoire.awards import results
from observatoire.awards.jury_selectors import edition_results, juror_nomination_get
from observatoire.awards.models import (
    AuditEvent,
    Award,
    Conflict,
    Dossier,
    Edition,
    Juror,
    Nomination,
    Operation,
    OperationLink,
    Score,
)
from observatoire.awards.tests.factories import edition_make
from observatoire.awards.tests.public_world import main, section, text_of
from observatoire.demo.members import DEMO_MEMBER_PASSWORD
from observatoire.territories.models import Territory
from observatoire.users.models import User

MODELS = (Edition, Dossier, Operation, OperationLink, Nomination, Juror, Conflict, Score, Award)
HOSTS = {
    "www.facebook.com": "facebook",
    "www.instagram.com": "instagram",
    "x.com": "x",
    "www.youtube.com": "youtube",
    "www.tiktok.com": "tiktok",
}


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


def awards_command() -> str:
    out = io.StringIO()
    call_command("demo", "awards", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo(small_registry):
    """`make demo`'s steps at small scale: data, rankings, logins, then the awards."""
    call_command("demo", "generate", "--scale", "small", "--months", "2", verbosity=0)
    call_command("demo", "rank", verbosity=0)
    call_command("demo", "login", stdout=io.StringIO())
    return awards_command()


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def login(client: Client, username: str) -> None:
    """Through the login page, with the password the command prints."""
    form = {"username": username, "password": DEMO_MEMBER_PASSWORD}
    assert client.post(reverse("users:login"), form).status_code == 302


def test_it_prints_editions_medals_and_jurors(demo):
    assert "#Hashtags 2020 — communication de crise (créée)" in demo
    assert "Sensibilisation et citoyenneté : Gers (Or)" in demo
    assert "Hashtag d'or de l'agilité : Saône-et-Loire (Hashtag d'or)" in demo
    assert "#Hashtags 2026 (créée)" in demo and "candidatures ouvertes jusqu'au" in demo
    assert "« demo-jure-3 » — Sophie Dartigues — conflit d'intérêts : Gers" in demo
    assert len(mail.outbox) == 3  # the jury's invitations
    assert {message.to[0].split("@")[1] for message in mail.outbox} == {"demo.observatoire.invalid"}


def test_running_it_twice_duplicates_nothing(demo):
    before = counts()
    events = AuditEvent.objects.count()
    User.objects.filter(username="demo-jure-1").update(password="")
    again = awards_command()
    assert counts() == before and AuditEvent.objects.count() == events
    assert "#Hashtags 2024 (déjà là)" in again and "Gers (Or)" in again
    assert len(mail.outbox) == 3  # nobody invited twice
    assert User.objects.get(username="demo-jure-1").check_password(DEMO_MEMBER_PASSWORD)
    assert Edition.objects.filter(is_demo=True).count() == 3
    assert before["Dossier"] == 7 and before["Nomination"] == 12


def test_the_palmares_comes_out_of_the_jury_scores(demo):
    edition = Edition.objects.get(year=2024)
    computed = {block.category.slug: block.ranking for block in edition_results(edition=edition)}
    order = {slug: [r.nominee.name for r in ranking] for slug, ranking in computed.items()}
    assert order["sensibilisation-citoyennete"] == ["Gers", "Saône-et-Loire", "Bouches-du-Rhône"]
    assert order["tiktok"] == ["Occitanie", "Gers", "Bouches-du-Rhône"]
    assert order["hashtag-or"][0] == "Saône-et-Loire"
    awarded = {
        (a.nomination.category.slug, a.nomination.territory.name): a.medal
        for a in Award.objects.filter(nomination__category__edition=edition)
    }
    planned = {
        (slug, result.nominee.name): medal
        for slug, ranking in computed.items()
        for result, medal in results.medal_plan(
            ranking, kind=edition.categories.get(slug=slug).kind
        )
    }
    assert awarded == planned
    assert awarded[("hashtag-or", "Saône-et-Loire")] == "special"
    assert len([key for key in awarded if key[0] == "hashtag-or"]) == 1


def test_a_juror_in_conflict_never_scores_the_gers(demo, client):
    juror = Juror.objects.get(edition__year=2024, user__username="demo-jure-3")
    gers = Nomination.objects.filter(category__edition__year=2024, territory__key="departement:32")
    assert gers.count() == 2
    assert not Score.objects.filter(juror=juror, nomination__in=gers).exists()
    assert all(juror_nomination_get(juror=juror, nomination_id=n.pk) is None for n in gers)
    others = Score.objects.filter(juror=juror).exclude(nomination__in=gers)
    assert others.count() == 10 * 7  # every other nominee on every criterion
    login(client, "demo-jure-3")
    assert client.get(reverse("jury:index")).status_code == 200


def test_nominations_keep_the_selectors_evidence_without_made_up_figures(demo):
    nominations = Nomination.objects.filter(category__edition__year=2024)
    sensibilisation = nominations.get(
        category__slug="sensibilisation-citoyennete", territory__key="departement:32"
    )
    performance = sensibilisation.evidence["performance"]
    assert performance["score"] is None and performance["months"] == 0
    assert sensibilisation.evidence["dossier"]["matched_posts"] == 0
    agility = nominations.get(category__slug="hashtag-or", territory__key="departement:71")
    assert all(row["weeks_active"] == 0 for row in agility.evidence["networks"])
    assert all(
        "Aucune donnée collectée du 01/09/2023 au 31/08/2024" in n.evidence["note"]
        for n in nominations
    )


def test_public_pages_show_the_gers_nominated_and_the_hashtag_d_or(demo):
    client = Client()
    page = client.get(reverse("awards:edition", args=[2024])).content.decode()
    nominees = text_of(section(page, "nommes"))
    assert nominees.count("Gers") >= 2  # Sensibilisation et citoyenneté, TikTok
    palmares = text_of(section(page, "palmares"))
    assert "Or — Gers" in palmares and "Hashtag d'or — Saône-et-Loire" in palmares
    category = client.get(reverse("awards:category", args=[2024, "sensibilisation-citoyennete"]))
    text = text_of(main(category.content.decode()))
    assert "Gers — Or" in text and "InfoRoute32" in text and "Info routes" in text
    gers = Territory.objects.get(key="departement:32")
    territory_page = text_of(main(client.get(gers.get_absolute_url()).content.decode()))
    assert "Sensibilisation et citoyenneté" in territory_page


def test_the_2020_dossier_links_are_read_with_their_networks(demo, client):
    dossier = Dossier.objects.get(edition__year=2020, territory__key="departement:32")
    assert dossier.status == Dossier.Status.SUBMITTED and dossier.is_demo
    assert dossier.submitted_at.year == 2020
    audiences = set(dossier.operations.values_list("audience", flat=True))
    assert audiences == {"adults", "youth", "all"}
    assert any("Covid19Gers" in op.hashtags for op in dossier.operations.all())
    links = OperationLink.objects.filter(operation__dossier=dossier)
    assert links.count() == 22
    for link in links:
        assert link.network == HOSTS[urlsplit(link.url).hostname], link.url
        assert link.post is None  # fictitious ids: never one of the collected posts
    kinds = set(links.values_list("network", "kind"))
    assert {("facebook", "watch_video"), ("facebook", "video"), ("x", "status")} <= kinds
    assert {("tiktok", "video"), ("youtube", "video"), ("instagram", "post")} <= kinds
    login(client, "demo-gers")
    address = reverse("dossiers:detail", args=[dossier.territory.slug, dossier.pk])
    page = client.get(address).content.decode()
    assert "Questions pour un Gersois" in page and "publication non collectée" in page


def test_a_demo_manager_can_start_a_dossier_in_the_open_edition(demo, client):
    edition = Edition.objects.get(year=2026)
    gers = Territory.objects.get(key="departement:32")
    login(client, "demo-gers")
    listing = client.get(reverse("dossiers:list", args=[gers.slug])).content.decode()
    assert "#Hashtags 2026" in text_of(main(listing))
    category = edition.categories.get(slug="departements")
    response = client.post(
        reverse("dossiers:create", args=[gers.slug, edition.slug]),
        {"presentation": "Notre année 2025.", "categories": [category.pk]},
    )
    assert response.status_code == 302
    assert Dossier.objects.get(edition=edition).status == Dossier.Status.DRAFT


def test_clear_removes_the_demo_awards_and_nothing_else(demo):
    real = edition_make(year=2019)
    gers = Territory.objects.get(key="departement:32")
    kept = Dossier.objects.create(edition=real, territory=gers, presentation="Vrai dossier.")
    call_command("demo", "clear", "--yes", stdout=io.StringIO())
    assert list(Edition.objects.all()) == [real]
    assert list(Dossier.objects.all()) == [kept]
    assert real.categories.count() == 4 and real.criteria.count() == 7
    assert not User.objects.filter(username__startswith="demo-jure").exists()
    assert not Nomination.objects.exists() and not Score.objects.exists()
    assert Territory.objects.filter(key="departement:32").exists()


def test_a_real_edition_of_the_same_year_is_left_alone(small_registry):
    real = edition_make(year=2024, title="Les vrais #Hashtags 2024")
    out = awards_command()
    assert "2024 : une édition réelle existe déjà, laissée telle quelle" in out
    real.refresh_from_db()
    assert real.title == "Les vrais #Hashtags 2024" and not real.is_demo
    assert not Nomination.objects.exists() and not real.dossiers.exists()
    assert set(Edition.objects.values_list("year", flat=True)) == {2020, 2024, 2026}
