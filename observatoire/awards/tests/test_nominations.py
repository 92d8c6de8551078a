import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from observatoire.awards.models import AuditEvent, Criterion, Juror, Nomination, Score
from observatoire.awards.nominations import (
    NominationError,
    nomination_confirm,
    nomination_withdraw,
)
from observatoire.awards.tests.factories import edition_make
from observatoire.awards.tests.test_agility import SIX, activity_make
from observatoire.awards.tests.test_shortlist import OCT, dossier_make, scores_make
from observatoire.dashboard.tests.worlds import html_table
from observatoire.profiles.models import Network
from observatoire.territories.models import Category
from observatoire.territories.tests.factories import DepartementFactory, TerritoryFactory
from observatoire.users.models import Membership, Role, User

pytestmark = pytest.mark.django_db
EVIDENCE = {"performance": {"score": 61.5}, "dossier": {"operations": 2}}


@pytest.fixture
def staff():
    return User.objects.create_user(username="equipe", password="x", is_staff=True)


@pytest.fixture
def edition():
    return edition_make()


def category(edition, slug):
    return edition.categories.get(slug=slug)


def page_url(edition) -> str:
    return reverse("awards_staff:edition", kwargs={"year": edition.year})


def confirm_url(edition, slug) -> str:
    return reverse(
        "awards_staff:nominations_confirm", kwargs={"year": edition.year, "category": slug}
    )


def withdraw_url(nomination) -> str:
    year = nomination.category.edition.year
    kwargs = {"year": year, "nomination_id": nomination.pk}
    return reverse("awards_staff:nomination_withdraw", kwargs=kwargs)


def texts(response) -> list[str]:
    """The messages shown on the page the staff land on."""
    found = re.findall(r'<p class="message message-\w+">(.*?)</p>', response.content.decode())
    return [html.unescape(text) for text in found]


def text(response) -> str:
    return html.unescape(response.content.decode())


# --- services -----------------------------------------------------------------------------


def test_confirm_keeps_the_evidence_of_the_moment_and_logs_who_nominated(edition, staff):
    gers = DepartementFactory(name="Gers")
    dossier = dossier_make(edition, gers, "departements")
    evidence = {"performance": {"score": 61.5, "networks": []}, "dossier": {"operations": 2}}
    nomination = nomination_confirm(
        category=category(edition, "departements"),
        territory=gers,
        dossier=dossier,
        evidence=evidence,
        actor=staff,
    )
    evidence["performance"]["score"] = 10  # the data moves on; the nomination keeps its own
    nomination.refresh_from_db()
    assert nomination.evidence["performance"]["score"] == 61.5
    assert nomination.nominated_by == staff and nomination.dossier == dossier
    event = AuditEvent.objects.get(action="nominated")
    assert event.actor == staff and event.edition == edition
    assert event.data["territory"] == gers.key and event.data["category"] == "departements"
    assert event.data["dossier"] == dossier.pk


def test_agility_needs_no_dossier(edition, staff):
    saone = DepartementFactory(name="Saône-et-Loire")
    nomination = nomination_confirm(
        category=category(edition, "hashtag-or"), territory=saone, evidence={}, actor=staff
    )
    assert nomination.dossier is None


def test_confirm_refuses_who_may_not_compete_or_is_already_nominated(edition, staff):
    departements = category(edition, "departements")
    auch = TerritoryFactory(name="Auch", category=Category.PETITE_VILLE)
    auch_dossier = dossier_make(edition, auch, "departements", "sensibilisation-citoyennete")
    gers, lot = DepartementFactory(name="Gers"), DepartementFactory(name="Lot")
    lot_dossier = dossier_make(edition, lot, "sensibilisation-citoyennete")
    refused = [
        (auch, auch_dossier, "Auch ne concourt pas dans la catégorie « Départements »."),
        (gers, None, "Gers n'a pas déposé de dossier dans la catégorie « Départements »."),
        (lot, lot_dossier, "Lot n'a pas déposé de dossier dans la catégorie « Départements »."),
        (gers, lot_dossier, "Ce dossier n'est pas un dossier déposé de Gers pour cette édition."),
    ]
    for territory, dossier, message in refused:
        with pytest.raises(NominationError, match=message):
            nomination_confirm(
                category=departements,
                territory=territory,
                dossier=dossier,
                evidence={},
                actor=staff,
            )
    gers_dossier = dossier_make(edition, gers, "departements")
    values = {"category": departements, "territory": gers, "dossier": gers_dossier}
    nomination_confirm(**values, evidence={}, actor=staff)
    with pytest.raises(NominationError, match="Gers est déjà nommée"):
        nomination_confirm(**values, evidence={}, actor=staff)
    assert Nomination.objects.count() == 1
    assert AuditEvent.objects.filter(action="nominated").count() == 1


def test_withdraw_is_logged_and_refused_once_the_edition_is_closed(edition, staff):
    saone = DepartementFactory(name="Saône-et-Loire")
    agility = category(edition, "hashtag-or")
    nomination = nomination_confirm(category=agility, territory=saone, evidence={}, actor=staff)
    juror = Juror.objects.create(edition=edition, user=staff)
    Score.objects.create(
        juror=juror, nomination=nomination, criterion=Criterion.objects.first(), value=7
    )
    nomination_withdraw(nomination=nomination, actor=staff)
    assert not Nomination.objects.exists()
    event = AuditEvent.objects.get(action="nomination_withdrawn")
    assert event.actor == staff and event.data["scores_deleted"] == 1
    assert event.data["territory"] == saone.key

    again = nomination_confirm(category=agility, territory=saone, evidence={}, actor=staff)
    edition.closed_at = timezone.now()
    edition.save()
    again.refresh_from_db()
    with pytest.raises(NominationError, match="L'édition est close"):
        nomination_withdraw(nomination=again, actor=staff)
    with pytest.raises(NominationError, match="L'édition est close"):
        nomination_confirm(
            category=category(edition, "hashtag-or"),
            territory=DepartementFactory(),
            evidence={},
            actor=staff,
        )
    assert Nomination.objects.count() == 1


# --- the staff's page ---------------------------------------------------------------------


def world(edition):
    """Three départements with dossiers (Gers the best ranked), a commune's dossier entered
    in the départements category by mistake, Saône-et-Loire agile on six networks."""
    gers, aude, lot = (DepartementFactory(name=name) for name in ("Gers", "Aude", "Lot"))
    for territory, score in ((gers, "72"), (aude, "55"), (lot, "40")):
        dossier_make(edition, territory, "departements")
        scores_make(territory, Network.INSTAGRAM, {OCT: score})
    auch = TerritoryFactory(name="Auch", category=Category.PETITE_VILLE)
    dossier_make(edition, auch, "departements")
    saone = DepartementFactory(name="Saône-et-Loire")
    activity_make(saone, SIX, posts=10)
    return {"gers": gers, "aude": aude, "lot": lot, "auch": auch, "saone": saone}


def test_staff_see_the_shortlist_with_its_evidence_and_nominate(client, edition, staff):
    places = world(edition)
    client.force_login(staff)
    response = client.get(page_url(edition))
    assert response.status_code == 200
    rows = html_table(response.content, "shortlist-departements")
    assert rows[0][:3] == ["Rang", "Collectivité", "Score moyen"]
    assert [row[1] for row in rows[1:]] == ["Gers — dossier", "Aude — dossier", "Lot — dossier"]
    assert rows[1][2] == "72,00" and rows[1][3] == "Instagram : 72,00 (1 mois)"
    agile = html_table(response.content, "shortlist-hashtag-or")
    assert agile[1][1] == "Saône-et-Loire" and agile[0][2] == "Indice d'agilité"
    assert agile[1][3] == "92 %"  # five core networks of six and Snapchat as a bonus
    assert "LinkedIn : 10 semaines actives sur 53" in agile[1][7]
    assert "(10,0 %)" in agile[1][7] and "Snapchat (bonus)" in agile[1][7]
    assert "Aucun nommé pour l'instant." in response.content.decode()

    territories = [places["gers"].pk, places["lot"].pk]
    response = client.post(confirm_url(edition, "departements"), {"territory": territories})
    assert response.status_code == 302
    assert response["Location"] == page_url(edition) + "#categorie-departements"
    response = client.get(response["Location"])
    assert texts(response) == ["2 collectivités nommées dans « Départements »."]
    nominees = Nomination.objects.order_by("territory__name")
    assert [n.territory.name for n in nominees] == ["Gers", "Lot"]
    assert nominees[0].evidence["performance"]["score"] == 72
    assert nominees[0].dossier.territory == places["gers"]
    assert AuditEvent.objects.filter(action="nominated", actor=staff).count() == 2

    page = client.get(page_url(edition)).content
    nominated = html_table(page, "nominees-departements")
    assert [row[0] for row in nominated[1:]] == ["Gers — dossier", "Lot — dossier"]
    assert nominated[1][1] == "72,00"
    shortlist = html_table(page, "shortlist-departements")
    assert shortlist[1][1] == "Gers (nommée) — dossier"


def test_more_nominees_than_planned_are_allowed_with_a_warning(client, edition, staff):
    places = world(edition)
    edition.nominees_per_category = 2
    edition.save()
    client.force_login(staff)
    chosen = [places[name].pk for name in ("gers", "aude", "lot")]
    response = client.post(confirm_url(edition, "departements"), {"territory": chosen}, follow=True)
    assert texts(response) == [
        "3 collectivités nommées dans « Départements ».",
        "« Départements » compte 3 nommés pour 2 prévus par l'édition.",
    ]
    assert "Plus de nommés que les 2 prévus par l'édition." in text(response)


def test_only_proposed_collectivites_can_be_ticked(client, edition, staff):
    places = world(edition)
    client.force_login(staff)
    # The commune's dossier is not proposed for the départements: a forged form changes nothing.
    forged = [places["gers"].pk, places["auch"].pk]
    response = client.post(confirm_url(edition, "departements"), {"territory": forged}, follow=True)
    assert texts(response) == ["Seules les collectivités proposées peuvent être nommées ici."]
    response = client.post(confirm_url(edition, "departements"), {}, follow=True)
    assert texts(response) == ["Cochez au moins une collectivité à nommer."]
    assert not Nomination.objects.exists()


def test_withdraw_from_the_page_then_nothing_moves_once_closed(client, edition, staff):
    places = world(edition)
    client.force_login(staff)
    client.post(
        confirm_url(edition, "hashtag-or"), {"territory": [places["saone"].pk]}, follow=True
    )
    nomination = Nomination.objects.get()
    assert nomination.evidence["agility"] > 0 and nomination.dossier is None
    response = client.post(withdraw_url(nomination), follow=True)
    assert texts(response) == [
        "Saône-et-Loire n'est plus nommée dans « Hashtag d'or de l'agilité »."
    ]
    assert not Nomination.objects.exists()
    assert AuditEvent.objects.filter(action="nomination_withdrawn", actor=staff).exists()

    client.post(
        confirm_url(edition, "hashtag-or"), {"territory": [places["saone"].pk]}, follow=True
    )
    edition.closed_at = timezone.now()
    edition.save()
    page = text(client.get(page_url(edition)))
    assert "L'édition est close" in page
    assert 'name="territory"' not in page and "Retirer" not in page
    response = client.post(withdraw_url(Nomination.objects.get()), follow=True)
    assert texts(response) == ["L'édition est close : ses nommés ne changent plus."]
    response = client.post(
        confirm_url(edition, "departements"), {"territory": [places["gers"].pk]}, follow=True
    )
    assert texts(response) == ["L'édition est close : ses nommés ne changent plus."]
    assert Nomination.objects.count() == 1


@pytest.mark.parametrize("who", ["anonymous", "member", "juror"])
def test_only_staff_reach_the_nominations(client, edition, who):
    world(edition)
    user = User.objects.create_user(username=who, password="x")
    if who == "member":
        Membership.objects.create(user=user, territory=DepartementFactory(), role=Role.MANAGER)
    if who == "juror":
        Juror.objects.create(edition=edition, user=user)
    if who != "anonymous":
        client.force_login(user)
    gers = Nomination(pk=1, category=category(edition, "departements"))
    for url in (
        reverse("awards_staff:index"),
        page_url(edition),
        confirm_url(edition, "departements"),
        withdraw_url(gers),
    ):
        response = client.post(url) if "retirer" in url or "nommer" in url else client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("admin:login")), url
    assert not Nomination.objects.exists()


def test_staff_get_404_for_what_does_not_exist_and_405_for_a_get_that_would_write(
    client, edition, staff
):
    client.force_login(staff)
    assert client.get(reverse("awards_staff:edition", kwargs={"year": 1999})).status_code == 404
    assert client.post(confirm_url(edition, "inconnue"), {"territory": [1]}).status_code == 404
    other = edition_make(year=2023)
    saone = DepartementFactory()
    nomination = nomination_confirm(
        category=category(other, "hashtag-or"), territory=saone, evidence={}, actor=staff
    )
    foreign = reverse(
        "awards_staff:nomination_withdraw",
        kwargs={"year": edition.year, "nomination_id": nomination.pk},
    )
    assert client.post(foreign).status_code == 404
    assert client.get(confirm_url(edition, "departements")).status_code == 405
    index = client.get(reverse("awards_staff:index")).content.decode()
    assert "#Hashtags 2024" in index and "#Hashtags 2023" in index


def test_the_admin_shows_nominations_and_their_evidence_read_only(client, edition):
    admin = User.objects.create_superuser(username="admin", password="x", email="a@exemple.fr")
    saone = DepartementFactory(name="Saône-et-Loire")
    nomination = nomination_confirm(
        category=category(edition, "hashtag-or"),
        territory=saone,
        evidence={"agility": 81.5, "presence": 1},
        actor=admin,
    )
    client.force_login(admin)
    listing = client.get(reverse("admin:awards_nomination_changelist"))
    assert "Saône-et-Loire" in listing.content.decode()
    detail = client.get(reverse("admin:awards_nomination_change", args=[nomination.pk]))
    assert "&quot;agility&quot;: 81.5" in detail.content.decode()
    assert client.get(reverse("admin:awards_nomination_add")).status_code == 403
    delete = reverse("admin:awards_nomination_delete", args=[nomination.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Nomination.objects.count() == 1
