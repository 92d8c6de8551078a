"""The peers page: a manager searches collectivités, adds, removes and reorders up to five,
or goes back to the default; nobody else may."""

import html

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.urls import reverse

from observatoire.territories.models import Category
from observatoire.territories.tests.factories import TerritoryFactory

from ..models import PeerChoice
from ..services import peers_set
from .worlds import dashboard_world, html_table


@pytest.fixture
def world(db):
    cache.clear()
    return dashboard_world()


def url(world, **query) -> str:
    path = reverse("dashboard:peers", args=[world.territory.slug])
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def by_name(world, name):
    return next(t for t in world.departements if t.name == name)


def chosen(world) -> list[str]:
    return [
        c.peer.name
        for c in PeerChoice.objects.filter(territory=world.territory).order_by("position")
    ]


def shown(client, world) -> list[str]:
    rows = html_table(client.get(url(world)).content, "current-list")
    return [row[1] for row in rows[1:]]


def post(client, world, action, peer=None):
    data = {"action": action} | ({"peer": peer.pk} if peer else {})
    response = client.post(url(world), data, follow=True)
    assert response.status_code == 200
    return html.unescape(response.content.decode())  # the messages, as read


# --- access ---------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client, world):
    for response in (client.get(url(world)), client.post(url(world), {"action": "reset"})):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("users:login"))


@pytest.mark.parametrize("who", ["viewer", "outsider"])
def test_a_lecteur_or_a_stranger_gets_404_and_changes_nothing(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(url(world)).status_code == 404
    saone = by_name(world, "Saône-et-Loire")
    assert client.post(url(world), {"action": "add", "peer": saone.pk}).status_code == 404
    assert chosen(world) == []


@pytest.mark.parametrize("who", ["manager", "staff"])
def test_managers_and_staff_open_the_page(client, world, who):
    client.force_login(getattr(world, who))
    response = client.get(url(world))
    assert response.status_code == 200
    assert "Liste par défaut" in response.content.decode()
    assert len(shown(client, world)) == 5


# --- search ---------------------------------------------------------------------------


def test_search_finds_by_name_same_category_first_never_itself(client, world):
    TerritoryFactory(name="Audenge", category=Category.PETITE_VILLE)
    client.force_login(world.manager)
    rows = html_table(client.get(url(world, q="aude")).content, "search-results")
    assert [row[0] for row in rows[1:]] == ["Aude", "Audenge"]
    assert rows[1][1] == "Départements" and rows[2][1] == "Petites villes"
    rows = html_table(client.get(url(world, q="Gers")).content, "search-results")
    assert rows == []
    assert (
        "Aucune collectivité trouvée pour « Gers »"
        in client.get(url(world, q="Gers")).content.decode()
    )


def test_a_result_already_in_the_list_says_so(client, world):
    client.force_login(world.manager)
    first = shown(client, world)[0]
    rows = html_table(client.get(url(world, q=first)).content, "search-results")
    assert rows[1][:3] == [first, "Départements", "déjà dans la liste"]


# --- changes --------------------------------------------------------------------------


def test_add_remove_reorder_and_reset(client, world):
    client.force_login(world.manager)
    default = shown(client, world)
    saone = by_name(world, "Saône-et-Loire")
    # the default list is full: a sixth is refused with a clear message
    content = post(client, world, "add", saone)
    assert "5 collectivités comparées au plus" in content
    assert chosen(world) == []
    # removing one keeps the others, now chosen
    post(client, world, "remove", by_name(world, default[0]))
    assert chosen(world) == default[1:]
    content = post(client, world, "add", saone)
    assert "Saône-et-Loire ajoutée aux collectivités comparées." in content
    assert chosen(world) == [*default[1:], "Saône-et-Loire"]
    assert shown(client, world) == chosen(world)
    post(client, world, "up", saone)
    assert chosen(world)[3:] == ["Saône-et-Loire", default[4]]
    post(client, world, "down", by_name(world, default[1]))
    assert chosen(world)[:2] == [default[2], default[1]]
    assert PeerChoice.objects.filter(chosen_by=world.manager).count() == 5
    # the dashboard follows, in that order
    dashboard = client.get(reverse("dashboard:home", args=[world.territory.slug])).content
    assert html_table(dashboard, "instagram-score-table")[0][3:] == chosen(world)
    # a sixth is refused, and so is the collectivité itself
    content = post(client, world, "add", by_name(world, default[0]))
    assert (
        "5 collectivités comparées au plus : retirez-en une avant d'en ajouter une autre."
        in content
    )
    post(client, world, "remove", saone)
    content = post(client, world, "add", world.territory)
    assert "Une collectivité ne peut pas être comparée à elle-même." in content
    assert len(chosen(world)) == 4
    # back to the default
    content = post(client, world, "reset")
    assert "Retour aux collectivités comparées par défaut." in content
    assert chosen(world) == [] and shown(client, world) == default


def test_an_unknown_collectivite_or_action_is_refused(client, world):
    client.force_login(world.manager)
    assert "Collectivité introuvable." in post(client, world, "add", type("T", (), {"pk": 10**9}))
    content = client.post(url(world), {"action": "explode"}, follow=True).content.decode()
    assert "Action inconnue." in content
    assert chosen(world) == []


def test_peers_set_refuses_more_than_five_a_duplicate_and_itself(world):
    others = world.departements[1:8]
    with pytest.raises(ValidationError, match="5 collectivités comparées au plus"):
        peers_set(territory=world.territory, peers=others[:6], chosen_by=world.manager)
    with pytest.raises(ValidationError, match="déjà parmi"):
        peers_set(territory=world.territory, peers=[others[0], others[0]], chosen_by=None)
    with pytest.raises(ValidationError, match="elle-même"):
        peers_set(territory=world.territory, peers=[world.territory], chosen_by=None)
    assert chosen(world) == []
    peers_set(territory=world.territory, peers=others[:5], chosen_by=world.manager)
    assert chosen(world) == [t.name for t in others[:5]]
