"""/publications/ — what works among a category's collectivités on a network in a month: the
figures a visitor reads, from the monthly rollups of the group's principal profiles only
(public_world.py works them out)."""

import re
from html import unescape

import pytest
from django.conf import settings
from django.urls import reverse

from .public_world import (
    editorial_keys_forgotten,  # noqa: F401 (an autouse fixture)
    public_world,
)

URL = "/publications/"


@pytest.fixture
def world(db):
    return public_world()


def text_of(html: str) -> str:
    """The page's text as read: tags dropped, spaces collapsed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def table_rows(html: str, table_id: str) -> list[list[str]]:
    """The body rows of a table, each cell's text."""
    table = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    return [
        [text_of(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
    ]


def test_the_url_is_the_one_the_site_links_to():
    assert reverse("editorial:what_works") == URL


def test_the_group_of_the_month_by_default(client, world):
    html = client.get(URL).content.decode()
    page = text_of(html)
    # The latest month already over, départements on Instagram, as the rankings' default.
    assert "Départements sur Instagram — octobre 2026" in page
    assert "Publications analysées 400" in page
    assert "Profils qui ont publié 3 sur 3 profils principaux du groupe" in page
    assert "Publications dont l'engagement est connu 200" in page
    assert "Taux d'engagement moyen du groupe 2,00 %" in page


def test_themes_and_formats_best_first_with_their_index(client, world):
    html = client.get(URL).content.decode()
    assert table_rows(html, "themes-table") == [
        ["Tourisme et attractivité", "140", "35,0 %", "2", "90", "2,78 %", "139"],
        ["Routes et mobilités", "30", "7,5 %", "1", "30", "1,00 %", "50"],
    ]
    assert table_rows(html, "formats-table") == [
        ["Vidéo courte", "40", "10,0 %", "1", "40", "4,50 %", "225"],
        ["Image", "260", "65,0 %", "2", "160", "1,38 %", "69"],
        ["Format non précisé", "100", "25,0 %", "1", "0", "—", "—"],  # unknown, never 0
    ]
    # The same indexes drawn as bars, with the group's mean as a line at 100.
    chart = html.split('aria-labelledby="themes-chart-title"', 1)[1].split("</svg>", 1)[0]
    assert "Tourisme et attractivité" in chart and "139" in chart
    assert "moyenne du groupe = 100" in chart and 'class="bar-reference"' in chart


def test_days_and_hours(client, world):
    html = client.get(URL).content.decode()
    # Friday noon has posts but no known rate: not among the best slots.
    assert [row[0] for row in table_rows(html, "slots-table")] == [
        "Lundi, 9 h – 10 h",
        "Mercredi, 18 h – 19 h",
    ]
    assert table_rows(html, "weekdays-table") == [
        ["Lundi", "250", "62,5 %", "150", "2,33 %", "117"],
        ["Mercredi", "50", "12,5 %", "50", "1,00 %", "50"],
        ["Vendredi", "100", "25,0 %", "0", "—", "—"],
    ]
    assert [row[0] for row in table_rows(html, "hours-table")] == [
        "9 h – 10 h",
        "12 h – 13 h",
        "18 h – 19 h",
    ]


def test_a_region_narrows_the_group(client, world):
    html = client.get(URL, {"region": world.occitanie.slug}).content.decode()
    page = text_of(html)
    assert "Départements sur Instagram — octobre 2026 · Occitanie" in page
    assert "Publications analysées 300" in page
    assert "3 sur" not in page and "2 sur 2 profils principaux du groupe" in page


def test_a_group_whose_rates_are_all_unknown_says_so(client, world):
    page = text_of(client.get(URL, {"region": world.bourgogne.slug}).content.decode())
    assert "Publications analysées 100" in page
    assert "Taux d'engagement moyen du groupe —" in page


def test_another_category_and_network(client, world):
    town = text_of(client.get(URL, {"category": "petite_ville"}).content.decode())
    assert "Petites villes sur Instagram" in town and "Publications analysées 1 000" in town
    facebook = text_of(client.get(URL, {"network": "facebook"}).content.decode())
    assert "Départements sur Facebook" in facebook and "Publications analysées 1 000" in facebook
    empty = text_of(client.get(URL, {"network": "x"}).content.decode())
    assert "Publications analysées 0" in empty
    assert "Aucune publication de ce groupe n'a été analysée pour ce mois." in empty


def test_another_month(client, world):
    page = text_of(client.get(URL, {"month": "2026-09"}).content.decode())
    assert "Départements sur Instagram — septembre 2026" in page
    assert "Publications analysées 80" in page
    html = client.get(URL).content.decode()
    options = re.findall(r'<option value="(\d{4}-\d\d)"', html)
    assert options == ["2026-10", "2026-09"]  # the months with analysed posts, newest first


@pytest.mark.parametrize(
    "query",
    [
        {"month": "2025-01"},  # no analysed post that month
        {"month": "octobre"},
        {"network": "myspace"},
        {"category": "canton"},
        {"region": "atlantide"},
    ],
)
def test_invalid_values_are_redirected_without_them(client, world, query):
    kept = {"category": "departement"} if "network" in query else {"network": "facebook"}
    response = client.get(URL, {**kept, **query})
    assert response.status_code == 302
    assert response.url == f"{URL}?" + "&".join(f"{k}={v}" for k, v in kept.items())


def test_nothing_analysed_yet(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    assert "Aucune publication n'a encore été analysée." in text_of(response.content.decode())


def test_in_english(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(URL).content.decode()
    assert '<html lang="en">' in html
    assert [row[0] for row in table_rows(html, "themes-table")] == [
        "Tourism and attractiveness",
        "Roads and mobility",
    ]
    assert "October 2026" in html


def test_the_lexicon_of_a_theme_stays_text(client, world):
    """Theme names are staff's text: escaped like any other."""
    from observatoire.editorial.models import Theme

    Theme.objects.filter(slug="tourisme").update(name="<script>alert(1)</script>Tourisme")
    html = client.get(URL).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;Tourisme" in html
