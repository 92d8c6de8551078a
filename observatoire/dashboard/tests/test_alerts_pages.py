"""The member's alert page (switches and history) and the unsubscribe link of the e-mails."""

import datetime as dt

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from observatoire.dashboard.alerts.emails import UNSUBSCRIBE_SALT, unsubscribe_token
from observatoire.dashboard.alerts.sending import alerts_unreachable_send
from observatoire.dashboard.alerts.services import alerts_unreachable_record
from observatoire.dashboard.models import Alert, AlertDelivery, AlertPreference
from observatoire.profiles.models import Profile
from observatoire.profiles.tests.factories import ProfileFactory
from observatoire.territories.tests.factories import DepartementFactory
from observatoire.users.models import Membership, User

pytestmark = pytest.mark.django_db
URL = "/compte/alertes/"
SWITCHES = ("profile_unreachable", "rank_change", "new_ranking", "monthly_report")


@pytest.fixture(autouse=True)
def site_url(settings):
    """E-mails are built outside any request: their links are on SITE_URL."""
    settings.SITE_URL = "https://observatoire.example.fr"


def member(username, territory, **extra):
    user = User.objects.create_user(username=username, email=f"{username}@exemple.fr", **extra)
    Membership.objects.create(user=user, territory=territory)
    return user


def alert(user, territory, *, number=0, delivery=None):
    return Alert.objects.create(
        user=user,
        territory=territory,
        kind=Alert.Kind.PROFILE_UNREACHABLE,
        key=f"unreachable:{number}:2026-11-03",
        data={
            "profile": number,
            "network": "instagram",
            "handle": f"compte{number}",
            "reason": "private",
            "since": "2026-11-03",
        },
        delivery=delivery,
    )


def switches(user) -> dict:
    preference = AlertPreference.objects.filter(user=user).first() or AlertPreference()
    return {name: getattr(preference, name) for name in SWITCHES}


def test_the_page_needs_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("users:login"))


def test_staff_see_their_own_page(client):
    staff = User.objects.create_user(username="equipe", email="equipe@exemple.fr", is_staff=True)
    client.force_login(staff)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Aucune alerte pour l'instant." in response.content.decode()


def test_a_member_sees_their_alerts_and_emails_never_anyone_elses(client):
    gers, aude = DepartementFactory(name="Gers"), DepartementFactory(name="Aude")
    camille, alex = member("camille", gers), member("alex", aude)
    delivery = AlertDelivery.objects.create(
        user=camille,
        kind=AlertDelivery.Kind.IMMEDIATE,
        key="unreachable:2026-11-04",
        subject="Un profil de votre collectivité est devenu inaccessible (4 novembre 2026)",
        language="fr",
    )
    alert(camille, gers, number=1, delivery=delivery)
    alert(camille, gers, number=2)
    alert(
        alex,
        aude,
        number=3,
        delivery=AlertDelivery.objects.create(
            user=alex,
            kind="digest",
            key="digest:2026-10",
            subject="Récapitulatif d'Alex",
            language="fr",
        ),
    )

    client.force_login(camille)
    page = client.get(URL).content.decode()

    assert "Instagram @compte1 : Profil privé, depuis le 3 novembre 2026" in page
    assert "@compte2" in page and "pas encore envoyée" in page
    assert "devenu inaccessible (4 novembre 2026)" in page  # the e-mail that carried it
    assert "<caption>" in page and '<th scope="col">' in page
    assert "Aude" not in page and "@compte3" not in page and "Récapitulatif d&#x27;Alex" not in page


def test_the_history_is_paginated(client):
    gers = DepartementFactory(name="Gers")
    camille = member("camille", gers)
    for number in range(25):
        alert(camille, gers, number=number)
    client.force_login(camille)

    first = client.get(URL).content.decode()
    second = client.get(URL, {"alertes": 2}).content.decode()

    assert first.count("Instagram @compte") == 20 and "Page 1 sur 2" in first
    assert second.count("Instagram @compte") == 5 and "@compte0 " in second


def test_a_member_switches_alerts_and_sets_the_threshold(client):
    camille = member("camille", DepartementFactory())
    client.force_login(camille)
    page = client.get(URL).content.decode()
    assert '<label for="id_rank_move_threshold">' in page

    response = client.post(
        URL, {"profile_unreachable": "on", "new_ranking": "on", "rank_move_threshold": "12"}
    )

    assert response.status_code == 302
    preference = AlertPreference.objects.get(user=camille)
    assert switches(camille) == {
        "profile_unreachable": True,
        "rank_change": False,
        "new_ranking": True,
        "monthly_report": False,
    }
    assert preference.rank_move_threshold == 12

    response = client.post(URL, {"rank_move_threshold": "0"})
    assert response.status_code == 200 and 'class="field-error"' in response.content.decode()
    assert AlertPreference.objects.get(user=camille).rank_move_threshold == 12


@pytest.fixture
def alerted():
    """Camille received the e-mail about an unreachable profile of the Gers."""
    gers = DepartementFactory(name="Gers")
    camille = member("camille", gers)
    since = timezone.now() - dt.timedelta(minutes=1)
    ProfileFactory(
        territory=gers,
        handle="gers_officiel",
        status=Profile.Status.UNAVAILABLE,
        unavailable_reason=Profile.UnavailableReason.PRIVATE,
        unavailable_since=timezone.localdate(),
    )
    alerts_unreachable_record(since=since, on=timezone.localdate())
    alerts_unreachable_send()
    [message] = mail.outbox
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in message.body
    return camille, link.removeprefix("https://observatoire.example.fr")


def test_the_unsubscribe_link_works_without_login_and_switches_only_that_alert(alerted):
    camille, path = alerted
    anonymous = Client()

    page = anonymous.get(path)
    assert page.status_code == 200
    assert "Me désabonner" in page.content.decode()
    assert switches(camille)["profile_unreachable"] is True  # a GET (link scanners) changes nothing

    done = anonymous.post(path)
    assert done.status_code == 200 and "C'est fait" in done.content.decode()
    assert switches(camille) == {
        "profile_unreachable": False,
        "rank_change": True,
        "new_ranking": True,
        "monthly_report": True,
    }


def test_one_click_unsubscribe_from_a_mail_client_needs_no_csrf_token(alerted):
    camille, path = alerted
    mail_client = Client(enforce_csrf_checks=True)

    response = mail_client.post(
        path, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 200
    assert switches(camille)["profile_unreachable"] is False


def test_the_digest_link_switches_off_the_digest_but_not_the_daily_alerts(client):
    camille = member("camille", DepartementFactory())
    token = unsubscribe_token(user_id=camille.pk, kind="digest")

    client.post(reverse("alerts:unsubscribe", args=[token]))

    assert switches(camille) == {
        "profile_unreachable": True,
        "rank_change": False,
        "new_ranking": False,
        "monthly_report": False,
    }


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),  # signature
        lambda token: token.replace(token.split(":")[0], token.split(":")[0][:-3] + "xyz"),
        lambda token: "n-importe-quoi",
    ],
    ids=["signature", "payload", "garbage"],
)
def test_a_tampered_unsubscribe_link_is_refused(client, alerted, tamper):
    camille, path = alerted
    token = path.rstrip("/").rsplit("/", 1)[1]
    bad = reverse("alerts:unsubscribe", args=[tamper(token)])

    assert client.get(bad).status_code == 400
    response = client.post(bad)

    assert response.status_code == 400
    assert "n'est pas valide" in response.content.decode()
    assert switches(camille)["profile_unreachable"] is True


def test_a_link_signed_with_another_key_is_refused(client):
    """Nobody without the site's secret can make a link for someone else's account."""
    camille = member("camille", DepartementFactory())
    payload = {"user": camille.pk, "kind": "profile_unreachable"}
    forged = signing.dumps(payload, salt=UNSUBSCRIBE_SALT, key="not-the-secret-key")

    response = client.post(reverse("alerts:unsubscribe", args=[forged]))

    assert response.status_code == 400
    assert switches(camille)["profile_unreachable"] is True
