"""/publications/accessibilite/ — the monthly barometer of the accessibility of posts: the
network × category overview, the chosen group's figures rule by rule and over twelve months,
and the method with every rule's explanation and sources (public_world.py)."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from observatoire.editorial.accessibility.rules import RULES

from .public_world import (
    editorial_keys_forgotten,  # noqa: F401 (an autouse fixture)
    public_world,
)
from .test_public_what_works import table_rows, text_of

URL = "/publications/accessibilite/"


@pytest.fixture
def world(db):
    return public_world()


def test_the_url():
    assert reverse("editorial:barometer") == URL


def test_overview_of_every_network_and_category(client, world):
    html = client.get(URL).content.decode()
    rows = {row[0]: row[1:] for row in table_rows(html, "matrix-table")}
    assert list(rows) == ["Instagram", "Facebook"]  # the networks with posts, usual order
    matrix = html.split('id="matrix-table"')[1].split("</table>")[0]
    headers = re.findall(r'<th scope="col">([^<]+)</th>', matrix)
    assert headers[:3] == ["Réseau", "Régions", "Départements"]
    assert headers[-1] == "Toutes catégories"
    instagram = dict(zip(headers[1:], rows["Instagram"], strict=True))
    assert instagram["Départements"] == "72,9 160 publ."
    assert instagram["Petites villes"] == "10,0 1 000 publ."
    assert instagram["Régions"] == "— aucune publication"
    # Every category together: the départements' 160 posts and the town's 1,000, a mean of
    # (10,200 + 10,000) ÷ (140 + 1,000) scores; the Gers' thematic profile counts nowhere.
    assert instagram["Toutes catégories"] == "17,7 1 160 publ."
    # Cells are tinted by band of score (the legend says which), the chosen group outlined.
    cells = re.findall(r'<td class="num (level-\d)( chosen)?">', matrix)
    assert cells[:3] == [("level-0", ""), ("level-2", " chosen"), ("level-0", "")]
    assert ("level-1", "") in cells  # the small town's 10.0
    assert "moins de 60" in html and "90 et plus" in html
    # A cell leads to its group's detail.
    assert 'href="?network=facebook&amp;category=departement&amp;month=2026-10#detail"' in html


def test_the_chosen_groups_figures(client, world):
    page = text_of(client.get(URL).content.decode())
    assert "Départements sur Instagram — octobre 2026" in page
    assert "Publications analysées 160" in page
    assert "Profils qui ont publié 3 sur 3 profils principaux du groupe" in page
    assert "Score moyen 72,9 sur 100" in page
    # 40 images without an alternative among the 120 whose alternative the network tells.
    assert "Images sans alternative textuelle 33,3 % des 120 images vérifiables" in page
    assert "Publications non vérifiables 12,5 %" in page  # the Nièvre's 10 + the Gers' 10
    assert "Images non vérifiables 29,4 % des 170 images" in page


def test_rule_by_rule(client, world):
    html = client.get(URL).content.decode()
    rows = table_rows(html, "rules-table")
    assert [row[0] for row in rows] == [str(rule.title) for rule in RULES]
    by_rule = {row[0]: row[1:] for row in rows}
    assert by_rule["Image sans alternative textuelle"] == ["40", "25,0 %", "12,5 %"]
    assert by_rule["Hashtag de plusieurs mots sans majuscules"] == ["8", "5,0 %", "0,0 %"]
    assert by_rule["Vidéo sans sous-titres"] == ["0", "0,0 %", "2,5 %"]
    # Each rule links to its explanation and sources in the method.
    for rule in RULES:
        assert f'href="#regle-{rule.code}"' in html
        assert f'id="regle-{rule.code}"' in html
        for source in rule.sources:
            assert f'href="{source.url}"' in html


def test_twelve_months(client, world):
    html = client.get(URL).content.decode()
    assert table_rows(html, "trend-table") == [
        ["septembre 2026", "80", "50,0", "—", "0,0 %"],  # no image: no share, not 0 %
        ["octobre 2026", "160", "72,9", "33,3 %", "12,5 %"],
    ]
    assert 'aria-labelledby="chart-score-title"' in html


def test_a_group_where_nothing_could_be_checked(client, world):
    page = text_of(client.get(URL, {"region": world.bourgogne.slug}).content.decode())
    assert "Départements sur Instagram — octobre 2026 · Bourgogne-Franche-Comté" in page
    assert "Score moyen —" in page
    assert "Images sans alternative textuelle — des 0 images vérifiables" in page
    assert "Publications non vérifiables 100,0 %" in page


def test_a_group_without_posts(client, world):
    response = client.get(URL, {"network": "x"})
    page = text_of(response.content.decode())
    assert "Départements sur X — octobre 2026" in page
    assert "Publications analysées 0" in page and "Score moyen —" in page
    assert 'id="rules-table"' not in response.content.decode()


def test_invalid_values_are_redirected(client, world):
    response = client.get(URL, {"month": "2024-13", "network": "facebook"})
    assert response.status_code == 302
    assert response.url == f"{URL}?network=facebook"


def test_in_english(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(URL).content.decode()
    assert '<html lang="en">' in html and "October 2026" in html
