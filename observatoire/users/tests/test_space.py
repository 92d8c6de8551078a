"""Mon espace: the user's collectivités with their dashboards (and team pages for managers),
and the requests to join one that wait for a decision."""

import pytest
from django.urls import reverse

from observatoire.territories.tests.factories import DepartementFactory, TerritoryFactory
from observatoire.users import services
from observatoire.users.models import Membership, Role, User


@pytest.fixture
def camille(db):
    return User.objects.create_user("camille", "Camille@Gers.fr", "un-mot-de-passe-42")


def test_my_space_lists_my_collectivites_with_their_dashboards(client, camille):
    gers = DepartementFactory(name="Gers", slug="gers")
    auch = TerritoryFactory(name="Auch", slug="auch")
    TerritoryFactory(name="Condom", slug="condom")
    Membership.objects.create(user=camille, territory=gers, role=Role.MANAGER)
    Membership.objects.create(user=camille, territory=auch, role=Role.VIEWER)
    client.force_login(camille)
    html = client.get(reverse("users:space")).content.decode()
    for slug in ("gers", "auch"):
        # Every page of the collectivité's space is one click away.
        for name in ("dashboard:home", "corrections:list", "reports:latest"):
            assert f'href="{reverse(name, args=[slug])}"' in html
    assert f'href="{reverse("alerts:preferences")}"' in html
    assert "Condom" not in html
    # The team page only for the collectivité the user manages.
    assert f'href="{reverse("users:team", args=["gers"])}"' in html
    assert reverse("users:team", args=["auch"]) not in html
    assert html.index("Auch") < html.index("Gers")  # by name


def test_my_space_shows_my_pending_requests(client, camille):
    gers = DepartementFactory(name="Gers", slug="gers")
    refused = TerritoryFactory(name="Condom")
    staff = User.objects.create_superuser("admin", "admin@observatoire.test", "mot-de-passe")
    decided = services.join_request_create(
        territory=refused, email="camille@gers.fr", name="Camille", language="fr"
    )
    services.join_request_refuse(join_request=decided, decided_by=staff)
    # Asked before logging in, from the same address written differently.
    services.join_request_create(
        territory=gers, email="CAMILLE@gers.fr", name="Camille", language="fr"
    )
    services.join_request_create(
        territory=TerritoryFactory(name="Vic-Fezensac"),
        email="quelqu.un@autre.fr",
        name="Autre",
        language="fr",
    )
    client.force_login(camille)
    html = client.get(reverse("users:space")).content.decode()
    assert "Mes demandes d'accès en attente" in html
    assert "Gers" in html
    assert "Condom" not in html and "Vic-Fezensac" not in html
    assert "Votre compte n'est rattaché à aucune collectivité" in html


def test_my_space_requires_login(client, db):
    response = client.get(reverse("users:space"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("users:login"))


def test_a_juror_finds_their_juries_in_my_space(client, camille):
    from observatoire.awards.models import Juror
    from observatoire.awards.tests.factories import edition_make

    edition = edition_make(year=2024)
    edition_make(year=2025)
    Juror.objects.create(edition=edition, user=camille)
    client.force_login(camille)
    html = client.get(reverse("users:space")).content.decode()
    assert f'href="{reverse("jury:edition", args=[2024])}"' in html
    assert reverse("jury:edition", args=[2025]) not in html
