import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from observatoire.territories.tests.factories import TerritoryFactory
from observatoire.users.models import Membership, User

MAX_FAILURES = settings.AXES_FAILURE_LIMIT
LOCKED = "Trop de tentatives de connexion. Réessayez dans 5 minutes"


@pytest.fixture
def user(db):
    return User.objects.create_user("camille", "camille@example.org", "un-mot-de-passe-solide")


def login(client, password="un-mot-de-passe-solide", username="camille"):
    return client.post(reverse("users:login"), {"username": username, "password": password})


def test_login_leads_to_my_space_with_my_collectivites(client, user):
    mine = TerritoryFactory(name="Quimper")
    TerritoryFactory(name="Brest")
    Membership.objects.create(user=user, territory=mine)
    response = login(client)
    assert response.status_code == 302 and response["Location"] == reverse("users:space")
    html = client.get(reverse("users:space")).content.decode()
    assert "Quimper" in html and "Brest" not in html
    assert "Déconnexion" in client.get("/").content.decode()


def test_logout(client, user):
    login(client)
    response = client.post(reverse("users:logout"))
    assert response.status_code == 302 and response["Location"] == reverse("site:home")
    assert client.get(reverse("users:space")).status_code == 302


def test_my_space_requires_login(client, db):
    response = client.get(reverse("users:space"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("users:login"))


def test_wrong_password_is_refused(client, user):
    response = login(client, password="faux")
    assert response.status_code == 200
    assert "Saisissez un nom d’utilisateur et un mot de passe valides" in response.content.decode()


def test_login_is_locked_after_repeated_failures(client, user):
    for _attempt in range(MAX_FAILURES - 1):
        assert login(client, password="faux").status_code == 200
    assert LOCKED in login(client, password="faux").content.decode()
    response = login(client)  # the right password is refused while locked
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    # The username is locked from every address (a botnet gets no more guesses)…
    assert login(Client(REMOTE_ADDR="10.0.0.9")).status_code == 429
    # …while another person behind another address logs in.
    User.objects.create_user("dominique", password="un-autre-mot-de-passe")
    other = login(Client(REMOTE_ADDR="10.0.0.9"), "un-autre-mot-de-passe", "dominique")
    assert other.status_code == 302


def test_password_reset_by_email(client, user):
    response = client.post(reverse("users:password_reset"), {"email": "camille@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[1]
    form = client.get(path, follow=True)
    assert "Nouveau mot de passe" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "encore-plus-solide-42", "new_password2": "encore-plus-solide-42"},
    )
    assert done.status_code == 302
    assert login(client, password="encore-plus-solide-42").status_code == 302


def test_password_spraying_from_one_address_is_locked(client, user):
    for number in range(MAX_FAILURES):
        login(client, password="123456", username=f"agent{number}")
    response = login(client)  # the right password of yet another account, same address
    assert response.status_code == 429 and LOCKED in response.content.decode()
    assert login(Client(REMOTE_ADDR="10.0.0.9")).status_code == 302


def test_the_admin_login_is_throttled_too(client, db):
    User.objects.create_superuser("admin", "admin@example.org", "un-mot-de-passe-solide")
    url = reverse("admin:login")
    for _attempt in range(MAX_FAILURES):
        client.post(url, {"username": "admin", "password": "faux", "next": "/admin/"})
    response = client.post(url, {"username": "admin", "password": "un-mot-de-passe-solide"})
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302  # not logged in


def test_resetting_the_password_unlocks_the_username(client, user):
    for _attempt in range(MAX_FAILURES):
        login(Client(REMOTE_ADDR="10.0.0.9"), password="faux")
    assert login(client).status_code == 429
    client.post(reverse("users:password_reset"), {"email": "camille@example.org"})
    path = re.search(r"https?://testserver(\S+)", mail.outbox[0].body).group(1)
    form = client.get(path, follow=True)
    new_password = {
        "new_password1": "encore-plus-solide-42",
        "new_password2": "encore-plus-solide-42",
    }
    client.post(form.redirect_chain[-1][0], new_password)
    assert login(client, password="encore-plus-solide-42").status_code == 302
