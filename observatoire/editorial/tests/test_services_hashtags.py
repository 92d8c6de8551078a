import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from observatoire.connectors.tests.samples import SampleServer
from observatoire.editorial.models import BrandedHashtag
from observatoire.editorial.services import BRANDED_MIN_POSTS, branded_hashtags_refresh
from observatoire.metrics.imports import import_file
from observatoire.metrics.services import posts_upsert
from observatoire.metrics.tests.test_collection import account, tweet, x_profile
from observatoire.profiles.models import Network
from observatoire.profiles.tests.factories import ProfileFactory

from .factories import PARIS, post_row

pytestmark = pytest.mark.django_db


def days(n: int) -> list[dt.datetime]:
    return [dt.datetime(2024, 3, 13 + i, 9, 0, tzinfo=PARIS) for i in range(n)]


def write(profile, tags_per_post: list[tuple[str, ...]], moments: list[dt.datetime]) -> None:
    posts_upsert(
        rows=[
            post_row(profile, when=when, hashtags=tags)
            for tags, when in zip(tags_per_post, moments, strict=True)
        ]
    )


def test_a_hashtag_one_collectivite_uses_repeatedly_on_several_days_is_branded():
    gers = ProfileFactory(network=Network.INSTAGRAM)
    gers_x = ProfileFactory(network=Network.X, territory=gers.territory, handle="gers_x")
    other = ProfileFactory()
    assert BRANDED_MIN_POSTS == 3
    # Across its networks, written differently: one hashtag, the most written spelling.
    write(gers, [("GersLeDepartement",), ("gersledepartement",)], days(2))
    write(gers_x, [("GersLeDepartement",)], days(3)[2:])
    write(gers, [("Covid19",)] * 3, days(3))  # also used by another collectivité
    write(other, [("covid19",)], days(1))
    write(gers, [("Once",), ("Once",)], days(2))  # too few posts
    write(gers, [("SameDay",)] * 3, [days(1)[0]] * 3)  # one day only
    assert branded_hashtags_refresh() == 1
    branded = BrandedHashtag.objects.get()
    assert (branded.territory_id, branded.key, branded.tag, branded.posts) == (
        gers.territory_id,
        "gersledepartement",
        "GersLeDepartement",
        3,
    )
    assert (branded.first_used, branded.last_used) == (days(3)[0], days(3)[2])


def test_a_branded_hashtag_another_collectivite_starts_using_is_no_longer_branded():
    gers, other = ProfileFactory(), ProfileFactory()
    write(gers, [("GersLeDepartement",)] * 3, days(3))
    branded_hashtags_refresh()
    assert BrandedHashtag.objects.count() == 1
    write(other, [("GersLeDepartement",)], days(1))
    branded_hashtags_refresh()
    assert not BrandedHashtag.objects.exists()


def test_an_import_of_posts_refreshes_the_branded_hashtags(
    tmp_path, django_capture_on_commit_callbacks
):
    gers = ProfileFactory(network=Network.INSTAGRAM)
    csv = tmp_path / "posts.csv"
    lines = [
        f"instagram,{gers.handle},p{n},2020-03-{13 + n}T10:00:00+01:00,Restez chez vous "
        "#Covid19Gers"
        for n in range(3)
    ]
    csv.write_text("network,handle,post_id,published_at,text\n" + "\n".join(lines) + "\n")
    with django_capture_on_commit_callbacks(execute=True):
        assert import_file(kind="posts", path=csv, progress=False).ok
    assert list(BrandedHashtag.objects.values_list("tag", "posts")) == [("Covid19Gers", 3)]


def test_a_collection_run_refreshes_the_branded_hashtags(
    settings, django_capture_on_commit_callbacks
):
    lyon = x_profile("lyon")
    tweets = [tweet("1", 1), tweet("2", 3), tweet("3", 20)]  # "Post n #mairie"
    with (
        SampleServer(account("lyon", "42", tweets=tweets)) as server,
        django_capture_on_commit_callbacks(execute=True),
    ):
        settings.X_API_URL, settings.X_BEARER_TOKEN = server.url, "test-token"
        settings.COLLECT_RATE_LIMITS = "x=0:4"
        call_command("collect", "--network", "x", "--no-progress", stdout=StringIO())
    branded = BrandedHashtag.objects.get()
    assert (branded.territory_id, branded.tag, branded.posts) == (lyon.territory_id, "mairie", 3)
