"""A linked post read from its network by id (X, YouTube, Bluesky, Mastodon), through the real
connectors and the local fake API, which answers from the database."""

import datetime as dt

import pytest
from django.utils import timezone

from observatoire.awards.links import link_parse, post_fetch, post_fetchable
from observatoire.connectors.errors import AuthError
from observatoire.devtools.fakeapi import FakeApi, fakeapi_environment
from observatoire.devtools.server import LoopbackServer
from observatoire.metrics.tests.factories import PostFactory
from observatoire.profiles.models import Profile
from observatoire.profiles.tests.factories import ProfileFactory

# the server's threads read what the test wrote: it must be committed
pytestmark = pytest.mark.django_db(transaction=True)
PUBLISHED = timezone.now().replace(microsecond=0) - dt.timedelta(days=40)

# network, handle, id as collected, the link a collectivité gives
LINKED = [
    (
        "x",
        "LeGers32",
        "1244567890123456789",
        "https://x.com/LeGers32/status/1244567890123456789?s=20",
    ),
    ("youtube", "DepartementDuGers", "dQw4w9WgXcQ", "https://youtu.be/dQw4w9WgXcQ?si=AbCd"),
    ("bluesky", "gers.fr", "3kq2abcdxyz2a", "https://bsky.app/profile/gers.fr/post/3kq2abcdxyz2a"),
    (
        "mastodon",
        "gers@piaille.fr",
        "112233445566778899",
        "https://piaille.fr/@gers/112233445566778899",
    ),
]


@pytest.fixture
def fake_api(settings):
    api = FakeApi()
    server = LoopbackServer(api).start()
    for name, value in fakeapi_environment(server.url, api.networks).items():
        setattr(settings, name, value)
    yield api
    server.stop()


def seed(network, handle, external_id, **counts):
    profile = ProfileFactory(network=network, handle=handle)
    return PostFactory(
        profile=profile,
        external_id=external_id,
        published_at=PUBLISHED,
        text="Questions pour un Gersois, ce soir en direct #Covid19Gers",
        hashtags=["Covid19Gers"],
        **counts,
    )


@pytest.mark.parametrize(("network", "handle", "external_id", "url"), LINKED)
def test_a_linked_post_is_read_from_its_network_with_its_counts(
    fake_api, network, handle, external_id, url
):
    seed(network, handle, external_id, likes=412, comments=57, shares=23, views=8100)

    post = post_fetch(parsed=link_parse(url))

    assert post is not None
    assert post.id == external_id
    assert post.published_at == PUBLISHED
    assert post.likes == 412
    assert post.comments == 57
    assert "Covid19Gers" in post.hashtags
    assert post.permalink


@pytest.mark.parametrize(("network", "handle", "external_id", "url"), LINKED)
def test_a_post_the_network_does_not_have_is_none(fake_api, network, handle, external_id, url):
    ProfileFactory(network=network, handle=handle)  # the account, without this post

    assert post_fetch(parsed=link_parse(url)) is None


def test_a_post_of_an_account_gone_is_none(fake_api):
    post = seed("x", "LeGers32", "1244567890123456789")
    Profile.objects.filter(pk=post.profile_id).update(
        status=Profile.Status.UNAVAILABLE, unavailable_reason="suspended"
    )

    assert post_fetch(parsed=link_parse(LINKED[0][3])) is None


@pytest.mark.parametrize(
    "url",
    [
        "https://www.instagram.com/p/C1a2B3c4D5e/",
        "https://www.facebook.com/LeGers32/posts/3012345678901234",
        "https://www.threads.net/@legers32/post/C1a2B3c4D5e",
        "https://www.linkedin.com/feed/update/urn:li:activity:7123456789012345678/",
        "https://www.tiktok.com/@legers32/video/7312345678901234567",
        "https://x.com/LeGers32",  # a profile
    ],
)
def test_networks_that_cannot_read_one_post_are_not_asked(url):
    parsed = link_parse(url)

    assert post_fetchable(parsed) is False
    assert post_fetch(parsed=parsed) is None  # no server: nothing was asked


def test_missing_credentials_are_said_not_guessed(settings):
    settings.X_BEARER_TOKEN = ""

    with pytest.raises(AuthError, match="X_BEARER_TOKEN"):
        post_fetch(parsed=link_parse(LINKED[0][3]))
