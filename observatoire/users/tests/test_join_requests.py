"""A visitor asks to join a collectivité from its public page; staff approve or refuse in the
admin's queue, and every decision is logged with who and when."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from observatoire.territories.tests.factories import DepartementFactory, TerritoryFactory
from observatoire.users import services
from observatoire.users.models import (
    Invitation,
    JoinRequest,
    Membership,
    MembershipEvent,
    Role,
    User,
)

JOIN_LINK = "Vous travaillez pour cette collectivité ? Demander l'accès à son espace"


@pytest.fixture
def staff(db):
    return User.objects.create_superuser("admin", "admin@observatoire.test", "mot-de-passe-admin")


@pytest.fixture
def gers(db):
    return DepartementFactory(name="Gers", slug="gers")


def ask(client, territory, **fields):
    data = {
        "name": "Camille Martin",
        "email": "camille.martin@gers.fr",
        "job_title": "Chargée de communication",
        "message": "Je gère la page Facebook du Département.",
    } | fields
    return client.post(reverse("users:join", kwargs={"slug": territory.slug}), data)


def request_for(territory, email="camille.martin@gers.fr", **fields) -> JoinRequest:
    return services.join_request_create(
        territory=territory, email=email, name="Camille Martin", language="fr", **fields
    )


def test_the_public_page_offers_a_visitor_to_ask_for_access(client, gers):
    html = client.get(gers.get_absolute_url()).content.decode()
    assert JOIN_LINK in html
    assert f'href="{reverse("users:join", kwargs={"slug": "gers"})}"' in html
    # The whole page is cached for anonymous visitors: still the same link the second time.
    assert JOIN_LINK in client.get(gers.get_absolute_url()).content.decode()


def test_the_public_page_leads_members_and_staff_to_the_dashboard(client, gers, staff):
    member = User.objects.create_user("camille", "camille@gers.fr", "un-mot-de-passe-42")
    Membership.objects.create(user=member, territory=gers, role=Role.VIEWER)
    dashboard = f'href="{reverse("dashboard:home", args=["gers"])}"'
    for user in (member, staff):
        client.force_login(user)
        html = client.get(gers.get_absolute_url()).content.decode()
        assert dashboard in html and JOIN_LINK not in html
    stranger = User.objects.create_user("dominique", "dominique@auch.fr", "un-mot-de-passe-42")
    client.force_login(stranger)
    html = client.get(gers.get_absolute_url()).content.decode()
    assert JOIN_LINK in html and dashboard not in html


def test_the_snippet_costs_at_most_one_query(gers, django_assert_max_num_queries):
    user = User.objects.create_user("camille", "camille@gers.fr", "un-mot-de-passe-42")
    Membership.objects.create(user=user, territory=gers)
    TerritoryFactory.create_batch(3)
    request = RequestFactory().get(gers.get_absolute_url())
    request.user = user
    context = {"territory": gers, "user": user, "request": request}
    with django_assert_max_num_queries(1):
        html = render_to_string("users/_territory_access.html", context)
    assert reverse("dashboard:home", args=["gers"]) in html


def test_a_visitor_asks_to_join_and_sees_a_confirmation(client, gers):
    form = client.get(reverse("users:join", kwargs={"slug": "gers"}))
    assert form.status_code == 200
    html = form.content.decode()
    assert "Demander l'accès à l'espace de Gers" in html
    for field in ("name", "email", "job_title", "message"):
        assert f'for="id_{field}"' in html
    response = ask(client, gers, email="Camille.Martin@Gers.fr")
    assert response.status_code == 302
    done = client.get(response["Location"])
    assert "a été transmise à l'équipe de l'Observatoire" in done.content.decode()
    join_request = JoinRequest.objects.get()
    assert join_request.territory == gers
    assert join_request.email == "camille.martin@gers.fr" and join_request.user is None
    assert join_request.status == JoinRequest.Status.PENDING
    assert join_request.job_title == "Chargée de communication"
    event = MembershipEvent.objects.get()
    assert (event.action, event.territory, event.email) == ("requested", gers, join_request.email)


def test_a_second_pending_request_is_refused_with_a_clear_message(client, gers):
    ask(client, gers)
    again = ask(Client(), gers, email="CAMILLE.MARTIN@gers.fr")
    assert again.status_code == 200
    assert "déjà en attente pour cette adresse" in again.content.decode()
    assert JoinRequest.objects.count() == 1
    # Another collectivité, or after a decision, is a new request.
    assert ask(client, TerritoryFactory(slug="auch")).status_code == 302
    JoinRequest.objects.filter(territory=gers).update(status=JoinRequest.Status.REFUSED)
    assert ask(client, gers).status_code == 302
    assert JoinRequest.objects.count() == 3


def test_a_logged_in_visitor_finds_the_form_filled_and_a_member_goes_to_their_space(client, gers):
    camille = User.objects.create_user(
        "camille", "camille@gers.fr", "un-mot-de-passe-42", first_name="Camille"
    )
    client.force_login(camille)
    html = client.get(reverse("users:join", kwargs={"slug": "gers"})).content.decode()
    assert 'value="camille@gers.fr"' in html and 'value="Camille"' in html
    ask(client, gers, email="camille@gers.fr")
    assert JoinRequest.objects.get().user == camille

    Membership.objects.create(user=camille, territory=TerritoryFactory(slug="auch"))
    response = client.get(reverse("users:join", kwargs={"slug": "auch"}))
    assert response.status_code == 302 and response["Location"] == reverse("users:space")


def test_an_unknown_collectivite_is_not_found(client, db):
    assert client.get(reverse("users:join", kwargs={"slug": "nulle-part"})).status_code == 404


def test_the_staff_queue_shows_pending_requests_first_with_the_domain(client, gers, staff):
    auch = TerritoryFactory(name="Auch", slug="auch")
    old = request_for(auch, email="old@gmail.com")
    services.join_request_refuse(join_request=old, decided_by=staff)
    request_for(gers, email="camille@gers.fr")
    request_for(auch, email="dominique@mairie-auch.fr")
    client.force_login(staff)
    changelist = reverse("admin:users_joinrequest_changelist")
    html = client.get(changelist).content.decode()
    assert "gers.fr — Gers" in html and "mairie-auch.fr — Auch" in html
    rows = re.findall(r"([\w.-]+) — (Gers|Auch)</a>", html)
    assert [domain for domain, _name in rows] == ["mairie-auch.fr", "gers.fr", "gmail.com"]
    refused = client.get(changelist, {"status__exact": "refused"}).content.decode()
    assert "gmail.com — Auch" in refused and "gers.fr — Gers" not in refused


def decide(client, action, *join_requests):
    return client.post(
        reverse("admin:users_joinrequest_changelist"),
        {"action": action, "_selected_action": [r.pk for r in join_requests]},
        follow=True,
    )


def test_approving_gives_an_existing_account_read_access_and_tells_them(client, gers, staff):
    camille = User.objects.create_user("camille", "Camille@Gers.fr", "un-mot-de-passe-42")
    join_request = request_for(gers, email="camille@gers.fr")
    client.force_login(staff)
    before = timezone.now()
    response = decide(client, "approve", join_request)
    assert "Demandes acceptées : 1." in response.content.decode()
    membership = Membership.objects.get(user=camille, territory=gers)
    assert membership.role == Role.VIEWER
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.APPROVED
    assert join_request.decided_by == staff and join_request.decided_at >= before
    event = MembershipEvent.objects.get(action="approved")
    assert (event.territory, event.email, event.actor) == (gers, "camille@gers.fr", staff)
    assert event.at >= before
    [message] = mail.outbox
    assert message.to == ["camille@gers.fr"] and "Gers" in message.subject
    assert "http://testserver/compte/espace/" in message.body


def test_approving_someone_without_an_account_invites_them(client, gers, staff):
    join_request = request_for(gers, email="nouvelle@gers.fr")
    JoinRequest.objects.filter(pk=join_request.pk).update(language="en")
    client.force_login(staff)
    decide(client, "approve", join_request)
    invitation = Invitation.objects.get()
    assert invitation.email == "nouvelle@gers.fr" and invitation.role == Role.VIEWER
    assert list(invitation.territories.all()) == [gers] and invitation.language == "en"
    assert invitation.invited_by == staff
    [message] = mail.outbox
    path = re.search(r"https?://testserver(/compte/invitation/\S+/)", message.body).group(1)
    created = Client().post(path, {"password1": "solide-comme-42", "password2": "solide-comme-42"})
    assert created.status_code == 302
    assert Membership.objects.get(territory=gers).user.email == "nouvelle@gers.fr"


def test_refusing_sends_a_polite_email_and_a_decision_is_never_taken_twice(client, gers, staff):
    join_request = request_for(gers, email="curieux@gmail.com")
    client.force_login(staff)
    response = decide(client, "refuse", join_request)
    assert "Demandes refusées : 1." in response.content.decode()
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.REFUSED
    assert join_request.decided_by == staff and join_request.decided_at is not None
    [message] = mail.outbox
    assert message.to == ["curieux@gmail.com"]
    assert "Merci de l'intérêt" in message.body and "Bien cordialement" in message.body
    event = MembershipEvent.objects.get(action="refused")
    assert (event.territory, event.actor) == (gers, staff)

    again = decide(client, "approve", join_request)
    assert "1 demande déjà décidée n&#x27;a pas été modifiée." in again.content.decode()
    join_request.refresh_from_db()
    assert join_request.status == JoinRequest.Status.REFUSED
    assert not Membership.objects.exists() and not Invitation.objects.exists()
    assert MembershipEvent.objects.filter(action__in=["approved", "refused"]).count() == 1
    assert len(mail.outbox) == 1
    # Two staff members deciding at once: the second one's copy is stale, still refused.
    stale = request_for(gers, email="autre@gers.fr")
    services.join_request_approve(
        join_request=JoinRequest.objects.get(pk=stale.pk), decided_by=staff
    )
    with pytest.raises(services.AlreadyDecided):
        services.join_request_refuse(join_request=stale, decided_by=staff)


def test_the_decision_log_is_read_only_and_visible_to_every_staff_member(client, gers):
    request_for(gers)
    colleague = User.objects.create_user(
        "colleague", "colleague@observatoire.test", "un-mot-de-passe-42", is_staff=True
    )
    client.force_login(colleague)
    changelist = reverse("admin:users_membershipevent_changelist")
    html = client.get(changelist).content.decode()
    assert "camille.martin@gers.fr" in html and "Demande d&#x27;accès" in html
    event = MembershipEvent.objects.get()
    assert client.get(reverse("admin:users_membershipevent_add")).status_code == 403
    delete = reverse("admin:users_membershipevent_delete", args=[event.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    change = reverse("admin:users_membershipevent_change", args=[event.pk])
    client.post(change, {"email": "autre@example.org"})
    assert MembershipEvent.objects.get().email == "camille.martin@gers.fr"
    # The queue itself is for staff with the permission to decide.
    queue = client.get(reverse("admin:users_joinrequest_changelist"))
    assert queue.status_code == 403


def test_visitors_cannot_reach_the_queue(client, gers):
    request_for(gers)
    response = client.get(reverse("admin:users_joinrequest_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_one_address_cannot_flood_the_queue(client, gers):
    """The form is open to anonymous visitors: a few requests an hour per client address,
    then a clear refusal (429) and nothing stored; another address is not affected."""
    cache.clear()
    for number in range(5):
        assert ask(client, gers, email=f"personne{number}@example.org").status_code == 302
    refused = ask(client, gers, email="personne9@example.org")
    assert refused.status_code == 429
    assert "réessayez dans une heure" in refused.content.decode()
    assert JoinRequest.objects.count() == 5
    other = Client(REMOTE_ADDR="192.0.2.44")
    assert ask(other, gers, email="autre@example.org").status_code == 302
    assert JoinRequest.objects.count() == 6
