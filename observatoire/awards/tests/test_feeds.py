"""RSS and Atom: one item per announcement, dated at its time, present only once made."""

import xml.etree.ElementTree as ElementTree
from email.utils import parsedate_to_datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from observatoire.awards.tests.public_world import palmares_world

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def world(db):
    return palmares_world()


def rss_items(client) -> list[ElementTree.Element]:
    response = client.get(reverse("awards:rss"))
    assert response.status_code == 200
    return ElementTree.fromstring(response.content).findall("channel/item")


def atom_entries(client) -> list[ElementTree.Element]:
    response = client.get(reverse("awards:atom"))
    assert response.status_code == 200
    return ElementTree.fromstring(response.content).findall(f"{ATOM}entry")


def test_nothing_in_the_feeds_before_the_announcements(client, world):
    assert rss_items(client) == []
    assert atom_entries(client) == []


def test_the_nominees_item_appears_at_their_announcement(client, world):
    world.announce(nominations=True)
    [item] = rss_items(client)
    assert item.findtext("title") == "#Hashtags 2024 : les nommés"
    assert item.findtext("link") == "http://testserver/trophees/2024/#nommes"
    published = parsedate_to_datetime(item.findtext("pubDate"))
    assert published == world.edition.nominations_announce_at.replace(microsecond=0)
    description = item.findtext("description")
    assert "<li>Sensibilisation et citoyenneté : Aude, Gers</li>" in description
    assert "Hashtag d&#x27;or de l&#x27;agilité : Saône-et-Loire" in description
    assert "Or" not in description.replace("Hashtag d&#x27;or", "")  # no medal yet


def test_the_palmares_item_appears_at_its_announcement(client, world):
    world.announce(nominations=True, results=True)
    items = rss_items(client)
    assert [i.findtext("title") for i in items] == [
        "#Hashtags 2024 : le palmarès",
        "#Hashtags 2024 : les nommés",
    ]
    description = items[0].findtext("description")
    assert "Sensibilisation et citoyenneté : Gers (Or), Aude (Argent)" in description
    assert "Saône-et-Loire (Hashtag d&#x27;or)" in description
    assert "Départements" not in description  # no medal there
    entries = atom_entries(client)
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "#Hashtags 2024 : le palmarès",
        "#Hashtags 2024 : les nommés",
    ]
    assert entries[0].find(f"{ATOM}link").get("href").endswith("/trophees/2024/#palmares")
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == 2


def test_a_palmares_waits_for_the_closing_of_the_jury(client, db):
    world = palmares_world(closed=False)
    world.announce(nominations=True, results=True)
    assert [i.findtext("title") for i in rss_items(client)] == ["#Hashtags 2024 : les nommés"]
    closing = timezone.now()
    world.edition.closed_at = closing
    world.edition.save()
    items = rss_items(client)
    assert items[0].findtext("title") == "#Hashtags 2024 : le palmarès"
    # announced when the jury closed, after its scheduled time
    assert parsedate_to_datetime(items[0].findtext("pubDate")) == closing.replace(microsecond=0)


def test_names_are_escaped_in_the_descriptions(client, world):
    world.announce(nominations=True)
    category = world.category("tiktok")
    category.name = "<script>alert(1)</script>"
    category.save()
    [item] = rss_items(client)
    description = item.findtext("description")
    assert "<script>" not in description and "&lt;script&gt;alert(1)" in description


def test_the_awards_pages_announce_their_feeds(client, world):
    for url in (reverse("awards:editions"), reverse("awards:edition", kwargs={"year": 2024})):
        html = client.get(url).content.decode()
        assert '<link rel="alternate" type="application/rss+xml"' in html
        assert (
            f'href="{reverse("awards:rss")}"' in html and f'href="{reverse("awards:atom")}"' in html
        )
