"""The editorial pipeline on the national demo data: classifying and auditing every post from
scratch (`editorial_rebuild`) against the floor of reading the same posts, and the cost of
the incremental analysis on the batches the collection and the demo write.

    DATABASE_URL=sqlite:////path/to/observatoire.sqlite3 .venv/bin/python bench/editorial.py
    .venv/bin/python bench/editorial.py --batches 3          # fewer incremental batches

It rewrites the database's editorial tables (analyses, post hashtags, monthly rollups,
branded hashtags: all derived from the posts, as `observatoire editorial rebuild --yes`
does); posts are left as they were. Measured in one run, wall and CPU seconds:

1. floor — every post's columns the analysis reads (caption, hashtags, images, media type,
   date, counts) fetched through the same cursor, nothing computed;
2. analysis alone — the rebuild's reading and analysis (themes + audit + rollups in
   memory) of every post, nothing written;
3. rebuild — `editorial_rebuild()`: deletes, analyses, writes analyses, hashtags and
   rollups, refreshes the branded hashtags, in one transaction; resident memory sampled
   every half second (flat = it does not grow with the posts read);
4. branded hashtags — `branded_hashtags_refresh()` alone (what follows each collection);
5. incremental — `posts_upsert` of --batches batches of 2,000 stored posts rewritten as
   they are (the daily collection), then the same as new posts (the demo, an import), with
   the editorial receivers and without them (rolled back): the analysis's share of a batch.
Goal (issue 13): the rebuild of the national demo's ~580,000 posts ≤ 60 s.
"""

import argparse
import os
import resource
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * resource.getpagesize() / 1e6


class Clock:
    def __init__(self):
        self.wall = time.perf_counter()
        self.cpu = time.process_time()

    def stop(self) -> tuple[float, float]:
        return time.perf_counter() - self.wall, time.process_time() - self.cpu


class MemoryWatch(threading.Thread):
    """Samples the resident memory of the process every `every` seconds."""

    def __init__(self, every: float = 0.5):
        super().__init__(daemon=True)
        self.every, self.samples, self.done = every, [], threading.Event()

    def run(self):
        while not self.done.wait(self.every):
            self.samples.append(rss_mb())

    def stop(self) -> list[float]:
        self.done.set()
        self.join()
        return self.samples


def floor_read() -> int:
    from observatoire.editorial.services.rebuild import _posts_of
    from observatoire.profiles.models import Profile

    ids = list(Profile.objects.order_by("id").values_list("id", flat=True))
    count = 0
    for start in range(0, len(ids), 200):
        chunk = ids[start : start + 200]
        for _row in _posts_of(chunk[0], chunk[-1]):
            count += 1
    return count


def analysis_alone() -> int:
    from observatoire.editorial.services.analyses import analyse
    from observatoire.editorial.services.lexicon import lexicon_current
    from observatoire.editorial.services.rebuild import _posts_of
    from observatoire.editorial.services.rollups import rollup_rows
    from observatoire.profiles.models import Profile

    current = lexicon_current()
    profiles = list(Profile.objects.order_by("id").values_list("id", "network", "territory_id"))
    count = 0
    for start in range(0, len(profiles), 200):
        chunk = profiles[start : start + 200]
        analysed = analyse(
            _posts_of(chunk[0][0], chunk[-1][0]),
            profiles={pk: (network, territory) for pk, network, territory in chunk},
            current=current,
        )
        rollup_rows(analysed.facts, followers={}, theme_keys=current.theme_keys)
        count += len(analysed.analyses)
    return count


def incremental(batches: int) -> dict[str, tuple[float, float]]:
    """Seconds per batch of 2,000 posts, with and without the receivers: stored posts
    rewritten as they are (the daily collection), and the same as new posts (the demo,
    an import); rolled back."""
    import dataclasses

    from django.db import transaction

    from observatoire.editorial import receivers
    from observatoire.metrics.models import Post
    from observatoire.metrics.services import PostRow, posts_upsert
    from observatoire.metrics.signals import posts_deleted, posts_written

    fields = [f.name for f in dataclasses.fields(PostRow)]
    stored = Post.objects.order_by("id").values(*fields)[: batches * 2000]
    rows = []
    for post in stored:
        post.update(images=tuple(post["images"]), hashtags=tuple(post["hashtags"]))
        rows.append(PostRow(**post))
    new = [dataclasses.replace(row, external_id=f"bench-{row.external_id}") for row in rows]
    timings = {}
    for connected in (True, False):
        if not connected:
            posts_written.disconnect(dispatch_uid="editorial.posts_written")
            posts_deleted.disconnect(dispatch_uid="editorial.posts_deleted")
        for case, written in (("rewritten", rows), ("new", new)):
            with transaction.atomic():
                clock = Clock()
                posts_upsert(rows=written)
                timings.setdefault(case, []).append(clock.stop()[0] / batches)
                transaction.set_rollback(True)
    posts_written.connect(receivers.analyse_written_posts, dispatch_uid="editorial.posts_written")
    posts_deleted.connect(receivers.forget_deleted_posts, dispatch_uid="editorial.posts_deleted")
    return {case: tuple(values) for case, values in timings.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--batches", type=int, default=10, help="incremental batches (10)")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    import django

    django.setup()
    from django.db import connection

    from observatoire.editorial.services import branded_hashtags_refresh, editorial_rebuild

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    clock = Clock()
    posts = floor_read()
    floor = clock.stop()
    print(f"posts: {posts:,}")
    print(f"floor (read the posts)       {floor[0]:7.2f} s wall  {floor[1]:7.2f} s CPU")
    clock = Clock()
    analysis_alone()
    alone = clock.stop()
    print(f"analysis alone (no writes)   {alone[0]:7.2f} s wall  {alone[1]:7.2f} s CPU")
    start_rss = rss_mb()
    watch = MemoryWatch()
    watch.start()
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    clock = Clock()
    run = editorial_rebuild()
    rebuild = clock.stop()
    samples = watch.stop()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
    print(
        f"rebuild                      {rebuild[0]:7.2f} s wall  {rebuild[1]:7.2f} s CPU "
        f"(+ {workers:.2f} s in its worker processes: ≥ {(rebuild[1] + workers) / 2:.1f} s "
        "on two idle cores)"
    )
    print(f"  wrote {run.counts}")
    ratios = f"{rebuild[0] / floor[0]:.1f} × wall, {rebuild[1] / floor[1]:.1f} × CPU"
    print(f"  ratio to the floor: {ratios}")
    print(f"  goal ≤ 60 s: {'met' if rebuild[0] <= 60 else 'MISSED'} ({rebuild[0]:.1f} s)")
    if samples:
        tenths = [max(samples[: max(1, len(samples) * n // 10)]) for n in (1, 5, 9, 10)]
        print(
            f"  resident memory: {start_rss:.0f} MB before; at most {tenths[0]:.0f} MB in the "
            f"first tenth of the run, {tenths[1]:.0f} by half, {tenths[2]:.0f} by nine tenths, "
            f"{tenths[3]:.0f} in all (the SQLite page cache and memory-mapped file fill too)"
        )
    clock = Clock()
    branded = branded_hashtags_refresh()
    seconds = clock.stop()
    print(f"branded hashtags refresh     {seconds[0]:7.2f} s wall  ({branded:,} hashtags)")
    if args.batches:
        for case, (with_analysis, without) in incremental(args.batches).items():
            print(
                f"incremental, a batch of 2,000 {case} posts: {with_analysis * 1000:.0f} ms "
                f"with the analysis, {without * 1000:.0f} ms without "
                f"({with_analysis / without:.1f} ×)"
            )


if __name__ == "__main__":
    main()
