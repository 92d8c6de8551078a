"""The daily post rollups stay exactly equal to what the posts say, whatever the writes."""

import datetime as dt
import random
from collections import Counter
from zoneinfo import ZoneInfo

import pytest

from observatoire.metrics.models import Post, PostDailyRollup
from observatoire.metrics.services import (
    PostRow,
    post_rollups_rebuild,
    post_write,
    posts_delete,
    posts_upsert,
)
from observatoire.metrics.tests.factories import PostFactory
from observatoire.profiles.tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def rollups() -> dict:
    return {(r.profile_id, r.day): (r.posts, r.interactions) for r in PostDailyRollup.objects.all()}


def from_posts() -> dict:
    posts, interactions = Counter(), Counter()
    for post in Post.objects.all():
        key = (post.profile_id, post.published_at.astimezone(PARIS).date())
        posts[key] += 1
        interactions[key] += post.interactions
    return {key: (posts[key], interactions[key]) for key in posts}


def test_upsert_counts_posts_by_paris_day():
    profile = ProfileFactory()
    posts_upsert(
        rows=[
            # 23:30 UTC on 1 August is 2 August in Paris.
            PostRow(profile.pk, "late", dt.datetime(2024, 8, 1, 23, 30, tzinfo=dt.UTC), likes=3),
            PostRow(
                profile.pk,
                "noon",
                dt.datetime(2024, 8, 2, 10, tzinfo=dt.UTC),
                comments=2,
                shares=None,
                views=99,
            ),
        ]
    )
    assert rollups() == {(profile.pk, dt.date(2024, 8, 2)): (2, 5)}


def test_re_upserting_new_counts_and_a_corrected_date_stays_exact():
    profile = ProfileFactory()
    at = dt.datetime(2024, 8, 10, 12, tzinfo=dt.UTC)
    posts_upsert(
        rows=[PostRow(profile.pk, "1", at, likes=1), PostRow(profile.pk, "2", at, likes=1)]
    )
    posts_upsert(rows=[PostRow(profile.pk, "1", at, likes=10)])  # new counts
    assert rollups() == {(profile.pk, dt.date(2024, 8, 10)): (2, 11)}
    posts_upsert(rows=[PostRow(profile.pk, "2", at + dt.timedelta(days=3), likes=1)])  # moved
    assert rollups() == {
        (profile.pk, dt.date(2024, 8, 10)): (1, 10),
        (profile.pk, dt.date(2024, 8, 13)): (1, 1),
    }
    posts_upsert(rows=[PostRow(profile.pk, "1", at + dt.timedelta(days=3), likes=10)])
    assert rollups() == {(profile.pk, dt.date(2024, 8, 13)): (2, 11)}  # the empty day is gone
    posts_upsert(rows=[PostRow(profile.pk, "1", at + dt.timedelta(days=3), likes=10)])  # again
    assert rollups() == {(profile.pk, dt.date(2024, 8, 13)): (2, 11)}


def test_random_writes_match_a_recount():
    rng = random.Random(7)
    profiles = [ProfileFactory() for _ in range(3)]
    start = dt.datetime(2024, 3, 28, tzinfo=dt.UTC)  # across the change to summer time
    for _ in range(6):
        rows = [
            PostRow(
                profile_id=rng.choice(profiles).pk,
                external_id=str(rng.randint(0, 40)),
                published_at=start + dt.timedelta(minutes=rng.randint(0, 6 * 24 * 60)),
                likes=rng.choice([None, 0, 3, 50]),
                comments=rng.choice([None, 1]),
                shares=rng.choice([None, 2]),
            )
            for _ in range(30)
        ]
        posts_upsert(rows=rows, batch_size=7)
        assert rollups() == from_posts()


def test_single_writes_and_deletes_through_the_services_keep_rollups_exact():
    post = PostFactory(likes=1, comments=None, shares=None)  # the factory writes by post_write
    assert rollups() == from_posts() == {(post.profile_id, dt.date(2024, 8, 15)): (1, 1)}
    post.likes = 7
    post.published_at = dt.datetime(2024, 8, 20, 23, tzinfo=dt.UTC)
    post_write(post=post)
    assert rollups() == {(post.profile_id, dt.date(2024, 8, 21)): (1, 7)}
    other = PostFactory(profile=post.profile, published_at=post.published_at, likes=2)
    assert posts_delete(posts=Post.objects.filter(pk=post.pk)) == 1
    assert rollups() == from_posts() == {(post.profile_id, dt.date(2024, 8, 21)): (1, 5)}
    posts_delete(posts=Post.objects.filter(pk=other.pk))
    assert rollups() == {}


ADMIN = "/admin/metrics/post/"


def _admin_form(post: Post, **changes) -> dict:
    paris = (changes.pop("published_at", None) or post.published_at).astimezone(PARIS)
    form = {
        "profile": post.profile_id,
        "external_id": post.external_id,
        "text": post.text,
        "published_at_0": f"{paris:%d/%m/%Y}",
        "published_at_1": f"{paris:%H:%M:%S}",
        "permalink": "",
        "media_type": "",
        "likes": post.likes,
        "comments": "",
        "shares": "",
        "saves": "",
        "views": "",
        "image_count": 0,
        "images": "[]",
        "hashtags": "[]",
    }
    return form | changes


def test_staff_editing_moving_and_deleting_posts_in_the_admin_keep_rollups_exact(admin_client):
    post = PostFactory(likes=1, comments=None, shares=None)
    other_profile = ProfileFactory()
    moved = dt.datetime(2024, 8, 20, 22, 30, tzinfo=dt.UTC)  # 21 August in Paris
    form = _admin_form(post, likes=40, profile=other_profile.pk, published_at=moved)
    response = admin_client.post(f"{ADMIN}{post.pk}/change/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert rollups() == from_posts() == {(other_profile.pk, dt.date(2024, 8, 21)): (1, 40)}
    response = admin_client.post(ADMIN + "add/", _admin_form(post, external_id="new", likes=2))
    assert response.status_code == 302
    assert rollups() == from_posts()
    assert rollups()[(post.profile_id, dt.date(2024, 8, 15))] == (1, 2)
    admin_client.post(f"{ADMIN}{post.pk}/delete/", {"post": "yes"})
    assert rollups() == from_posts() == {(post.profile_id, dt.date(2024, 8, 15)): (1, 2)}
    selected = list(Post.objects.values_list("pk", flat=True))
    everything = {"action": "delete_selected", "_selected_action": selected, "post": "yes"}
    admin_client.post(ADMIN, everything)
    assert Post.objects.count() == 0 and rollups() == {}


def test_rebuild_recomputes_from_posts_written_outside_the_app():
    profile = ProfileFactory()
    posts_upsert(rows=[PostRow(profile.pk, "1", dt.datetime(2024, 8, 10, tzinfo=dt.UTC), likes=1)])
    Post.objects.update(likes=40)  # bypasses the rollups
    assert rollups() != from_posts()
    assert post_rollups_rebuild(start=dt.date(2024, 8, 1), end=dt.date(2024, 8, 31)) == 1
    assert rollups() == from_posts()


def test_rebuild_over_many_days_and_a_time_change_matches_a_recount():
    rng = random.Random(3)
    profiles = [ProfileFactory() for _ in range(3)]
    start = dt.datetime(2024, 10, 1, tzinfo=dt.UTC)  # summer time ends on 27 October
    posts_upsert(
        rows=[
            PostRow(
                rng.choice(profiles).pk,
                str(i),
                start + dt.timedelta(minutes=rng.randint(0, 60 * 24 * 45)),
                likes=rng.choice([None, 4]),
                shares=rng.choice([None, 1]),
            )
            for i in range(300)
        ]
    )
    PostDailyRollup.objects.all().delete()
    post_rollups_rebuild()
    assert rollups() == from_posts()
