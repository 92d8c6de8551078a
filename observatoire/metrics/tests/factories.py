import datetime as dt

import factory

from observatoire.metrics.models import Post, Snapshot
from observatoire.metrics.services import post_write
from observatoire.profiles.tests.factories import ProfileFactory


class SnapshotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Snapshot

    profile = factory.SubFactory(ProfileFactory)
    date = dt.date(2024, 8, 31)
    followers = 1000
    following = 100
    posts_count = 500


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    profile = factory.SubFactory(ProfileFactory)
    external_id = factory.Sequence(lambda n: f"post{n}")
    published_at = dt.datetime(2024, 8, 15, 12, 0, tzinfo=dt.UTC)
    likes = 10
    comments = 2
    shares = 1

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return post_write(post=model_class(*args, **kwargs))  # the rollups follow
