"""The national-scale dataset of bench/ranking.py: territories, principal profiles, daily
snapshots and posts of August 2024, written with COPY (PostgreSQL) or executemany (SQLite)."""

from __future__ import annotations

import datetime as dt
import time

MONTH = dt.date(2024, 8, 1)
NOW = "2024-09-01 00:00:00"
NETWORKS = [
    "instagram",
    "facebook",
    "x",
    "youtube",
    "tiktok",
    "linkedin",
    "bluesky",
    "mastodon",
    "threads",
]
CATEGORIES = [  # (category, kind, how many territories)
    ("region", "region", 18),
    ("departement", "departement", 101),
    ("metropole", "epci", 22),
    ("communaute_urbaine", "epci", 14),
    ("communaute_agglomeration", "epci", 230),
    ("communaute_communes", "epci", 990),
    ("grande_ville", "commune", 42),
    ("ville_moyenne", "commune", 900),
    ("petite_ville", "commune", 9_800),
]
PROFILE_COLUMNS = [
    "territory_id",
    "network",
    "handle",
    "handle_key",
    "url",
    "external_id",
    "display_name",
    "label",
    "is_principal",
    "status",
    "unavailable_reason",
    "consecutive_failures",
    "is_demo",
    "created_at",
    "updated_at",
]
SNAPSHOT_COLUMNS = ["profile_id", "date", "followers", "following", "posts_count", "collected_at"]
POST_COLUMNS = [
    "profile_id",
    "external_id",
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
    "collected_at",
]
POSTS_PER_TRANSACTION = 200_000


def copy_rows(table: str, columns: list[str], rows) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["?"] * len(columns))
            cursor.cursor.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows
            )


def generate(*, profiles: int, posts: int, seed: int) -> dict:
    """Fill the fresh database, rebuild the post rollups; the seconds each took."""
    import numpy as np
    from django.db import connection

    from observatoire.metrics.services import post_rollups_rebuild

    rng = np.random.default_rng(seed)
    started = time.perf_counter()
    territory_ids = territories_create(rng)
    profile_ids = profiles_create(rng, territory_ids, profiles)
    snapshots_create(rng, profile_ids)
    posts_create(rng, profile_ids, posts)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    rollups = post_rollups_rebuild(start=MONTH - dt.timedelta(days=1), end=dt.date(2024, 9, 1))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"generate": generated, "rollups": time.perf_counter() - started, "rollup_rows": rollups}


def territories_create(rng) -> list[int]:
    """The territories of every category, spread over the régions; their ids."""
    from django.db import transaction

    from observatoire.territories.models import Territory

    territories = [
        Territory(
            key=f"{kind}:{category}-{i}",
            kind=kind,
            code=f"{i}",
            name=f"{category} {i}",
            slug=f"{category}-{i}",
            category=category,
            population=int(rng.integers(200, 2_000_000 if kind != "commune" else 150_000)),
        )
        for category, kind, count in CATEGORIES
        for i in range(count)
    ]
    with transaction.atomic():
        Territory.objects.bulk_create(territories, batch_size=2000)
        regions = list(Territory.objects.filter(kind="region").values_list("id", flat=True))
        territory_ids = list(Territory.objects.values_list("id", flat=True))
        Territory.objects.exclude(kind="region").update(region_id=regions[0])
        for i, region in enumerate(regions[1:], 1):  # spread over the régions
            Territory.objects.filter(id__in=territory_ids[i :: len(regions)]).exclude(
                kind="region"
            ).update(region_id=region)
    return territory_ids


def profiles_create(rng, territory_ids: list[int], profiles: int):
    """One principal profile per (territory, network) up to `profiles`, 2 % unavailable."""
    import numpy as np
    from django.db import transaction

    from observatoire.profiles.models import Profile

    slots = [(t, n) for t in territory_ids for n in NETWORKS][:profiles]
    statuses = rng.random(len(slots)) < 0.02
    rows = (
        (
            t,
            n,
            f"h{i}",
            f"h{i}",
            "",
            "",
            "",
            "",
            True,
            "unavailable" if statuses[i] else "active",
            "",
            0,
            False,
            NOW,
            NOW,
        )
        for i, (t, n) in enumerate(slots)
    )
    with transaction.atomic():
        copy_rows("profiles_profile", PROFILE_COLUMNS, rows)
    return np.array(list(Profile.objects.order_by("id").values_list("id", flat=True)))


def snapshots_create(rng, profile_ids) -> None:
    """One snapshot a day, 1–31 August; 1 % of profiles only have one from July."""
    import numpy as np
    from django.db import transaction

    followers = rng.lognormal(7, 2, len(profile_ids)).astype(np.int64)
    followers[rng.random(len(profile_ids)) < 0.01] = 0
    following = rng.integers(0, 3000, len(profile_ids))
    no_snapshot = rng.random(len(profile_ids)) < 0.01
    days = [MONTH + dt.timedelta(days=d) for d in range(31)]
    rows = (
        (
            int(pid),
            str(day if not no_snapshot[i] else dt.date(2024, 7, 1 + d)),
            int(followers[i]) + d,
            int(following[i]),
            100,
            NOW,
        )
        for d, day in enumerate(days)
        for i, pid in enumerate(profile_ids)
        if not no_snapshot[i] or d == 0
    )
    with transaction.atomic():
        copy_rows("metrics_snapshot", SNAPSHOT_COLUMNS, rows)


def posts_create(rng, profile_ids, posts: int) -> None:
    """Zipf-like activity, 5 % of profiles silent; times uniform over August (UTC)."""
    import numpy as np
    from django.db import connection, transaction

    activity = rng.pareto(1.5, len(profile_ids)) + 0.2
    activity[rng.random(len(profile_ids)) < 0.05] = 0
    owners = rng.choice(profile_ids, size=posts, p=activity / activity.sum())
    start = int(dt.datetime(2024, 7, 31, 22, tzinfo=dt.UTC).timestamp())
    seconds = rng.integers(start, start + 31 * 86400, posts)
    likes = rng.integers(0, 500, posts)
    comments = rng.integers(0, 50, posts)
    shares = rng.integers(0, 30, posts)
    unknown = rng.random(posts) < 0.1
    stamps = np.datetime_as_string(seconds.astype("datetime64[s]"), unit="s")
    pg = connection.vendor == "postgresql"
    for begin in range(0, posts, POSTS_PER_TRANSACTION):
        rows = (
            (
                int(owners[i]),
                str(i),
                f"{stamps[i]}+00:00" if pg else stamps[i].replace("T", " "),
                "",
                "",
                "image",
                int(likes[i]),
                None if unknown[i] else int(comments[i]),
                int(shares[i]),
                3,
                1000,
                1,
                "[]",
                "[]",
                NOW,
            )
            for i in range(begin, min(begin + POSTS_PER_TRANSACTION, posts))
        )
        with transaction.atomic():
            copy_rows("metrics_post", POST_COLUMNS, rows)
