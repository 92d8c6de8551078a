"""The score simulator: weights move, the collectivité's rank in its category changes, and
nothing published changes; bad weights are refused field by field."""

import html

import pytest
from django.core.cache import cache
from django.urls import reverse

from observatoire.profiles.models import Network
from observatoire.rankings.models import RankingEntry, RankingGroup, RankingPublication

from .worlds import dashboard_world, html_table

KPIS = ("engagement_rate", "reach", "posts_per_day", "followers", "audience_ratio")
PUBLISHED = {
    "engagement_rate": 5,
    "reach": 4,
    "posts_per_day": 3,
    "followers": 2,
    "audience_ratio": 1,
}


@pytest.fixture
def world(db):
    cache.clear()
    return dashboard_world()


def url(world, **query) -> str:
    path = reverse("dashboard:simulator", args=[world.territory.slug])
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def simulate(client, world, **weights) -> str:
    client.force_login(world.viewer)
    response = client.get(url(world, **weights))
    assert response.status_code == 200
    return response.content.decode()


def own_row(content, network=Network.INSTAGRAM) -> list[str]:
    rows = html_table(content, f"simulation-{network}")
    return next(row for row in rows[1:] if row[1].startswith("Gers"))


def hand_rank(world, kpi: str, network=Network.INSTAGRAM) -> int:
    """The Gers' rank when only `kpi` weighs: by its normalised value (score rounded to
    2 decimals, ties sharing the better rank)."""
    entries = RankingEntry.objects.filter(
        publication=world.publications[-1], network=network, eligible=True
    ).select_related("publication")
    scores = {e.territory_id: round(100 * e.kpi(kpi).normalised, 2) for e in entries}
    mine = scores[world.territory.pk]
    return 1 + sum(1 for score in scores.values() if score > mine)


def published_state():
    entries = RankingEntry.objects.order_by("pk").values_list(
        "pk", "rank", "region_rank", "score", "movement", "kpi_data"
    )
    groups = RankingGroup.objects.order_by("pk").values_list("pk", "size", "matrix")
    publications = RankingPublication.objects.order_by("pk").values_list("pk", "published_at")
    return list(entries), list(groups), list(publications)


# --- access ---------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_the_login_page(client, world):
    response = client.get(url(world))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("users:login"))


def test_a_member_of_another_collectivite_gets_404(client, world):
    client.force_login(world.outsider)
    assert client.get(url(world, engagement_rate=50)).status_code == 404


@pytest.mark.parametrize("who", ["manager", "viewer", "staff"])
def test_members_and_staff_simulate(client, world, who):
    client.force_login(getattr(world, who))
    content = html.unescape(client.get(url(world)).content.decode())
    assert "Simulation — ce classement n'est pas publié." in content
    assert html_table(content, "simulation-instagram")


# --- simulation -----------------------------------------------------------------------


def test_with_the_published_weights_the_simulation_gives_the_published_ranks(client, world):
    content = simulate(client, world)
    for network in (Network.INSTAGRAM, Network.FACEBOOK):
        stored = RankingEntry.objects.get(
            territory=world.territory, network=network, publication=world.publications[-1]
        )
        rank, _name, _score, published = own_row(content, network)
        assert rank == published == str(stored.rank)
    assert "Avec les poids publiés, la simulation redonne le classement publié." in html.unescape(
        content
    )


def test_moving_a_weight_moves_the_rank_and_nothing_published_changes(client, world):
    before = published_state()
    moved = 0
    published_rank = RankingEntry.objects.get(
        territory=world.territory, network=Network.INSTAGRAM, publication=world.publications[-1]
    ).rank
    for kpi in KPIS:
        weights = dict.fromkeys(KPIS, 0) | {kpi: 1}
        content = simulate(client, world, **weights)
        rank, name, _score, published = own_row(content)
        assert name == "Gers (votre collectivité)"
        assert int(rank) == hand_rank(world, kpi)
        assert int(published) == published_rank
        suffix = "er" if rank == "1" else "e"
        assert f"rang simulé : <strong>{rank}<sup>{suffix}</sup></strong>" in content
        moved += int(rank) != published_rank
    assert moved  # at least one weighting changes the Gers' rank
    assert published_state() == before


def test_the_top_ten_is_in_the_simulated_order_with_the_collectivite_highlighted(client, world):
    content = simulate(
        client, world, engagement_rate=0, reach=0, posts_per_day=0, followers=1, audience_ratio=0
    )
    rows = html_table(content, "simulation-instagram")[1:]
    assert [int(row[0]) for row in rows] == sorted(int(row[0]) for row in rows)
    followers = {
        e.territory.name: e.kpi("followers").value
        for e in RankingEntry.objects.filter(
            publication=world.publications[-1], network=Network.INSTAGRAM, eligible=True
        ).select_related("publication", "territory")
    }
    names = [row[1].replace(" (votre collectivité)", "") for row in rows]
    assert names == sorted(followers, key=lambda name: -followers[name])
    assert '<tr class="is-self">' in content


def test_an_unranked_network_says_why(client, world):
    content = html.unescape(simulate(client, world, month="2026-07"))
    assert "Non classé ce mois-ci : Aucune publication sur la période" in content
    assert "Simulation pour juillet 2026" in content


# --- bad weights ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, message",
    [
        ("-1", "Assurez-vous que cette valeur est supérieure ou égale à 0."),
        ("abc", "Saisissez un nombre."),
        ("nan", "Saisissez un nombre."),
        ("", "Ce champ est obligatoire."),
    ],
)
def test_a_bad_weight_is_an_error_naming_the_field(client, world, value, message):
    content = html.unescape(simulate(client, world, engagement_rate=value))
    assert f'<a href="#id_engagement_rate">Taux d\'engagement</a> : {message}' in content
    assert not html_table(content, "simulation-instagram")


def test_all_weights_at_zero_is_an_error(client, world):
    content = html.unescape(simulate(client, world, **dict.fromkeys(KPIS, 0)))
    assert (
        "Tous les poids sont à 0 : donnez un poids supérieur à 0 à au moins un indicateur."
        in content
    )
    assert not html_table(content, "simulation-instagram")


def test_the_form_shows_the_published_weights(client, world):
    content = simulate(client, world)
    for name, weight in PUBLISHED.items():
        assert f'name="{name}" value="{weight}"' in content
