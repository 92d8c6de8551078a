"""Every hashtag of a collectivité over a period (Mon espace › Publications › Hashtags): the
figures a member reads, the period and order asked by GET (a wrong one named), the CSV."""

import csv
import datetime as dt
import io
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from observatoire.dashboard.tests.worlds import html_table
from observatoire.editorial import espace_views
from observatoire.editorial.tests.espace_world import at, espace_world, post
from observatoire.metrics.services import posts_upsert
from observatoire.profiles.models import Network
from observatoire.profiles.tests.factories import ProfileFactory

OCTOBER = {"start": "2026-10-01", "end": "2026-10-31"}


@pytest.fixture
def world(db, monkeypatch):
    monkeypatch.setattr(espace_views, "today", lambda: dt.date(2026, 10, 31))
    world = espace_world()
    return world


def get(client, world, name="hashtags", **params):
    client.force_login(world.viewer)
    path = reverse(f"editorial_espace:{name}", kwargs={"slug": world.territory.slug})
    return client.get(path, params)


def rows(response) -> list[list[str]]:
    return html_table(response.content, "hashtags-table")


def text(response) -> str:
    return re.sub(r"[ \t\r\n]+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def test_each_hashtag_with_its_posts_interactions_rate_networks_and_dates(client, world):
    table = rows(get(client, world, **OCTOBER))
    assert table[0] == [
        "Hashtag",
        "Publications ▼",
        "Interactions",
        "Taux d'engagement moyen",
        "Réseaux",
        "Première utilisation",
        "Dernière utilisation",
    ]
    assert table[1:] == [
        # 500 + 300 + 200 on Instagram (÷ 10,000); the X post's counts are unknown
        [
            "#GersLeDepartement de marque",
            "4",
            "1\u00a0000",
            "3,33 %",
            "Instagram, X",
            "6 octobre 2026",
            "20 octobre 2026",
        ],
        # 100 ÷ 10,000 and 60 ÷ 5,000; Saône-et-Loire's use is not the Gers'
        ["#Covid19Gers", "2", "160", "1,10 %", "Instagram, X", "8 octobre 2026", "15 octobre 2026"],
        ["#InfoRoute32", "2", "130", "1,30 %", "X", "5 octobre 2026", "12 octobre 2026"],
    ]
    assert "Du 1 octobre 2026 au 31 octobre 2026 : 3 hashtags, dont 1 hashtag de marque." in text(
        get(client, world, **OCTOBER)
    )


def test_the_default_period_is_the_last_90_days(client, world):
    response = get(client, world)
    assert "Du 3 août 2026 au 31 octobre 2026 : 3 hashtags" in text(response)
    covid = next(row for row in rows(response) if row[0] == "#Covid19Gers")
    assert covid[1:3] == ["3", "200"]  # with the Facebook post of September
    assert covid[4] == "Instagram, Facebook, X"


def test_the_default_period_ends_with_the_latest_month_of_posts(client, world, monkeypatch):
    """Posts that stopped months ago (the demo's end in December 2025) still show at once."""
    monkeypatch.setattr(espace_views, "today", lambda: dt.date(2027, 3, 15))
    response = get(client, world)
    assert "Du 3 août 2026 au 31 octobre 2026 : 3 hashtags" in text(response)


def test_one_network_can_be_chosen(client, world):
    table = rows(get(client, world, network=Network.X, **OCTOBER))
    assert [row[0] for row in table[1:]] == [
        "#InfoRoute32",  # 2 posts, then ties by name
        "#Covid19Gers",
        "#GersLeDepartement de marque",
    ]
    gers = table[3]
    assert gers[1:4] == ["1", "—", "—"]  # one post, counts unknown: unknown, never 0


def test_columns_sort_both_ways_unknown_values_last(client, world):
    by_name = rows(get(client, world, tri="tag", **OCTOBER))
    assert [row[0][:8] for row in by_name[1:]] == ["#Covid19", "#GersLeD", "#InfoRou"]
    assert by_name[0][0] == "Hashtag ▲"
    by_rate = rows(get(client, world, tri="engagement", ordre="asc", **OCTOBER))
    assert [row[3] for row in by_rate[1:]] == ["1,10 %", "1,30 %", "3,33 %"]
    x_only = rows(get(client, world, tri="interactions", network=Network.X, **OCTOBER))
    assert [row[2] for row in x_only[1:]] == ["130", "60", "—"]
    x_only = rows(get(client, world, tri="interactions", ordre="asc", network="x", **OCTOBER))
    assert [row[2] for row in x_only[1:]] == ["60", "130", "—"]


def test_the_header_of_the_current_order_reverses_it(client, world):
    html = get(client, world, tri="posts", **OCTOBER).content.decode()
    assert 'aria-sort="descending"' in html
    assert "tri=posts&amp;ordre=asc" in html  # the link to reverse it
    assert "tri=interactions&amp;ordre=desc" in html  # figures: the largest first
    assert "tri=tag&amp;ordre=asc" in html


def test_a_wrong_period_is_named_and_the_default_one_shown(client, world):
    body = text(get(client, world, start="2026-10-31", end="2026-10-01"))
    assert "Au : La fin (1 octobre 2026) précède le début (31 octobre 2026)." in body
    assert "Du 3 août 2026 au 31 octobre 2026" in body
    body = text(get(client, world, start="2026-02-30", end="2026-03-01", tri="nimporte"))
    assert "Du : Saisissez une date valide." in body
    assert "Du 3 août 2026 au 31 octobre 2026" in body
    body = text(get(client, world, start="1850-01-01", end="2026-03-01"))
    assert "Du : Date hors des années suivies (2000 à 2100)." in body


def test_the_table_is_paged(client, world, monkeypatch):
    monkeypatch.setattr(espace_views, "HASHTAGS_PER_PAGE", 2)
    first = get(client, world, **OCTOBER)
    second = get(client, world, page="2", **OCTOBER)
    assert [row[0][:8] for row in rows(first)[1:]] == ["#GersLeD", "#Covid19"]
    assert [row[0] for row in rows(second)[1:]] == ["#InfoRoute32"]
    assert "Page 2 sur 2" in text(second)


def test_the_csv_reads_back_as_the_page(client, world):
    response = get(client, world, name="hashtags_csv", tri="tag", **OCTOBER)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{world.territory.slug}-hashtags-2026-10-01-2026-10-31.csv"'
    )
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    read = list(csv.reader(io.StringIO(content[1:])))
    assert read[0] == [
        "Hashtag",
        "Hashtag de marque",
        "Publications",
        "Interactions",
        "Taux d'engagement moyen",
        "Réseaux",
        "Première utilisation",
        "Dernière utilisation",
    ]
    assert [row[:6] for row in read[1:]] == [
        ["#Covid19Gers", "non", "2", "160", "1,10 %", "Instagram, X"],
        ["#GersLeDepartement", "oui", "4", "1\u00a0000", "3,33 %", "Instagram, X"],
        ["#InfoRoute32", "non", "2", "130", "1,30 %", "X"],
    ]
    assert read[2][6] == "6 octobre 2026 18:00"  # Paris time


def test_the_csv_says_demo_data_and_refuses_a_wrong_period(client, world):
    ProfileFactory(territory=world.other, network=Network.X, handle="demo", is_demo=True)
    response = get(client, world, name="hashtags_csv", **OCTOBER)
    assert 'filename="demo-' in response["Content-Disposition"]
    assert "Données de démonstration." in text(get(client, world, **OCTOBER))
    wrong = get(client, world, name="hashtags_csv", start="2026-10-31", end="2026-10-01")
    assert wrong.status_code == 400
    assert "La fin (1 octobre 2026) précède le début" in wrong.content.decode()


def test_the_queries_do_not_grow_with_the_posts(client, world):
    client.force_login(world.viewer)
    path = reverse("editorial_espace:hashtags", kwargs={"slug": world.territory.slug})

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path, OCTOBER).status_code == 200
        return len(queries)

    count()
    before = count()
    profile = world.profiles[Network.INSTAGRAM]
    posts_upsert(
        rows=[
            post(
                profile,
                100 + n,
                at(10, 1 + n % 28, 12),
                f"Fête #Tag{n % 7} #GersLeDepartement",
                likes=n,
            )
            for n in range(50)
        ]
    )
    assert count() == before <= 10
