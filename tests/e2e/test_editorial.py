"""What works in a post and the accessibility barometer in a real browser: a visitor reads the
public pages (filters, links between them, a cell of the overview, a rule's explanation, the
English version); the Gers' gestionnaire goes through Mon espace › Publications and creates a
campaign from its branded hashtags; an axe-core audit of every page, the Content-Security-
Policy (the fixtures fail on any violation) and the phone width."""

import datetime as dt
import importlib

import pytest

from .conftest import screenshot, watch_csp
from .test_espace import AXE_RUN, log_in, texts

pytestmark = pytest.mark.browser

PUBLIC = (
    "/publications/",
    "/publications/?network=x&month=2026-09",
    "/publications/?network=instagram&category=departement&region=occitanie",
    "/publications/accessibilite/",
    "/publications/accessibilite/?network=x",
    "/publications/accessibilite/?network=linkedin",  # a group without posts
)
SPACE = (
    "/espace/{slug}/publications/",
    "/espace/{slug}/publications/hashtags/",
    "/espace/{slug}/publications/campagnes/",
    "/espace/{slug}/publications/campagnes/nouvelle/",
    "/espace/{slug}/publications/campagnes/{campaign}/",
    "/espace/{slug}/publications/accessibilite/",
)
TEXTS = (  # Saône-et-Loire's October on Instagram, for indexes and bars to draw
    ("Randonnée et patrimoine en Bresse", "reel"),
    ("Travaux sur la route départementale 906", "image"),
    ("Exposition au musée Nicéphore-Niépce", "carousel"),
    ("Les collégiens au conseil départemental des jeunes", "image"),
)


@pytest.fixture
def world(transactional_db):
    """Mon espace › Publications' world (editorial/tests/espace_world.py), its #Covid19Gers
    campaign, and eighty more Saône-et-Loire posts, in a database the live server reads."""
    from django.apps import apps
    from django.core.cache import cache

    from observatoire.editorial.models import Theme
    from observatoire.editorial.tests.espace_world import PARIS, covid_campaign, espace_world
    from observatoire.metrics.services import PostRow, posts_upsert
    from observatoire.profiles.models import Profile

    # The default lexicon comes from a data migration, which the flush after an earlier
    # transactional test removed: put it back as `migrate` leaves it.
    if not Theme.objects.exists():
        importlib.import_module("observatoire.editorial.migrations.0002_default_lexicon").load(
            apps, None
        )
    cache.clear()
    world = espace_world()
    saone = Profile.objects.get(territory=world.other, network="instagram")
    posts_upsert(
        rows=[
            PostRow(
                profile_id=saone.pk,
                external_id=f"saone-octobre-{number}",
                published_at=dt.datetime(2026, 10, 1 + number % 28, 8 + number % 12, tzinfo=PARIS),
                text=TEXTS[number % 4][0],
                media_type=TEXTS[number % 4][1],
                likes=100 + 37 * (number % 7) * (1 + number % 4),
                comments=number % 5,
                image_count=1,
                images=({"alt": "Une photo" if number % 3 else ""},),
            )
            for number in range(80)
        ]
    )
    world.campaign = covid_campaign(world.territory, world.manager)
    yield world
    cache.clear()


def test_a_visitor_reads_what_works_and_the_barometer(page, world):
    page.goto(page.base + "/")
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Publications"
    ).click()
    assert page.locator("h1").inner_text() == "Ce qui marche dans les publications"
    # Départements on Instagram in October 2026, the latest month over: the Gers' 5 posts and
    # Saône-et-Loire's 81, themes and formats best first, with bars and tables.
    assert page.locator("#group-title").inner_text() == "Départements sur Instagram — octobre 2026"
    assert "86" in page.locator("dl.facts").inner_text()
    themes = texts(page.locator("#themes-table tbody th"))
    assert "Tourisme et attractivité" in themes and "Routes et mobilités" in themes
    assert page.locator("#themes-chart-title").count() == 1
    assert texts(page.locator("#formats-table tbody th"))[0] in (
        "Vidéo courte",
        "Carrousel",
        "Image",
    )
    screenshot(page, "editorial-what-works")

    # Another network with the filters: X, whose posts are the Gers' only.
    page.select_option("#id_network", "x")
    page.get_by_role("button", name="Afficher").click()
    assert "network=x" in page.url
    assert page.locator("#group-title").inner_text() == "Départements sur X — octobre 2026"

    # To the barometer of the same group, then a cell of the overview.
    page.get_by_role("link", name="L'accessibilité de ces publications").click()
    assert page.locator("h1").inner_text() == "Baromètre de l'accessibilité des publications"
    assert page.locator("#detail-title").inner_text() == "Départements sur X — octobre 2026"
    matrix = page.locator("#matrix-table")
    assert texts(matrix.locator("tbody th")) == ["Instagram", "X"]
    matrix.locator("tbody tr").first.locator("td a").nth(0).click()  # Instagram × Départements
    assert "network=instagram" in page.url and "category=departement" in page.url
    assert page.locator("#detail-title").inner_text().startswith("Départements sur Instagram")
    assert page.locator("#matrix-table td.chosen a").get_attribute("aria-current") == "true"
    rules = page.locator("#rules-table tbody tr")
    assert rules.count() == 8
    assert rules.first.locator("th").inner_text() == "Image sans alternative textuelle"
    screenshot(page, "editorial-barometer")

    # A rule's explanation and sources, further down the page.
    rules.first.get_by_role("link").click()
    assert page.url.endswith("#regle-image-alt")
    rule = page.locator("#regle-image-alt")
    assert rule.is_visible() and rule.inner_text() == "Image sans alternative textuelle"
    method = page.locator("#methode")
    assert method.get_by_role("link", name="RGAA 4.1, critère 1.1").count() == 1

    # In English.
    page.select_option("#lang-select", "en")
    page.get_by_role("button", name="Changer").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert "October 2026" in page.locator("#detail-title").inner_text()


def test_the_gestionnaire_goes_through_mon_espace_publications(page, world):
    gers = world.territory
    log_in(page, world.manager, world.password)
    page.get_by_role("link", name=gers.name, exact=True).click()
    page.get_by_role("link", name="Publications", exact=True).last.click()
    assert page.locator("h1").inner_text() == f"Ligne éditoriale — {gers.name}"
    publications = page.get_by_role("navigation", name="Publications", exact=True)
    for name, heading in (
        ("Hashtags", "Hashtags"),
        ("Accessibilité", "Accessibilité des publications"),
        ("Campagnes", "Campagnes"),
    ):
        publications.get_by_role("link", name=name).click()
        assert page.locator("h1").inner_text() == f"{heading} — {gers.name}"
    page.get_by_role("link", name="Covid-19 dans le Gers").click()
    assert "Covid-19 dans le Gers" in page.locator("main").inner_text()

    # A campaign of its branded hashtag, added to the field by the suggestion's button.
    page.goto(f"{page.base}/espace/{gers.slug}/publications/campagnes/nouvelle/")
    page.get_by_label("Nom de la campagne").fill("Le Gers, le département")
    page.get_by_role("button", name="Ajouter au champ Hashtags : #GersLeDepartement").click()
    assert page.get_by_role("textbox", name="Hashtags").input_value() == "#GersLeDepartement"
    page.get_by_label("Début").fill("2026-10-01")
    page.get_by_role("button", name="Créer la campagne").click()
    assert "Campagne créée." in page.locator(".messages").inner_text()
    assert "Le Gers, le département" in page.locator("main").inner_text()


def audit(page, url: str) -> list[str]:
    """The serious and critical axe-core violations of the page at `url`."""
    response = page.goto(page.base + url)
    assert response.status == 200, url
    result = page.evaluate(AXE_RUN)
    assert result["passes"], f"axe-core did not run on {url}"
    return [
        f"{url}: {v['id']} ({v['impact']}) {[node['target'] for node in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_no_serious_accessibility_violation(axe, world):
    problems = []
    for url in PUBLIC:  # as a visitor
        problems += audit(axe, url)
    log_in(axe, world.manager, world.password)
    slug, campaign = world.territory.slug, world.campaign.pk
    for url in (*SPACE, *PUBLIC[:1], PUBLIC[3]):
        problems += audit(axe, url.format(slug=slug, campaign=campaign))
    # A campaign form sent with errors: the messages are tied to their fields.
    axe.goto(f"{axe.base}/espace/{slug}/publications/campagnes/nouvelle/")
    axe.get_by_role("button", name="Créer la campagne").click()
    assert axe.locator(".field-error").count() >= 1
    result = axe.evaluate(AXE_RUN)
    problems += [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert problems == []


@pytest.fixture
def phone(browser, live_server):
    """A French page 375 px wide; the test fails if the site's CSP blocks anything in it."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 375, "height": 800})
    violations = watch_csp(context)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base = live_server.url
    yield page
    context.close()
    assert violations == [], "Content-Security-Policy violations"


def test_phone_width(phone, world):
    page = phone
    slug, campaign = world.territory.slug, world.campaign.pk
    for path in PUBLIC:
        page.goto(page.base + path)
        # The page never scrolls sideways; the wide tables scroll in their own region.
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
    scrolling = page.eval_on_selector_all(
        ".table-scroll", "boxes => boxes.filter(b => b.scrollWidth > b.clientWidth).length"
    )
    assert scrolling > 0  # the barometer's overview, on the last page
    log_in(page, world.manager, world.password)
    for path in SPACE:
        page.goto(page.base + path.format(slug=slug, campaign=campaign))
        assert page.evaluate("document.documentElement.scrollWidth") <= 375, path
