"""The census page in a real browser, JavaScript off and on: the maps and their tables, the
month and map form, a département's tooltip, no CSP violation, and an axe-core audit."""

import pytest

from .conftest import watch_csp

pytestmark = pytest.mark.browser


@pytest.fixture
def census_world(transactional_db):
    from django.core.cache import cache

    from observatoire.opendata.census.services import census_build
    from observatoire.opendata.tests.census_world import build_world
    from observatoire.territories import registry
    from observatoire.territories.services import territories_upsert

    cache.clear()
    territories_upsert(rows=[r for r in registry.read() if r.kind in ("region", "departement")])
    world = build_world()
    census_build(every=True)
    yield world
    cache.clear()


def test_census_without_javascript(browser, live_server, census_world):
    context = browser.new_context(locale="fr-FR", java_script_enabled=False)
    violations = watch_csp(context)
    page = context.new_page()
    page.goto(live_server.url + "/recensement/")
    title = "Recensement des collectivités sur les réseaux sociaux"
    assert page.locator("h1").inner_text() == title
    maps = page.locator("figure.census-map svg[role=img]")
    assert maps.count() == 2
    gers = page.locator('figure.census-map path[data-key="departement:32"] title')
    assert gers.first.text_content() == "Gers : 66,7 %"
    assert (
        page.locator('[data-key="departement:974"] title')
        .first.text_content()
        .startswith("La Réunion : ")
    )
    # The form works by GET: another month.
    page.select_option("#census-month", "2025-01")
    page.click("form.filters button[type=submit]")
    assert "month=2025-01" in page.url
    assert "En janvier 2025" in page.locator("#census-headline-title").inner_text()
    context.close()
    assert violations == []


def test_census_accessibility(axe, census_world):
    page = axe
    problems = []
    for url in ("/recensement/", "/recensement/?map=score&network=facebook"):
        page.goto(page.base + url)
        result = page.evaluate(
            "() => axe.run(document, {runOnly: {type: 'tag', values: "
            "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
        )
        assert result["passes"], f"axe-core did not run on {url}"
        for violation in result["violations"]:
            if violation["impact"] in ("serious", "critical"):
                targets = [node["target"] for node in violation["nodes"][:3]]
                problems.append(f"{url}: {violation['id']} ({violation['impact']}) {targets}")
    assert problems == []
