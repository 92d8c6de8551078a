"""A manager's team page: who belongs to the collectivité, pending invitations, invite a
colleague of the same collectivité, remove a member (never the last manager)."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from observatoire.territories.tests.factories import DepartementFactory, TerritoryFactory
from observatoire.users.models import Invitation, Membership, MembershipEvent, Role, User

PASSWORD = "un-mot-de-passe-solide-42"


@pytest.fixture
def gers(db):
    return DepartementFactory(name="Gers", slug="gers")


def member(territory, username, role=Role.MANAGER, **fields) -> Membership:
    user = User.objects.create_user(username, f"{username}@gers.fr", PASSWORD, **fields)
    return Membership.objects.create(user=user, territory=territory, role=role)


@pytest.fixture
def manager(gers):
    return member(gers, "camille", first_name="Camille", last_name="Martin")


@pytest.fixture
def viewer(gers):
    return member(gers, "dominique", role=Role.VIEWER, first_name="Dominique", last_name="Durand")


def team_url(territory) -> str:
    return reverse("users:team", kwargs={"slug": territory.slug})


def remove_url(membership) -> str:
    slug = membership.territory.slug
    return reverse("users:team_remove", kwargs={"slug": slug, "membership_id": membership.pk})


def logged_in(membership_or_user) -> Client:
    client = Client()
    client.force_login(getattr(membership_or_user, "user", membership_or_user))
    return client


def test_a_manager_sees_the_team(gers, manager, viewer):
    Membership.objects.create(user=viewer.user, territory=TerritoryFactory(name="Auch"))
    member(TerritoryFactory(name="Condom"), "stranger")
    response = logged_in(manager).get(team_url(gers))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Équipe de Gers</h1>" in html
    assert "Camille Martin" in html and "camille@gers.fr" in html
    assert "Dominique Durand" in html and "dominique@gers.fr" in html
    assert "Gestionnaire" in html and "Lecteur" in html
    assert "stranger" not in html  # a member of another collectivité only
    assert remove_url(viewer) in html


def test_who_may_open_the_team_page(client, gers, manager, viewer):
    url = team_url(gers)
    anonymous = client.get(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("users:login"))
    assert logged_in(viewer).get(url).status_code == 404
    other_manager = member(TerritoryFactory(slug="auch"), "voisin")
    assert logged_in(other_manager).get(url).status_code == 404
    staff = User.objects.create_user("agent", "agent@observatoire.test", PASSWORD, is_staff=True)
    assert logged_in(staff).get(url).status_code == 200
    assert logged_in(manager).get(team_url(TerritoryFactory(slug="vic"))).status_code == 404


def test_a_manager_invites_a_colleague_to_this_collectivite_only(gers, manager):
    auch = TerritoryFactory(slug="auch")
    Membership.objects.create(user=manager.user, territory=auch, role=Role.MANAGER)
    client = logged_in(manager)
    response = client.post(
        team_url(gers),
        {"email": "Nouvelle.Recrue@Gers.fr", "role": Role.VIEWER, "territories": [auch.pk]},
    )
    assert response.status_code == 302 and response["Location"] == team_url(gers)
    invitation = Invitation.objects.get()
    assert invitation.email == "nouvelle.recrue@gers.fr" and invitation.role == Role.VIEWER
    assert list(invitation.territories.all()) == [gers]
    assert invitation.invited_by == manager.user
    event = MembershipEvent.objects.get()
    assert (event.action, event.territory, event.actor) == ("invited", gers, manager.user)
    [message] = mail.outbox
    assert message.to == ["nouvelle.recrue@gers.fr"] and "Gers" in message.body
    html = client.get(team_url(gers)).content.decode()
    assert "Invitation envoyée à nouvelle.recrue@gers.fr." in html
    assert "Invitations en attente" in html and "nouvelle.recrue@gers.fr</th>" in html

    path = re.search(r"https?://testserver(/compte/invitation/\S+/)", message.body).group(1)
    Client().post(path, {"password1": PASSWORD, "password2": PASSWORD})
    joined = Membership.objects.get(user__email="nouvelle.recrue@gers.fr")
    assert (joined.territory, joined.role) == (gers, Role.VIEWER)


def test_inviting_a_member_or_an_address_already_invited_is_refused(gers, manager, viewer):
    client = logged_in(manager)
    client.post(team_url(gers), {"email": "nouvelle@gers.fr", "role": Role.VIEWER})
    twice = client.post(team_url(gers), {"email": "NOUVELLE@gers.fr", "role": Role.MANAGER})
    assert "Une invitation à cette adresse est déjà en attente." in twice.content.decode()
    already = client.post(team_url(gers), {"email": "Dominique@gers.fr", "role": Role.MANAGER})
    assert "Cette personne est déjà membre de l&#x27;équipe." in already.content.decode()
    assert Invitation.objects.count() == 1 and len(mail.outbox) == 1


def test_a_lecteur_cannot_invite_nor_remove(gers, manager, viewer):
    client = logged_in(viewer)
    invite = client.post(team_url(gers), {"email": "complice@gers.fr", "role": Role.MANAGER})
    assert invite.status_code == 404
    assert client.post(remove_url(manager)).status_code == 404
    assert not Invitation.objects.exists() and len(mail.outbox) == 0
    assert Membership.objects.filter(pk=manager.pk).exists()
    assert Membership.objects.get(pk=viewer.pk).role == Role.VIEWER


def test_a_manager_removes_a_member_after_confirming(gers, manager, viewer):
    client = logged_in(manager)
    confirm = client.get(remove_url(viewer))
    assert confirm.status_code == 200
    assert "Retirer Dominique Durand (dominique@gers.fr) de l'équipe de Gers" in (
        confirm.content.decode()
    )
    assert Membership.objects.filter(pk=viewer.pk).exists()  # a GET removes nothing
    response = client.post(remove_url(viewer))
    assert response.status_code == 302 and response["Location"] == team_url(gers)
    assert not Membership.objects.filter(pk=viewer.pk).exists()
    event = MembershipEvent.objects.get()
    assert (event.action, event.email, event.role, event.actor) == (
        "removed",
        "dominique@gers.fr",
        Role.VIEWER,
        manager.user,
    )
    assert (
        "Dominique Durand a été retiré de l&#x27;équipe."
        in client.get(team_url(gers)).content.decode()
    )
    # The removed lecteur no longer opens the collectivité's private pages.
    assert logged_in(viewer).get(team_url(gers)).status_code == 404


def test_the_last_manager_cannot_be_removed(gers, manager, viewer):
    client = logged_in(manager)
    refused = client.post(remove_url(manager), follow=True)
    assert "Camille Martin est le dernier gestionnaire" in refused.content.decode()
    assert Membership.objects.filter(pk=manager.pk).exists()
    assert not MembershipEvent.objects.exists()

    second = member(gers, "alex", first_name="Alex")
    assert client.post(remove_url(second)).status_code == 302
    third = member(gers, "sacha")
    leaving = client.post(remove_url(manager))  # with another manager left, one may leave
    assert leaving.status_code == 302 and leaving["Location"] == reverse("users:space")
    assert list(Membership.objects.filter(role=Role.MANAGER)) == [third]


def test_members_of_another_collectivite_are_out_of_reach(gers, manager):
    elsewhere = member(TerritoryFactory(slug="auch"), "voisin", role=Role.VIEWER)
    url = reverse("users:team_remove", kwargs={"slug": "gers", "membership_id": elsewhere.pk})
    assert logged_in(manager).post(url).status_code == 404
    assert Membership.objects.filter(pk=elsewhere.pk).exists()


def test_forms_need_the_csrf_token(gers, manager, viewer):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(manager.user)
    assert browser.post(team_url(gers), {"email": "x@gers.fr", "role": "viewer"}).status_code == 403
    assert browser.post(remove_url(viewer)).status_code == 403
    assert Membership.objects.filter(pk=viewer.pk).exists() and not Invitation.objects.exists()
