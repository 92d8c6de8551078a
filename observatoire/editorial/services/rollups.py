"""The monthly rollups of a profile's analysed posts: EditorialMonth (all posts, per theme,
format and weekday × hour slot, with interactions and engagement) and AccessibilityMonth
(the audit's posts, scores, failures and unverifiable checks per rule, images).

A rollup is always recomputed whole from the analyses of its (profile, month) — by
`rollups_refresh` for the months a write touched, by the rebuild for all — through the same
`rollup_rows`, so the incremental path and the rebuild write the same rows.

Engagement, as the dashboard (dashboard/posts.py): a post's interactions (likes + comments +
shares, an unknown count adding 0; all three unknown = unknown) ÷ the followers of its
profile at the latest snapshot of the post's Paris month. `measured` counts the posts whose
interactions and followers are both known (followers > 0); `engagement` is the sum of their
rates; `interactions` the sum over the posts whose interactions are known."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from datetime import date
from itertools import islice
from typing import NamedTuple

from django.db import connection

from observatoire.metrics.models import Snapshot

from ..accessibility import RULES
from ..models import AccessibilityMonth, EditorialMonth, PostAnalysis
from .writes import date_parameters, json_parameter, rows_write

Dimension = EditorialMonth.Dimension
PROFILES_PER_QUERY = 500
EDITORIAL_FIELDS = [
    "profile_id",
    "month",
    "dimension",
    "key",
    "posts",
    "measured",
    "interactions",
    "engagement",
]
ACCESSIBILITY_FIELDS = [
    "profile_id",
    "month",
    "posts",
    "scored",
    "score_sum",
    "failures",
    "unverifiable",
    "images",
    "images_without_alt",
    "images_unverifiable",
]
RULE_CODES = {rule.bit: rule.code for rule in RULES}


class Fact(NamedTuple):
    """What a rollup reads of one analysed post."""

    profile_id: int
    month: date
    weekday: int
    hour: int
    format: str
    themes: int
    score: int | None
    failed: int
    unverifiable: int
    images: int
    images_without_alt: int
    images_unverifiable: int
    interactions: int | None  # None: unknown


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def bits_of(mask: int) -> list[int]:
    bits = []
    while mask:
        low = mask & -mask
        bits.append(low.bit_length() - 1)
        mask ^= low
    return bits


def rollup_rows(
    facts: Iterable[Fact], *, followers: dict[tuple[int, date], int], theme_keys: dict[int, str]
) -> tuple[list[tuple], list[tuple]]:
    """Rows of EditorialMonth and AccessibilityMonth (EDITORIAL_FIELDS, ACCESSIBILITY_FIELDS)
    for every (profile, month) of `facts`; `followers`: (profile, month) -> followers at the
    latest snapshot of that month.

    Followers are one figure per (profile, month), so a row's measured posts are its posts
    with known interactions when the month has followers (none otherwise), and its
    engagement their interactions ÷ those followers."""
    # (profile, month) -> {(dimension, key): [posts, posts with known interactions, Σ]}
    editorial: dict[tuple[int, date], dict[tuple[str, str], list[int]]] = {}
    accessibility: dict[tuple[int, date], list] = {}
    everything = (Dimension.ALL.value, "")
    slots = [(Dimension.SLOT.value, f"{day}-{hour}") for day in range(8) for hour in range(24)]
    formats: dict[str, tuple[str, str]] = {}
    themes_memo: dict[int, tuple[tuple[str, str], ...]] = {}
    codes_memo: dict[int, list[str]] = {}
    for (
        profile_id,
        month,
        weekday,
        hour,
        format_,
        themes,
        score,
        failed,
        unverifiable,
        images,
        without_alt,
        images_unverifiable,
        interactions,
    ) in facts:
        pair = (profile_id, month)
        known = interactions is not None
        interactions = interactions or 0
        dimensions = themes_memo.get(themes)
        if dimensions is None:
            dimensions = themes_memo[themes] = tuple(
                (Dimension.THEME.value, theme_keys[bit])
                for bit in bits_of(themes)
                if bit in theme_keys
            )
        format_key = formats.get(format_)
        if format_key is None:
            format_key = formats[format_] = (Dimension.FORMAT.value, format_)
        totals = editorial.get(pair)
        if totals is None:
            totals = editorial[pair] = {}
            accessibility[pair] = [0, 0, 0, Counter(), Counter(), 0, 0, 0]
        for key in (everything, format_key, slots[weekday * 24 + hour], *dimensions):
            total = totals.get(key)
            if total is None:
                totals[key] = [1, known, interactions]
            else:
                total[0] += 1
                total[1] += known
                total[2] += interactions
        audit = accessibility[pair]
        audit[0] += 1
        if score is not None:
            audit[1] += 1
            audit[2] += score
        for mask, counter in ((failed, audit[3]), (unverifiable, audit[4])):
            if mask:
                codes = codes_memo.get(mask)
                if codes is None:
                    codes = codes_memo[mask] = [
                        RULE_CODES[bit] for bit in bits_of(mask) if bit in RULE_CODES
                    ]
                counter.update(codes)
        audit[5] += images
        audit[6] += without_alt
        audit[7] += images_unverifiable
    editorial_rows = []
    for (profile_id, month), totals in editorial.items():
        audience = followers.get((profile_id, month))
        for (dimension, key), (posts, known, interactions) in totals.items():
            measured = int(known) if audience else 0
            engagement = interactions / audience if measured else 0.0
            row = (profile_id, month, dimension, key, posts, measured, interactions, engagement)
            editorial_rows.append(row)
    accessibility_rows = [
        (
            profile_id,
            month,
            posts,
            scored,
            score_sum,
            dict(sorted(failures.items())),
            dict(sorted(unverifiable.items())),
            images,
            without_alt,
            images_unverifiable,
        )
        for (profile_id, month), (
            posts,
            scored,
            score_sum,
            failures,
            unverifiable,
            images,
            without_alt,
            images_unverifiable,
        ) in accessibility.items()
    ]
    return editorial_rows, accessibility_rows


# --- followers of a month ---------------------------------------------------------------

# The latest snapshot of each month per profile: one scan of the (profile, date) index over
# the span, a CASE mapping each date to its month (portable, no per-row function).
FOLLOWERS_SQL = """
SELECT s.profile_id, m.month, s.followers FROM {table} s JOIN (
    SELECT profile_id, CASE {whens} END AS month, MAX(date) AS last FROM {table}
    WHERE {profiles} AND date >= %s AND date < %s
    GROUP BY profile_id, CASE {whens} END
) AS m ON s.profile_id = m.profile_id AND s.date = m.last
"""


def month_after(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def months_between(first: date, last: date) -> list[date]:
    months = [first]
    while months[-1] < last:
        months.append(month_after(months[-1]))
    return months


def month_followers(
    *,
    first: date,
    last: date,
    profiles: list[int] | None = None,
    span: tuple[int, int] | None = None,
) -> dict[tuple[int, date], int]:
    """(profile id, month) -> followers at its latest snapshot of that month, for the months
    first … last of these profiles (ids, or an inclusive range of ids)."""
    months = months_between(first, last)
    ops = connection.ops
    bounds = [ops.adapt_datefield_value(month_after(m)) for m in months]
    whens = " ".join(f"WHEN date < %s THEN {index}" for index in range(len(months)))
    if profiles is not None:
        condition, values = f"profile_id IN ({', '.join(['%s'] * len(profiles))})", profiles
    else:
        condition, values = "profile_id >= %s AND profile_id <= %s", list(span)
    sql = FOLLOWERS_SQL.format(
        table=connection.ops.quote_name(Snapshot._meta.db_table),
        whens=whens,
        profiles=condition,
    )
    params = [*bounds, *values, ops.adapt_datefield_value(first), bounds[-1], *bounds]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {(profile_id, months[index]): followers for profile_id, index, followers in cursor}


# --- refresh of touched months --------------------------------------------------------

FACT_FIELDS = (
    "profile_id",
    "month",
    "weekday",
    "hour",
    "format",
    "themes",
    "score",
    "failed",
    "unverifiable",
    "images",
    "images_without_alt",
    "images_unverifiable",
    "post__likes",
    "post__comments",
    "post__shares",
)


def rollups_refresh(*, pairs: Iterable[tuple[int, date]], current=None) -> int:
    """Recompute the rollups of these (profile id, month) pairs from their analyses: exact
    and idempotent; a month left without posts loses its rows. Returns the pairs with posts.
    `current`: the compiled lexicon (its theme keys), read when not given."""
    wanted = set(pairs)
    if not wanted:
        return 0
    if current is None:
        from .lexicon import lexicon_current

        current = lexicon_current()
    months_of: dict[int, list[date]] = defaultdict(list)
    for profile_id, month in wanted:
        months_of[profile_id].append(month)
    editorial, accessibility = [], []
    for chunk in _batches(sorted(months_of), PROFILES_PER_QUERY):
        first = min(min(months_of[pid]) for pid in chunk)
        last = max(max(months_of[pid]) for pid in chunk)
        rows = PostAnalysis.objects.filter(
            profile_id__in=chunk, month__gte=first, month__lte=last
        ).values_list(*FACT_FIELDS)
        facts = [
            Fact(*row[:12], _interactions(*row[12:])) for row in rows if (row[0], row[1]) in wanted
        ]
        followers = month_followers(first=first, last=last, profiles=chunk)
        more = rollup_rows(facts, followers=followers, theme_keys=current.theme_keys)
        editorial += more[0]
        accessibility += more[1]
    editorial, accessibility = _changed_only(wanted, editorial, accessibility)
    rollups_write(editorial=editorial, accessibility=accessibility)
    return len(accessibility)


def _changed_only(
    pairs: set[tuple[int, date]], editorial: list[tuple], accessibility: list[tuple]
) -> tuple[list[tuple], list[tuple]]:
    """Delete the stored rollups of `pairs` that are no more, and return the rows to write:
    those not stored as they are (a rewrite of unchanged posts writes nothing)."""
    written = []
    for model, fields, rows in (
        (EditorialMonth, EDITORIAL_FIELDS, editorial),
        (AccessibilityMonth, ACCESSIBILITY_FIELDS, accessibility),
    ):
        width = 4 if model is EditorialMonth else 2  # the unique key's fields
        stored = {_hashable(row[1:]): row[0] for row in _stored(model, ["id", *fields], pairs)}
        keys = {row[:width] for row in rows}
        gone = [pk for row, pk in stored.items() if row[:width] not in keys]
        for chunk in _batches(gone, 1000):
            model.objects.filter(pk__in=chunk).delete()
        written.append([row for row in rows if _hashable(row) not in stored])
    return written[0], written[1]


def _hashable(row: tuple) -> tuple:
    """A row whose counts per rule ({code: n}) compare as sorted pairs."""
    return tuple(tuple(sorted(v.items())) if isinstance(v, dict) else v for v in row)


def _stored(model, fields: list[str], pairs: set[tuple[int, date]]) -> Iterator[tuple]:
    """The rows of `model` of these (profile id, month) pairs (fields[1:3] are profile and
    month): by chunks of profiles over the span of their months."""
    months_of: dict[int, list[date]] = defaultdict(list)
    for profile_id, month in pairs:
        months_of[profile_id].append(month)
    for chunk in _batches(sorted(months_of), PROFILES_PER_QUERY):
        first = min(min(months_of[pid]) for pid in chunk)
        last = max(max(months_of[pid]) for pid in chunk)
        rows = model.objects.filter(profile_id__in=chunk, month__gte=first, month__lte=last)
        for row in rows.values_list(*fields):
            if (row[1], row[2]) in pairs:
                yield row


def _interactions(likes, comments, shares) -> int | None:
    if likes is None and comments is None and shares is None:
        return None
    return (likes or 0) + (comments or 0) + (shares or 0)


def rollups_write(*, editorial: list[tuple], accessibility: list[tuple]) -> None:
    rollup_rows_write(*rollup_parameters(editorial, accessibility))


def rollup_parameters(
    editorial: list[tuple], accessibility: list[tuple]
) -> tuple[list[tuple], list[tuple]]:
    """The rows of rollup_rows as database values (months made once each, counts per rule
    as JSON objects — rows_upsert would store an empty one as [])."""
    months = date_parameters(row[1] for rows in (editorial, accessibility) for row in rows)
    return (
        [(profile, months[month], *rest) for profile, month, *rest in editorial],
        [
            (
                row[0],
                months[row[1]],
                *row[2:5],
                json_parameter(row[5]),
                json_parameter(row[6]),
                *row[7:],
            )
            for row in accessibility
        ],
    )


def rollup_rows_write(editorial: list[tuple], accessibility: list[tuple], batch: int = 5000):
    """Upsert rows of rollup_parameters."""
    for rows in _batches(editorial, batch):
        rows_write(
            EditorialMonth,
            fields=EDITORIAL_FIELDS,
            unique=("profile_id", "month", "dimension", "key"),
            rows=rows,
        )
    for rows in _batches(accessibility, batch):
        rows_write(
            AccessibilityMonth,
            fields=ACCESSIBILITY_FIELDS,
            unique=("profile_id", "month"),
            rows=rows,
        )
