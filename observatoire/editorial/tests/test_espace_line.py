"""The editorial line of a collectivité, network by network (Mon espace › Publications):
what a member reads for a month or the last 3 or 12, which networks, in French and English,
and what a wrong request says."""

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from observatoire.dashboard.tests.worlds import html_table
from observatoire.editorial.tests.espace_world import at, espace_world, post
from observatoire.metrics.models import Post
from observatoire.metrics.services import posts_delete, posts_upsert
from observatoire.profiles.models import Network


@pytest.fixture
def world(db):
    return espace_world()


def page(client, world, **params):
    client.force_login(world.viewer)
    path = reverse("editorial_espace:line", kwargs={"slug": world.territory.slug})
    return client.get(path, params)


def text(response) -> str:
    return re.sub(r"[ \t\r\n]+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_the_networks_side_by_side_say_how_they_differ(client, world):
    response = page(client, world, month="2026-10")
    body = text(response)
    assert "octobre 2026 : 9 publications analysées." in body
    assert (
        "Instagram : 60 % de publications « Tourisme et attractivité » (le thème le plus "
        "fréquent) ; format le plus utilisé : image (80 %) ; ce qui engage le plus : "
        "« Tourisme et attractivité » (3,33 % en moyenne) ; meilleur créneau : mardi, 18 h."
    ) in body
    assert "X : 50 % de publications « Routes et mobilités » (le thème le plus fréquent)" in body
    assert (
        "Le plus grand écart : « Tourisme et attractivité », 60 % des publications sur "
        "Instagram contre 25 % sur X."
    ) in body
    assert "Aucune publication sur la période sur ce réseau : Facebook." in body


def test_themes_and_formats_tables_hold_shares_and_mean_rates_per_network(client, world):
    response = page(client, world, month="2026-10")
    themes = html_table(response.content, "themes-table")
    assert themes[0] == ["", "Instagram", "X"]
    rows = {row[0]: row[1:] for row in themes[2:]}
    # 3 tourism posts of 5 on Instagram: 500, 300, 200 interactions ÷ 10,000 followers
    assert rows["Tourisme et attractivité"] == [
        "60 % (3 publications)",
        "3,33 %",
        "25 % (1 publication)",
        "—",  # the X post's counts are unknown: unknown, never 0
    ]
    assert rows["Routes et mobilités"][2:] == [
        "50 % (2 publications)",
        "1,30 % (peu de publications)",
    ]
    formats = {row[0]: row[1:] for row in html_table(response.content, "formats-table")[2:]}
    assert formats["Vidéo courte"] == [
        "20 % (1 publication)",
        "5,00 % (peu de publications)",
        "—",
        "—",
    ]
    assert formats["Texte"][2] == "50 % (2 publications)"
    slots = html_table(response.content, "slots-instagram")
    assert slots[1] == ["Mardi, 18 h", "3", "3,33 %"]


def test_a_longer_period_adds_up_its_months(client, world):
    response = page(client, world, month="2026-10", span="3")
    body = text(response)
    assert "De août 2026 à octobre 2026 : 11 publications analysées." in body
    assert "Facebook : " in body and "Aucune publication sur la période" not in body
    rows = {row[0]: row[1:] for row in html_table(response.content, "themes-table")[2:]}
    # Facebook, September: 100 interactions ÷ 20,000 followers
    assert rows["Collèges et jeunesse"][2:4] == [
        "50 % (1 publication)",
        "0,50 % (peu de publications)",
    ]


def test_networks_can_be_chosen(client, world):
    response = page(client, world, month="2026-10", network=[Network.X])
    assert html_table(response.content, "themes-table")[0] == ["", "X"]
    assert "Instagram :" not in text(response)


def test_a_wrong_month_is_named_and_the_latest_shown(client, world):
    response = page(client, world, month="2019-13")
    body = text(response)
    assert "La période demandée ne peut pas être affichée" in body
    assert "Mois : Sélectionnez un choix valide." in body
    assert "octobre 2026 : 9 publications analysées." in body


def test_theme_names_follow_the_language(client, world):
    client.force_login(world.viewer)
    path = reverse("editorial_espace:line", kwargs={"slug": world.territory.slug})
    with translation.override("en"):
        response = client.get(path, {"month": "2026-10"}, HTTP_ACCEPT_LANGUAGE="en")
    rows = [row[0] for row in html_table(response.content, "themes-table")[2:]]
    assert "Tourism and attractiveness" in rows


def test_a_collectivite_without_analysed_posts_is_told_so(client, world):
    client.force_login(world.outsider)
    path = reverse("editorial_espace:line", kwargs={"slug": world.other.slug})
    assert "Instagram : " in text(client.get(path))
    posts_delete(posts=Post.objects.filter(profile__territory=world.other))
    body = text(client.get(path))
    assert "Aucune publication analysée pour l'instant" in body
    assert "Instagram : " not in body


def test_the_queries_do_not_grow_with_the_posts(client, world):
    client.force_login(world.viewer)
    path = reverse("editorial_espace:line", kwargs={"slug": world.territory.slug})

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path, {"month": "2026-10", "span": "12"}).status_code == 200
        return len(queries)

    count()  # the session, the user and the cached stamps are read once
    before = count()
    profile = world.profiles[Network.INSTAGRAM]
    posts_upsert(
        rows=[
            post(profile, 100 + n, at(10, 1 + n % 28, 8 + n % 12), f"Randonnée {n}", likes=n)
            for n in range(60)
        ]
    )
    assert count() == before <= 10
