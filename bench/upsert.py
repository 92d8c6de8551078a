"""Upsert benchmark: the project's hand-written upsert (`core.upserts.rows_upsert`: one
prepared INSERT … ON CONFLICT DO UPDATE executemany on SQLite, one INSERT … SELECT FROM
unnest(arrays) on PostgreSQL) against Django's own
`bulk_create(update_conflicts=True, unique_fields=…, update_fields=…)`, in the same run.

    # SQLite: var/bench/observatoire_bench_upsert.sqlite3
    .venv/bin/python bench/upsert.py
    # PostgreSQL: (re)creates observatoire_bench_upsert
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/upsert.py
    .venv/bin/python bench/upsert.py --rows 10000      # a quick run

For snapshots and posts (`--rows` each, 100,000 by default) and profiles (a tenth of that),
each way starts from an empty table: it inserts every row (**insert**), then writes the
same keys again with half of the rows changed (**upsert**), in batches of 2,000 rows, one
transaction a batch — as `snapshots_upsert` and `posts_upsert` write. Both ways start from
the same tuples of values; bulk_create also builds the model instances (what a caller would
have to do). It checks that both ways leave the same rows, and prints the times and the ratio
bulk_create / hand-written, best of `--repeat`. The daily post rollups (ON CONFLICT … SET
posts = posts + excluded.posts) are not measured: bulk_create cannot express that addition.
"""

import argparse
import hashlib
import os
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from common import fresh_database  # bench/common.py (this folder is on sys.path)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BATCH = 2000
PROFILES = 1000
NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["DEBUG"] = "false"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def seed_territories(count: int) -> list[int]:
    from observatoire.territories.models import Category, Territory

    Territory.objects.bulk_create(
        Territory(
            key=f"commune:U{n:05d}",
            kind="commune",
            code=f"U{n:05d}",
            name=f"Upsert {n}",
            slug=f"upsert-{n}",
            category=Category.PETITE_VILLE,
            population=5000,
        )
        for n in range(count)
    )
    return list(Territory.objects.order_by("pk").values_list("pk", flat=True))


def profile_rows(count: int, territories: list[int], *, changed: bool) -> list[tuple]:
    rows = []
    for i in range(count):
        name = f"Ville {i}" + (" (nouveau nom)" if changed and i % 2 == 0 else "")
        rows.append(
            (
                territories[i % len(territories)],
                "instagram",
                f"Ville{i}",
                f"ville{i}",
                f"https://www.instagram.com/ville{i}/",
                f"{10**9 + i}",
                name,
                "",
                True,
                "active",
                "",
                None,
                False,
                0,
                NOW,
                NOW,
            )
        )
    return rows


def snapshot_rows(count: int, profiles: list[int], *, changed: bool) -> list[tuple]:
    start = date(2025, 1, 1)
    rows = []
    for i in range(count):
        bump = 1 if changed and i % 2 == 0 else 0
        day = start + timedelta(days=i // len(profiles))
        rows.append((profiles[i % len(profiles)], day, 1000 + i + bump, 50, 300 + bump, NOW))
    return rows


def post_rows(count: int, profiles: list[int], *, changed: bool) -> list[tuple]:
    start = datetime(2025, 1, 1, tzinfo=UTC)
    rows = []
    for i in range(count):
        bump = 1 if changed and i % 2 == 0 else 0
        profile = profiles[i % len(profiles)]
        rows.append(
            (
                profile,
                f"p{i}",
                start + timedelta(minutes=7 * i),
                f"Publication n°{i} : le marché de Noël ouvre ce samedi, venez nombreux ! "
                "#Noël #VieLocale 🎄",
                f"https://www.instagram.com/p/p{i}/",
                "image",
                i % 97 + bump,
                i % 7,
                i % 3,
                None,
                i % 1000,
                1,
                [{"alt": "Le marché"}],
                ["noël", "vielocale"],
                NOW,
            )
        )
    return rows


# created_at: the hand-written way writes every column it is given (the same NOW again).
PROFILE_FIELDS = [
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
    "unavailable_since",
    "is_demo",
    "consecutive_failures",
    "created_at",
    "updated_at",
]


def empty(model) -> None:
    from django.db import connection

    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {table} CASCADE")
        else:
            cursor.execute(f"DELETE FROM {table}")


def write_hand_written(model, fields: list[str], unique: list[str], rows: list[tuple]) -> None:
    from django.db import transaction

    from observatoire.core.upserts import rows_upsert

    for start in range(0, len(rows), BATCH):
        with transaction.atomic():
            rows_upsert(model, fields=fields, rows=rows[start : start + BATCH], unique=unique)


def write_bulk_create(model, fields: list[str], unique: list[str], rows: list[tuple]) -> None:
    from django.db import transaction

    names = [model._meta.get_field(name).name for name in fields]
    unique_names = [model._meta.get_field(name).name for name in unique]
    updated = [name for name in names if name not in (*unique_names, "created_at")]
    for start in range(0, len(rows), BATCH):
        objects = [
            model(**dict(zip(fields, row, strict=True))) for row in rows[start : start + BATCH]
        ]
        with transaction.atomic():
            model.objects.bulk_create(
                objects,
                update_conflicts=True,
                unique_fields=unique_names,
                update_fields=updated,
                batch_size=BATCH,
            )


def contents(model, fields: list[str]) -> str:
    """A fingerprint of the table's rows: the fields written, but neither the primary keys
    nor the times bulk_create sets itself (auto_now)."""
    kept = [name for name in fields if name not in ("collected_at", "created_at", "updated_at")]
    rows = sorted(map(repr, model.objects.values_list(*kept)))
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()


def measure(model, fields, unique, first, second, *, repeat: int) -> dict[str, list[float]]:
    """Best insert and upsert times of each way, each from an empty table."""
    best: dict[str, list[float]] = {}
    prints = {}
    for _ in range(repeat):
        for way, write in (
            ("hand-written", write_hand_written),
            ("bulk_create", write_bulk_create),
        ):
            empty(model)
            times = []
            for rows in (first, second):
                started = time.perf_counter()
                write(model, fields, unique, rows)
                times.append(time.perf_counter() - started)
            prints[way] = contents(model, fields)
            previous = best.get(way, [float("inf")] * 2)
            best[way] = [min(a, b) for a, b in zip(previous, times, strict=True)]
    if prints["hand-written"] != prints["bulk_create"]:
        raise SystemExit(f"{model.__name__}: the two ways left different rows")
    return best


def report(label: str, rows: int, best: dict[str, list[float]]) -> None:
    hand, bulk = best["hand-written"], best["bulk_create"]
    for index, step in enumerate(("insert", "upsert")):
        print(
            f"{label:<10} {step:<7} {rows:>9,} rows  hand-written {hand[index]:7.2f} s "
            f"({rows / hand[index]:>9,.0f} rows/s)  bulk_create {bulk[index]:7.2f} s "
            f"({rows / bulk[index]:>9,.0f} rows/s)  bulk_create / hand-written "
            f"{bulk[index] / hand[index]:5.2f} x",
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="snapshots and posts each")
    parser.add_argument("--repeat", type=int, default=1, help="best of this many runs")
    options = parser.parse_args()
    url = fresh_database("observatoire_bench_upsert")
    setup_django()
    from django.db import connection

    from observatoire.metrics.models import Post, Snapshot
    from observatoire.metrics.services import POST_UPDATE_FIELDS, SNAPSHOT_UPDATE_FIELDS
    from observatoire.profiles.models import Profile

    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{connection.vendor}, {url.rpartition('/')[2]}; load average {load}")
    count = max(options.rows // 10, 1)
    territories = seed_territories(max(count, PROFILES))  # one principal profile each
    first = profile_rows(count, territories, changed=False)
    second = profile_rows(count, territories, changed=True)
    best = measure(
        Profile, PROFILE_FIELDS, ["network", "handle_key"], first, second, repeat=options.repeat
    )
    report("profiles", count, best)
    profiles = list(Profile.objects.order_by("pk").values_list("pk", flat=True)[:PROFILES])
    tables = [
        # the columns the project's own upserts write (metrics.services)
        (
            "snapshots",
            Snapshot,
            ["profile_id", "date", *SNAPSHOT_UPDATE_FIELDS],
            ["profile_id", "date"],
            snapshot_rows,
        ),
        (
            "posts",
            Post,
            ["profile_id", "external_id", *POST_UPDATE_FIELDS],
            ["profile_id", "external_id"],
            post_rows,
        ),
    ]
    for label, model, fields, unique, make in tables:
        first = make(options.rows, profiles, changed=False)
        second = make(options.rows, profiles, changed=True)
        best = measure(model, fields, unique, first, second, repeat=options.repeat)
        report(label, options.rows, best)
    print(f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
