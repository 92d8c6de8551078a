"""Every private page and download of Mon espace, for every kind of visitor: anonymous →
the login page, a member of another collectivité → 404, a lecteur → only what lecteurs may
see, a gestionnaire and staff → the page. The list is checked against the URL patterns, so
a new private page without its row here fails."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from observatoire.awards.tests.dossier_factories import private_page_ids
from observatoire.dashboard.tests.worlds import dashboard_world
from observatoire.editorial.tests.espace_world import campaign_id_for

# (URL name, extra kwargs, lecteurs allowed)
PRIVATE = [
    ("dashboard:home", {}, True),
    ("dashboard:peers", {}, False),
    ("dashboard:simulator", {}, True),
    ("dashboard:export_csv", {"table": "next-steps"}, True),
    ("dashboard:export_xlsx", {}, True),
    ("reports:latest", {}, True),
    ("reports:month", {"month": "2026-10"}, True),
    ("corrections:list", {}, True),
    ("corrections:missing", {}, False),
    ("corrections:link", {"profile_id": None}, False),
    ("corrections:role", {"profile_id": None}, False),
    ("users:team", {}, False),
    ("users:team_remove", {"membership_id": None}, False),
    ("dossiers:list", {}, True),
    ("dossiers:create", {"edition": None}, False),
    ("dossiers:detail", {"dossier_id": None}, True),
    ("dossiers:edit", {"dossier_id": None}, False),
    ("dossiers:submit", {"dossier_id": None}, False),
    ("dossiers:operation_add", {"dossier_id": None}, False),
    ("dossiers:operation_edit", {"dossier_id": None, "operation_id": None}, False),
    ("dossiers:operation_delete", {"dossier_id": None, "operation_id": None}, False),
    ("dossiers:link_add", {"dossier_id": None, "operation_id": None}, False),
    ("dossiers:link_remove", {"dossier_id": None, "operation_id": None, "link_id": None}, False),
    ("editorial_espace:line", {}, True),
    ("editorial_espace:hashtags", {}, True),
    ("editorial_espace:hashtags_csv", {}, True),
    ("editorial_espace:campaigns", {}, True),
    ("editorial_espace:campaign_create", {}, False),
    ("editorial_espace:campaign", {"campaign_id": None}, True),
    ("editorial_espace:campaign_edit", {"campaign_id": None}, False),
    ("editorial_espace:campaign_delete", {"campaign_id": None}, False),
    ("editorial_espace:campaign_csv", {"campaign_id": None}, True),
    ("editorial_espace:accessibility", {}, True),
]
# Pages of a collectivité that anyone may open (its public page, the request to join), and
# a blog article (its own slug).
PUBLIC_WITH_SLUG = {
    "site:territory",
    "users:join",
    "users:join_done",
    "blog:article",
    # the embeddable ranking badges of a collectivité (open data)
    "opendata_badge:territory",
    "opendata_badge:latest",
    "opendata_badge:badge",
}


def _names_with_slug(resolver=None, namespace: str = "") -> set[str]:
    """Every URL name whose pattern (or an enclosing include) captures a collectivité slug."""
    names = set()
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found = _names_with_slug(pattern, inner)
            if "<slug:slug>" in str(pattern.pattern):
                found |= {f"{inner}{p.name}" for p in pattern.url_patterns if p.name}
            names |= found
        elif (
            isinstance(pattern, URLPattern)
            and pattern.name
            and "<slug:slug>" in str(pattern.pattern)
        ):
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_page_of_a_collectivite_is_private_or_known_public():
    assert _names_with_slug() == {name for name, _kwargs, _viewer in PRIVATE} | PUBLIC_WITH_SLUG


@pytest.fixture
def world(db):
    return dashboard_world()


def _url(world, name: str, kwargs: dict) -> str:
    filled = {"slug": world.territory.slug}
    for key, value in kwargs.items():
        if key == "profile_id":
            value = world.profile("instagram").pk
        elif key == "membership_id":
            value = world.viewer.memberships.get(territory=world.territory).pk
        elif key in ("edition", "dossier_id", "operation_id", "link_id"):
            value = private_page_ids(world)[key]
        elif key == "campaign_id":
            value = campaign_id_for(world)
        filled[key] = value
    return reverse(name, kwargs=filled)


@pytest.mark.parametrize(("name", "kwargs", "viewer_allowed"), PRIVATE)
def test_who_may_open_each_private_page(client, world, name, kwargs, viewer_allowed):
    url = _url(world, name, kwargs)
    anonymous = client.get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("users:login"))
    expected = {
        world.outsider: 404,
        world.viewer: 200 if viewer_allowed else 404,
        world.manager: 200,
        world.staff: 200,
    }
    for user, status in expected.items():
        client.force_login(user)
        assert client.get(url).status_code == status, (name, user.username)
