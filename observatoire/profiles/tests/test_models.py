import pytest
from django.db import IntegrityError, transaction

from observatoire.profiles.models import Network, Profile, canonical_url
from observatoire.profiles.services import ProfileRow, profiles_upsert
from observatoire.profiles.tests.factories import ProfileFactory
from observatoire.territories.tests.factories import TerritoryFactory

pytestmark = pytest.mark.django_db


def test_handles_drop_the_at_sign_and_compare_case_insensitively():
    profile = ProfileFactory(handle="@VilleDAuch")
    assert profile.handle == "VilleDAuch" and profile.key == "instagram:villedauch"
    with pytest.raises(IntegrityError), transaction.atomic():
        ProfileFactory(handle="villedauch", network=Network.INSTAGRAM, is_principal=False)


def test_at_most_one_principal_per_territory_and_network():
    territory = TerritoryFactory()
    ProfileFactory(territory=territory, handle="main")
    ProfileFactory(territory=territory, handle="routes", is_principal=False)
    ProfileFactory(territory=territory, handle="main-fb", network=Network.FACEBOOK)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProfileFactory(territory=territory, handle="other")


def test_upsert_is_keyed_on_network_and_handle():
    territory = TerritoryFactory()
    rows = [ProfileRow(territory_id=territory.id, network="x", handle="@Auch32")]
    profiles_upsert(rows=rows)
    profiles_upsert(
        rows=[
            ProfileRow(
                territory_id=territory.id, network="x", handle="auch32", url="https://x.com/auch32"
            )
        ]
    )
    profile = Profile.objects.get()
    assert profile.handle == "auch32" and profile.url == "https://x.com/auch32"


@pytest.mark.parametrize(
    ("network", "handle", "url"),
    [
        ("instagram", "gers", "https://www.instagram.com/gers/"),
        ("youtube", "gers", "https://www.youtube.com/@gers"),
        ("bluesky", "gers.bsky.social", "https://bsky.app/profile/gers.bsky.social"),
        ("mastodon", "gers@piaille.fr", "https://piaille.fr/@gers"),
    ],
)
def test_canonical_urls(network, handle, url):
    assert canonical_url(network, handle) == url
