"""RSS and Atom feeds of each ranking: one item per published month with ranked profiles,
newest first, linking to that month's ranking page, with its first three; found from the
rankings page; cached until the next publication."""

import xml.etree.ElementTree as ElementTree
from email.utils import parsedate_to_datetime

import pytest
from django.urls import reverse
from django.utils.html import escape

from observatoire.profiles.models import Profile
from observatoire.rankings.models import RankingEntry

from .dumps_world import dumps_world

ATOM = "{http://www.w3.org/2005/Atom}"
pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return dumps_world(census=False)


def feed(client, kind: str, network: str = "instagram", category: str = "departement"):
    url = reverse(f"opendata_feed:{kind}", kwargs={"network": network, "category": category})
    response = client.get(url)
    assert response.status_code == 200
    return response, ElementTree.fromstring(response.content)


def test_feed_urls(world):
    kwargs = {"network": "instagram", "category": "departement"}
    assert reverse("opendata_feed:rss", kwargs=kwargs) == (
        "/classements/flux/instagram/departement/rss.xml"
    )
    assert reverse("opendata_feed:atom", kwargs=kwargs) == (
        "/classements/flux/instagram/departement/atom.xml"
    )


def test_rss_announces_each_month(client, world):
    response, rss = feed(client, "rss")
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    channel = rss.find("channel")
    assert channel.findtext("title") == "Classement Instagram — Départements"
    assert channel.findtext("description").startswith(
        "Chaque nouveau mois du classement des départements sur Instagram"
    )
    assert channel.findtext("language") == "fr"
    items = channel.findall("item")
    assert [item.findtext("title") for item in items] == [
        "Classement des départements sur Instagram, octobre 2026",
        "Classement des départements sur Instagram, septembre 2026",
        "Classement des départements sur Instagram, août 2026",
    ]
    october = items[0]
    assert october.findtext("link") == (
        "http://testserver/classements/?network=instagram&category=departement&month=2026-10"
    )
    assert october.findtext("guid") == "classement-instagram-departement-2026-10"
    published = parsedate_to_datetime(october.findtext("pubDate"))
    assert published == world.october.published_at.replace(microsecond=0)


def test_an_item_names_the_first_three(client, world):
    _response, rss = feed(client, "rss")
    description = rss.find("channel/item").findtext("description")  # HTML, as readers get it
    leaders = RankingEntry.objects.filter(
        publication=world.october, network="instagram", rank__lte=3
    ).order_by("rank")
    expected = "".join(
        f"<li>{escape(e.territory.name)} (@{e.profile.handle}) — "
        f"{str(e.score).replace('.', ',')}</li>"
        for e in leaders
    )
    assert f"<ol>{expected}</ol>" in description
    assert "Données de démonstration : classements fictifs." in description


def test_names_are_escaped_in_the_description(client, world):
    territory = world.departements[1]
    territory.name = "<b>R&D</b>"
    territory.save()
    RankingEntry.objects.filter(publication=world.october, network="facebook").filter(
        territory=territory
    ).update(rank=1)
    RankingEntry.objects.filter(publication=world.october, network="facebook", rank=1).exclude(
        territory=territory
    ).update(rank=99)
    _response, rss = feed(client, "rss", network="facebook")
    description = rss.find("channel/item").findtext("description")
    assert "<li>&lt;b&gt;R&amp;D&lt;/b&gt; (@" in description and "<b>" not in description


def test_real_data_carries_no_demo_notice(client, world):
    Profile.objects.update(is_demo=False)
    _response, rss = feed(client, "rss")
    assert "démonstration" not in rss.find("channel/item").findtext("description")


def test_atom_announces_each_month(client, world):
    response, atom = feed(client, "atom", network="facebook")
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert atom.findtext(f"{ATOM}title") == "Classement Facebook — Départements"
    entries = atom.findall(f"{ATOM}entry")
    assert entries[0].findtext(f"{ATOM}title") == (
        "Classement des départements sur Facebook, octobre 2026"
    )
    assert (
        entries[0]
        .find(f"{ATOM}link")
        .get("href")
        .endswith("/classements/?network=facebook&category=departement&month=2026-10")
    )
    assert len(entries) == 3


def test_a_ranking_without_ranked_month_has_an_empty_feed(client, world):
    _response, rss = feed(client, "rss", network="tiktok")
    assert rss.findall("channel/item") == []
    _response, rss = feed(client, "rss", category="region")
    assert rss.findall("channel/item") == []


@pytest.mark.parametrize(
    "url",
    [
        "/classements/flux/myspace/departement/rss.xml",
        "/classements/flux/instagram/canton/atom.xml",
    ],
)
def test_an_unknown_ranking_is_not_found(client, world, url):
    assert client.get(url).status_code == 404


def test_cached_until_the_next_publication(client, world):
    _response, rss = feed(client, "rss")
    assert len(rss.findall("channel/item")) == 3
    RankingEntry.objects.filter(publication=world.october, network="instagram").update(
        rank=None, eligible=False, reason="no_posts"
    )
    _response, rss = feed(client, "rss")
    assert len(rss.findall("channel/item")) == 3  # from the cache: nothing was published
    world.october.save()  # published again
    _response, rss = feed(client, "rss")
    assert [item.findtext("title") for item in rss.findall("channel/item")] == [
        "Classement des départements sur Instagram, septembre 2026",
        "Classement des départements sur Instagram, août 2026",
    ]


def test_the_rankings_page_announces_its_feeds(client, world):
    html = client.get(reverse("site:rankings"), {"network": "facebook"}).content.decode()
    head = html.split("</head>", 1)[0]
    assert (
        '<link rel="alternate" type="application/rss+xml" title="Classement Facebook — '
        'Départements (RSS)" href="/classements/flux/facebook/departement/rss.xml">'
    ) in head
    assert 'href="/classements/flux/facebook/departement/atom.xml"' in head
    body = html.split("</head>", 1)[1]
    assert '<a href="/classements/flux/facebook/departement/rss.xml">RSS</a>' in body
    default = client.get(reverse("site:rankings")).content.decode().split("</head>", 1)[0]
    assert 'href="/classements/flux/instagram/departement/rss.xml"' in default
