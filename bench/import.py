"""Import benchmark: `observatoire import posts` on a million-row CSV file, against a floor
measured in the same run, with the importer's memory as the file grows and the cost of a
rejected file.

    # 1,000,000 posts, SQLite in var/bench/observatoire_bench_import.sqlite3
    .venv/bin/python bench/import.py
    # PostgreSQL: (re)creates observatoire_bench_import
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/x .venv/bin/python bench/import.py
    # a quick run
    .venv/bin/python bench/import.py --posts 100000

Each import runs the real command in its own process, so its peak resident memory (RSS)
is its own. Printed, in one run:
- floor: the same file read with Python's csv module and its rows inserted as they are into a
  bare table with one executemany per batch, in one transaction (no parsing, no checks, no
  upsert): what any importer must at least do;
- import of a tenth of the file and of the whole file (new posts), time and peak RSS: the
  memory must not grow with the file (it streams);
- the same whole file again (nothing changes: same count);
- the whole file with one bad row at its end: rejected, the row named, nothing written.
"""

import argparse
import csv
import io
import json
import os
import resource
import subprocess
import sys
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import fresh_database  # bench/common.py (this folder is on sys.path)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEADER = "network,handle,post_id,published_at,likes,comments,shares,saves,views,text\n"
BATCH = 2000


def setup_django(*, migrate: bool) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)


def seed(profiles: int) -> list[str]:
    from observatoire.profiles.models import Profile
    from observatoire.territories.models import Category, Territory

    Territory.objects.bulk_create(
        Territory(
            key=f"commune:I{n:05d}",
            kind="commune",
            code=f"I{n:05d}",
            name=f"Import {n}",
            slug=f"import-{n}",
            category=Category.PETITE_VILLE,
            population=5000,
        )
        for n in range(profiles)
    )
    territories = Territory.objects.filter(key__startswith="commune:I").order_by("pk")
    Profile.objects.bulk_create(
        (
            Profile(territory=t, network="instagram", handle=f"ville{n}", handle_key=f"ville{n}")
            for n, t in enumerate(territories)
        ),
        batch_size=2000,
    )
    return [f"ville{n}" for n in range(profiles)]


def write_posts(
    path: Path, *, handles: list[str], rows: int, prefix: str, bad_last: bool = False
) -> None:
    """`rows` posts over the handles, spread over a year, captions of ~120 characters."""
    start = datetime(2025, 1, 1, tzinfo=UTC)
    minutes = 365 * 24 * 60 * len(handles) // max(rows, 1) or 1
    with open(path, "w", encoding="utf-8") as out:
        out.write(HEADER)
        for i in range(rows):
            handle = handles[i % len(handles)]
            published = (start + timedelta(minutes=minutes * (i // len(handles)))).isoformat()
            likes = -1 if bad_last and i == rows - 1 else i % 97
            out.write(
                f"instagram,{handle},{prefix}{i},{published},{likes},{i % 7},{i % 3},,{i % 1000},"
                f'"Publication n°{i} : le marché de Noël ouvre ce samedi, venez nombreux ! '
                f'#Noël #VieLocale 🎄"\n'
            )


def child_import(path: Path, *, trace: bool) -> dict:
    """Run the real command in this process; report time, exit status, peak RSS and, when
    traced, the peak of Python's own allocations (tracemalloc slows the run down)."""
    from django.core.management import call_command
    from django.core.management.base import CommandError

    from observatoire.metrics.models import Post

    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    status, message, errors = 0, "", io.StringIO()
    try:
        call_command(
            "import", "posts", str(path), no_progress=True, stdout=io.StringIO(), stderr=errors
        )
    except CommandError as error:
        status, message = 1, f"{errors.getvalue().strip()} — {error}"
    seconds = time.perf_counter() - started
    heap = tracemalloc.get_traced_memory()[1] if trace else 0
    return {
        "seconds": seconds,
        "status": status,
        "message": message,
        "heap": heap,
        "posts": Post.objects.count(),
        "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def child_floor(path: Path) -> dict:
    """Read the file with csv and insert the raw rows into a bare table, in one transaction."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_floor")
        cursor.execute(
            "CREATE TABLE bench_floor (network text, handle text, post_id text, "
            "published_at text, likes text, comments text, shares text, saves text, "
            "views text, content text)"
        )
    sql = "INSERT INTO bench_floor VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
    started = time.perf_counter()
    rows = 0
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        open(path, encoding="utf-8", newline="") as handle,
    ):
        reader = csv.reader(handle)
        next(reader)
        batch = []
        for row in reader:
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                rows += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            rows += len(batch)
    seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_floor")
    return {
        "seconds": seconds,
        "rows": rows,
        "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def in_child(mode: str, path: Path) -> dict:
    output = subprocess.run(
        [sys.executable, __file__, f"--{mode}", str(path)],
        env=os.environ.copy(),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--profiles", type=int, default=2_000)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--traced", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--floor", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child or args.traced or args.floor:
        setup_django(migrate=False)
        if args.floor:
            print(json.dumps(child_floor(args.floor)))
        else:
            print(json.dumps(child_import(args.child or args.traced, trace=bool(args.traced))))
        return

    url = fresh_database("observatoire_bench_import")
    setup_django(migrate=True)
    from django.db import connection

    handles = seed(args.profiles)
    started = time.perf_counter()
    files = write_files(handles=handles, posts=args.posts)
    print(
        f"database: {connection.vendor} ({url.rpartition('/')[2]}) · {args.profiles:,} profiles · "
        f"files written in {time.perf_counter() - started:.1f} s: {args.posts // 10:,} and "
        f"{args.posts:,} posts ({files['whole'].stat().st_size / 2**20:.0f} MiB)"
    )
    results = {
        "floor": in_child("floor", files["whole"]),
        "small": in_child("child", files["tenth"]),
        "full": in_child("child", files["whole"]),
        "again": in_child("child", files["tenth"]),
        "rejected": in_child("child", files["bad"]),
        "heap_small": in_child("traced", files["bad_tenth"]),
        "heap_full": in_child("traced", files["bad"]),
    }
    report(posts=args.posts, **results)


def write_files(*, handles: list[str], posts: int) -> dict[str, Path]:
    """A tenth of the file and the whole one, each also with its last row bad, in var/bench."""
    folder = ROOT / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    files = {
        "tenth": folder / "posts_tenth.csv",
        "whole": folder / "posts_whole.csv",
        "bad_tenth": folder / "posts_tenth_bad.csv",
        "bad": folder / "posts_bad.csv",
    }
    write_posts(files["tenth"], handles=handles, rows=posts // 10, prefix="t")
    write_posts(files["whole"], handles=handles, rows=posts, prefix="w")
    write_posts(files["bad_tenth"], handles=handles, rows=posts // 10, prefix="c", bad_last=True)
    write_posts(files["bad"], handles=handles, rows=posts, prefix="b", bad_last=True)
    return files


def report(*, posts, floor, small, full, again, rejected, heap_small, heap_full) -> None:
    """Print the times, rates and memory of each run, and check what each one stored."""

    def line(label: str, result: dict, rows: int) -> None:
        print(
            f"{label:<36} {result['seconds']:7.1f} s  {rows / result['seconds']:9,.0f} rows/s  "
            f"peak RSS {result['maxrss_kib'] / 1024:5.0f} MiB"
        )

    line("floor (csv + bare executemany)", floor, posts)
    line(f"import {posts // 10:,} new posts", small, posts // 10)
    line(f"import {posts:,} new posts", full, posts)
    line(f"the {posts // 10:,} posts again (updates)", again, posts // 10)
    line(f"{posts:,} rows, the last one bad", rejected, posts)
    print(f"import / floor = {full['seconds'] / floor['seconds']:.2f} × the floor's time")
    print(
        f"Python heap peak (tracemalloc), whole file read, checked, written and rolled back: "
        f"{heap_small['heap'] / 2**20:.1f} MiB for {posts // 10:,} rows, "
        f"{heap_full['heap'] / 2**20:.1f} MiB for {posts:,} rows "
        f"({heap_full['heap'] / heap_small['heap']:.2f} ×)"
    )
    expected = posts // 10 + posts
    assert small["status"] == full["status"] == again["status"] == 0, (small, full, again)
    assert full["posts"] == again["posts"] == expected, (full["posts"], again["posts"], expected)
    for result in (rejected, heap_small, heap_full):
        assert result["status"] == 1 and result["posts"] == expected, result
    print(
        f"posts stored: {again['posts']:,} after importing the tenth again (unchanged); "
        f"rejected file: « {rejected['message']} », {rejected['posts']:,} posts stored (unchanged)"
    )


if __name__ == "__main__":
    main()
