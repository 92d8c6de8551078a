"""The local fake API answers the real connectors from the database, end to end."""

import datetime as dt

import pytest
from django.utils import timezone

from observatoire.devtools.fakeapi import FakeApi, fakeapi_environment
from observatoire.devtools.server import LoopbackServer
from observatoire.metrics.collection import collection_run
from observatoire.metrics.models import Post, Snapshot
from observatoire.metrics.tests.factories import PostFactory, SnapshotFactory
from observatoire.profiles.models import Profile
from observatoire.profiles.tests.factories import ProfileFactory

# the server's threads read what the test wrote: it must be committed
pytestmark = pytest.mark.django_db(transaction=True)
TODAY = timezone.localdate()


@pytest.fixture
def fake_api(settings):
    api = FakeApi()
    server = LoopbackServer(api).start()
    for name, value in fakeapi_environment(server.url, api.networks).items():
        setattr(settings, name, value)
    yield api
    server.stop()


def seed(network, handle, **kwargs):
    profile = ProfileFactory(network=network, handle=handle, **kwargs)
    SnapshotFactory(
        profile=profile,
        date=TODAY - dt.timedelta(days=1),
        followers=5000,
        following=50,
        posts_count=300,
    )
    recent = timezone.now() - dt.timedelta(days=2)
    PostFactory(
        profile=profile,
        external_id=f"{handle}-1",
        published_at=recent,
        text="Bonjour #ville",
        likes=12,
        comments=3,
        shares=2,
        image_count=1,
        images=[{"alt": "La mairie"}],
        subtitles=True,
    )
    PostFactory(
        profile=profile, external_id=f"{handle}-2", published_at=recent - dt.timedelta(days=3)
    )
    PostFactory(
        profile=profile, external_id=f"{handle}-old", published_at=recent - dt.timedelta(days=60)
    )
    return profile


def test_every_network_with_a_fake_is_collected_end_to_end(fake_api):
    profiles = [seed(network, f"ville-{network}") for network in fake_api.networks]
    run = collection_run(networks=fake_api.networks)

    assert run.counts.get("errors_by_kind") is None, list(
        run.errors.values_list("subject", "message")
    )
    assert run.counts["profiles_collected"] == len(profiles)
    for profile in profiles:
        snapshot = Snapshot.objects.get(profile=profile, date=TODAY)
        assert snapshot.followers == 5000, profile.network
        assert Post.objects.filter(profile=profile).count() == 3  # nothing duplicated
        post = Post.objects.get(profile=profile, external_id=f"{profile.handle}-1")
        assert "ville" in post.hashtags, profile.network
        if profile.network in COUNTS_PER_POST:
            assert post.likes == 12, profile.network
        if profile.network in IMAGES:
            assert post.image_count == 1, profile.network
        # the alt text read back where the network exposes it, unverifiable elsewhere
        expected_images = [{"alt": "La mairie"}] if profile.network in ALT_TEXTS else []
        assert post.images == expected_images, profile.network
        assert post.subtitles is (True if profile.network == "youtube" else None), profile.network


# networks whose API gives each post's likes, and tells images apart
COUNTS_PER_POST = {
    "x",
    "instagram",
    "facebook",
    "youtube",
    "tiktok",
    "linkedin",
    "bluesky",
    "mastodon",
}
IMAGES = {"x", "instagram", "facebook", "threads", "bluesky", "mastodon", "linkedin"}
ALT_TEXTS = IMAGES - {"instagram"}


@pytest.mark.parametrize("network", ["x", "instagram", "facebook", "youtube", "threads"])
def test_an_unavailable_profile_answers_as_gone(fake_api, network):
    if network not in fake_api.networks:
        pytest.fail(f"no fake for {network}")
    profile = seed(
        network, "disparue", status=Profile.Status.UNAVAILABLE, unavailable_reason="not_found"
    )
    run = collection_run(networks=[network])

    assert run.counts["errors_by_kind"] == {"not_found": 1}
    assert not Snapshot.objects.filter(profile=profile, date=TODAY).exists()


def test_rate_limit_answers_when_asked_are_waited_out(settings):
    api = FakeApi(rate_limit_every=3)
    server = LoopbackServer(api).start()
    try:
        for name, value in fakeapi_environment(server.url, ["x"]).items():
            setattr(settings, name, value)
        seed("x", "lyon")
        run = collection_run(networks=["x"])
    finally:
        server.stop()
    assert run.counts["profiles_collected"] == 1


def test_every_page_of_posts_in_the_window_is_collected_end_to_end(fake_api):
    """More posts in the window than any network serves on one page (Instagram's nested media
    edge gives a cursor and no `next` link): the connector reads every one of them."""
    now = timezone.now()
    for network in fake_api.networks:
        profile = seed(network, f"prolixe-{network}")
        for n in range(120):
            PostFactory(profile=profile, published_at=now - dt.timedelta(hours=5 + 5 * n))
        run = collection_run(networks=[network])

        assert run.counts.get("errors_by_kind") is None, list(run.errors.values_list("message"))
        # the 120 and the two recent seeded posts; the 60-day-old one is outside the window
        assert run.counts["posts_written"] == 122, network
