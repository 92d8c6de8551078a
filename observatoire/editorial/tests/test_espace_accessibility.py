"""The accessibility of a collectivité's posts (Mon espace › Publications › Accessibilité):
the month per network and profile, what could not be checked counted apart, 12 months of
evolution, the rules, and the posts to fix first with their fixes — recomputed for those
few posts only."""

import re
from dataclasses import replace
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from observatoire.dashboard.tests.worlds import html_table
from observatoire.editorial.accessibility import RULES_BY_CODE
from observatoire.editorial.espace import accessibility
from observatoire.editorial.models import PostAnalysis
from observatoire.editorial.tests.espace_world import at, espace_world, post
from observatoire.metrics.services import posts_upsert
from observatoire.profiles.models import Network

NO_ALT = {"image_count": 1, "images": ({"alt": ""},)}


@pytest.fixture
def world(db):
    return espace_world()


def page(client, world, **params):
    client.force_login(world.viewer)
    path = reverse("editorial_espace:accessibility", kwargs={"slug": world.territory.slug})
    return client.get(path, params)


def text(response) -> str:
    return re.sub(r"[ \t\r\n]+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def score(external_id: str) -> int:
    return PostAnalysis.objects.get(post__external_id=external_id).score


def decimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def test_the_month_per_network_with_what_could_not_be_checked_apart(client, world):
    table = html_table(page(client, world, month="2026-10").content, "month-table")
    assert table[0] == [
        "Profils",
        "Publications",
        "Score moyen (sur 100)",
        "Avec au moins un défaut",
        "Images sans alternative",
        "Images non vérifiables",
        "Publications non vérifiables",
    ]
    failing = score("gers_instagram-4"), score("gers_x-7")  # an empty alternative each
    assert max(failing) < 100
    rows = {row[0]: row[1:] for row in table[1:]}
    assert rows["Ensemble de la collectivité"] == [
        "9",
        decimal((sum(failing) + 7 * 100) / 9),
        "22 % (2 sur 9)",
        "2 (67 % de 3 vérifiables)",  # the two Instagram images whose alt is not reported
        "2",  # … are neither a pass nor a fail
        "0",
    ]
    assert rows["Instagram"] == [
        "5",
        decimal((failing[0] + 4 * 100) / 5),
        "20 % (1 sur 5)",
        "1 (100 % de 1 vérifiables)",
        "2",
        "0",
    ]
    assert rows["X"][:3] == ["4", decimal((failing[1] + 3 * 100) / 4), "25 % (1 sur 4)"]
    assert "Facebook" not in rows  # no post in October


def test_rules_count_failures_and_unverifiable_checks_per_network(client, world):
    response = page(client, world, month="2026-10")
    table = html_table(response.content, "rules-table")
    assert table[0] == ["", "Ensemble", "Instagram", "X"]
    rows = {row[0]: row[1:] for row in table[2:]}
    image_alt = next(value for key, value in rows.items() if key.startswith("Image sans"))
    assert image_alt == ["2", "2", "1", "2", "1", "0"]
    subtitles = next(value for key, value in rows.items() if key.startswith("Vidéo sans"))
    assert subtitles == ["0", "1", "0", "1", "0", "0"]  # the reel: subtitles not reported
    html = response.content.decode()
    for source in RULES_BY_CODE["image-alt"].sources:
        assert f'href="{source.url}"' in html
    assert f'href="{reverse("editorial:barometer")}#methode"' in html


def test_twelve_months_of_evolution_in_a_chart_and_a_table(client, world):
    response = page(client, world, month="2026-10")
    table = html_table(response.content, "history-table")
    assert len(table) == 1 + 12
    assert table[1][0] == "novembre 2025"
    assert table[1][1:5] == ["—", "—", "—", "—"]  # no post: unknown, never 0
    assert table[-2][:3] == ["septembre 2026", "100,0", "—"]  # Facebook only
    assert table[-1][0] == "octobre 2026"
    assert 'aria-labelledby="history-chart-title"' in response.content.decode()


def test_the_posts_to_fix_first_with_their_fixes(client, world):
    response = page(client, world, month="2026-10")
    body = text(response)
    html = response.content.decode()
    instagram, x = body.index("Restez prudents #Covid19Gers"), body.index("Trafic perturbé")
    assert instagram < x  # the same score, more interactions (100 against 80)
    fix = "Image sans alternative textuelle : Image 1 sur 1"
    assert body.count(fix) == 2
    assert 'href="https://instagram.example/gers_instagram/4"' in html
    assert "Non vérifiable sur ce réseau" not in body.split("Les publications à corriger")[1]


def test_a_link_that_is_not_http_is_not_a_link(client, world):
    profile = world.profiles[Network.X]
    row = post(profile, 70, at(10, 2, 9), "Piège", likes=5000, **NO_ALT)
    posts_upsert(rows=[replace(row, permalink="javascript:alert(1)")])
    response = page(client, world, month="2026-10")
    assert "Piège" in text(response)
    assert "javascript:" not in response.content.decode()


def test_only_the_posts_shown_are_audited_again(client, world, monkeypatch):
    profile = world.profiles[Network.X]
    posts_upsert(
        rows=[
            post(profile, 100 + n, at(10, 1 + n, 9), f"Image {n}", likes=n, **NO_ALT)
            for n in range(25)
        ]
    )
    calls = []
    audit = accessibility.audit
    monkeypatch.setattr(accessibility, "audit", lambda item: calls.append(item) or audit(item))
    response = page(client, world, month="2026-10")
    assert len(calls) == accessibility.TO_FIX == 20
    assert text(response).count("Image sans alternative textuelle : Image 1 sur 1") == 20
    assert "Image 24" in text(response)  # the most interactions first


def test_a_wrong_month_is_named_and_the_latest_shown(client, world):
    body = text(page(client, world, month="octobre"))
    assert "Mois : Sélectionnez un choix valide." in body
    assert "Bilan de octobre 2026" in body


def test_the_queries_do_not_grow_with_the_posts(client, world):
    client.force_login(world.viewer)
    path = reverse("editorial_espace:accessibility", kwargs={"slug": world.territory.slug})

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path, {"month": "2026-10"}).status_code == 200
        return len(queries)

    count()
    before = count()
    profile = world.profiles[Network.INSTAGRAM]
    posts_upsert(
        rows=[post(profile, 300 + n, at(10, 1 + n % 28, 9), "Texte", **NO_ALT) for n in range(40)]
    )
    assert count() == before <= 10
