"""Writes of snapshots and posts: idempotent bulk upserts keyed on (profile, date) and
(profile, external id). Importers, connectors and the demo generator all write through here."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import islice

from django.utils import timezone

from .models import Post, Snapshot

BATCH_SIZE = 2000


@dataclass(frozen=True, slots=True)
class SnapshotRow:
    profile_id: int
    date: date
    followers: int
    following: int | None = None
    posts_count: int | None = None


@dataclass(frozen=True, slots=True)
class PostRow:
    profile_id: int
    external_id: str
    published_at: datetime  # aware
    text: str = ""
    permalink: str = ""
    media_type: str = ""
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    saves: int | None = None
    views: int | None = None
    image_count: int = 0
    images: tuple[dict, ...] = field(default_factory=tuple)  # ({"alt": "…"}, …)
    hashtags: tuple[str, ...] = field(default_factory=tuple)


def _batches(rows: Iterable, size: int) -> Iterator[list]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


SNAPSHOT_UPDATE_FIELDS = ["followers", "following", "posts_count", "collected_at"]
POST_UPDATE_FIELDS = [
    "published_at", "text", "permalink", "media_type", "likes", "comments", "shares",
    "saves", "views", "image_count", "images", "hashtags", "collected_at",
]  # fmt: skip


def snapshots_upsert(*, rows: Iterable[SnapshotRow], batch_size: int = BATCH_SIZE) -> int:
    """Create or update one snapshot per (profile, date). Returns the number of rows written."""
    written = 0
    now = timezone.now()
    for batch in _batches(rows, batch_size):
        Snapshot.objects.bulk_create(
            [
                Snapshot(
                    profile_id=r.profile_id, date=r.date, followers=r.followers,
                    following=r.following, posts_count=r.posts_count, collected_at=now,
                )
                for r in batch
            ],
            update_conflicts=True,
            unique_fields=["profile", "date"],
            update_fields=SNAPSHOT_UPDATE_FIELDS,
        )  # fmt: skip
        written += len(batch)
    return written


def posts_upsert(*, rows: Iterable[PostRow], batch_size: int = BATCH_SIZE) -> int:
    """Create or update posts keyed on (profile, external id), refreshing their counts."""
    written = 0
    now = timezone.now()
    for batch in _batches(rows, batch_size):
        Post.objects.bulk_create(
            [
                Post(
                    profile_id=r.profile_id, external_id=r.external_id,
                    published_at=r.published_at, text=r.text, permalink=r.permalink,
                    media_type=r.media_type, likes=r.likes, comments=r.comments,
                    shares=r.shares, saves=r.saves, views=r.views, image_count=r.image_count,
                    images=list(r.images), hashtags=list(r.hashtags), collected_at=now,
                )
                for r in batch
            ],
            update_conflicts=True,
            unique_fields=["profile", "external_id"],
            update_fields=POST_UPDATE_FIELDS,
        )  # fmt: skip
        written += len(batch)
    return written
