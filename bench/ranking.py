"""Benchmark of the monthly ranking at national scale, against its floor and a pandas peer.

    .venv/bin/python bench/ranking.py                      # SQLite, var/bench/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/ranking.py

Generates into a fresh database (SQLite file var/bench/observatoire_bench.sqlite3, or the
PostgreSQL database `observatoire_bench` on the server of DATABASE_URL) 100,000 principal
profiles over 9 networks, 1.5 M posts in August 2024 and one snapshot a day per profile,
then measures in the same run (best of --repeat, after one warm-up):
- floor: the two bare SQL aggregates any correct ranking must read (posts per profile over
  W with their interactions; the latest snapshot per profile in W);
- peer: a straightforward pandas re-computation of the same ranking from the same tables;
- ranking: `ranking_build` (reads, computes, writes and publishes the 100,000 entries);
- re-weighting all groups of the month, and the largest group alone.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

from common import fresh_database  # bench/common.py (this folder is on sys.path)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MONTH = dt.date(2024, 8, 1)
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


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


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
    import numpy as np
    from django.db import connection, transaction

    from observatoire.profiles.models import Profile
    from observatoire.territories.models import Territory

    rng = np.random.default_rng(seed)
    started = time.perf_counter()
    territories = []
    for category, kind, count in CATEGORIES:
        for i in range(count):
            territories.append(
                Territory(
                    key=f"{kind}:{category}-{i}",
                    kind=kind,
                    code=f"{i}",
                    name=f"{category} {i}",
                    slug=f"{category}-{i}",
                    category=category,
                    population=int(rng.integers(200, 2_000_000 if kind != "commune" else 150_000)),
                )
            )
    with transaction.atomic():
        Territory.objects.bulk_create(territories, batch_size=2000)
        regions = list(Territory.objects.filter(kind="region").values_list("id", flat=True))
        territory_ids = list(Territory.objects.values_list("id", flat=True))
        Territory.objects.exclude(kind="region").update(region_id=regions[0])
        for i, region in enumerate(regions[1:], 1):  # spread over the régions
            Territory.objects.filter(id__in=territory_ids[i :: len(regions)]).exclude(
                kind="region"
            ).update(region_id=region)
    slots = [(t, n) for t in territory_ids for n in NETWORKS][:profiles]
    now = "2024-09-01 00:00:00"
    statuses = rng.random(len(slots)) < 0.02
    with transaction.atomic():
        copy_rows(
            "profiles_profile",
            [
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
            ],
            (
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
                    now,
                    now,
                )
                for i, (t, n) in enumerate(slots)
            ),
        )
    profile_ids = np.array(list(Profile.objects.order_by("id").values_list("id", flat=True)))
    # One snapshot a day, 1–31 August; 1 % of profiles only have one from July.
    followers = rng.lognormal(7, 2, len(profile_ids)).astype(np.int64)
    followers[rng.random(len(profile_ids)) < 0.01] = 0
    following = rng.integers(0, 3000, len(profile_ids))
    no_snapshot = rng.random(len(profile_ids)) < 0.01
    days = [MONTH + dt.timedelta(days=d) for d in range(31)]
    with transaction.atomic():
        copy_rows(
            "metrics_snapshot",
            ["profile_id", "date", "followers", "following", "posts_count", "collected_at"],
            (
                (
                    int(pid),
                    str(day if not no_snapshot[i] else dt.date(2024, 7, 1 + d)),
                    int(followers[i]) + d,
                    int(following[i]),
                    100,
                    now,
                )
                for d, day in enumerate(days)
                for i, pid in enumerate(profile_ids)
                if not no_snapshot[i] or d == 0
            ),
        )
    # Posts: Zipf-like activity, 5 % of profiles silent; times uniform over August (UTC).
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
    chunk = 200_000
    for begin in range(0, posts, chunk):
        with transaction.atomic():
            copy_rows(
                "metrics_post",
                [
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
                ],
                (
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
                        now,
                    )
                    for i in range(begin, min(begin + chunk, posts))
                ),
            )
    generated = time.perf_counter() - started
    from observatoire.metrics.services import post_rollups_rebuild

    started = time.perf_counter()
    rollups = post_rollups_rebuild(start=MONTH - dt.timedelta(days=1), end=dt.date(2024, 9, 1))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {"generate": generated, "rollups": time.perf_counter() - started, "rollup_rows": rollups}


FLOOR_POSTS = """
SELECT profile_id, COUNT(*), SUM(COALESCE(likes, 0) + COALESCE(comments, 0) + COALESCE(shares, 0))
FROM metrics_post WHERE published_at >= %s AND published_at < %s GROUP BY profile_id
"""
FLOOR_SNAPSHOTS = """
SELECT s.profile_id, s.followers, s.following FROM metrics_snapshot s
JOIN (SELECT profile_id, MAX(date) AS last FROM metrics_snapshot
      WHERE date >= %s AND date <= %s GROUP BY profile_id) m
  ON m.profile_id = s.profile_id AND m.last = s.date
"""


def window():
    from zoneinfo import ZoneInfo

    paris = ZoneInfo("Europe/Paris")
    first, last = dt.date(2024, 8, 2), dt.date(2024, 8, 31)
    opens = dt.datetime.combine(first, dt.time(), paris)
    closes = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), paris)
    return first, last, opens, closes


def floor() -> int:
    from django.db import connection

    first, last, opens, closes = window()
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_POSTS, [opens, closes])
        posts = cursor.fetchall()
        cursor.execute(FLOOR_SNAPSHOTS, [first, last])
        snapshots = cursor.fetchall()
    return len(posts) + len(snapshots)


def sqlite_param(value):
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")
    return str(value) if isinstance(value, dt.date) else value


def peer():
    """The same ranking the obvious pandas way, from the same tables."""
    import numpy as np
    import pandas as pd
    from django.db import connection

    first, last, opens, closes = window()
    connection.ensure_connection()
    raw = connection.connection
    pg = connection.vendor == "postgresql"

    def sql(query, params):
        if not pg:
            query = query.replace("%s", "?")
            params = [sqlite_param(p) for p in params]
        cursor = raw.cursor()
        cursor.execute(query, params)
        columns = [c[0] for c in cursor.description]
        return pd.DataFrame(cursor.fetchall(), columns=columns)

    profiles = sql(
        "SELECT p.id, p.network, p.status, t.category, t.population FROM profiles_profile p "
        "JOIN territories_territory t ON t.id = p.territory_id WHERE p.is_principal = %s",
        [True],
    )
    posts = sql(
        "SELECT profile_id, likes, comments, shares FROM metrics_post "
        "WHERE published_at >= %s AND published_at < %s",
        [opens, closes],
    )
    snapshots = sql(
        "SELECT profile_id, date, followers, following FROM metrics_snapshot "
        "WHERE date >= %s AND date <= %s",
        [first, last],
    )
    posts["interactions"] = posts[["likes", "comments", "shares"]].fillna(0).sum(axis=1)
    per_profile = posts.groupby("profile_id").agg(
        posts=("likes", "size"), interactions=("interactions", "sum")
    )
    latest = snapshots.sort_values("date").groupby("profile_id").tail(1).set_index("profile_id")
    frame = profiles.join(per_profile, on="id").join(latest[["followers", "following"]], on="id")
    frame["posts"] = frame["posts"].fillna(0)
    frame["reason"] = np.select(
        [
            frame["status"] != "active",
            frame["followers"].isna(),
            frame["followers"] == 0,
            frame["posts"] == 0,
        ],
        ["unavailable", "no_snapshot", "no_followers", "no_posts"],
        default="",
    )
    eligible = frame[frame["reason"] == ""].copy()
    eligible["engagement_rate"] = (
        eligible["interactions"] / eligible["posts"] / eligible["followers"]
    )
    eligible["reach"] = eligible["followers"] / eligible["population"]
    eligible["audience_ratio"] = eligible["followers"] / eligible["following"].clip(lower=1)
    groups = eligible.groupby(["network", "category"])
    total = (eligible["posts"] / 30).clip(upper=1.0) * 3
    for kpi, weight in (
        ("engagement_rate", 5),
        ("reach", 4),
        ("followers", 2),
        ("audience_ratio", 1),
    ):
        total += groups[kpi].rank(method="average", pct=True) * weight
    eligible["score"] = np.floor(total * 100 / 15 * 100 + 0.5 + 1e-7) / 100
    eligible["rank"] = eligible.groupby(["network", "category"])["score"].rank(
        method="min", ascending=False
    )
    return frame.join(eligible[["score", "rank"]])


def best_of(repeat: int, function):
    function()  # warm-up: same page cache for every contender
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=100_000)
    parser.add_argument("--posts", type=int, default=1_500_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    url = fresh_database("observatoire_bench")
    setup_django()
    from django.db import connection

    print(f"database: {connection.vendor} ({url.rsplit('/', 1)[-1]})")
    setup = generate(profiles=args.profiles, posts=args.posts, seed=args.seed)
    print(
        f"generated {args.profiles:,} profiles, {args.posts:,} posts, daily snapshots in "
        f"{setup['generate']:.1f} s; rollups rebuilt from the posts in {setup['rollups']:.1f} s "
        f"({setup['rollup_rows']:,} profile-days)"
    )

    from observatoire.rankings import selectors, services
    from observatoire.rankings.models import RankingPublication

    floor_time, _ = best_of(args.repeat, floor)
    peer_time, expected = best_of(args.repeat, peer)

    def first_publication():
        RankingPublication.objects.filter(month=MONTH).delete()  # not timed
        if connection.vendor == "postgresql":  # as autovacuum would between two months
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE rankings_rankingentry")
        started = time.perf_counter()
        services.ranking_build(month=MONTH)
        return time.perf_counter() - started

    first_publication()  # warm-up
    rank_time = min(first_publication() for _ in range(args.repeat))
    republish_time, publication = best_of(args.repeat, lambda: services.ranking_build(month=MONTH))

    # The ranking and the peer agree on every eligible profile.
    ranked = dict(publication.entries.filter(eligible=True).values_list("profile_id", "rank"))
    peer_ranked = expected.dropna(subset=["rank"]).set_index("id")["rank"].astype(int).to_dict()
    agree = "yes" if ranked == peer_ranked else f"NO ({len(ranked)} vs {len(peer_ranked)})"

    weights = {
        "engagement_rate": 1,
        "reach": 1,
        "posts_per_day": 1,
        "followers": 1,
        "audience_ratio": 1,
    }
    reweight_all, everything = best_of(
        args.repeat, lambda: services.reweight(publication=publication, weights=weights)
    )
    largest = max(everything, key=len)
    reweight_one, _ = best_of(
        args.repeat,
        lambda: services.reweight(
            publication=publication,
            weights=weights,
            network=largest.network,
            category=largest.category,
        ),
    )
    entry = (
        publication.entries.filter(network=largest.network, category=largest.category, rank__gt=1)
        .order_by("rank")
        .last()
    )
    explain_time, _ = best_of(1, lambda: selectors.entry_explanation(entry=entry))

    print(f"floor   (2 bare SQL aggregates)            {floor_time:7.2f} s")
    print(f"peer    (pandas from the same tables)      {peer_time:7.2f} s")
    print(f"ranking (ranking_build, first publication) {rank_time:7.2f} s")
    print(f"ranking (re-publication, replaces entries) {republish_time:7.2f} s")
    print(
        f"ranking / floor                            {rank_time / floor_time:7.2f} ×  (goal ≤ 1.5; re-publication {republish_time / floor_time:.2f} ×)"
    )
    print(f"peer / ranking                             {peer_time / rank_time:7.2f} ×  (goal ≥ 2)")
    print(f"same ranks as the peer                     {agree}")
    print(
        f"re-weight all {len(everything)} groups ({sum(map(len, everything)):,} entries)   {reweight_all * 1000:7.1f} ms  (goal ≤ 500 ms)"
    )
    print(
        f"re-weight the largest group ({len(largest):,} entries)  {reweight_one * 1000:7.1f} ms  (goal ≤ 20 ms)"
    )
    print(f"explain the last entry of that group       {explain_time * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
