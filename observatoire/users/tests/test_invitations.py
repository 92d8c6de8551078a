"""Staff invite a person by e-mail; the link creates the account (or joins the existing one)
with the role, once, before it expires."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from observatoire.territories.tests.factories import DepartementFactory, TerritoryFactory
from observatoire.users import services
from observatoire.users.models import (
    Invitation,
    Membership,
    MembershipEvent,
    Role,
    User,
    token_digest,
)

PASSWORD = "un-mot-de-passe-solide-42"
LINK = re.compile(r"https?://testserver(/compte/invitation/([\w-]+)/)")


@pytest.fixture
def staff(db):
    return User.objects.create_superuser("admin", "admin@observatoire.test", "mot-de-passe-admin")


@pytest.fixture
def gers(db):
    return DepartementFactory(name="Gers", slug="gers")


@pytest.fixture
def auch(db):
    return TerritoryFactory(name="Auch", slug="auch")


def invitation_link(message) -> tuple[str, str]:
    """The path and the token of the link an invitation e-mail carries."""
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1), match.group(2)


def invite(staff, *territories, email="camille.martin@gers.fr", role=Role.MANAGER, language="fr"):
    return services.invitation_send(
        email=email,
        territories=territories,
        role=role,
        language=language,
        invited_by=staff,
        base_url="http://testserver/",
    )


def choose_password(client, path, password=PASSWORD, confirmation=None):
    return client.post(path, {"password1": password, "password2": confirmation or password})


def test_staff_invite_from_the_admin_and_the_link_creates_the_account(client, staff, gers, auch):
    client.force_login(staff)
    add = client.get(reverse("admin:users_invitation_add"))
    assert add.status_code == 200 and 'name="territories"' in add.content.decode()
    response = client.post(
        reverse("admin:users_invitation_add"),
        {
            "email": " Camille.Martin@Gers.FR ",
            "territories": [gers.pk, auch.pk],
            "role": Role.MANAGER,
            "language": "fr",
        },
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.email == "camille.martin@gers.fr"
    assert invitation.invited_by == staff
    assert set(invitation.territories.all()) == {gers, auch}
    remaining = invitation.expires_at - timezone.now()
    assert timedelta(days=6, hours=23) < remaining <= timedelta(days=7)
    events = MembershipEvent.objects.filter(action=MembershipEvent.Action.INVITED)
    assert {(e.territory, e.email, e.role, e.actor) for e in events} == {
        (gers, "camille.martin@gers.fr", Role.MANAGER, staff),
        (auch, "camille.martin@gers.fr", Role.MANAGER, staff),
    }

    [message] = mail.outbox
    assert message.to == ["camille.martin@gers.fr"]
    assert "Invitation" in message.subject
    assert "Auch" in message.body and "Gers" in message.body
    path, token = invitation_link(message)
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and f'href="http://testserver{path}"' in html
    # Only the hash of the token is stored; the token itself is long and random.
    assert len(token) >= 40 and invitation.token_hash == token_digest(token) != token

    visitor = Client()
    form = visitor.get(path)
    assert form.status_code == 200
    assert "Créer mon compte" in form.content.decode()
    assert "camille.martin@gers.fr" in form.content.decode()
    mismatch = choose_password(visitor, path, confirmation="autre-chose-encore-42")
    assert mismatch.status_code == 200 and "Les deux mots de passe" in mismatch.content.decode()
    weak = choose_password(visitor, path, password="12345678")
    assert weak.status_code == 200 and "trop courant" in weak.content.decode()
    assert not User.objects.filter(email="camille.martin@gers.fr").exists()

    done = choose_password(visitor, path)
    assert done.status_code == 302 and done["Location"] == reverse("users:space")
    user = User.objects.get(username="camille.martin@gers.fr")
    assert user.email == "camille.martin@gers.fr" and user.check_password(PASSWORD)
    assert visitor.session["_auth_user_id"] == str(user.pk)  # logged in
    roles = {m.territory: m.role for m in user.memberships.all()}
    assert roles == {gers: Role.MANAGER, auch: Role.MANAGER}
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.accepted_at is not None
    accepted = MembershipEvent.objects.filter(action=MembershipEvent.Action.INVITATION_ACCEPTED)
    assert {(e.territory, e.actor) for e in accepted} == {(gers, user), (auch, user)}
    # The new account logs in with the password chosen.
    login = {"username": "camille.martin@gers.fr", "password": PASSWORD}
    assert Client().post(reverse("users:login"), login).status_code == 302


def test_the_email_is_written_in_the_invitations_language(staff, gers):
    invite(staff, gers, language="en")
    invite(staff, gers, email="dominique@gers.fr", language="fr")
    english, french = mail.outbox
    assert '<html lang="en">' in english.alternatives[0][0]
    assert '<html lang="fr">' in french.alternatives[0][0]


def test_a_link_works_once(client, staff, gers):
    invite(staff, gers)
    path, _token = invitation_link(mail.outbox[0])
    assert choose_password(client, path).status_code == 302
    again = Client()
    page = again.get(path)
    assert page.status_code == 410
    assert "Cette invitation a déjà été utilisée" in page.content.decode()
    resent = choose_password(again, path, password="un-autre-mot-de-passe-99")
    assert resent.status_code == 410
    assert User.objects.filter(email="camille.martin@gers.fr").count() == 1
    assert User.objects.get(email="camille.martin@gers.fr").check_password(PASSWORD)


def test_two_submissions_at_once_accept_the_invitation_once(staff, gers):
    """Both requests loaded the invitation before either accepted it: the second is refused
    by the database, not by what it read."""
    invite(staff, gers)
    first, second = Invitation.objects.get(), Invitation.objects.get()
    services.invitation_accept(invitation=first, password=PASSWORD)
    with pytest.raises(services.InvitationUnavailable):
        services.invitation_accept(invitation=second, password=PASSWORD)
    assert second.accepted_at is not None  # the page then says "already used"
    assert User.objects.count() == 2  # staff and the invitee
    assert Membership.objects.count() == 1
    assert MembershipEvent.objects.filter(action="invitation_accepted").count() == 1


def test_an_expired_link_creates_nothing(client, staff, gers):
    invitation = invite(staff, gers)
    path, _token = invitation_link(mail.outbox[0])
    Invitation.objects.filter(pk=invitation.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    page = client.get(path)
    assert page.status_code == 410
    assert "Cette invitation a expiré" in page.content.decode()
    assert choose_password(client, path).status_code == 410
    assert not User.objects.filter(email="camille.martin@gers.fr").exists()
    assert not Membership.objects.exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


def test_an_unknown_link_is_not_found(client, db):
    page = client.get(reverse("users:invitation_accept", kwargs={"token": "n-importe-quoi"}))
    assert page.status_code == 404
    assert "Ce lien d'invitation est inconnu" in page.content.decode()


def test_an_existing_account_logs_in_then_accepts_without_touching_its_password(
    client, staff, gers, auch
):
    camille = User.objects.create_user("camille", "Camille.Martin@gers.fr", "son-ancien-mot-42")
    Membership.objects.create(user=camille, territory=gers, role=Role.VIEWER)
    invite(staff, gers, auch, email="camille.martin@GERS.fr", role=Role.MANAGER)
    path, _token = invitation_link(mail.outbox[0])

    anonymous = client.get(path)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("users:login"))
    login_page = client.get(anonymous["Location"])
    assert "Un compte existe déjà pour l&#x27;adresse camille.martin@gers.fr" in (
        login_page.content.decode()
    )
    # The link sets no password for an existing account.
    assert choose_password(client, path).status_code == 302
    assert not Membership.objects.filter(territory=auch).exists()

    logged_in = client.post(
        anonymous["Location"],
        {"username": "camille", "password": "son-ancien-mot-42", "next": path},
    )
    assert logged_in["Location"] == path
    confirm = client.get(path)
    assert confirm.status_code == 200
    assert "password1" not in confirm.content.decode()
    accepted = client.post(path)
    assert accepted.status_code == 302 and accepted["Location"] == reverse("users:space")
    roles = {m.territory: m.role for m in camille.memberships.all()}
    assert roles == {gers: Role.MANAGER, auch: Role.MANAGER}  # the higher role wins
    camille.refresh_from_db()
    assert camille.check_password("son-ancien-mot-42")
    assert User.objects.filter(email__iexact="camille.martin@gers.fr").count() == 1


def test_a_lecteur_invitation_never_lowers_a_manager(client, staff, gers):
    camille = User.objects.create_user("camille", "camille.martin@gers.fr", "son-ancien-mot-42")
    Membership.objects.create(user=camille, territory=gers, role=Role.MANAGER)
    invite(staff, gers, role=Role.VIEWER)
    path, _token = invitation_link(mail.outbox[0])
    client.force_login(camille)
    assert client.post(path).status_code == 302
    assert Membership.objects.get(user=camille).role == Role.MANAGER


def test_another_account_cannot_accept_someone_elses_invitation(client, staff, gers):
    User.objects.create_user("camille", "camille.martin@gers.fr", "son-ancien-mot-42")
    intruder = User.objects.create_user("dominique", "dominique@example.org", "autre-mot-42")
    invite(staff, gers)
    path, _token = invitation_link(mail.outbox[0])
    client.force_login(intruder)
    page = client.get(path)
    assert page.status_code == 403
    assert "adressée à un autre compte" in page.content.decode()
    assert client.post(path).status_code == 403
    assert not Membership.objects.exists()
    assert Invitation.objects.get().accepted_at is None


def test_resend_from_the_admin_kills_the_old_link(client, staff, gers):
    invitation = invite(staff, gers)
    old_path, _token = invitation_link(mail.outbox[0])
    client.force_login(staff)
    changelist = reverse("admin:users_invitation_changelist")
    response = client.post(
        changelist, {"action": "resend", "_selected_action": [invitation.pk]}, follow=True
    )
    assert "1 invitation renvoyée." in response.content.decode()
    assert len(mail.outbox) == 2
    new_path, _token = invitation_link(mail.outbox[1])
    assert new_path != old_path
    assert Client().get(old_path).status_code == 404
    invited = MembershipEvent.objects.filter(action="invited", territory=gers, actor=staff)
    assert invited.count() == 2
    assert choose_password(Client(), new_path).status_code == 302

    refused = client.post(
        changelist, {"action": "resend", "_selected_action": [invitation.pk]}, follow=True
    )
    assert "déjà acceptée n&#x27;a pas été renvoyée" in refused.content.decode()
    assert len(mail.outbox) == 2


def test_only_staff_reach_the_invitation_admin(client, gers):
    agent = User.objects.create_user("agent", "agent@gers.fr", "un-mot-de-passe-42")
    client.force_login(agent)
    response = client.get(reverse("admin:users_invitation_add"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_accepting_needs_the_csrf_token(staff, gers):
    invite(staff, gers)
    path, _token = invitation_link(mail.outbox[0])
    browser = Client(enforce_csrf_checks=True)
    assert browser.get(path).status_code == 200
    assert choose_password(browser, path).status_code == 403
    assert not User.objects.filter(email="camille.martin@gers.fr").exists()
