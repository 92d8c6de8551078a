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
from ranking_data import MONTH, generate  # bench/ranking_data.py

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


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

    profiles, posts, snapshots = peer_tables()
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
    return frame.join(peer_scores(frame[frame["reason"] == ""].copy()))


def peer_tables():
    """Principal profiles, the posts and the snapshots of the window, as pandas frames."""
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
    return profiles, posts, snapshots


def peer_scores(eligible):
    """The KPIs, weighted percentile scores and ranks of the eligible profiles."""
    import numpy as np

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
    return eligible[["score", "rank"]]


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
    floor_time, _ = best_of(args.repeat, floor)
    peer_time, expected = best_of(args.repeat, peer)
    rank_time, republish_time, publication = measure_ranking(args.repeat)

    # The ranking and the peer agree on every eligible profile.
    ranked = dict(publication.entries.filter(eligible=True).values_list("profile_id", "rank"))
    peer_ranked = expected.dropna(subset=["rank"]).set_index("id")["rank"].astype(int).to_dict()
    agree = "yes" if ranked == peer_ranked else f"NO ({len(ranked)} vs {len(peer_ranked)})"

    print(f"floor   (2 bare SQL aggregates)            {floor_time:7.2f} s")
    print(f"peer    (pandas from the same tables)      {peer_time:7.2f} s")
    print(f"ranking (ranking_build, first publication) {rank_time:7.2f} s")
    print(f"ranking (re-publication, replaces entries) {republish_time:7.2f} s")
    print(
        f"ranking / floor                            {rank_time / floor_time:7.2f} ×"
        f"  (goal ≤ 1.5; re-publication {republish_time / floor_time:.2f} ×)"
    )
    print(f"peer / ranking                             {peer_time / rank_time:7.2f} ×  (goal ≥ 2)")
    print(f"same ranks as the peer                     {agree}")
    measure_reweighting(args.repeat, publication)


def measure_ranking(repeat: int):
    """`ranking_build` timed as a first publication and as a re-publication."""
    from django.db import connection

    from observatoire.rankings import services
    from observatoire.rankings.models import RankingPublication

    def first_publication():
        RankingPublication.objects.filter(month=MONTH).delete()  # not timed
        if connection.vendor == "postgresql":  # as autovacuum would between two months
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE rankings_rankingentry")
        started = time.perf_counter()
        services.ranking_build(month=MONTH)
        return time.perf_counter() - started

    first_publication()  # warm-up
    rank_time = min(first_publication() for _ in range(repeat))
    republish_time, publication = best_of(repeat, lambda: services.ranking_build(month=MONTH))
    return rank_time, republish_time, publication


def measure_reweighting(repeat: int, publication) -> None:
    """Re-weighting every group of the month, then the largest alone; explaining one entry."""
    from observatoire.rankings import selectors, services

    weights = {
        "engagement_rate": 1,
        "reach": 1,
        "posts_per_day": 1,
        "followers": 1,
        "audience_ratio": 1,
    }
    reweight_all, everything = best_of(
        repeat, lambda: services.reweight(publication=publication, weights=weights)
    )
    largest = max(everything, key=len)
    reweight_one, _ = best_of(
        repeat,
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
    print(
        f"re-weight all {len(everything)} groups ({sum(map(len, everything)):,} entries)"
        f"   {reweight_all * 1000:7.1f} ms  (goal ≤ 500 ms)"
    )
    print(
        f"re-weight the largest group ({len(largest):,} entries)"
        f"  {reweight_one * 1000:7.1f} ms  (goal ≤ 20 ms)"
    )
    print(f"explain the last entry of that group       {explain_time * 1000:7.0f} ms")


if __name__ == "__main__":
    main()
