"""Editions in the admin: created and changed with their criteria and categories (networks
and eligibility ticked, not typed as JSON), announcements scheduled by their times, every
save in the journal, which staff read and nobody edits."""

import datetime as dt

import pytest
from django import forms
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from observatoire.awards.models import AuditEvent, AwardCategory, Edition
from observatoire.awards.tests.factories import edition_make
from observatoire.users.models import User

ADD = reverse("admin:awards_edition_add")


@pytest.fixture
def admin_user(db):
    return User.objects.create_superuser("admin", "admin@obs.fr", "mot-de-passe-42")


def _value(field, value) -> dict:
    """The POST value(s) of one bound field, as a browser would send them."""
    name = field.html_name
    if isinstance(field.field, forms.SplitDateTimeField):
        if not value:
            return {f"{name}_0": "", f"{name}_1": ""}
        value = timezone.localtime(value) if isinstance(value, dt.datetime) else value
        return {f"{name}_0": value.date().isoformat(), f"{name}_1": value.strftime("%H:%M:%S")}
    if isinstance(field.field, forms.BooleanField):
        return {name: "on"} if value else {}
    if isinstance(value, list | tuple):
        return {name: list(value)}
    return {name: "" if value is None else str(value)}


def form_data(response) -> dict:
    """Everything the admin's change form would post back unchanged, inlines included."""
    data = {}
    for field in response.context["adminform"].form:
        data |= _value(field, field.value())
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for field in formset.management_form:
            data[field.html_name] = str(field.value())
        for form in formset.forms:
            for field in form:
                data |= _value(field, field.value())
    return data


def add_data(**changes) -> dict:
    now = timezone.localtime()
    data = {
        "year": "2025",
        "slug": "2025",
        "title": "#Hashtags 2025",
        "theme": "Les vidéos courtes",
        "networks": ["instagram", "tiktok", "youtube"],
        "rules": "Une candidature par collectivité.",
        "period_start": "2024-09-01",
        "period_end": "2025-08-31",
        "entries_open_at_0": now.date().isoformat(),
        "entries_open_at_1": "09:00:00",
        "entries_close_at_0": (now + dt.timedelta(days=30)).date().isoformat(),
        "entries_close_at_1": "18:00:00",
        "jury_start_at_0": "",
        "jury_start_at_1": "",
        "jury_end_at_0": "",
        "jury_end_at_1": "",
        "ceremony_at_0": "",
        "ceremony_at_1": "",
        "ceremony_place": "Lille",
        "nominations_announce_at_0": (now + dt.timedelta(days=60)).date().isoformat(),
        "nominations_announce_at_1": "10:00:00",
        "results_announce_at_0": "",
        "results_announce_at_1": "",
        "nominees_per_category": "3",
        "score_max": "10",
        "criteria-TOTAL_FORMS": "2",
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "1000",
        "criteria-0-position": "0",
        "criteria-0-name": "Ligne éditoriale",
        "criteria-0-weight": "2",
        "criteria-0-description": "",
        "criteria-1-position": "1",
        "criteria-1-name": "Usage des formats",
        "criteria-1-weight": "1.5",
        "criteria-1-description": "Stories, vidéos courtes.",
        "categories-TOTAL_FORMS": "2",
        "categories-INITIAL_FORMS": "0",
        "categories-MIN_NUM_FORMS": "0",
        "categories-MAX_NUM_FORMS": "1000",
        "categories-0-name": "Régions et départements",
        "categories-0-slug": "regions-departements",
        "categories-0-kind": "type",
        "categories-0-position": "0",
        "categories-0-description": "",
        "categories-0-territory_categories": ["region", "departement"],
        "categories-1-name": "TikTok",
        "categories-1-slug": "tiktok",
        "categories-1-kind": "thematic",
        "categories-1-position": "1",
        "categories-1-description": "",
        "categories-1-networks": ["tiktok"],
    }
    return data | changes


def test_the_add_form_ticks_networks_and_eligibility(client, admin_user):
    client.force_login(admin_user)
    html = client.get(ADD).content.decode()
    assert 'type="checkbox" name="networks" value="tiktok"' in html
    assert 'name="categories-__prefix__-territory_categories" value="communaute_communes"' in html
    assert 'name="categories-__prefix__-networks" value="bluesky"' in html
    assert "Programmer une annonce, c'est fixer son heure" in html


def test_staff_add_an_edition_with_its_criteria_and_categories(client, admin_user):
    client.force_login(admin_user)
    response = client.post(ADD, add_data())
    assert response.status_code == 302, response.context["adminform"].form.errors
    edition = Edition.objects.get(year=2025)
    assert edition.networks == ["instagram", "tiktok", "youtube"]
    assert [(c.name, str(c.weight)) for c in edition.criteria.all()] == [
        ("Ligne éditoriale", "2.00"),
        ("Usage des formats", "1.50"),
    ]
    regions, tiktok = edition.categories.all()
    assert regions.territory_categories == ["region", "departement"] and regions.networks == []
    assert regions.network_list == ["instagram", "tiktok", "youtube"]
    assert tiktok.territory_categories == [] and tiktok.networks == ["tiktok"]
    events = {e.action: e for e in AuditEvent.objects.filter(edition=edition)}
    assert set(events) == {"edition_created", "announcement_scheduled"}
    assert events["edition_created"].actor == admin_user
    assert events["edition_created"].data["categories"]["added"] == [
        "Régions et départements",
        "TikTok",
    ]
    assert (
        events["announcement_scheduled"]
        .data["nominations_announce_at"]
        .startswith(edition.nominations_announce_at.isoformat()[:10])
    )


def test_dates_out_of_order_are_refused(client, admin_user):
    client.force_login(admin_user)
    data = add_data(
        entries_close_at_0="2020-01-01",
        results_announce_at_0="2020-01-01",
        results_announce_at_1="10:00:00",
    )
    response = client.post(ADD, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["entries_close_at"] == ["Les candidatures ferment avant d'ouvrir."]
    assert errors["results_announce_at"] == [
        "Le palmarès ne peut pas être annoncé avant les nommés."
    ]
    assert not Edition.objects.exists()


def test_staff_schedule_the_palmares_and_change_a_category(client, admin_user):
    edition = edition_make(year=2024)
    url = reverse("admin:awards_edition_change", args=[edition.pk])
    client.force_login(admin_user)
    page = client.get(url)
    assert page.status_code == 200
    data = form_data(page)
    tiktok_index = next(i for i in range(4) if data[f"categories-{i}-slug"] == "tiktok")
    assert data[f"categories-{tiktok_index}-networks"] == ["tiktok"]
    data[f"categories-{tiktok_index}-networks"] = ["tiktok", "youtube"]
    announce = timezone.localtime() + dt.timedelta(days=90)
    data |= {
        "nominations_announce_at_0": (announce - dt.timedelta(days=30)).date().isoformat(),
        "nominations_announce_at_1": "10:00:00",
        "results_announce_at_0": announce.date().isoformat(),
        "results_announce_at_1": "19:30:00",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    edition.refresh_from_db()
    assert timezone.localtime(edition.results_announce_at).strftime("%H:%M") == "19:30"
    assert AwardCategory.objects.get(edition=edition, slug="tiktok").networks == [
        "tiktok",
        "youtube",
    ]
    changed = AuditEvent.objects.get(edition=edition, action="edition_changed")
    assert changed.data["categories"]["changed"] == ["TikTok"]
    assert "results_announce_at" in changed.data["fields"]
    scheduled = AuditEvent.objects.get(edition=edition, action="announcement_scheduled")
    assert set(scheduled.data) == {"nominations_announce_at", "results_announce_at"}
    # the public page of the edition, from the admin
    assert reverse("awards:edition", kwargs={"year": 2024}) in client.get(url).content.decode()


def test_the_list_filters_editions_by_announcement(client, admin_user):
    now = timezone.now()
    edition_make(year=2022, nominations_announce_at=now - dt.timedelta(days=9))
    edition_make(
        year=2023,
        nominations_announce_at=now - dt.timedelta(days=9),
        results_announce_at=now - dt.timedelta(days=1),
        closed_at=now - dt.timedelta(days=2),
    )
    edition_make(year=2024)
    client.force_login(admin_user)
    listing = reverse("admin:awards_edition_changelist")
    for value, year in (("none", 2024), ("nominations", 2022), ("results", 2023)):
        response = client.get(listing, {"announced": value})
        assert [e.year for e in response.context["cl"].result_list] == [year]
    html = client.get(listing).content.decode()
    assert "Palmarès publié" in html and "Nommés annoncés ; palmarès à venir" in html


def test_the_journal_is_read_only(client, admin_user):
    edition = edition_make(year=2024)
    client.force_login(admin_user)
    client.post(
        reverse("admin:awards_edition_change", args=[edition.pk]),
        form_data(client.get(reverse("admin:awards_edition_change", args=[edition.pk]))),
    )
    event = AuditEvent.objects.get(edition=edition)
    listing = client.get(
        reverse("admin:awards_auditevent_changelist"), {"edition__id__exact": edition.pk}
    )
    assert listing.status_code == 200 and "edition_changed" in listing.content.decode()
    detail = client.get(reverse("admin:awards_auditevent_change", args=[event.pk]))
    html = detail.content.decode()
    assert detail.status_code == 200 and 'name="_save"' not in html and "admin" in html
    assert client.get(reverse("admin:awards_auditevent_add")).status_code == 403
    assert client.get(reverse("admin:awards_auditevent_delete", args=[event.pk])).status_code == 403
    assert (
        client.post(reverse("admin:awards_auditevent_change", args=[event.pk])).status_code == 403
    )
    assert AuditEvent.objects.get(pk=event.pk).action == "edition_changed"


def test_staff_read_the_journal_with_the_view_permission_only(client, db):
    edition = edition_make(year=2024)
    AuditEvent.objects.create(edition=edition, action="nominated", subject="Gers")
    staff = User.objects.create_user("equipe", "e@obs.fr", "mot-de-passe-42", is_staff=True)
    client.force_login(staff)
    listing = reverse("admin:awards_auditevent_changelist")
    assert client.get(listing).status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    response = client.get(listing)
    assert response.status_code == 200 and "nominated" in response.content.decode()
    outsider = User.objects.create_user("lecteur", "l@gers.fr", "mot-de-passe-42")
    client.force_login(outsider)
    assert client.get(listing).status_code == 302  # to the admin's login
