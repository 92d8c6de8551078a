"""A profile's status changes by one rule, whoever changes it: staff, a file, the collection."""

import datetime as dt

import pytest

from observatoire.profiles.models import Profile
from observatoire.profiles.services import (
    STATUS_FIELDS,
    profile_status_apply,
    profile_status_resolve,
)
from observatoire.profiles.tests.factories import ProfileFactory

ACTIVE, UNAVAILABLE, INACTIVE = (
    Profile.Status.ACTIVE,
    Profile.Status.UNAVAILABLE,
    Profile.Status.INACTIVE,
)
NOT_FOUND, OTHER = Profile.UnavailableReason.NOT_FOUND, Profile.UnavailableReason.OTHER
BROKE = dt.date(2024, 8, 3)
LATER = dt.date(2024, 9, 1)


def stored(status=ACTIVE, reason="", since=None) -> Profile:
    return Profile(status=status, unavailable_reason=reason, unavailable_since=since)


@pytest.mark.parametrize(
    ("before", "told", "after"),
    [
        # a new profile
        (None, (UNAVAILABLE, "", None), (UNAVAILABLE, OTHER, None)),
        (None, (UNAVAILABLE, NOT_FOUND, BROKE), (UNAVAILABLE, NOT_FOUND, BROKE)),
        (None, (ACTIVE, NOT_FOUND, BROKE), (ACTIVE, "", None)),
        # an active profile breaking: only what is told is known
        (stored(), (UNAVAILABLE, "", None), (UNAVAILABLE, OTHER, None)),
        (stored(), (UNAVAILABLE, NOT_FOUND, BROKE), (UNAVAILABLE, NOT_FOUND, BROKE)),
        # an unreachable profile staying so keeps what was known unless told otherwise
        (
            stored(UNAVAILABLE, NOT_FOUND, BROKE),
            (UNAVAILABLE, "", None),
            (UNAVAILABLE, NOT_FOUND, BROKE),
        ),
        (
            stored(UNAVAILABLE, NOT_FOUND, BROKE),
            (UNAVAILABLE, OTHER, LATER),
            (UNAVAILABLE, OTHER, LATER),
        ),
        (stored(UNAVAILABLE, "", None), (UNAVAILABLE, "", None), (UNAVAILABLE, OTHER, None)),
        # restored or no longer followed: no reason, no date
        (stored(UNAVAILABLE, NOT_FOUND, BROKE), (ACTIVE, NOT_FOUND, BROKE), (ACTIVE, "", None)),
        (stored(UNAVAILABLE, NOT_FOUND, BROKE), (INACTIVE, "", None), (INACTIVE, "", None)),
        # an inactive profile's old reason is not revived
        (stored(INACTIVE), (UNAVAILABLE, "", None), (UNAVAILABLE, OTHER, None)),
    ],
)
def test_the_status_rule(before, told, after):
    status, reason, since = told
    assert profile_status_resolve(status=status, reason=reason, since=since, stored=before) == after


def test_apply_moves_the_profile_in_memory_and_names_the_fields_to_save():
    profile = stored(UNAVAILABLE, NOT_FOUND, BROKE)
    assert profile_status_apply(profile=profile, status=ACTIVE) == STATUS_FIELDS
    assert (profile.status, profile.unavailable_reason, profile.unavailable_since) == (
        ACTIVE,
        "",
        None,
    )


def _admin_form(profile: Profile, **changes) -> dict:
    since = profile.unavailable_since
    form = {
        "territory": profile.territory_id,
        "network": profile.network,
        "handle": profile.handle,
        "url": "",
        "external_id": "",
        "display_name": "",
        "label": "",
        "is_principal": "on",
        "status": profile.status,
        "unavailable_reason": profile.unavailable_reason,
        "unavailable_since": f"{since:%d/%m/%Y}" if since else "",
    }
    return form | changes


@pytest.mark.django_db
def test_staff_restoring_or_breaking_a_profile_in_the_admin_follow_the_rule(admin_client):
    # Before: the admin saved the form as it was, so a restored profile kept its reason and
    # date, and one marked unreachable without a reason had none.
    profile = ProfileFactory(
        status=UNAVAILABLE, unavailable_reason=NOT_FOUND, unavailable_since=BROKE
    )
    url = f"/admin/profiles/profile/{profile.pk}/change/"
    response = admin_client.post(url, _admin_form(profile, status=ACTIVE))
    assert response.status_code == 302, response.content.decode()[:3000]
    profile.refresh_from_db()
    assert (profile.status, profile.unavailable_reason, profile.unavailable_since) == (
        ACTIVE,
        "",
        None,
    )
    response = admin_client.post(url, _admin_form(profile, status=UNAVAILABLE))
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.status, profile.unavailable_reason, profile.unavailable_since) == (
        UNAVAILABLE,
        OTHER,
        None,
    )
