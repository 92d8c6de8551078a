"""The analyses, hashtags, monthly rollups and branded hashtags rebuilt from the posts alone
(`observatoire editorial rebuild --yes`): after a change of the audit's rules, posts written
outside the services (raw SQL, a restored dump), or to check the incremental path."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import islice

from django.db import connection, transaction
from django.db.models import Max, Min
from django.utils.translation import gettext as _
from tqdm import tqdm

from observatoire.core.models import JobRun
from observatoire.core.services import job_run
from observatoire.metrics.models import Post
from observatoire.profiles.models import Profile

from ..cache import editorial_cache_bump
from ..models import AccessibilityMonth, EditorialMonth, PostAnalysis, PostHashtag
from .analyses import POST_FIELDS, analyse, analyses_write, month_of
from .hashtags import branded_hashtags_refresh
from .lexicon import lexicon_current
from .rollups import month_followers, rollup_rows, rollups_write

PROFILES_PER_BATCH = 200  # profiles whose posts are analysed and written together
JSON_MEMO = 10_000
DERIVED = (PostAnalysis, PostHashtag, EditorialMonth, AccessibilityMonth)


def editorial_rebuild(
    *, progress: bool = False, profiles_per_batch: int = PROFILES_PER_BATCH
) -> JobRun:
    """Delete every analysis, post hashtag and monthly rollup, analyse every post again
    (current lexicon and rules), write the rollups and refresh the branded hashtags; in one
    transaction (pages keep the previous figures until it commits), logged as a job run.

    Posts are read by ranges of profile ids (the (profile, published_at) index), so memory
    holds one range at a time, whose rollups are complete once it is read."""
    current = lexicon_current()
    name = _("Analyse des publications : reconstruction")
    arguments = {"revision": current.revision}
    with (
        job_run(kind=JobRun.Kind.EDITORIAL, name=name, arguments=arguments) as run,
        _sqlite_foreign_key_checks_off(),
        transaction.atomic(),
    ):
        _clear()
        span = Post.objects.aggregate(first=Min("published_at"), last=Max("published_at"))
        total = Post.objects.count() if progress else 0
        bar = tqdm(total=total, unit="publication", disable=not progress, file=sys.stderr)
        profiles = (
            Profile.objects.order_by("id")
            .values_list("id", "network", "territory_id")
            .iterator(chunk_size=profiles_per_batch)
        )
        while span["first"] is not None and (chunk := list(islice(profiles, profiles_per_batch))):
            low, high = chunk[0][0], chunk[-1][0]
            analysed = analyse(
                _posts_of(low, high),
                profiles={pk: (network, territory) for pk, network, territory in chunk},
                current=current,
            )
            analyses_write(analysed)
            followers = month_followers(
                first=month_of(span["first"]), last=month_of(span["last"]), span=(low, high)
            )
            editorial, accessibility = rollup_rows(
                analysed.facts, followers=followers, theme_keys=current.theme_keys
            )
            rollups_write(editorial=editorial, accessibility=accessibility)
            run.count("posts", len(analysed.analyses))
            run.count("hashtags", len(analysed.hashtags))
            run.count("editorial_months", len(editorial))
            run.count("accessibility_months", len(accessibility))
            bar.update(len(analysed.analyses))
        bar.close()
        run.count("branded_hashtags", branded_hashtags_refresh())
        transaction.on_commit(editorial_cache_bump)
    return run.run


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
    """The posts of profiles low … high as POST_FIELDS: the bare rows of a cursor, made
    into values here (Django's per-value converters cost more than reading them)."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(Post._meta.get_field(name).column) for name in POST_FIELDS)
    zone = connection.timezone
    parsed: dict[str, object] = {}  # JSON texts repeat ("[]", the same images or tags)

    def loads(text: str):
        value = parsed.get(text)
        if value is None:
            value = json.loads(text)
            if len(parsed) < JSON_MEMO:
                parsed[text] = value
        return value

    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {quote(Post._meta.db_table)} "
            f"WHERE profile_id >= %s AND profile_id <= %s",
            [low, high],
        )
        while rows := cursor.fetchmany(2000):
            for row in rows:
                at, images, tags, subtitles = row[2], row[6], row[7], row[8]
                if at.tzinfo is None:  # SQLite: naive, in the connection's time zone
                    at = at.replace(tzinfo=zone)
                yield (
                    *row[:2],
                    at,
                    *row[3:6],
                    loads(images) if isinstance(images, str) else images,
                    loads(tags) if isinstance(tags, str) else tags,
                    None if subtitles is None else bool(subtitles),
                    *row[9:],
                )


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
