"""The analyses, hashtags, monthly rollups and branded hashtags rebuilt from the posts alone
(`observatoire editorial rebuild --yes`): after a change of the audit's rules, posts written
outside the services (raw SQL, a restored dump), or to check the incremental path."""

from __future__ import annotations

import multiprocessing
import sys
from collections import deque
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import date
from itertools import islice

from django.db import connection, connections, transaction
from django.db.models import Max, Min
from django.utils.translation import gettext as _
from tqdm import tqdm

from observatoire.core.models import JobRun
from observatoire.core.services import job_run
from observatoire.metrics.models import Post
from observatoire.profiles.models import Profile

from ..cache import editorial_cache_bump
from ..models import AccessibilityMonth, EditorialMonth, PostAnalysis, PostHashtag
from .analyses import POST_FIELDS, analyse, analysis_parameters, analysis_rows_write, month_of
from .hashtags import branded_hashtags_refresh
from .lexicon import CurrentLexicon, lexicon_current
from .rollups import month_followers, rollup_parameters, rollup_rows, rollup_rows_write

PROFILES_PER_BATCH = 200  # profiles whose posts are analysed and written together
WORKERS = 2  # processes that read and analyse while this one writes
PARALLEL_FROM = 8  # ranges of profiles: from this many, the workers are worth their start
DERIVED = (PostAnalysis, PostHashtag, EditorialMonth, AccessibilityMonth)


@dataclass(frozen=True)
class Range:
    """Profiles low … high (ids), their network and territory, and the months of posts."""

    low: int
    high: int
    profiles: dict[int, tuple[str, int]]
    first_month: date
    last_month: date


@dataclass
class RangeRows:
    """What the rebuild writes for a range: PostAnalysis, PostHashtag, EditorialMonth and
    AccessibilityMonth rows as database values (made by the worker that read the range)."""

    analyses: list[tuple]
    hashtags: list[tuple]
    editorial: list[tuple]
    accessibility: list[tuple]


_current: CurrentLexicon | None = None  # the rebuild's lexicon, inherited by its workers


def editorial_rebuild(
    *,
    progress: bool = False,
    profiles_per_batch: int = PROFILES_PER_BATCH,
    workers: int = WORKERS,
) -> JobRun:
    """Delete every analysis, post hashtag and monthly rollup, analyse every post again
    (current lexicon and rules), write the rollups and refresh the branded hashtags; in one
    transaction (pages keep the previous figures until it commits), logged as a job run.

    Posts are read by ranges of profile ids (the (profile, published_at) index), each range's
    rollups complete once it is read. With enough ranges, and outside a transaction, WORKERS
    processes (fork) read and analyse ranges while this one writes the previous ones — the
    analysis and the writes take about as long — at most 2 × WORKERS ranges ahead, so memory
    holds a few ranges whatever the number of posts."""
    global _current
    _current = current = lexicon_current()
    span = Post.objects.aggregate(first=Min("published_at"), last=Max("published_at"))
    ranges = list(_ranges(span, profiles_per_batch)) if span["first"] is not None else []
    name = _("Analyse des publications : reconstruction")
    arguments = {"revision": current.revision}
    with ExitStack() as stack:
        pool = _pool(stack, workers=workers, ranges=len(ranges))
        run = stack.enter_context(
            job_run(kind=JobRun.Kind.EDITORIAL, name=name, arguments=arguments)
        )
        stack.enter_context(_sqlite_foreign_key_checks_off())
        stack.enter_context(transaction.atomic())
        _clear()
        total = Post.objects.count() if progress else 0
        bar = tqdm(total=total, unit="publication", disable=not progress, file=sys.stderr)
        for rows in _analysed_ranges(ranges, pool, ahead=2 * workers):
            analysis_rows_write(rows.analyses, rows.hashtags)
            rollup_rows_write(rows.editorial, rows.accessibility)
            run.count("posts", len(rows.analyses))
            run.count("hashtags", len(rows.hashtags))
            run.count("editorial_months", len(rows.editorial))
            run.count("accessibility_months", len(rows.accessibility))
            bar.update(len(rows.analyses))
        bar.close()
        run.count("branded_hashtags", branded_hashtags_refresh())
        transaction.on_commit(editorial_cache_bump)
    _current = None
    return run.run


def _ranges(span: dict, size: int) -> Iterator[Range]:
    profiles = (
        Profile.objects.order_by("id")
        .values_list("id", "network", "territory_id")
        .iterator(chunk_size=size)
    )
    first, last = month_of(span["first"]), month_of(span["last"])
    while chunk := list(islice(profiles, size)):
        found = {pk: (network, territory) for pk, network, territory in chunk}
        yield Range(chunk[0][0], chunk[-1][0], found, first, last)


def _pool(stack: ExitStack, *, workers: int, ranges: int):
    """A pool of forked workers when they are worth it and possible: not inside a
    transaction (they would not see its writes), not on an in-memory database, not in a
    daemonic process (a Celery worker's), which may not have children."""
    if (
        workers < 2
        or multiprocessing.current_process().daemon
        or ranges < PARALLEL_FROM
        or connection.in_atomic_block
        or "fork" not in multiprocessing.get_all_start_methods()
        or (connection.vendor == "sqlite" and connection.is_in_memory_db())
    ):
        return None
    connections.close_all()  # each process opens its own connection
    return stack.enter_context(multiprocessing.get_context("fork").Pool(workers))


def _analysed_ranges(ranges: list[Range], pool, *, ahead: int) -> Iterator[RangeRows]:
    """Each range analysed, in order: here, or by the pool with at most `ahead` ranges
    waiting to be written."""
    if pool is None:
        yield from map(_range_analyse, ranges)
        return
    pending: deque = deque()
    for item in ranges:
        pending.append(pool.apply_async(_range_analyse, (item,)))
        if len(pending) >= ahead:
            yield pending.popleft().get()
    while pending:
        yield pending.popleft().get()


def _range_analyse(item: Range) -> RangeRows:
    """Read and analyse the posts of a range and compute its rollups (in a worker or not)."""
    current = _current
    analysed = analyse(_posts_of(item.low, item.high), profiles=item.profiles, current=current)
    followers = month_followers(
        first=item.first_month, last=item.last_month, span=(item.low, item.high)
    )
    editorial, accessibility = rollup_rows(
        analysed.facts, followers=followers, theme_keys=current.theme_keys
    )
    return RangeRows(*analysis_parameters(analysed), *rollup_parameters(editorial, accessibility))


@contextmanager
def _sqlite_foreign_key_checks_off():
    """SQLite: no foreign-key checks while the rebuild runs (outside a transaction only, as
    Django's loaddata). Every row it writes comes from a post, profile and territory it read
    in its own transaction, which no other writer can change meanwhile (SQLite has one
    writer); the checks would only cost the deletion one lookup per row and foreign key,
    ten times its time. PostgreSQL keeps its checks."""
    with connection.constraint_checks_disabled():
        yield


def _posts_of(low: int, high: int) -> Iterator[tuple]:
    """The posts of profiles low … high as POST_FIELDS, bare from the cursor: `analyse`
    makes their values (Django's per-value converters cost more than reading them)."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(Post._meta.get_field(name).column) for name in POST_FIELDS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {quote(Post._meta.db_table)} "
            f"WHERE profile_id >= %s AND profile_id <= %s",
            [low, high],
        )
        while rows := cursor.fetchmany(2000):
            yield from rows


def _clear() -> None:
    quote = connection.ops.quote_name
    tables = [quote(model._meta.db_table) for model in DERIVED]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE refuses tables with pending deferred checks (rows written earlier in
            # the transaction): run them first, then defer again as Django declares them.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {', '.join(tables)}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")
