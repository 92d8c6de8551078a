"""A dossier's links to posts we did not collect, read from their network by id through the real
connectors and the local fake API, stored as the collection stores them, and matched."""

import datetime as dt

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from observatoire.awards.dossier_selectors import dossier_figures
from observatoire.awards.dossiers import dossier_create, dossier_submit, operation_create
from observatoire.awards.link_fetching import (
    NOT_FOUND,
    OTHER_ACCOUNT,
    dossier_links_fetch,
)
from observatoire.awards.models import OperationLink
from observatoire.awards.tests.factories import edition_make
from observatoire.devtools.fakeapi import FakeApi, fakeapi_environment
from observatoire.devtools.server import LoopbackServer
from observatoire.metrics.models import Post
from observatoire.profiles.tests.factories import ProfileFactory
from observatoire.territories.tests.factories import DepartementFactory
from observatoire.users.models import User

# the server's threads read what the test wrote: it must be committed
pytestmark = pytest.mark.django_db(transaction=True)
PUBLISHED = timezone.now().replace(microsecond=0) - dt.timedelta(days=40)
X_ID = "1244567890123456789"
X_LINK = f"https://x.com/LeGers32/status/{X_ID}?s=20"
BLUESKY_ID = "3kq2abcdxyz2a"
BLUESKY_LINK = f"https://bsky.app/profile/gers.fr/post/{BLUESKY_ID}"
COUNTS = {"likes": 412, "comments": 57, "shares": 23}


class NetworkWithPosts(FakeApi):
    """The fake API of networks that have posts we did not collect: while it answers a
    request, those posts are in the database it reads (in a transaction rolled back once
    the answer is built), so they are never in ours. It keeps the paths it was asked."""

    def __init__(self):
        super().__init__()
        self.posts: list[dict] = []  # Post fields
        self.asked: list[str] = []

    def __call__(self, request):
        self.asked.append(request.path)
        with transaction.atomic():
            for fields in self.posts:
                Post.objects.create(**fields)
            response = super().__call__(request)
            transaction.set_rollback(True)
        return response


@pytest.fixture
def network(settings):
    api = NetworkWithPosts()
    server = LoopbackServer(api).start()
    for name, value in fakeapi_environment(server.url, api.networks).items():
        setattr(settings, name, value)
    yield api
    server.stop()


@pytest.fixture
def gers():
    territory = DepartementFactory(name="Gers", code="32")
    return {
        "territory": territory,
        "x": ProfileFactory(territory=territory, network="x", handle="LeGers32"),
        "bluesky": ProfileFactory(territory=territory, network="bluesky", handle="gers.fr"),
    }


def uncollected(network, profile, external_id, **counts):
    network.posts.append(
        {
            "profile_id": profile.pk,
            "external_id": external_id,
            "published_at": PUBLISHED,
            "text": "Questions pour un Gersois, ce soir en direct #Covid19Gers",
            "hashtags": ["Covid19Gers"],
            **counts,
        }
    )


def dossier_with_links(territory, links):
    """A draft whose operation gives `links`, saved as Mon espace saves it (the reading is
    queued when the transaction commits and runs inline: no broker in the tests)."""
    manager = User.objects.create_user("gestion", "g@gers.fr", "mot-de-passe-42")
    edition = edition_make(networks=("x", "bluesky", "instagram"))
    dossier = dossier_create(
        edition=edition,
        territory=territory,
        actor=manager,
        categories=list(edition.categories.filter(slug="sensibilisation-citoyennete")),
    )
    operation_create(
        dossier=dossier,
        actor=manager,
        values={
            "audience": "adults",
            "title": "Questions pour un Gersois",
            "description": "Un quiz en direct.",
            "networks": ["x"],
        },
        hashtags=["Covid19Gers"],
        links=links,
    )
    return dossier


@pytest.mark.parametrize(
    ("network_name", "external_id", "url"),
    [("x", X_ID, X_LINK), ("bluesky", BLUESKY_ID, BLUESKY_LINK)],
)
def test_a_linked_post_we_did_not_collect_is_read_stored_and_matched(
    network, gers, network_name, external_id, url
):
    profile = gers[network_name]
    uncollected(network, profile, external_id, **COUNTS)

    dossier = dossier_with_links(gers["territory"], [url])

    post = Post.objects.get(profile=profile, external_id=external_id)
    assert (post.likes, post.comments, post.shares) == (412, 57, 23)
    assert post.published_at == PUBLISHED
    assert "Covid19Gers" in post.hashtags
    assert OperationLink.objects.get(operation__dossier=dossier).post == post
    figures = dossier_figures(dossier=dossier)
    assert figures.figures.matched == 1
    assert figures.figures.interactions == 412 + 57 + 23
    assert figures.unmatched == []


def test_running_again_stores_nothing_new(network, gers):
    uncollected(network, gers["x"], X_ID, **COUNTS)
    dossier = dossier_with_links(gers["territory"], [X_LINK])
    asked = len(network.asked)

    report = dossier_links_fetch(dossier=dossier)

    assert (report.read, report.stored, report.matched, report.failed) == ([], 0, 0, [])
    assert Post.objects.filter(external_id=X_ID).count() == 1
    assert len(network.asked) == asked  # a matched link is not read again


def test_a_link_to_another_accounts_post_is_not_read(network, gers):
    toulouse = ProfileFactory(network="x", handle="Toulouse")
    uncollected(network, toulouse, "1555555555555555555", **COUNTS)
    dossier = dossier_with_links(gers["territory"], [])
    operation = dossier.operations.get()
    OperationLink.objects.create(
        operation=operation,
        url="https://x.com/Toulouse/status/1555555555555555555",
        network="x",
        kind="status",
        account="toulouse",
        external_id="1555555555555555555",
    )

    report = dossier_links_fetch(dossier=dossier)

    assert [(o.url, o.reason) for o in report.skipped] == [
        ("https://x.com/Toulouse/status/1555555555555555555", OTHER_ACCOUNT)
    ]
    assert network.asked == []
    assert not Post.objects.exists()
    assert OperationLink.objects.get(operation=operation).post is None


def test_missing_credentials_are_recorded_and_nothing_is_stored(network, gers, settings):
    settings.X_BEARER_TOKEN = ""
    uncollected(network, gers["x"], X_ID, **COUNTS)
    dossier = dossier_with_links(gers["territory"], [X_LINK])  # read when saved: refused

    report = dossier_links_fetch(dossier=dossier)

    [error] = report.errors
    assert (error.url, error.reason) == ("https://x.com/LeGers32/status/" + X_ID, "auth")
    assert "X_BEARER_TOKEN" in error.message
    assert report.stored == 0 and report.read == []
    assert not Post.objects.exists()
    assert network.asked == []
    assert OperationLink.objects.get(operation__dossier=dossier).post is None


def test_submitting_reads_again_what_could_not_be_read(network, gers, settings):
    settings.X_BEARER_TOKEN = ""
    uncollected(network, gers["x"], X_ID, **COUNTS)
    dossier = dossier_with_links(gers["territory"], [X_LINK])
    assert not Post.objects.exists()
    settings.X_BEARER_TOKEN = "fake-token"

    dossier_submit(dossier=dossier, actor=dossier.operations.get().dossier.created_by)

    link = OperationLink.objects.get(operation__dossier=dossier)
    assert link.post is not None and link.post.likes == 412


def test_a_post_the_network_does_not_have_is_reported_not_found(network, gers):
    dossier = dossier_with_links(gers["territory"], [X_LINK])  # nothing on the network

    report = dossier_links_fetch(dossier=dossier)

    assert [(o.url, o.reason) for o in report.not_found] == [
        ("https://x.com/LeGers32/status/" + X_ID, NOT_FOUND)
    ]
    assert report.errors == [] and not Post.objects.exists()


def test_staff_read_the_uncollected_posts_from_the_admin(network, gers, client):
    dossier = dossier_with_links(gers["territory"], [])
    OperationLink.objects.create(
        operation=dossier.operations.get(),
        url=X_LINK,
        network="x",
        kind="status",
        account="legers32",
        external_id=X_ID,
    )
    uncollected(network, gers["x"], X_ID, **COUNTS)
    staff = User.objects.create_superuser("equipe", "e@obs.fr", "mot-de-passe-42")
    client.force_login(staff)

    response = client.post(
        reverse("admin:awards_dossier_changelist"),
        {"action": "fetch_links", "_selected_action": [dossier.pk]},
        follow=True,
    )

    html = response.content.decode()
    assert "1 publications lues sur les réseaux, 1 nouvelles enregistrées" in html
    assert "1 liens rapprochés" in html
    assert Post.objects.get(external_id=X_ID).likes == 412
