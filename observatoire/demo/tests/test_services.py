"""Generating, ranking, logging in and clearing the demo dataset on the database."""

from datetime import UTC, date, datetime

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory

from observatoire.blog.models import Article
from observatoire.core.models import JobRun
from observatoire.demo import services
from observatoire.demo.context_processors import demo_data
from observatoire.editorial.models import BrandedHashtag
from observatoire.metrics.models import Post, PostDailyRollup, Snapshot
from observatoire.metrics.services import PostRow, posts_upsert
from observatoire.profiles.models import Network, Profile
from observatoire.profiles.services import ProfileRow, profiles_upsert
from observatoire.rankings.models import RankingEntry, RankingPublication
from observatoire.territories.models import Territory

pytestmark = pytest.mark.django_db


def generate(**options):
    return services.demo_generate(scale="small", months=3, **options)


def counts():
    return (
        Profile.objects.filter(is_demo=True).count(),
        Snapshot.objects.count(),
        Post.objects.count(),
        Article.objects.filter(is_demo=True).count(),
    )


def test_generate_writes_labelled_demo_data_and_logs_the_run(small_registry):
    run = generate()
    profiles, snapshots, posts, articles = counts()
    assert profiles > 100 and snapshots > 5 * profiles and posts > 5 * profiles
    assert articles == 3
    assert not Profile.objects.filter(is_demo=False).exists()
    assert run.status == JobRun.Status.SUCCEEDED
    assert run.counts["profiles"] == profiles and run.counts["posts"] == posts
    # Gers' Instagram ends on its published audience; its road-traffic page is thematic.
    gers = Profile.objects.get(territory__key="departement:32", network=Network.INSTAGRAM)
    assert gers.snapshots.order_by("date").last().followers == pytest.approx(28_000, rel=0.01)
    roads = Profile.objects.get(territory__key="departement:32", label="Info routes")
    assert not roads.is_principal
    # The daily rollups the rankings read agree with the posts.
    assert sum(PostDailyRollup.objects.values_list("posts", flat=True)) == posts
    request = RequestFactory().get("/")
    assert demo_data(request) == {"demo_data": True}
    # The Gers' photo-sharing invitation is found as its own hashtag, as after an import.
    branded = BrandedHashtag.objects.filter(territory__key="departement:32")
    assert "GersLeDepartement" in set(branded.values_list("tag", flat=True))
    assert run.counts["branded_hashtags"] == BrandedHashtag.objects.count()


def test_generate_twice_duplicates_nothing(small_registry):
    generate()
    before = counts()
    assert generate() is None  # same parameters: skipped
    assert counts() == before
    generate(force=True)  # forced: regenerated, identical
    assert counts() == before
    generate(seed=2)  # other parameters: replaced, not added
    assert counts()[0] == pytest.approx(before[0], rel=0.1)
    assert Profile.objects.filter(is_demo=True).count() == counts()[0]


def test_generate_skips_real_profiles(small_registry):
    gers = Territory.objects.get(key="departement:32")
    profiles_upsert(rows=[ProfileRow(gers.pk, Network.FACEBOOK, "departementgers")])
    generate()
    real = Profile.objects.get(network=Network.FACEBOOK, handle_key="departementgers")
    assert not real.is_demo and not real.posts.exists()
    assert not Profile.objects.filter(
        territory=gers, network=Network.FACEBOOK, is_principal=True, is_demo=True
    ).exists()


def test_clear_removes_the_demo_data_and_nothing_else(small_registry):
    auch = Territory.objects.get(key="commune:32013")
    profiles_upsert(rows=[ProfileRow(auch.pk, Network.BLUESKY, "real-auch.bsky.social")])
    real = Profile.objects.get(handle_key="real-auch.bsky.social")
    posts_upsert(rows=[PostRow(real.pk, "1", datetime(2025, 3, 1, 12, tzinfo=UTC), likes=5)])
    Article.objects.create(title="Vrai article", slug="vrai", body="Texte")
    generate()
    services.demo_rank()
    assert RankingEntry.objects.filter(profile=real).exists()
    territories = Territory.objects.count()

    cleared = services.demo_clear()

    assert cleared["profiles"] > 100 and cleared["articles"] == 3
    assert list(Profile.objects.all()) == [real]
    assert list(Post.objects.values_list("external_id", flat=True)) == ["1"]
    assert not Snapshot.objects.exists()
    assert list(Article.objects.values_list("slug", flat=True)) == ["vrai"]
    assert set(RankingEntry.objects.values_list("profile", flat=True)) == {real.pk}
    assert Territory.objects.count() == territories
    assert demo_data(RequestFactory().get("/")) == {"demo_data": False}


def test_rank_publishes_every_generated_month_once(small_registry):
    generate()
    months = services.demo_rank()
    assert months == [date(2025, 10, 1), date(2025, 11, 1), date(2025, 12, 1)]
    publications = RankingPublication.objects.filter(month__in=months)
    assert publications.count() == 3
    for publication in publications:
        entries = publication.entries.all()
        assert entries.filter(eligible=True).count() > 50
        networks = set(entries.values_list("network", flat=True))
        assert {Network.FACEBOOK, Network.X, Network.INSTAGRAM} <= networks
    assert services.demo_rank() == []  # up to date: nothing to do


def test_login_creates_or_resets_a_staff_account(db):
    username, password = services.demo_login()
    request = RequestFactory().post("/compte/connexion/")  # axes throttles per request
    user = authenticate(request, username=username, password=password)
    assert user is not None and user.is_staff
    user.set_password("changed")
    user.save()
    services.demo_login()
    assert authenticate(request, username=username, password=password) == user


def test_command(small_registry, capsys):
    call_command("demo", "generate", "--scale", "small", "--months", "2", verbosity=0)
    assert "Démo générée" in capsys.readouterr().out
    call_command("demo", "generate", "--scale", "small", "--months", "2", verbosity=0)
    assert "déjà générées" in capsys.readouterr().out
    call_command("demo", "login")
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8000/" in out and services.DEMO_PASSWORD in out
    with pytest.raises(CommandError, match="--yes"):
        call_command("demo", "clear")
    call_command("demo", "clear", "--yes")
    assert not Profile.objects.exists()
