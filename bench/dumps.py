"""The monthly open-data dumps of every published month on the national demo data: time and
memory, against reading the same rows.

    DATABASE_URL=sqlite:////path/to/copy-of-demo.sqlite3 .venv/bin/python bench/dumps.py
    .venv/bin/python bench/dumps.py --months 2        # a quick run: the last two months

For each month published under the default methodology (oldest first), in one run:
- floor: the datasets' rows read and shaped as the dumps read them (the same queries and
  per-row work), nothing written; the registry and the profiles, which do not depend on the
  month, for the first month only, as a run of several months writes them once;
- dumps: `dumps_build` of the month: the same rows written as CSV and Parquet, hashed, the
  datapackage.json, the generation switched with its Dump rows.
The process's resident memory is sampled every 0.2 s by a thread: printed per month (now and
the highest so far), flat when it does not grow with the months. Files go to a temporary
DUMPS_ROOT removed at the end, and the Dump rows are rolled back: the database measured is
left as it was (still, use a copy: the census of months without one is computed first).
Goal (issue 15): every month's dumps in ≤ 60 s with flat memory.
"""

import argparse
import os
import resource
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    """Resident memory of this process now (Linux /proc), in MB."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 1e6


class MemoryWatch(threading.Thread):
    """The highest resident memory seen since the last `reset`, sampled every 0.2 s."""

    def __init__(self):
        super().__init__(daemon=True)
        self.highest = rss_mb()
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.wait(0.2):
            self.highest = max(self.highest, rss_mb())


def setup_django(dumps_root: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["DUMPS_ROOT"] = str(dumps_root)
    import django

    django.setup()


def read_floor(month, *, every: bool = True) -> tuple[float, int]:
    """Seconds to read the datasets' rows of `month` as the dumps do, and how many: in a run
    of several months, the registry and the profiles are read for the first one only (the
    others link its files), hence `every`."""
    from django.conf import settings

    from observatoire.opendata.census.selectors import census_figures
    from observatoire.opendata.dumps.datasets import DATASETS
    from observatoire.opendata.dumps.rows import MonthSource
    from observatoire.opendata.dumps.services import _publication

    started = time.perf_counter()
    source = MonthSource(
        month=month,
        publication=_publication(month),
        census=census_figures(month=month, scope=None),
        site_url=settings.SITE_URL,
    )
    count = 0
    for dataset in DATASETS:
        if not (every or dataset.monthly):
            continue
        rows = dataset.rows(source)
        for _row in rows or ():
            count += 1
    return time.perf_counter() - started, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--months", type=int, default=0, help="only the last N months")
    options = parser.parse_args()
    dumps_root = Path(tempfile.mkdtemp(prefix="bench-dumps-"))
    setup_django(dumps_root)
    from django.db import connection, transaction

    from observatoire.opendata.census.services import census_build
    from observatoire.opendata.dumps.selectors import dumps_publication_months
    from observatoire.opendata.dumps.services import dumps_build
    from observatoire.opendata.models import CensusMonth

    months = dumps_publication_months()[-options.months :]
    if not months:
        sys.exit("No published month: run `make demo` (or `observatoire demo rank`) first.")
    missing = sorted(set(months) - set(CensusMonth.objects.values_list("month", flat=True)))
    if missing:
        print(f"census of {len(missing)} months computed first (they had none)")
        census_build(months=missing)
    print(f"{connection.vendor}, {len(months)} months, DUMPS_ROOT {dumps_root}")
    read_floor(months[-1])  # warm-up: the database's pages in the system's cache
    watch = MemoryWatch()
    watch.start()
    print(
        f"{'month':8} {'floor s':>8} {'RSS MB':>7} {'dumps s':>8} {'CPU s':>6} {'ratio':>6} "
        f"{'MB':>6} {'rows read':>9} {'RSS MB':>7} {'highest':>8}"
    )
    floors, floor_rss = [], []
    for month in months:  # first every floor, then every dump: memory of each alone
        floors.append(read_floor(month, every=month == months[0]))
        floor_rss.append(rss_mb())
    floor_highest = watch.highest
    builds, cpus, sizes, shared = [], [], [], {}  # as `observatoire dumps build --all` does
    try:
        with transaction.atomic():
            for month, (floor, count), before in zip(months, floors, floor_rss, strict=True):
                started, cpu = time.perf_counter(), time.process_time()
                written = dumps_build(month=month, shared=shared)
                elapsed = time.perf_counter() - started
                builds.append(elapsed)
                cpus.append(time.process_time() - cpu)
                sizes.append(sum(dump.size for dump in written) / 1e6)
                print(
                    f"{month:%Y-%m}  {floor:8.2f} {before:7.0f} {elapsed:8.2f} {cpus[-1]:6.2f} "
                    f"{elapsed / floor:6.2f} {sizes[-1]:6.1f} {count:9,} {rss_mb():7.0f} "
                    f"{watch.highest:8.0f}"
                )
            transaction.set_rollback(True)  # leave the measured database as it was
    finally:
        watch.stopped.set()
        shutil.rmtree(dumps_root, ignore_errors=True)
    total, floor = sum(builds), sum(f for f, _count in floors)
    rows = sum(count for _floor, count in floors)
    print(
        f"all months: dumps {total:.1f} s (CPU {sum(cpus):.1f} s), floor {floor:.1f} s "
        f"({total / floor:.2f} × the floor), {sum(sizes):.0f} MB written, {rows:,} rows"
    )
    print(
        f"resident memory: floor {floor_rss[0]:.0f} → {floor_rss[-1]:.0f} MB (highest "
        f"{floor_highest:.0f}), dumps highest {watch.highest:.0f} MB"
    )
    print(f"goal ≤ 60 s: {'met' if total <= 60 else 'MISSED'}")


if __name__ == "__main__":
    main()
