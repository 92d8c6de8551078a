"""The awards' public pages before and after each announcement, for an anonymous visitor, a
member of a nominated collectivité and staff (with and without the preview); the
collectivité page's block, kept fresh by the site's page cache when the clock passes an
announcement time."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from observatoire.awards.models import Award
from observatoire.awards.tests.factories import edition_make
from observatoire.awards.tests.public_world import (
    HOUR,
    main,
    palmares_world,
    section,
    text_of,
)
from observatoire.site.cache import STAMP_KEY


@pytest.fixture
def world(db):
    return palmares_world()


def visitor(client, world, who: str):
    if who == "member":
        client.force_login(world.member)
    elif who == "staff":
        client.force_login(world.staff)
    return client


def page(client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def edition_url(year: int = 2024) -> str:
    return reverse("awards:edition", kwargs={"year": year})


def category_url(slug: str, year: int = 2024) -> str:
    return reverse("awards:category", kwargs={"year": year, "category": slug})


# --- before any announcement ----------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "member", "staff"])
def test_before_the_announcements_nobody_sees_nominees_or_medals(client, world, who):
    visitor(client, world, who)
    html = page(client, edition_url())
    text = text_of(html)
    # the edition itself is public: theme, calendar, criteria with weights, categories
    assert "#Hashtags 2024" in text and "La communication publique" in text
    assert "Finalité de communication publique" in text
    assert re.search(r"Finalité de communication publique\s+3\s+25 %", text)  # 3 of 12
    assert "Sensibilisation et citoyenneté" in text and "Thématique" in text
    assert "Départements" in text and "TikTok" in text
    for name in ("Gers", "Aude", "Saône-et-Loire", "InfoRoute32", "Hashtag d'or —"):
        assert name not in section(html, "nommes") + section(html, "palmares"), name
    assert "Annonce prévue le" in section(html, "nommes")
    assert "medal-" not in html and "badges/" not in html
    category = text_of(page(client, category_url("sensibilisation-citoyennete")))
    assert "Gers" not in category and "InfoRoute32" not in category


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_the_preview_is_for_staff_only(client, world, who):
    visitor(client, world, who)
    html = main(page(client, edition_url(), apercu="1"))
    assert "Gers" not in text_of(section(html, "nommes"))
    assert "Aperçu" not in html and "apercu=1" not in html
    assert "Gers" not in text_of(page(client, category_url("tiktok"), apercu="1"))


def test_staff_see_the_public_page_and_a_labelled_preview(client, world):
    client.force_login(world.staff)
    public = page(client, edition_url())
    assert "Gers" not in text_of(section(public, "nommes"))
    assert "Voir l'aperçu (réservé à l'équipe)" in text_of(public)

    html = page(client, edition_url(), apercu="1")
    text = text_of(html)
    assert "Aperçu réservé à l'équipe" in text
    nominees = text_of(section(html, "nommes"))
    assert "Aperçu — non annoncé, invisible du public" in nominees
    assert "Gers" in nominees and "Saône-et-Loire" in nominees
    palmares = text_of(section(html, "palmares"))
    assert "Aperçu — non annoncé" in palmares and "Or — Gers" in palmares
    # the preview carries on from page to page
    assert f"{category_url('tiktok')}?apercu=1" in html
    tiktok = text_of(page(client, category_url("tiktok"), apercu="1"))
    assert "Aperçu réservé à l'équipe" in tiktok and "Un premier TikTok" in tiktok


# --- the nominees announced -----------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "member", "staff"])
def test_the_nominees_show_from_their_announcement(client, world, who):
    world.announce(nominations=True)
    visitor(client, world, who)
    html = page(client, edition_url())
    nominees = section(html, "nommes")
    text = text_of(nominees)
    assert "Annonce prévue" not in text and "Aperçu" not in text
    assert f'<a href="{world.gers.get_absolute_url()}">Gers</a>' in nominees
    assert f'<a href="{world.saone.get_absolute_url()}">Saône-et-Loire</a>' in nominees
    assert "InfoRoute32, la page des routes du Gers" in text
    assert "#InfoRoute32" in text and "#LeGers32" in text
    assert "Brouillon" not in html  # the Aude's dossier is a draft: never public
    # not the medals yet
    assert "medal-" not in html and "Or — " not in text_of(section(html, "palmares"))
    assert "Annonce prévue le" in text_of(section(html, "palmares"))


def test_a_category_page_shows_each_dossier_by_audience_with_its_links(client, world):
    world.announce(nominations=True)
    html = page(client, category_url("sensibilisation-citoyennete"))
    text = text_of(html)
    assert "Collectivités admises Toutes" in text
    assert text.index("Adultes") < text.index("InfoRoute32 : l'état des routes")
    assert "du 1 novembre 2023 au 31 mars 2024 · Instagram, Facebook" in text
    assert "Enfants / Jeunes" in text and "Un premier TikTok pour les collégiens" in text
    assert "#InfoRoute32" in text  # stored without its #, shown with it
    assert (
        '<a href="https://www.instagram.com/p/C1a2b3c4d5e/?hl=fr" rel="nofollow noopener">'
        "Instagram · @inforoute32 · publication</a>" in html
    )
    assert "https://www.tiktok.com/@legers32/video/7301234567890123456" in html
    assert "javascript:" not in html  # a link we cannot trust stays text
    assert "Facebook · publication" in text and "TikTok · @legers32 · vidéo" in text
    assert "Nommée sur les données de la période observée, sans dossier public." in text  # Aude
    departements = text_of(page(client, category_url("departements")))
    assert "Collectivités admises Départements" in departements
    assert "Réseaux pris en compte Instagram, Facebook, X, TikTok" in departements


def test_untrusted_names_stay_text(client, world):
    world.announce(nominations=True, results=True)
    category = world.category("tiktok")
    category.name = "<script>alert(1)</script> & co"
    category.save()
    html = page(client, edition_url()) + page(client, category_url("tiktok"))
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html


# --- the palmarès announced -----------------------------------------------------------------


@pytest.mark.parametrize("who", ["anonymous", "member", "staff"])
def test_the_palmares_shows_from_its_announcement(client, world, who):
    world.announce(nominations=True, results=True)
    visitor(client, world, who)
    html = page(client, edition_url())
    palmares = section(html, "palmares")
    text = text_of(palmares)
    order = [
        "Sensibilisation et citoyenneté",
        "Or — Gers",
        "Argent — Aude",
        "TikTok",
        "Bronze — Gers",
        "Hashtag d'or de l'agilité",
        "Hashtag d'or — Saône-et-Loire",
    ]
    assert [text.index(words) for words in order] == sorted(text.index(w) for w in order)
    assert "Départements" not in text  # no medal there
    assert 'class="medal medal-gold"' in palmares
    gold = world.awards["sensibilisation-citoyennete", "Gers"]
    badge = reverse("awards:badge", kwargs={"year": 2024, "award_id": gold.pk})
    assert (
        f'<img class="award-badge" src="{badge}" '
        'alt="#Hashtags 2024 — Or — Sensibilisation et citoyenneté"' in palmares
    )
    assert "Code HTML du badge, à copier sur votre site (Gers)" in text
    assert "Aperçu" not in html


def test_a_category_page_gives_its_medals_once_announced(client, world):
    world.announce(nominations=True)
    before = page(client, category_url("tiktok"))
    assert "Bronze" not in text_of(before) and "badges/" not in before
    world.announce(nominations=True, results=True)
    html = page(client, category_url("tiktok"))
    palmares = section(html, "palmares")
    assert "Bronze — Gers" in text_of(palmares) and "<h3" not in palmares
    bronze = world.awards["tiktok", "Gers"]
    assert reverse("awards:badge", kwargs={"year": 2024, "award_id": bronze.pk}) in palmares


def test_results_scheduled_wait_for_the_jury_to_close(client, db):
    world = palmares_world(closed=False)
    world.announce(nominations=True, results=True)  # the time is past, the jury not done
    palmares = text_of(section(page(client, edition_url()), "palmares"))
    assert "Or — Gers" not in palmares
    world.edition.closed_at = timezone.now()
    world.edition.save()
    assert "Or — Gers" in text_of(section(page(client, edition_url()), "palmares"))


def test_the_list_of_editions_says_where_each_stands(client, world):
    edition_make(year=2020, open_now=False, title="#Hashtags 2020 : la crise")
    html = page(client, reverse("awards:editions"))
    text = text_of(html)
    assert text.index("#Hashtags 2024") < text.index("#Hashtags 2020 : la crise")
    assert f'href="{edition_url()}"' in html
    assert "Candidatures closes ; nommés annoncés le" in text
    assert "Candidatures closes ; sélection en cours" in text  # 2020: nothing scheduled
    world.announce(nominations=True)
    assert "Nommés annoncés ; palmarès le" in text_of(page(client, reverse("awards:editions")))
    world.announce(nominations=True, results=True)
    assert "Palmarès publié" in text_of(page(client, reverse("awards:editions")))


def test_unknown_editions_and_categories_are_not_found(client, world):
    assert client.get(edition_url(1999)).status_code == 404
    assert client.get(category_url("inconnue")).status_code == 404


def test_the_awards_are_in_the_main_navigation_and_pages_hold_no_inline_code(client, world):
    world.announce(nominations=True, results=True)
    home = page(client, reverse("site:home"))
    assert f'<a href="{reverse("awards:editions")}">Trophées</a>' in home
    for url in (reverse("awards:editions"), edition_url(), category_url("tiktok")):
        html = page(client, url)
        assert f'<a href="{reverse("awards:editions")}" aria-current="page">Trophées</a>' in html
        assert "observatoire/awards.css" in html
        assert " style=" not in html and "<style" not in html
        assert not re.search(r"<script(?![^>]*\bsrc=)", html)


def test_english_pages(client, world):
    world.announce(nominations=True, results=True)
    client.cookies["django_language"] = "en"
    html = page(client, edition_url())
    assert '<html lang="en">' in html


# --- the collectivité page ------------------------------------------------------------------


def territory_block(client, territory) -> str:
    html = page(client, territory.get_absolute_url())
    if 'id="awards-title"' not in html:
        return ""
    start = html.index('id="awards-title"')
    return text_of(html[start : html.index("</section>", start)])


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_the_collectivite_page_lists_its_announced_nominations_and_medals(client, world, who):
    visitor(client, world, who)
    assert territory_block(client, world.gers) == ""
    world.announce(nominations=True)
    block = territory_block(client, world.gers)
    assert "#Hashtags 2024 — Sensibilisation et citoyenneté : nommée" in block
    assert "#Hashtags 2024 — TikTok : nommée" in block
    world.announce(nominations=True, results=True)
    block = territory_block(client, world.gers)
    assert "Sensibilisation et citoyenneté : Or" in block and "TikTok : Bronze" in block
    assert "Hashtag d'or" in territory_block(client, world.saone)
    html = page(client, world.gers.get_absolute_url())
    assert f'href="{category_url("tiktok")}"' in html and f'href="{edition_url()}"' in html


def test_staff_get_no_preview_on_the_collectivite_page(client, world):
    client.force_login(world.staff)
    assert territory_block(client, world.gers) == ""


def test_the_cached_collectivite_page_follows_the_clock(client, world, monkeypatch):
    """Anonymous visitors get the page from the cache; when the clock passes the scheduled
    announcement (nothing saved, no signal), the next stamp (STAMP_SECONDS later) shows it."""
    url = world.gers.get_absolute_url()
    assert territory_block(client, world.gers) == ""
    assert territory_block(client, world.gers) == ""  # now from the page cache
    later = timezone.now() + HOUR + dt.timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    cache.delete(STAMP_KEY)  # what STAMP_SECONDS of waiting does
    assert "TikTok : nommée" in territory_block(client, world.gers)
    monkeypatch.setattr(timezone, "now", lambda: later + 2 * HOUR)
    cache.delete(STAMP_KEY)
    assert "TikTok : Bronze" in text_of(page(client, url))


def test_a_medal_changed_after_the_announcement_shows_at_once(client, world):
    world.announce(nominations=True, results=True)
    assert "TikTok : Bronze" in territory_block(client, world.gers)
    award = world.awards["tiktok", "Gers"]
    award.medal = Award.Medal.SILVER
    award.save()  # the signal drops the stamp
    assert "TikTok : Argent" in territory_block(client, world.gers)


def test_the_pages_read_a_bounded_number_of_rows(client, world, django_assert_max_num_queries):
    """Whatever the number of nominees, medals and links: one query per kind of row."""
    world.announce(nominations=True, results=True)
    with django_assert_max_num_queries(7):
        page(client, edition_url())
    with django_assert_max_num_queries(8):
        page(client, category_url("sensibilisation-citoyennete"))
