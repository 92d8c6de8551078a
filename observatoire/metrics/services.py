"""Writes of snapshots and posts: idempotent bulk upserts keyed on (profile, date) and
(profile, external id). Importers, connectors and the demo generator all write through here,
and so do the admin and the tests' factories (`post_write`, `posts_delete`): every write of
posts keeps the daily rollups exact here, in one path (there is no model signal)."""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import islice
from zoneinfo import ZoneInfo

from django.db import connection, models, transaction
from django.db.models import Max, Min, Q
from django.utils import timezone

from observatoire.core.upserts import rows_insert, rows_upsert

from .models import Post, PostDailyRollup, Snapshot
from .signals import posts_deleted, posts_written

ROLLUP_TIMEZONE = ZoneInfo("Europe/Paris")

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
    subtitles: bool | None = None


def post_row_from(*, profile_id: int, post) -> PostRow:
    """The row stored for a post a connector read (`connectors.types.PostData`): what the
    network said, nothing more (the collection, and the awards reading one linked post)."""
    return PostRow(
        profile_id=profile_id,
        external_id=post.id,
        published_at=post.published_at,
        text=post.text,
        permalink=post.permalink[:500],
        media_type=post.media_type,
        likes=post.likes,
        comments=post.comments,
        shares=post.shares,
        saves=post.saves,
        views=post.views,
        image_count=post.image_count,
        images=tuple({"alt": image.alt} for image in post.images),
        hashtags=post.hashtags,
        subtitles=post.subtitles,
    )


def _batches(rows: Iterable, size: int, key=None) -> Iterator[list]:
    """Batches of rows; with `key`, unique per key (a later row replaces the earlier one)."""
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield list({key(row): row for row in batch}.values()) if key else batch


SNAPSHOT_UPDATE_FIELDS = ["followers", "following", "posts_count", "collected_at"]
POST_UPDATE_FIELDS = [
    "published_at",
    "text",
    "permalink",
    "media_type",
    "likes",
    "comments",
    "shares",
    "saves",
    "views",
    "image_count",
    "images",
    "hashtags",
    "subtitles",
    "collected_at",
]


def snapshots_upsert(*, rows: Iterable[SnapshotRow], batch_size: int = BATCH_SIZE) -> int:
    """Create or update one snapshot per (profile, date). Returns the number of rows written."""
    written = 0
    now = timezone.now()
    for batch in _batches(rows, batch_size, key=lambda r: (r.profile_id, r.date)):
        rows_upsert(
            Snapshot,
            fields=["profile_id", "date", *SNAPSHOT_UPDATE_FIELDS],
            rows=[
                (r.profile_id, r.date, r.followers, r.following, r.posts_count, now) for r in batch
            ],
            unique=["profile_id", "date"],
        )
        written += len(batch)
    return written


def posts_upsert(
    *, rows: Iterable[PostRow], batch_size: int = BATCH_SIZE, notify: bool = True
) -> int:
    """Create or update posts keyed on (profile, external id), refreshing their counts
    and the daily rollups of the days they leave or enter. `notify=False` sends no
    `posts_written`: for a bulk load that rebuilds what derives from posts once at its end
    (the demo: `editorial_rebuild`), never for the collection or an import."""
    written = 0
    now = timezone.now()
    for batch in _batches(rows, batch_size, key=lambda r: (r.profile_id, r.external_id)):
        with transaction.atomic():
            _posts_upsert_batch(batch, now, notify=notify)
        written += len(batch)
    return written


def _posts_upsert_batch(batch: list[PostRow], now: datetime, *, notify: bool = True) -> None:
    existing = _posts_existing(batch)
    rows_upsert(
        Post,
        fields=["profile_id", "external_id", *POST_UPDATE_FIELDS],
        rows=[
            (
                r.profile_id,
                r.external_id,
                r.published_at,
                r.text,
                r.permalink,
                r.media_type,
                r.likes,
                r.comments,
                r.shares,
                r.saves,
                r.views,
                r.image_count,
                list(r.images),
                list(r.hashtags),
                r.subtitles,
                now,
            )
            for r in batch
        ],
        unique=["profile_id", "external_id"],
    )
    if existing:
        touched = {(pid, rollup_day(at)) for pid, at in existing}
        touched |= {(r.profile_id, rollup_day(r.published_at)) for r in batch}
        post_rollups_refresh(pairs=touched)
    else:
        _post_rollups_add(batch)
    if notify:
        posts_written.send(
            sender=Post, keys=[(r.profile_id, r.external_id) for r in batch], previous=existing
        )


def post_write(*, post: Post) -> Post:
    """Save one post as it is (the admin's form, a factory), refreshing the rollups of the
    day it leaves and the day it enters: posts_upsert for a single, already built post."""
    with transaction.atomic():
        pairs = {(post.profile_id, rollup_day(post.published_at))}
        before = []
        if post.pk is not None:
            before = list(Post.objects.filter(pk=post.pk).values_list("profile_id", "published_at"))
            pairs |= {(profile_id, rollup_day(at)) for profile_id, at in before}
        post.save()
        post_rollups_refresh(pairs=pairs)
        posts_written.send(sender=Post, keys=[(post.profile_id, post.external_id)], previous=before)
    return post


def posts_delete(*, posts: models.QuerySet) -> int:
    """Delete these posts and refresh the rollups of their days. Returns how many went."""
    with transaction.atomic():
        removed = list(posts.values_list("profile_id", "published_at"))
        _total, detail = posts.delete()  # the total counts their analyses and hashtags too
        post_rollups_refresh(pairs={(pid, rollup_day(at)) for pid, at in removed})
        posts_deleted.send(sender=Post, removed=removed)
    return detail.get(Post._meta.label, 0)


def _posts_existing(batch: list[PostRow]) -> list[tuple[int, datetime]]:
    """(profile id, stored publication time) of the batch's posts already stored, looked up
    by (profile, external id) pairs on the unique index (two IN lists would make SQLite
    probe every combination)."""
    keys = list({(r.profile_id, r.external_id) for r in batch})
    table = connection.ops.quote_name(Post._meta.db_table)
    existing = []
    for chunk in _batches(keys, 1000):
        pairs = ", ".join(["(%s, %s)"] * len(chunk))
        # A join on VALUES: SQLite answers `(a, b) IN (VALUES …)` by scanning the table.
        posts = Post.objects.raw(
            f"SELECT p.id, p.profile_id, p.published_at FROM {table} p "
            f"JOIN (VALUES {pairs}) AS k ON p.profile_id = k.column1 AND p.external_id = k.column2",
            [value for key in chunk for value in key],
        )
        existing += [(post.profile_id, post.published_at) for post in posts]
    return existing


def _post_rollups_add(batch: list[PostRow]) -> None:
    """Add brand-new posts to the (exact) rollups of their days: the same result as
    recomputing those days from the posts. The addition happens in SQL (ON CONFLICT … SET
    posts = posts + excluded.posts), so concurrent writers never lose each other's counts."""
    added: dict[tuple[int, date], list[int]] = {}
    for r in batch:
        total = added.setdefault((r.profile_id, rollup_day(r.published_at)), [0, 0])
        total[0] += 1
        total[1] += (r.likes or 0) + (r.comments or 0) + (r.shares or 0)
    quote = connection.ops.quote_name
    table = quote(PostDailyRollup._meta.db_table)
    adapt_date = connection.ops.adapt_datefield_value
    fields = ["profile", "day", "posts", "interactions"]
    rows_insert(
        f"INSERT INTO {table} (profile_id, day, posts, interactions)",
        f"ON CONFLICT (profile_id, day) DO UPDATE SET "
        f"posts = {table}.posts + EXCLUDED.posts, "
        f"interactions = {table}.interactions + EXCLUDED.interactions",
        [(pid, adapt_date(day), n, i) for (pid, day), (n, i) in added.items()],
        types=[PostDailyRollup._meta.get_field(n).db_type(connection) for n in fields],
    )


def rollup_day(moment: datetime) -> date:
    """The Europe/Paris calendar day of an aware datetime."""
    return moment.astimezone(ROLLUP_TIMEZONE).date()


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(), ROLLUP_TIMEZONE)
    return start, datetime.combine(day + timedelta(days=1), time(), ROLLUP_TIMEZONE)


def post_rollups_refresh(
    *, pairs: Iterable[tuple[int, date]], profiles_per_query: int = 500
) -> int:
    """Recompute the rollups of these (profile id, Paris day) pairs from the posts table:
    exact and idempotent. Returns the number of rollups written.

    Posts are read per chunk of profiles over the span of their touched days (one range
    query instead of one condition per day), then kept only for the touched pairs."""
    wanted = set(pairs)
    days_of: dict[int, list[date]] = defaultdict(list)
    for profile_id, day in wanted:
        days_of[profile_id].append(day)
    totals: dict[tuple[int, date], list[int]] = {}
    fields = ("profile_id", "published_at", "likes", "comments", "shares")
    for chunk in _batches(sorted(days_of), profiles_per_query):
        start = _day_bounds(min(min(days_of[pid]) for pid in chunk))[0]
        end = _day_bounds(max(max(days_of[pid]) for pid in chunk))[1]
        posts = Post.objects.filter(
            profile_id__in=chunk, published_at__gte=start, published_at__lt=end
        ).values_list(*fields)
        for profile_id, at, likes, comments, shares in posts:
            key = (profile_id, rollup_day(at))
            if key in wanted:
                total = totals.setdefault(key, [0, 0])
                total[0] += 1
                total[1] += (likes or 0) + (comments or 0) + (shares or 0)
    gone: dict[date, list[int]] = defaultdict(list)
    for profile_id, day in wanted - totals.keys():
        gone[day].append(profile_id)
    for days in _batches(sorted(gone), 40):
        empty = Q()
        for day in days:
            empty |= Q(day=day, profile_id__in=gone[day])
        PostDailyRollup.objects.filter(empty).delete()
    for batch in _batches(totals.items(), BATCH_SIZE):
        rows_upsert(
            PostDailyRollup,
            fields=["profile_id", "day", "posts", "interactions"],
            rows=[(pid, day, n, i) for (pid, day), (n, i) in batch],
            unique=["profile_id", "day"],
        )
    return len(totals)


# One scan of the posts per span of days: CASE maps each post to its Paris day.
ROLLUP_REBUILD_SQL = """
INSERT INTO metrics_postdailyrollup (profile_id, day, posts, interactions)
SELECT profile_id, paris_day, COUNT(*), SUM(interactions) FROM (
    SELECT profile_id, CASE {whens} END AS paris_day,
           COALESCE(likes, 0) + COALESCE(comments, 0) + COALESCE(shares, 0) AS interactions
    FROM metrics_post WHERE published_at >= %s AND published_at < %s
) AS dated GROUP BY profile_id, paris_day
"""
ROLLUP_REBUILD_SPAN = 31


def post_rollups_rebuild(*, start: date | None = None, end: date | None = None) -> int:
    """Rebuild every rollup of the Paris days in [start, end] (all days when omitted) from
    the posts, e.g. after posts were written by raw SQL. Returns the number written."""
    if start is None or end is None:
        moments = Post.objects.aggregate(first=Min("published_at"), last=Max("published_at"))
        if moments["first"] is None:
            PostDailyRollup.objects.all().delete()
            return 0
        start = start or rollup_day(moments["first"])
        end = end or rollup_day(moments["last"])
    ops = connection.ops
    with transaction.atomic(), connection.cursor() as cursor:
        PostDailyRollup.objects.filter(day__gte=start, day__lte=end).delete()
        first = start
        while first <= end:
            days = [first + timedelta(days=d) for d in range(ROLLUP_REBUILD_SPAN)]
            days = [day for day in days if day <= end]
            params = []
            for day in days:
                params += [ops.adapt_datetimefield_value(_day_bounds(day)[1])]
                params += [ops.adapt_datefield_value(day)]
            params += [
                ops.adapt_datetimefield_value(_day_bounds(days[0])[0]),
                ops.adapt_datetimefield_value(_day_bounds(days[-1])[1]),
            ]
            whens = " ".join(["WHEN published_at < %s THEN %s"] * len(days))
            cursor.execute(ROLLUP_REBUILD_SQL.format(whens=whens), params)
            first = days[-1] + timedelta(days=1)
    return PostDailyRollup.objects.filter(day__gte=start, day__lte=end).count()
