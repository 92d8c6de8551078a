"""The Content-Security-Policy header on every page, and pages that need nothing it forbids:
no inline script, no style attribute, no event-handler attribute (settings: base.py)."""

import datetime as dt
import os
import secrets
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

from observatoire.blog.models import Article
from observatoire.users.models import Membership

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def policy_of(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    directives = (part.strip().split(maxsplit=1) for part in header.split(";") if part.strip())
    return {name: value for name, value in directives}


class InlineCode(HTMLParser):
    """Collects whatever a strict policy would block in an HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith(
                "javascript:"
            ):
                self.found.append(f"<{tag} {name}={value!r}>")
        if tag == "style":
            self.found.append("<style> element")
        if tag == "script" and dict(attrs).get("type") != "application/json":
            # a JSON data block is never run (the API docs' settings): not code the policy blocks
            if "src" not in dict(attrs):
                self.found.append("<script> without src")
            self._in_script = True

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.found.append(f"inline script body: {data.strip()[:60]!r}")


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    parser.close()
    return parser.found


@pytest.fixture
def pages(world):
    """Every main page, with a published article and a member of the first département."""
    Article.objects.create(
        title="Les classements d'octobre",
        slug="classements-octobre",
        summary="Qui progresse.",
        body="## Analyse\n\nLes **départements**…",
        published_at=dt.datetime(2026, 11, 2, tzinfo=dt.UTC),
    )
    return [
        reverse("site:home"),
        reverse("site:rankings"),
        reverse("site:rankings") + f"?network=facebook&region={world['regions'][0].slug}",
        world["departements"][0].get_absolute_url(),
        world["regions"][0].get_absolute_url(),
        reverse("site:methodology"),
        reverse("site:search") + "?q=D",
        reverse("blog:list"),
        reverse("blog:article", args=["classements-octobre"]),
        reverse("users:login"),
        reverse("users:password_reset"),
        # what works in a post, the accessibility barometer; open data
        reverse("editorial:what_works"),
        reverse("editorial:barometer"),
        reverse("opendata_census:census"),
        reverse("opendata_dump:index"),
        reverse("opendata_badge:territory", args=[world["departements"][0].slug]),
        "/api/docs",
    ]


def test_every_main_page_carries_the_policy(client, pages):
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        assert policy_of(response) == POLICY, path


def test_pages_hold_no_inline_script_or_style(client, world, pages):
    for path in pages:
        assert inline_code(client.get(path).content.decode()) == [], path
    user = get_user_model().objects.create_user("camille", password="un-mot-de-passe-solide")
    Membership.objects.create(user=user, territory=world["departements"][0])
    client.force_login(user)
    for path in [reverse("users:space"), world["departements"][0].get_absolute_url()]:
        response = client.get(path)
        assert policy_of(response) == POLICY, path
        assert inline_code(response.content.decode()) == [], path


def test_charts_and_bars_draw_without_style_attributes(client, world):
    html = client.get(world["departements"][0].get_absolute_url()).content.decode()
    assert '<svg class="bar"' in html and '<svg class="swatch"' in html
    # Widths are plain numbers even in French ("37.5", never "37,5").
    assert '<rect width="' in html
    assert not any("," in chunk.split('"', 1)[0] for chunk in html.split('<rect width="')[1:]), (
        "a localised number reached an SVG attribute"
    )


def test_pages_served_from_the_cache_keep_the_policy(client, world):
    url = world["departements"][0].get_absolute_url()
    first = client.get(url)
    again = client.get(url)  # the whole page from the cache (test_cache.py)
    assert policy_of(first) == policy_of(again) == POLICY


def test_error_pages(client, db):
    response = client.get("/cette-page-n-existe-pas/")
    assert response.status_code == 404
    assert policy_of(response) == POLICY
    assert inline_code(response.content.decode()) == []
    error = server_error(RequestFactory().get("/"))
    assert inline_code(error.content.decode()) == []


def test_admin_carries_the_policy(admin_client):
    for path in [
        reverse("admin:index"),
        reverse("admin:blog_article_changelist"),
        reverse("admin:blog_article_add"),
    ]:
        response = admin_client.get(path)
        assert response.status_code == 200, path
        assert policy_of(response) == POLICY, path


def test_deploy_check_is_clean_with_production_settings():
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "ALLOWED_HOSTS": "observatoire.example.org",
    }
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
