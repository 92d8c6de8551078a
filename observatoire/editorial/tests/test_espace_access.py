"""Who may open and change Mon espace › Publications (docs/espace.md): anonymous visitors go
to the login page, members of another collectivité get 404, lecteurs read every page and
download but cannot create, change or delete a campaign, gestionnaires and staff can."""

import datetime as dt

import pytest
from django.urls import reverse

from observatoire.editorial.models import Campaign
from observatoire.editorial.tests.espace_world import covid_campaign, espace_world
from observatoire.site.tests.test_security_headers import inline_code, policy_of


@pytest.fixture
def world(db):
    world = espace_world()
    world.campaign = covid_campaign(world.territory, world.manager)
    return world


def url(world, name: str, **kwargs) -> str:
    return reverse(f"editorial_espace:{name}", kwargs={"slug": world.territory.slug, **kwargs})


READ = [
    ("line", {}),
    ("hashtags", {}),
    ("hashtags_csv", {}),
    ("campaigns", {}),
    ("campaign", {"campaign_id": True}),
    ("campaign_csv", {"campaign_id": True}),
    ("accessibility", {}),
]
MANAGE = [
    ("campaign_create", {}),
    ("campaign_edit", {"campaign_id": True}),
    ("campaign_delete", {"campaign_id": True}),
]


def _kwargs(world, kwargs):
    return {key: world.campaign.pk for key in kwargs}


@pytest.mark.parametrize(("name", "kwargs"), READ + MANAGE)
def test_anonymous_visitors_go_to_the_login_page(client, world, name, kwargs):
    response = client.get(url(world, name, **_kwargs(world, kwargs)))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("users:login"))


@pytest.mark.parametrize(("name", "kwargs"), READ + MANAGE)
def test_members_of_another_collectivite_get_404(client, world, name, kwargs):
    client.force_login(world.outsider)
    assert client.get(url(world, name, **_kwargs(world, kwargs))).status_code == 404


@pytest.mark.parametrize(("name", "kwargs"), READ)
def test_lecteurs_gestionnaires_and_staff_read_every_page(client, world, name, kwargs):
    for user in (world.viewer, world.manager, world.staff):
        client.force_login(user)
        assert client.get(url(world, name, **_kwargs(world, kwargs))).status_code == 200


def test_a_lecteur_sees_no_link_to_change_campaigns(client, world):
    client.force_login(world.viewer)
    listing = client.get(url(world, "campaigns")).content.decode()
    detail = client.get(url(world, "campaign", campaign_id=world.campaign.pk)).content.decode()
    assert url(world, "campaign_create") not in listing
    assert url(world, "campaign_edit", campaign_id=world.campaign.pk) not in detail
    assert url(world, "campaign_delete", campaign_id=world.campaign.pk) not in detail
    client.force_login(world.manager)
    assert url(world, "campaign_create") in client.get(url(world, "campaigns")).content.decode()


def test_a_lecteur_can_neither_create_nor_change_nor_delete_a_campaign(client, world):
    client.force_login(world.viewer)
    data = {"name": "Marchés de Noël", "hashtags": "#NoelGers", "starts_on": "2026-12-01"}
    for name, kwargs in MANAGE:
        path = url(world, name, **_kwargs(world, kwargs))
        assert client.get(path).status_code == 404
        assert client.post(path, data).status_code == 404
    campaign = Campaign.objects.get()
    assert (campaign.name, campaign.hashtags) == ("Covid-19 dans le Gers", ["covid19gers"])


def test_a_gestionnaire_and_staff_create_change_and_delete_campaigns(client, world):
    client.force_login(world.manager)
    response = client.post(
        url(world, "campaign_create"),
        {
            "name": "Marchés de Noël",
            "hashtags": "#NoelGers #MarchesDuGers",
            "starts_on": "2026-12-01",
        },
    )
    created = Campaign.objects.get(name="Marchés de Noël")
    assert response.status_code == 302
    assert response["Location"] == url(world, "campaign", campaign_id=created.pk)
    assert (created.hashtags, created.created_by) == (["noelgers", "marchesdugers"], world.manager)
    client.force_login(world.staff)
    edit = url(world, "campaign_edit", campaign_id=created.pk)
    client.post(
        edit,
        {
            "name": "Noël dans le Gers",
            "hashtags": "#NoelGers",
            "starts_on": "2026-12-01",
            "ends_on": "2026-12-31",
        },
    )
    created.refresh_from_db()
    assert (created.name, created.hashtags, created.ends_on) == (
        "Noël dans le Gers",
        ["noelgers"],
        dt.date(2026, 12, 31),
    )
    delete = url(world, "campaign_delete", campaign_id=created.pk)
    assert "Noël dans le Gers" in client.get(delete).content.decode()  # asks first
    assert Campaign.objects.filter(pk=created.pk).exists()
    response = client.post(delete)
    assert response["Location"] == url(world, "campaigns")
    assert not Campaign.objects.filter(pk=created.pk).exists()


def test_another_collectivites_campaign_is_not_found_through_this_one(client, world):
    theirs = covid_campaign(world.other, world.outsider)
    client.force_login(world.manager)
    for name in ("campaign", "campaign_csv", "campaign_edit", "campaign_delete"):
        assert client.get(url(world, name, campaign_id=theirs.pk)).status_code == 404
    assert client.post(url(world, "campaign_delete", campaign_id=theirs.pk)).status_code == 404
    assert Campaign.objects.filter(pk=theirs.pk).exists()


def test_downloads_are_private_and_never_cached(client, world):
    client.force_login(world.viewer)
    for name, kwargs in (("hashtags_csv", {}), ("campaign_csv", {"campaign_id": True})):
        response = client.get(url(world, name, **_kwargs(world, kwargs)))
        assert response["Cache-Control"] == "private, no-store"
        disposition = f'attachment; filename="{world.territory.slug}-'
        assert response["Content-Disposition"].startswith(disposition)


def test_pages_carry_the_policy_and_hold_no_inline_script_or_style(client, world):
    client.force_login(world.manager)
    pages = [(name, kwargs) for name, kwargs in READ + MANAGE if not name.endswith("_csv")]
    for name, kwargs in pages:
        response = client.get(url(world, name, **_kwargs(world, kwargs)))
        assert policy_of(response)["script-src"] == "'self'", name
        assert inline_code(response.content.decode()) == [], name
