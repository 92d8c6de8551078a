"""The public editorial pages under the site's Content-Security-Policy: the header, no inline
script or style, SVG geometry never localised; and where the site links to them."""

import re

import pytest
from django.conf import settings

from observatoire.site.tests.test_security_headers import POLICY, inline_code, policy_of

from .public_world import (
    editorial_keys_forgotten,  # noqa: F401 (an autouse fixture)
    public_world,
)

PAGES = ["/publications/", "/publications/accessibilite/", "/publications/?network=x"]


@pytest.fixture
def world(db):
    return public_world()


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("language", ["fr", "en"])
def test_pages_carry_the_policy_and_need_nothing_it_forbids(client, world, path, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    for _visit in range(2):  # rendered, then from the page cache
        response = client.get(path)
        assert response.status_code == 200
        assert policy_of(response) == POLICY
        html = response.content.decode()
        assert inline_code(html) == []
        # Bars and lines are SVG attributes, plain numbers even in French ("37.5").
        for name in ("width", "x", "x1", "y", "cx"):
            for value in re.findall(
                rf'<(?:rect|text|line|circle|polyline) [^>]*\b{name}="([^"]*)"', html
            ):
                assert "," not in value, (name, value)


def test_the_site_links_to_both_pages(client, world):
    html = client.get("/").content.decode()
    menu = html.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    assert '<a href="/publications/">Publications</a>' in menu
    assert 'href="/publications/accessibilite/"' in html.split('class="site-footer"', 1)[1]
    page = client.get("/publications/").content.decode()
    menu = page.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]
    assert '<a href="/publications/" aria-current="page">Publications</a>' in menu
    # The rankings page, to what works in the same group.
    rankings = client.get("/classements/", {"network": "x", "region": "occitanie"})
    assert (
        'href="/publications/?network=x&amp;category=departement&amp;region=occitanie"'
        in rankings.content.decode()
    )
