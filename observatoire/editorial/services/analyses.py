"""One analysis per post (themes, format, timing, the accessibility audit) and its hashtags,
written as posts are (`posts_analyse`, from the metrics signals, inside the writer's
transaction), and the re-run of the classification after the lexicon changed
(`analyses_reclassify`: themes only)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import islice
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.utils.translation import gettext as _
from tqdm import tqdm

from observatoire.core.models import JobRun
from observatoire.core.services import job_run
from observatoire.core.upserts import rows_upsert
from observatoire.metrics.models import Post

from ..accessibility import RULES_VERSION, AuditInput, audit
from ..cache import editorial_cache_bump
from ..models import PostAnalysis, PostHashtag
from ..themes import themes_of
from .lexicon import CurrentLexicon, lexicon_current
from .rollups import Fact, rollups_refresh
from .writes import date_parameters, datetime_parameter, rows_write

PARIS = ZoneInfo("Europe/Paris")
BATCH = 2000

# What an analysis reads of a post, and of its profile (network, territory).
POST_FIELDS = (
    "id",
    "profile_id",
    "published_at",
    "text",
    "media_type",
    "image_count",
    "images",
    "hashtags",
    "subtitles",
    "likes",
    "comments",
    "shares",
)
ANALYSIS_FIELDS = [
    "post_id",
    "profile_id",
    "month",
    "weekday",
    "hour",
    "format",
    "themes",
    "lexicon_revision",
    "score",
    "failed",
    "unverifiable",
    "images",
    "images_without_alt",
    "images_unverifiable",
    "rules_version",
]
HASHTAG_FIELDS = ["post_id", "profile_id", "territory_id", "key", "tag", "published_at"]
TAG_LENGTH = PostHashtag._meta.get_field("key").max_length


def batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def hashtag_key(tag: str) -> str:
    """How hashtags are compared: without '#', casefolded (#Covid19Gers = #covid19gers)."""
    return tag.strip().lstrip("#").casefold()[:TAG_LENGTH]


def month_of(moment: datetime) -> date:
    """The first day of the Europe/Paris month of an aware datetime."""
    return moment.astimezone(PARIS).date().replace(day=1)


@dataclass
class Analysed:
    """What a batch of posts gives: rows of PostAnalysis and PostHashtag, and the facts the
    monthly rollups are made of."""

    analyses: list[tuple]
    hashtags: list[tuple]
    facts: list[Fact]


def analyse(rows: Iterable[tuple], *, profiles: dict[int, tuple[str, int]], current) -> Analysed:
    """Analyse posts read as POST_FIELDS; `profiles`: profile id -> (network, territory id).
    Rows may come bare from a cursor: naive times (in the connection's zone), JSON as text,
    booleans as 0/1 (SQLite)."""
    lexicon, revision = current.lexicon, current.revision
    zone = connection.timezone
    analyses, hashtags, facts = [], [], []
    months: dict[tuple[int, int], date] = {}
    loads = _json_reader()
    for (
        post_id,
        profile_id,
        published_at,
        text,
        media_type,
        image_count,
        images,
        tags,
        subtitles,
        likes,
        comments,
        shares,
    ) in rows:
        network, territory_id = profiles[profile_id]
        if published_at.tzinfo is None:
            published_at = published_at.replace(tzinfo=zone)
        local = published_at.astimezone(PARIS)
        month = months.get((local.year, local.month))
        if month is None:
            month = months[(local.year, local.month)] = date(local.year, local.month, 1)
        weekday, hour = local.isoweekday(), local.hour
        text = text or ""
        if isinstance(tags, str):
            tags = loads(tags)
        tags = tuple(tag for tag in tags or () if isinstance(tag, str))
        if isinstance(images, str):
            images = loads(images)
        alts = tuple(
            image["alt"]
            for image in images or ()
            if isinstance(image, dict) and isinstance(image.get("alt"), str)
        )
        if subtitles is not None:
            subtitles = bool(subtitles)
        result = audit(
            AuditInput(
                network=network,
                media_type=media_type,
                text=text,
                hashtags=tags,
                image_count=image_count,
                images=alts,
                subtitles=subtitles,
            )
        )
        themes = themes_of(text=text, hashtags=tags, lexicon=lexicon)
        analyses.append(
            (
                post_id,
                profile_id,
                month,
                weekday,
                hour,
                media_type,
                themes,
                revision,
                result.score,
                result.failed,
                result.unverifiable,
                result.images,
                result.images_without_alt,
                result.images_unverifiable,
                RULES_VERSION,
            )
        )
        known = likes is not None or comments is not None or shares is not None
        facts.append(
            Fact(
                profile_id,
                month,
                weekday,
                hour,
                media_type,
                themes,
                result.score,
                result.failed,
                result.unverifiable,
                result.images,
                result.images_without_alt,
                result.images_unverifiable,
                (likes or 0) + (comments or 0) + (shares or 0) if known else None,
            )
        )
        seen = set()
        for tag in tags:
            key = hashtag_key(tag)
            if key and key not in seen:
                seen.add(key)
                written = tag.strip().lstrip("#")[:TAG_LENGTH]
                hashtags.append((post_id, profile_id, territory_id, key, written, published_at))
    return Analysed(analyses=analyses, hashtags=hashtags, facts=facts)


def _json_reader(memo: int = 10_000):
    """json.loads remembering the texts it read (captions' images and hashtags repeat:
    "[]", the same lists), up to `memo` of them; values are shared, never changed."""
    parsed: dict[str, object] = {}

    def loads(text: str):
        value = parsed.get(text)
        if value is None:
            value = json.loads(text)
            if len(parsed) < memo:
                parsed[text] = value
        return value

    return loads


def analyses_write(analysed: Analysed) -> None:
    """Upsert the analyses and hashtags of a batch."""
    analysis_rows_write(*analysis_parameters(analysed))


def analysis_parameters(analysed: Analysed) -> tuple[list[tuple], list[tuple]]:
    """The rows of PostAnalysis and PostHashtag of a batch as database values (dates made
    once per month and per post; the rebuild's workers make them, the writer writes)."""
    months = date_parameters(row[2] for row in analysed.analyses)
    moment = datetime_parameter()
    return (
        [
            (post, profile, months[month], *rest)
            for post, profile, month, *rest in analysed.analyses
        ],
        [(*rest, moment(at)) for *rest, at in analysed.hashtags],
    )


def analysis_rows_write(analyses: list[tuple], hashtags: list[tuple]) -> None:
    """Upsert rows of analysis_parameters."""
    rows_write(PostAnalysis, fields=ANALYSIS_FIELDS, unique=("post_id",), rows=analyses)
    rows_write(PostHashtag, fields=HASHTAG_FIELDS, unique=("post_id", "key"), rows=hashtags)


# --- as posts are written --------------------------------------------------------------


def posts_analyse(
    *,
    keys: Sequence[tuple[int, str]],
    previous: Sequence[tuple[int, datetime]] = (),
    chunk: int = 1000,
) -> int:
    """Analyse the posts `keys` = (profile id, external id) just written, replace their
    hashtags and refresh the monthly rollups of the months they enter and (`previous`:
    their profile and publication time before the write) leave. Runs in the caller's
    transaction, so a failure rolls the write back. Returns the number of posts analysed."""
    current = lexicon_current()
    touched = {(profile_id, month_of(at)) for profile_id, at in previous}
    analysed_count = 0
    for part in batches(dict.fromkeys(keys), chunk):
        posts, profiles = _posts_by_keys(part)
        if not posts:
            continue
        analysed = analyse(posts, profiles=profiles, current=current)
        if previous:  # some existed: write only what changed (the collection rewrites
            _unchanged_left_out(analysed)  # 35 days of posts every day, mostly unchanged)
        analyses_write(analysed)
        touched |= {(fact.profile_id, fact.month) for fact in analysed.facts}
        analysed_count += len(posts)
    rollups_refresh(pairs=touched, current=current)
    transaction.on_commit(editorial_cache_bump)
    return analysed_count


def _unchanged_left_out(analysed: Analysed) -> None:
    """Leave out of `analysed` the analyses and hashtags stored as they are, and delete the
    hashtags its posts no longer carry."""
    ids = [row[0] for row in analysed.analyses]
    stored = PostAnalysis.objects.filter(post_id__in=ids).values_list(*ANALYSIS_FIELDS)
    stored = {row[0]: row for row in stored}
    analysed.analyses = [row for row in analysed.analyses if stored.get(row[0]) != row]
    fields = ["id", *HASHTAG_FIELDS]
    tags = {
        row[1:]: row[0] for row in PostHashtag.objects.filter(post_id__in=ids).values_list(*fields)
    }
    kept = {(row[0], row[3]) for row in analysed.hashtags}
    gone = [pk for row, pk in tags.items() if (row[0], row[3]) not in kept]
    if gone:
        PostHashtag.objects.filter(pk__in=gone).delete()
    analysed.hashtags = [row for row in analysed.hashtags if row not in tags]


def posts_forget(*, removed: Sequence[tuple[int, datetime]]) -> None:
    """Posts were deleted (their analyses and hashtags went with them): refresh the
    rollups of their months."""
    rollups_refresh(pairs={(profile_id, month_of(at)) for profile_id, at in removed})
    transaction.on_commit(editorial_cache_bump)


def _posts_by_keys(keys: list[tuple[int, str]]) -> tuple[list[tuple], dict]:
    """The posts of these (profile id, external id) keys as POST_FIELDS (bare from the
    cursor, for `analyse`), and their profiles' network and territory: one query, a join on
    VALUES over the unique index (as metrics.services._posts_existing)."""
    quote = connection.ops.quote_name
    post_table = quote(Post._meta.db_table)
    profile_table = quote(Post._meta.get_field("profile").related_model._meta.db_table)
    pairs = ", ".join(["(%s, %s)"] * len(keys))
    columns = ", ".join(f"p.{quote(Post._meta.get_field(name).column)}" for name in POST_FIELDS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns}, f.network, f.territory_id "
            f"FROM {post_table} p JOIN (VALUES {pairs}) AS k "
            f"ON p.profile_id = k.column1 AND p.external_id = k.column2 "
            f"JOIN {profile_table} f ON f.id = p.profile_id",
            [value for key in keys for value in key],
        )
        found = cursor.fetchall()
    profiles = {row[1]: (row[-2], row[-1]) for row in found}
    return [row[:-2] for row in found], profiles


# --- the re-run of the classification ------------------------------------------------


def analyses_stale_count(*, current: CurrentLexicon | None = None) -> int:
    """How many analyses were classified with another revision of the lexicon."""
    current = current or lexicon_current()
    return PostAnalysis.objects.exclude(lexicon_revision=current.revision).count()


def analyses_reclassify(*, batch: int = BATCH, progress: bool = False) -> JobRun:
    """Classify again the posts whose analysis has another lexicon revision than the
    current one (themes only: the audit does not depend on the lexicon), refreshing the
    monthly rollups of the months whose themes changed; a batch per transaction, logged."""
    current = lexicon_current()
    stale = PostAnalysis.objects.exclude(lexicon_revision=current.revision)
    name = _("Reclassification des publications (lexique v%(revision)d)") % {
        "revision": current.revision
    }
    arguments = {"revision": current.revision}
    with job_run(kind=JobRun.Kind.EDITORIAL, name=name, arguments=arguments) as run:
        bar = tqdm(total=stale.count(), unit="publication", disable=not progress, file=sys.stderr)
        last = 0
        while True:
            with transaction.atomic():
                rows = list(
                    stale.filter(post_id__gt=last)
                    .order_by("post_id")
                    .values_list(*ANALYSIS_FIELDS, "post__text", "post__hashtags")[:batch]
                )
                if not rows:
                    break
                last = rows[-1][0]
                changed = _reclassify(rows, current)
                run.count("posts", len(rows))
                run.count("posts_changed", len(changed))
                rollups_refresh(pairs=changed, current=current)
                transaction.on_commit(editorial_cache_bump)
            bar.update(len(rows))
        bar.close()
    return run.run


def _reclassify(rows: list[tuple], current: CurrentLexicon) -> set[tuple[int, date]]:
    """Write the new themes of these analyses (ANALYSIS_FIELDS, text, hashtags); returns
    the (profile, month) pairs whose themes changed."""
    themes_at = ANALYSIS_FIELDS.index("themes")
    revision_at = ANALYSIS_FIELDS.index("lexicon_revision")
    changed, written = set(), []
    for row in rows:
        *analysis, text, tags = row
        tags = tuple(tag for tag in tags or () if isinstance(tag, str))
        themes = themes_of(text=text or "", hashtags=tags, lexicon=current.lexicon)
        if themes != analysis[themes_at]:
            changed.add((analysis[1], analysis[2]))
        analysis[themes_at] = themes
        analysis[revision_at] = current.revision
        written.append(tuple(analysis))
    rows_upsert(PostAnalysis, fields=ANALYSIS_FIELDS, rows=written, unique=["post_id"])
    return changed
