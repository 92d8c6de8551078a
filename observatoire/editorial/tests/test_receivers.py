import datetime as dt

import pytest
from django.db import transaction

from observatoire.editorial import themes
from observatoire.editorial.models import EditorialMonth, PostAnalysis, PostHashtag
from observatoire.metrics.models import Post, PostDailyRollup
from observatoire.metrics.services import post_write, posts_upsert
from observatoire.profiles.tests.factories import ProfileFactory

from .factories import post_row

pytestmark = pytest.mark.django_db


def test_a_post_saved_alone_is_analysed_too():
    profile = ProfileFactory()
    post = post_write(
        post=Post(
            profile=profile,
            external_id="admin-1",
            published_at=dt.datetime(2024, 8, 15, 10, tzinfo=dt.UTC),
            text="Collège : rentrée des élèves #Rentrée2024",
            hashtags=["Rentrée2024"],
        )
    )
    assert PostAnalysis.objects.get().post_id == post.pk
    assert PostHashtag.objects.get().key == "rentrée2024"


def test_the_analysis_rolls_back_with_the_write_that_failed():
    profile = ProfileFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        posts_upsert(rows=[post_row(profile, hashtags=("Gers",))])
        assert PostAnalysis.objects.exists()
        raise RuntimeError("the caller fails after writing")
    assert not Post.objects.exists()
    assert not PostAnalysis.objects.exists()
    assert not PostHashtag.objects.exists()
    assert not EditorialMonth.objects.exists()


def test_an_analysis_that_fails_rolls_the_write_of_posts_back(monkeypatch):
    profile = ProfileFactory()
    posts_upsert(rows=[post_row(profile, external_id="kept")])

    def broken(**kwargs):
        raise ValueError("classifier failure")

    monkeypatch.setattr("observatoire.editorial.services.analyses.themes_of", broken)
    with pytest.raises(ValueError):
        posts_upsert(rows=[post_row(profile, external_id="new", likes=500)])
    assert list(Post.objects.values_list("external_id", flat=True)) == ["kept"]
    assert PostDailyRollup.objects.get().interactions == 13  # the new post's 503 are not in
    assert PostAnalysis.objects.count() == 1
    assert EditorialMonth.objects.get(dimension="all").posts == 1
    assert themes.themes_of is not broken  # only the editorial module's name was replaced
