"""The embeddable ranking badges: what they say (rank, unranked, demo), in French unless
?lang=en, readable (AA contrast) and safe SVG, light, cached until the next publication,
and the page listing a territory's badges with the HTML to copy."""

import re
import xml.etree.ElementTree as ElementTree
from html import unescape

import pytest
from django.urls import reverse

from observatoire.awards.tests.test_badges import contrast
from observatoire.opendata import badges
from observatoire.profiles.models import Network
from observatoire.rankings.models import RankingEntry
from observatoire.territories.tests.factories import RegionFactory

from .dumps_world import OCTOBER, dumps_world, unreachable

SVG = "{http://www.w3.org/2000/svg}"
pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return dumps_world(census=False)


def entry_at(world, network: str, rank: int) -> RankingEntry:
    return RankingEntry.objects.select_related("territory").get(
        publication=world.october, network=network, rank=rank
    )


def badge_url(territory, network: str, month: str = "2026-10") -> str:
    kwargs = {"slug": territory.slug, "network": network}
    if month == "latest":
        return reverse("opendata_badge:latest", kwargs=kwargs)
    return reverse("opendata_badge:badge", kwargs=kwargs | {"month": month})


def fetch(client, url: str, **params) -> ElementTree.Element:
    response = client.get(url, params)
    assert response.status_code == 200, url
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert len(response.content) < 2_000  # a few KB at most
    return ElementTree.fromstring(response.content)


def title(svg: ElementTree.Element) -> str:
    text = svg.find(f"{SVG}title").text
    assert svg.get("role") == "img" and svg.get("aria-label") == text
    return text


def test_stable_urls(world):
    gers = world.departements[1]
    assert badge_url(gers, "instagram") == f"/badges/{gers.slug}/instagram/2026-10.svg"
    assert badge_url(gers, "instagram", "latest") == f"/badges/{gers.slug}/instagram/latest.svg"


def test_the_first_is_number_one(client, world):
    first = entry_at(world, Network.INSTAGRAM, 1)
    svg = fetch(client, badge_url(first.territory, "instagram"))
    assert title(svg) == "n°1 des départements sur Instagram — octobre 2026"
    lines = [text.text for text in svg.iter(f"{SVG}text")]
    assert lines == [
        "n°1 des départements sur Instagram",
        "octobre 2026 · Observatoire des collectivités",
    ]
    description = svg.find(f"{SVG}desc").text
    score = f"{first.score:.2f}".replace(".", ",")
    assert description == (
        f"{first.territory.name}, classement mensuel de l'Observatoire des collectivités sur "
        f"les réseaux sociaux : score {score} sur 100."
    )
    assert svg.find(f"{SVG}rect").get("fill") == badges.PODIUM[1].background


def test_the_others_read_their_rank(client, world):
    second = entry_at(world, Network.INSTAGRAM, 2)
    assert title(fetch(client, badge_url(second.territory, "instagram"))) == (
        "2e des départements sur Instagram — octobre 2026"
    )
    fourth = entry_at(world, Network.INSTAGRAM, 4)
    svg = fetch(client, badge_url(fourth.territory, "instagram"))
    assert title(svg) == "4e des départements sur Instagram — octobre 2026"
    assert svg.find(f"{SVG}rect").get("fill") == badges.RANKED.background


def test_ordinals_in_french():
    assert [badges.rank_ordinal(n) for n in (2, 11, 12, 21, 101)] == [
        "2e",
        "11e",
        "12e",
        "21e",
        "101e",
    ]


def test_an_unranked_territory_gets_a_neutral_badge_saying_so(client, world):
    broken = unreachable(world)
    svg = fetch(client, badge_url(broken.territory, "instagram"))
    assert title(svg) == "Non classé parmi les départements sur Instagram — octobre 2026"
    assert svg.find(f"{SVG}desc").text.endswith("sur les réseaux sociaux : profil inaccessible.")
    assert svg.find(f"{SVG}rect").get("fill") == badges.UNRANKED.background
    # Nothing on X at all: the same neutral badge, not a broken image.
    svg = fetch(client, badge_url(broken.territory, "x"))
    assert title(svg) == "Non classé parmi les départements sur X — octobre 2026"
    assert "aucun profil classé sur ce réseau ce mois-ci" in svg.find(f"{SVG}desc").text


def test_the_unranked_wording_agrees_with_the_category(db):
    region = RegionFactory(name="Occitanie")
    badge = badges.ranking_badge(
        territory=region, network=Network.INSTAGRAM, month=OCTOBER, entry=None
    )
    assert badge.text == "Non classée parmi les régions sur Instagram — octobre 2026"


def test_demo_figures_say_so_on_the_badge(client, world):
    demo_territory = world.departements[0]  # its Facebook profile is a demo profile
    svg = fetch(client, badge_url(demo_territory, "facebook"))
    assert title(svg).endswith(" — octobre 2026 (données de démonstration)")
    assert [t.text for t in svg.iter(f"{SVG}text")][1] == (
        "octobre 2026 · démonstration, chiffres fictifs"
    )


def test_latest_is_the_latest_month(client, world):
    first = entry_at(world, Network.FACEBOOK, 1)
    latest = client.get(badge_url(first.territory, "facebook", "latest")).content
    assert latest == client.get(badge_url(first.territory, "facebook")).content
    september = fetch(client, badge_url(first.territory, "facebook", "2026-09"))
    assert " — septembre 2026" in title(september)


def test_french_unless_asked_otherwise(client, world):
    first = entry_at(world, Network.INSTAGRAM, 1)
    url = badge_url(first.territory, "instagram")
    # The visitor's browser does not change an embedded image.
    french = fetch(client, url, HTTP_ACCEPT_LANGUAGE="en")
    assert title(french).endswith("— octobre 2026")
    assert title(fetch(client, url, lang="en")).endswith("— October 2026")
    assert title(fetch(client, url, lang="xx")).endswith("— octobre 2026")


@pytest.mark.parametrize(
    "url",
    [
        "/badges/inconnue/instagram/2026-10.svg",
        "/badges/{slug}/myspace/2026-10.svg",
        "/badges/{slug}/instagram/2026-11.svg",
        "/badges/{slug}/instagram/2026-13.svg",
        "/badges/{slug}/instagram/octobre.svg",
        "/badges/inconnue/",
    ],
)
def test_what_does_not_exist_is_not_found(client, world, url):
    assert client.get(url.format(slug=world.departements[1].slug)).status_code == 404


def test_cached_and_revalidated_until_the_next_publication(client, world):
    first = entry_at(world, Network.INSTAGRAM, 1)
    url = badge_url(first.territory, "instagram")
    response = client.get(url)
    assert response["Cache-Control"] == "public, max-age=3600"
    etag = response["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    # The month is published again with another order: the badge follows at once.
    second = entry_at(world, Network.INSTAGRAM, 2)
    RankingEntry.objects.filter(pk=first.pk).update(rank=2)
    RankingEntry.objects.filter(pk=second.pk).update(rank=1)
    world.october.save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert title(ElementTree.fromstring(changed.content)).startswith("2e des départements")


def test_a_name_with_markup_stays_text(client, world):
    territory = world.departements[1]
    territory.name = 'R&D <script>alert("x")</script>'
    territory.save()
    svg = fetch(client, badge_url(territory, "instagram"))
    assert svg.find(f"{SVG}desc").text.startswith('R&D <script>alert("x")</script>, ')
    assert not list(svg.iter(f"{SVG}script"))


def test_safe_under_a_strict_policy_and_readable(client, world):
    for entry in RankingEntry.objects.filter(publication=world.october).select_related("territory"):
        svg = fetch(client, badge_url(entry.territory, entry.network))
        tags = {element.tag.removeprefix(SVG) for element in svg.iter()}
        assert tags <= {"svg", "title", "desc", "rect", "circle", "text"}
        for element in svg.iter():
            for name, value in element.attrib.items():
                assert name != "style" and not name.startswith("on")
                assert "javascript:" not in value and "url(" not in value
        background = svg.find(f"{SVG}rect").get("fill")
        for text in svg.iter(f"{SVG}text"):
            assert contrast(text.get("fill"), background) >= 4.5


def test_every_palette_reads_with_aa_contrast():
    for palette in [badges.RANKED, badges.UNRANKED, *badges.PODIUM.values()]:
        assert contrast(palette.text, palette.background) >= 4.5


def main(html: str) -> str:
    return html.split('<main id="contenu"', 1)[1].split("</main>", 1)[0]


def test_the_page_lists_the_badges_with_the_html_to_copy(client, world, settings):
    first = entry_at(world, Network.INSTAGRAM, 1)
    territory = first.territory
    response = client.get(reverse("opendata_badge:territory", kwargs={"slug": territory.slug}))
    assert response.status_code == 200
    html = main(response.content.decode())
    assert [h for h in re.findall(r'<h2 id="badge-([a-z]+)">', html)] == ["instagram", "facebook"]
    month = badge_url(territory, "instagram")
    assert f'<img class="award-badge" src="{month}" alt="n°1 des départements sur Instagram' in html
    snippets = {
        name: unescape(value)
        for name, value in re.findall(
            r'<textarea id="badge-([a-z]+-[a-z]+)" [^>]*readonly>(.*?)</textarea>',
            html,
            re.S,
        )
    }
    page = settings.SITE_URL + territory.get_absolute_url()
    latest = settings.SITE_URL + badge_url(territory, "instagram", "latest")
    assert snippets["latest-instagram"] == (
        f'<a href="{page}"><img src="{latest}" alt="Classement de {territory.name} sur '
        'Instagram, Observatoire des collectivités" height="64"></a>'
    )
    width = re.search(r'width="(\d+)"', snippets["month-instagram"]).group(1)
    assert snippets["month-instagram"] == (
        f'<a href="{page}"><img src="{settings.SITE_URL}{month}" alt="n°1 des départements sur '
        f'Instagram — octobre 2026" width="{width}" height="64"></a>'
    )
    assert '<label for="badge-latest-instagram">' in html
    for label in ("octobre 2026", "septembre 2026", "août 2026"):
        assert label in html
    assert 'href="' + badge_url(territory, "instagram", "2026-08") + '"' in html


def test_the_page_in_english_gives_english_badges(client, world):
    territory = world.departements[1]
    client.cookies["django_language"] = "en"
    html = client.get(reverse("opendata_badge:territory", kwargs={"slug": territory.slug}))
    assert badge_url(territory, "instagram") + "?lang=en" in html.content.decode()


def test_a_territory_without_ranking_has_no_badge_yet(client, db):
    region = RegionFactory(name="Occitanie")
    html = client.get(reverse("opendata_badge:territory", kwargs={"slug": region.slug}))
    assert "pas encore de badge" in html.content.decode()


def test_the_territory_page_links_to_its_badges(client, world):
    territory = world.departements[1]
    html = client.get(territory.get_absolute_url()).content.decode()
    url = reverse("opendata_badge:territory", kwargs={"slug": territory.slug})
    assert f'<a href="{url}">Badges de classement à intégrer sur votre site</a>' in html
