"""Mon espace › Trophées, as a manager goes through it: the open edition, a draft, operations
for two audiences with links of several networks (one unreadable: refused, its line named,
nothing saved), a link added alone and one removed, the submission's confirmation, then a
frozen dossier; after the deadline a draft cannot be submitted. Who sees what: lecteurs read,
members of another collectivité get 404, anonymous visitors log in, staff act on its behalf."""

import datetime as dt
import html
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from observatoire.awards.models import AuditEvent, Dossier, Operation, OperationLink
from observatoire.awards.tests.dossier_factories import LINKS, dossier_draft, gers_collected
from observatoire.awards.tests.factories import edition_make
from observatoire.dashboard.tests.worlds import html_table
from observatoire.profiles.tests.test_corrections import member
from observatoire.territories.tests.factories import DepartementFactory
from observatoire.users.models import Role, User

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def french():
    with translation.override("fr"):
        yield


@pytest.fixture
def gers():
    return gers_collected()


@pytest.fixture
def edition():
    return edition_make(year=2020, networks=("instagram", "facebook", "x", "tiktok"))


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def manager(gers):
    return logged_in(member(gers, "camille"))


@pytest.fixture
def viewer(gers):
    return logged_in(member(gers, "dominique", role=Role.VIEWER))


def url(name, *args):
    return reverse(f"dossiers:{name}", args=["gers", *args])


def page_text(response) -> str:
    """The page as read: tags dropped, entities decoded, spaces collapsed."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))
    return re.sub(r"\s+", " ", text)


def page_html(response) -> str:
    return response.content.decode()


def shown_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def operation_data(audience, title, links, **extra) -> dict:
    return {
        "audience": audience,
        "title": title,
        "description": "Chaque soir à 18 h.",
        "networks": ["instagram", "facebook"],
        "starts_on": "2020-03-20",
        "ends_on": "2020-05-11",
        "hashtags": "#Covid19Gers RestezChezVous",
        "links": "\n".join(links),
    } | extra


def test_a_manager_drafts_and_submits_a_dossier(manager, gers, edition):
    listing = manager.get(url("list"))
    assert "#Hashtags 2020" in page_text(listing)
    assert url("create", "2020") in page_html(listing)

    form = manager.get(url("create", "2020"))
    offered = [label for _value, label in form.context["form"].fields["categories"].choices]
    assert offered == ["Départements", "Sensibilisation et citoyenneté", "TikTok"]  # no agility
    categories = {c.slug: str(c.pk) for c in edition.categories.all()}
    created = manager.post(
        url("create", "2020"),
        {
            "presentation": "Le Gers face au confinement.",
            "categories": [categories["sensibilisation-citoyennete"], categories["tiktok"]],
        },
        follow=True,
    )
    dossier = Dossier.objects.get(territory=gers, edition=edition)
    assert created.redirect_chain[-1][0] == url("detail", dossier.pk)
    assert "Statut : brouillon" in page_text(created)

    # operations for adults: one unreadable link refuses the whole form
    adults = [LINKS["ig_quiz"], LINKS["fb_equipment"], "", "https://piaille.fr/about"]
    refused = manager.post(
        url("operation_add", dossier.pk),
        operation_data("adults", "Questions pour un Gersois", [*adults, LINKS["x_tips"]]),
    )
    assert refused.status_code == 200
    assert "Ligne 4 : « https://piaille.fr/about » — Réseau non pris en charge" in page_text(
        refused
    )
    assert "rien n'a été enregistré" in page_text(refused)
    assert not Operation.objects.exists()
    assert refused.context["form"]["links"].value().startswith(LINKS["ig_quiz"])  # kept to fix

    adults[3] = LINKS["x_tips"]
    saved = manager.post(
        url("operation_add", dossier.pk),
        operation_data("adults", "Questions pour un Gersois", adults),
    )
    quiz = Operation.objects.get(title="Questions pour un Gersois")
    assert saved["Location"] == f"{url('detail', dossier.pk)}#operation-{quiz.pk}"
    assert quiz.hashtags == ["Covid19Gers", "RestezChezVous"]
    assert list(quiz.links.values_list("network", flat=True)) == ["instagram", "facebook", "x"]
    assert all(quiz.links.values_list("post_id", flat=True))

    # for the young: a TikTok video, then a link added alone and one removed
    manager.post(
        url("operation_add", dossier.pk),
        operation_data("youth", "Mon premier TikTok", [LINKS["tiktok_first"]], networks=["tiktok"]),
    )
    tiktok = Operation.objects.get(title="Mon premier TikTok")
    bad = manager.post(url("link_add", dossier.pk, tiktok.pk), {"url": "https://t.co/Ab1"})
    assert "Lien raccourci t.co" in page_text(bad)
    manager.post(url("link_add", dossier.pk, tiktok.pk), {"url": LINKS["ig_not_collected"]})
    extra = tiktok.links.get(network="instagram")
    confirm = manager.get(url("link_remove", dossier.pk, tiktok.pk, extra.pk))
    assert "Retirer ce lien" in page_text(confirm)
    manager.post(url("link_remove", dossier.pk, tiktok.pk, extra.pk))
    assert list(tiktok.links.values_list("network", flat=True)) == ["tiktok"]

    detail = page_text(manager.get(url("detail", dossier.pk)))
    assert "#Covid19Gers #RestezChezVous" in detail
    assert html_table(manager.get(url("detail", dossier.pk)).content, "dossier-totals")[1][:3] == [
        "Adultes",
        "1",
        "3 / 3",
    ]

    # submission: a confirmation page, then frozen
    confirmation = manager.get(url("submit", dossier.pk))
    assert "Une fois déposé, le dossier ne peut plus être modifié" in page_text(confirmation)
    assert "2 opérations" in page_text(confirmation)
    submitted = manager.post(url("submit", dossier.pk), follow=True)
    assert "Dossier déposé." in shown_messages(submitted)[0]
    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.SUBMITTED
    event = AuditEvent.objects.get(action="dossier_submitted")
    assert event.actor.username == "camille"
    assert url("edit", dossier.pk) not in page_html(submitted)


def test_a_submitted_dossier_refuses_every_form_with_a_clear_message(manager, gers, edition):
    dossier = dossier_draft(territory=gers, edition=edition)
    dossier.status, dossier.submitted_at = Dossier.Status.SUBMITTED, timezone.now()
    dossier.save()
    operation = dossier.operations.get()
    link = operation.links.get()
    pages = [
        ("edit", dossier.pk),
        ("submit", dossier.pk),
        ("operation_add", dossier.pk),
        ("operation_edit", dossier.pk, operation.pk),
        ("operation_delete", dossier.pk, operation.pk),
        ("link_add", dossier.pk, operation.pk),
        ("link_remove", dossier.pk, operation.pk, link.pk),
    ]
    for name, *args in pages:
        for method in (manager.get, manager.post):
            response = method(url(name, *args), {"url": LINKS["ig_quiz"], "title": "Autre"})
            assert response["Location"] == url("detail", dossier.pk), name
    refused = manager.get(url("edit", dossier.pk), follow=True)
    assert "il ne peut plus être modifié" in shown_messages(refused)[0]
    assert "Pour une correction, écrivez à l'équipe de l'Observatoire." in page_text(refused)
    assert (operation.title, OperationLink.objects.count()) == ("Questions pour un Gersois", 1)
    assert Operation.objects.get().title == "Questions pour un Gersois"


def test_after_the_deadline_a_draft_cannot_be_submitted(manager, gers, edition):
    dossier = dossier_draft(territory=gers, edition=edition)
    edition.entries_close_at = timezone.now() - dt.timedelta(hours=1)
    edition.save()

    response = manager.post(url("submit", dossier.pk), follow=True)

    assert "est clos depuis le" in shown_messages(response)[0]
    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.DRAFT
    assert url("submit", dossier.pk) not in page_html(response)
    listing = page_text(manager.get(url("list")))
    assert "Closes depuis le" in listing and "Brouillon" in listing


def test_submission_without_category_says_what_is_missing(manager, gers, edition):
    dossier = dossier_draft(territory=gers, edition=edition)
    dossier.categories.clear()

    response = manager.post(url("submit", dossier.pk))

    assert "Choisissez au moins une catégorie avant de déposer le dossier." in page_text(response)
    dossier.refresh_from_db()
    assert dossier.status == Dossier.Status.DRAFT


def test_an_operation_is_changed_and_its_links_replaced(manager, gers, edition):
    dossier = dossier_draft(territory=gers, edition=edition)
    operation = dossier.operations.get()
    form = manager.get(url("operation_edit", dossier.pk, operation.pk))
    assert (
        form.context["form"]["links"].value() == "https://x.com/LeGers32/status/1244567890123456789"
    )

    manager.post(
        url("operation_edit", dossier.pk, operation.pk),
        operation_data("all", "Concours de recettes", [LINKS["ig_quiz"]]),
    )

    operation.refresh_from_db()
    assert (operation.audience, operation.title) == ("all", "Concours de recettes")
    assert list(operation.links.values_list("url", flat=True)) == [
        "https://www.instagram.com/p/C1a2B3c4D5e/"
    ]
    again = manager.get(url("operation_edit", dossier.pk, operation.pk))
    assert 'value="#Covid19Gers #RestezChezVous"' in page_html(again)
    assert 'value="2020-03-20"' in page_html(again)  # a date field the browser can read
    manager.post(url("operation_delete", dossier.pk, operation.pk))
    assert not dossier.operations.exists()


def test_a_lecteur_reads_the_dossier_without_any_form(viewer, gers, edition):
    dossier = dossier_draft(territory=gers, edition=edition)

    page = page_html(viewer.get(url("detail", dossier.pk)))

    assert "Questions pour un Gersois" in page
    for name in ("edit", "submit", "operation_add"):
        assert url(name, dossier.pk) not in page
        assert viewer.get(url(name, dossier.pk)).status_code == 404
    assert url("create", "2020") not in page_html(viewer.get(url("list")))


def test_a_member_of_another_collectivite_gets_404_and_anonymous_visitors_log_in(gers, edition):
    dossier = dossier_draft(territory=gers, edition=edition)
    landes = DepartementFactory(name="Landes", slug="landes")
    stranger = logged_in(member(landes, "sacha"))

    assert stranger.get(url("detail", dossier.pk)).status_code == 404
    # nor through its own collectivité's address
    own = reverse("dossiers:detail", args=["landes", dossier.pk])
    assert stranger.get(own).status_code == 404
    anonymous = Client().get(url("detail", dossier.pk))
    assert anonymous["Location"].startswith(reverse("users:login"))


def test_staff_draft_a_dossier_on_the_collectivite_s_behalf(gers, edition):
    staff = User.objects.create_user("equipe", "equipe@example.fr", "x-mot-de-passe-42")
    staff.is_staff = True
    staff.save()
    client = logged_in(staff)

    client.post(url("create", "2020"), {"presentation": "Préparé par l'équipe."})

    dossier = Dossier.objects.get(territory=gers)
    assert dossier.created_by == staff
    assert client.get(url("detail", dossier.pk)).status_code == 200
