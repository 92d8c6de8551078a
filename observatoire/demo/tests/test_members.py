"""`demo login` brings Mon espace to life: members who can log in and reach their
collectivités' pages, pending requests and corrections in the staff queues; `demo clear`
takes them away and nothing else."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from observatoire.demo.members import DEMO_MEMBER_PASSWORD, demo_members, demo_members_clear
from observatoire.profiles.models import ProfileCorrection
from observatoire.users.models import JoinRequest, Membership, User


@pytest.fixture
def demo(small_registry):
    call_command("demo", "generate", "--scale", "small", "--months", "2", verbosity=0)
    call_command("demo", "rank", verbosity=0)
    return demo_members()


def login(client, username: str) -> None:
    """Through the login page, as a member would (django-axes wants a request)."""
    form = {"username": username, "password": DEMO_MEMBER_PASSWORD}
    assert client.post(reverse("users:login"), form).status_code == 302


def test_members_log_in_and_reach_their_collectivites(demo, client):
    by_name = {member.username: names for member, names in demo}
    assert by_name["demo-gers"] == ["Gers (Gestionnaire)"]
    assert by_name["demo-communes"] == [
        "Auch (Gestionnaire)",
        "Mâcon (Gestionnaire)",
        "Chalon-sur-Saône (Lecteur)",
    ]
    login(client, "demo-gers-lecteur")
    gers = Membership.objects.get(user__username="demo-gers-lecteur").territory
    assert client.get(reverse("dashboard:home", args=[gers.slug])).status_code == 200
    assert client.get(reverse("users:team", args=[gers.slug])).status_code == 404  # a lecteur
    macon = Membership.objects.get(user__username="demo-communes", territory__name="Mâcon")
    assert client.get(reverse("dashboard:home", args=[macon.territory.slug])).status_code == 404
    client.logout()
    login(client, "demo-gers")
    assert client.get(reverse("users:team", args=[gers.slug])).status_code == 200


def test_staff_queues_have_pending_requests_and_corrections(demo):
    pending = JoinRequest.objects.filter(status=JoinRequest.Status.PENDING)
    assert {r.email_domain for r in pending} == {"gers.fr", "gmail.com", "mairie-auch.fr"}
    corrections = ProfileCorrection.objects.filter(status=ProfileCorrection.Status.PENDING)
    kinds = {(c.territory.name, c.kind) for c in corrections}
    assert ("Gers", "missing") in kinds and ("Saône-et-Loire", "renamed") in kinds


def test_running_it_again_resets_and_duplicates_nothing(demo):
    User.objects.filter(username="demo-gers").update(password="")
    counts = (JoinRequest.objects.count(), ProfileCorrection.objects.count())
    demo_members()
    assert (JoinRequest.objects.count(), ProfileCorrection.objects.count()) == counts
    assert User.objects.get(username="demo-gers").check_password(DEMO_MEMBER_PASSWORD)


def test_clear_removes_the_members_and_their_requests_only(demo):
    real = User.objects.create_user("vraie.personne", "vraie@gers.fr")
    counts = demo_members_clear()
    assert counts["members"] == 4 and counts["join_requests"] == 3
    assert list(User.objects.values_list("username", flat=True)) == [real.username]
    assert not ProfileCorrection.objects.exists() and not JoinRequest.objects.exists()
