import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from observatoire.territories.tests.factories import TerritoryFactory
from observatoire.users.models import Membership, User
from observatoire.users.throttle import MAX_FAILURES


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


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
    for _attempt in range(MAX_FAILURES):
        login(client, password="faux")
    response = login(client)  # the right password is refused while locked
    assert response.status_code == 200
    assert "Trop de tentatives de connexion" in response.content.decode()
    # Another IP address is not locked out.
    other = client.__class__(REMOTE_ADDR="10.0.0.9")
    assert login(other).status_code == 302


def test_password_reset_by_email(client, user):
    response = client.post(reverse("users:password_reset"), {"email": "camille@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[1]
    form = client.get(path, follow=True)
    assert "Nouveau mot de passe" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": "encore-plus-solide-42",
                                                    "new_password2": "encore-plus-solide-42"})  # fmt: skip
    assert done.status_code == 302
    assert login(client, password="encore-plus-solide-42").status_code == 302
