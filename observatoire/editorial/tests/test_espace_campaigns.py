"""A collectivité's campaigns (Mon espace › Publications › Campagnes): what the forms say,
what a campaign gathered (its posts on every network, totals, timeline, per network), its
CSV, and how many queries it costs."""

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
from observatoire.editorial import services
from observatoire.editorial.espace import campaigns
from observatoire.editorial.models import Campaign
from observatoire.editorial.tests.espace_world import at, covid_campaign, espace_world, post
from observatoire.metrics.services import posts_upsert
from observatoire.profiles.models import Network


@pytest.fixture
def world(db):
    world = espace_world()
    world.campaign = covid_campaign(world.territory, world.manager)
    return world


def url(world, name: str, **kwargs) -> str:
    return reverse(f"editorial_espace:{name}", kwargs={"slug": world.territory.slug, **kwargs})


def text(response) -> str:
    return re.sub(r"[ \t\r\n]+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def detail(client, world, **params):
    client.force_login(world.viewer)
    return client.get(url(world, "campaign", campaign_id=world.campaign.pk), params)


def test_the_list_shows_each_campaign_with_its_hashtags_as_written(client, world):
    client.force_login(world.viewer)
    table = html_table(client.get(url(world, "campaigns")).content, "campaigns-table")
    assert table[1] == [
        "Covid-19 dans le Gers",
        "#Covid19Gers",
        "1 octobre 2026",
        "31 octobre 2026",
    ]


def test_a_campaign_gathers_its_posts_on_every_network_in_its_period(client, world):
    response = detail(client, world)
    body = text(response)
    # 8 October on Instagram (100 interactions, 1,000 views), 15 October on X (60, views
    # not reported); neither Facebook's post of September nor Saône-et-Loire's
    assert "Publications 2 " in body
    assert "Interactions 160 " in body
    assert "Vues 1\u00a0000 sur 1 publication dont le réseau donne les vues" in body
    assert "Taux d'engagement moyen 1,10 % " in body  # (100/10,000 + 60/5,000) ÷ 2
    assert "Audience potentielle 15\u00a0000 abonnés cumulés des 2 profils qui ont publié" in body
    networks = html_table(response.content, "networks-table")
    assert networks[1:] == [
        ["Instagram", "1", "100", "1\u00a0000", "1,00 %", "10\u00a0000"],
        ["X", "1", "60", "—", "1,20 %", "5\u00a0000"],
    ]
    posts = html_table(response.content, "campaign-posts")
    assert [row[0].split("@gers")[0] for row in posts[1:]] == [
        "Vaccination : nouveaux créneaux #Covid19Gers",
        "Restez prudents #Covid19Gers",
    ]
    assert posts[1][4] == "non communiqué"
    assert 'href="https://instagram.example/gers_instagram/4"' in response.content.decode()


def test_the_timeline_is_a_chart_and_a_table(client, world):
    response = detail(client, world)
    timeline = html_table(response.content, "timeline-table")
    assert timeline[0] == ["Jour", "Publications", "Interactions"]
    assert len(timeline) == 1 + 31  # every day of October, none left out
    days = {row[0]: row[1:] for row in timeline[1:]}
    assert days["8 octobre 2026"] == ["1", "100"]
    assert days["15 octobre 2026"] == ["1", "60"]
    assert days["9 octobre 2026"] == ["0", "0"]
    html = response.content.decode()
    assert html.count('<svg viewBox="0 0 640 240" role="img"') == 2  # posts, interactions
    assert "style=" not in html and "<script>" not in html


def test_a_long_campaign_counts_by_week_and_one_never_reported_says_so(client, world):
    world.campaign.starts_on, world.campaign.ends_on = dt.date(2026, 6, 1), dt.date(2026, 12, 31)
    world.campaign.save()
    posts_upsert(rows=[post(world.profiles[Network.X], 50, at(10, 22, 9), "Rappel #Covid19Gers")])
    response = detail(client, world)
    timeline = html_table(response.content, "timeline-table")
    assert timeline[0][0] == "Semaine du"
    weeks = {row[0]: row[1:] for row in timeline[1:]}
    assert weeks["1 juin 2026"] == ["0", "0"]  # a Monday
    assert weeks["19 octobre 2026"] == ["1", "—"]  # a post whose counts are unknown
    services.campaign_update(
        campaign=world.campaign,
        name=world.campaign.name,
        hashtags=["covid19gers"],
        starts_on=dt.date(2026, 9, 1),
        ends_on=dt.date(2026, 9, 30),
    )
    body = text(detail(client, world))
    assert "Vues non communiqué" in body  # Facebook's post reports no views


def test_a_running_campaign_counts_until_today(client, world, monkeypatch):
    monkeypatch.setattr(campaigns, "today", lambda: dt.date(2026, 10, 10))
    world.campaign.ends_on = None
    world.campaign.save()
    body = text(detail(client, world))
    assert "depuis le 1 octobre 2026 (en cours)" in body
    assert "Publications 1 " in body  # the X post of the 15th is not yet


def test_posts_are_paged(client, world, monkeypatch):
    monkeypatch.setattr(campaigns, "POSTS_PER_PAGE", 1)
    first, second = detail(client, world), detail(client, world, page="2")
    assert "Vaccination" in html_table(first.content, "campaign-posts")[1][0]
    assert "Restez prudents" in html_table(second.content, "campaign-posts")[1][0]
    assert "Page 2 sur 2" in text(second)
    assert (
        "Restez prudents"
        in html_table(detail(client, world, page="99").content, "campaign-posts")[1][0]
    )


def test_the_csv_reads_back_every_post(client, world):
    client.force_login(world.viewer)
    response = client.get(url(world, "campaign_csv", campaign_id=world.campaign.pk))
    read = list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))
    assert read[0][:3] == ["Publication", "Réseau", "Profil"]
    assert [row[:3] for row in read[1:]] == [
        ["Vaccination : nouveaux créneaux #Covid19Gers", "X", "gers_x"],
        ["Restez prudents #Covid19Gers", "Instagram", "gers_instagram"],
    ]
    assert read[2][-1] == "https://instagram.example/gers_instagram/4"


def test_the_csv_neutralises_a_caption_a_spreadsheet_would_run(client, world):
    profile = world.profiles[Network.X]
    posts_upsert(
        rows=[post(profile, 60, at(10, 3, 9), '=HYPERLINK("http://x.invalid") #Covid19Gers')]
    )
    client.force_login(world.viewer)
    response = client.get(url(world, "campaign_csv", campaign_id=world.campaign.pk))
    read = list(csv.reader(io.StringIO(response.content.decode("utf-8").lstrip("\ufeff"))))
    assert read[-1][0] == '\'=HYPERLINK("http://x.invalid") #Covid19Gers'


def test_the_form_suggests_the_branded_hashtags(client, world):
    client.force_login(world.manager)
    html = client.get(url(world, "campaign_create")).content.decode()
    assert 'data-hashtag="#GersLeDepartement"' in html
    assert "(4 publications)" in html
    assert "editorial/suggestions.js" in html


def test_the_form_names_what_is_wrong_and_keeps_what_was_typed(client, world):
    client.force_login(world.manager)
    response = client.post(
        url(world, "campaign_create"),
        {
            "name": "Covid-19 dans le Gers",
            "hashtags": "#Covid-19",
            "starts_on": "2026-10-31",
            "ends_on": "2026-10-01",
        },
    )
    body = text(response)
    assert response.status_code == 200
    assert "La campagne n'a pas été enregistrée" in body
    assert "Nom de la campagne : Une campagne de cette collectivité porte déjà ce nom." in body
    assert (
        "Hashtags : Ce n'est pas un hashtag (lettres, chiffres et _ seulement) : #Covid-19." in body
    )
    assert "Fin : La fin ne peut précéder le début." in body
    assert 'value="#Covid-19"' in response.content.decode()
    assert Campaign.objects.count() == 1
    missing = client.post(url(world, "campaign_create"), {"name": "", "hashtags": ""})
    assert "Début : Ce champ est obligatoire." in text(missing)


def test_the_edit_form_starts_from_the_campaign(client, world):
    client.force_login(world.manager)
    html = client.get(url(world, "campaign_edit", campaign_id=world.campaign.pk)).content.decode()
    assert 'value="Covid-19 dans le Gers"' in html
    assert 'value="#Covid19Gers"' in html
    assert 'value="2026-10-01"' in html and 'value="2026-10-31"' in html


def test_the_queries_do_not_grow_with_the_posts(client, world):
    client.force_login(world.viewer)
    path = url(world, "campaign", campaign_id=world.campaign.pk)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    count()
    before = count()
    rows = [
        post(
            world.profiles[network],
            200 + n,
            at(10, 1 + n % 28, 8 + n % 10),
            "#Covid19Gers",
            likes=n,
        )
        for n in range(40)
        for network in (Network.INSTAGRAM, Network.X, Network.FACEBOOK)
    ]
    posts_upsert(rows=[row for row in rows if row.external_id.endswith(tuple("0123456789"))])
    assert count() == before <= 16
