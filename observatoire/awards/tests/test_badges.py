"""The embeddable SVG badge of an award: only once the palmarès is announced, well-formed
SVG with its text as title and accessible name, readable colours, nothing active, and the
HTML snippet to copy from the palmarès."""

import re
import xml.etree.ElementTree as ElementTree
from html import unescape

import pytest
from django.urls import reverse

from observatoire.awards.badges import PALETTES
from observatoire.awards.models import Award
from observatoire.awards.tests.public_world import main, palmares_world, section

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def world(db):
    return palmares_world()


def badge_url(award: Award, year: int = 2024) -> str:
    return reverse("awards:badge", kwargs={"year": year, "award_id": award.pk})


def fetch(client, award: Award, **params) -> ElementTree.Element:
    response = client.get(badge_url(award), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    return ElementTree.fromstring(response.content)


def test_no_badge_before_the_palmares_is_announced(client, world):
    gold = world.awards["sensibilisation-citoyennete", "Gers"]
    assert client.get(badge_url(gold)).status_code == 404
    world.announce(nominations=True)
    assert client.get(badge_url(gold)).status_code == 404
    client.force_login(world.member)  # the Gers' own team waits too
    assert client.get(badge_url(gold)).status_code == 404
    assert client.get(badge_url(gold), {"apercu": "1"}).status_code == 404


def test_staff_may_preview_a_badge(client, world):
    gold = world.awards["sensibilisation-citoyennete", "Gers"]
    client.force_login(world.staff)
    assert client.get(badge_url(gold)).status_code == 404
    svg = fetch(client, gold, apercu="1")
    assert svg.find(f"{SVG}title").text == "#Hashtags 2024 — Or — Sensibilisation et citoyenneté"


def test_the_badge_says_edition_medal_and_category(client, world):
    world.announce(nominations=True, results=True)
    gold = world.awards["sensibilisation-citoyennete", "Gers"]
    svg = fetch(client, gold)
    text = "#Hashtags 2024 — Or — Sensibilisation et citoyenneté"
    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "img" and svg.get("aria-label") == text
    assert svg.find(f"{SVG}title").text == text
    assert svg.find(f"{SVG}desc").text == "Lauréat : Gers."
    lines = [t.text for t in svg.iter(f"{SVG}text")]
    assert lines == ["#Hashtags 2024", "Or — Sensibilisation et citoyenneté"]
    special = fetch(client, world.awards["hashtag-or", "Saône-et-Loire"])
    assert special.get("aria-label") == "#Hashtags 2024 — Hashtag d'or — Hashtag d'or de l'agilité"


def test_a_badge_of_another_edition_or_unknown_is_not_found(client, world):
    world.announce(nominations=True, results=True)
    gold = world.awards["sensibilisation-citoyennete", "Gers"]
    assert client.get(badge_url(gold, year=2023)).status_code == 404
    missing = reverse("awards:badge", kwargs={"year": 2024, "award_id": 999_999})
    assert client.get(missing).status_code == 404


def test_a_category_name_with_markup_stays_text(client, world):
    world.announce(nominations=True, results=True)
    category = world.category("tiktok")
    category.name = 'R&D <script>alert("x")</script>'
    category.save()
    svg = fetch(client, world.awards["tiktok", "Gers"])
    assert (
        svg.find(f"{SVG}title").text == '#Hashtags 2024 — Bronze — R&D <script>alert("x")</script>'
    )
    assert not list(svg.iter(f"{SVG}script"))


def test_the_badge_is_safe_under_a_strict_policy(client, world):
    world.announce(nominations=True, results=True)
    for award in world.awards.values():
        svg = fetch(client, award)
        tags = {element.tag.removeprefix(SVG) for element in svg.iter()}
        assert tags <= {"svg", "title", "desc", "rect", "circle", "text"}
        for element in svg.iter():
            for name, value in element.attrib.items():
                assert name != "style" and not name.startswith("on")
                assert "javascript:" not in value and "url(" not in value


def luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_every_medal_colour_reads_with_aa_contrast(client, world):
    world.announce(nominations=True, results=True)
    assert set(PALETTES) == set(Award.Medal.values)
    for award in world.awards.values():
        svg = fetch(client, award)
        background = svg.find(f"{SVG}rect").get("fill")
        for text in svg.iter(f"{SVG}text"):
            assert contrast(text.get("fill"), background) >= 4.5, award.medal


def test_the_palmares_gives_the_snippet_to_copy(client, world):
    world.announce(nominations=True, results=True)
    html = main(client.get(reverse("awards:edition", kwargs={"year": 2024})).content.decode())
    gold = world.awards["sensibilisation-citoyennete", "Gers"]
    found = re.search(
        rf'<textarea id="badge-code-{gold.pk}"[^>]*readonly>(.*?)</textarea>',
        section(html, "palmares"),
        re.S,
    )
    snippet = unescape(found.group(1))  # what the textarea holds, to be copied as is
    category = reverse(
        "awards:category", kwargs={"year": 2024, "category": "sensibilisation-citoyennete"}
    )
    width = re.search(r'width="(\d+)"', snippet).group(1)
    assert snippet == (
        f'<a href="http://testserver{category}"><img src="http://testserver{badge_url(gold)}" '
        f'alt="#Hashtags 2024 — Or — Sensibilisation et citoyenneté" width="{width}" '
        'height="64"></a>'
    )
    assert (
        f'<label for="badge-code-{gold.pk}">Code HTML du badge, à copier sur votre site (Gers)'
        in html
    )


def test_the_snippet_of_a_name_with_markup_stays_escaped_once_copied(client, world):
    world.announce(nominations=True, results=True)
    category = world.category("tiktok")
    category.name = "</textarea><b>R&D</b>"
    category.save()
    html = main(client.get(reverse("awards:edition", kwargs={"year": 2024})).content.decode())
    bronze = world.awards["tiktok", "Gers"]
    found = re.search(rf'<textarea id="badge-code-{bronze.pk}"[^>]*>(.*?)</textarea>', html, re.S)
    snippet = unescape(found.group(1))
    assert 'alt="#Hashtags 2024 — Bronze — &lt;/textarea&gt;&lt;b&gt;R&amp;D&lt;/b&gt;"' in snippet
