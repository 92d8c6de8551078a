"""Collection benchmark: profiles collected per second by `observatoire collect` against the
local fake API on loopback, versus the floor — a bare loop of the same HTTP requests with the
same httpx client settings and concurrency, reading and decoding each JSON answer, nothing
else — in the same run; then the collector's memory as the number of profiles grows.

    .venv/bin/python bench/collect.py                  # 2,000 profiles, SQLite in var/bench/
    .venv/bin/python bench/collect.py --profiles 500   # a quick smoke run

The fake API runs in a subprocess (`observatoire fakeapi`) on the same fresh database, which
this script fills with profiles on the five networks Instagram, Facebook, Threads, X and
YouTube, one snapshot each and 12 posts in the 35-day window. Goal: collect ≥ 70 % of the
floor, memory flat as the number of profiles grows.
"""

import argparse
import asyncio
import contextvars
import os
import subprocess
import sys
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
NETWORKS = ["instagram", "facebook", "threads", "x", "youtube"]
POSTS_PER_PROFILE = 12
CONCURRENCY = 16


def setup_django(database: Path) -> None:
    database.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{database}{suffix}").unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ["DEBUG"] = "false"
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def seed(profiles: int) -> None:
    """The profiles, one commune for every five, each with one snapshot and its posts."""
    _seed_profiles(profiles)
    _seed_snapshots_and_posts()


def _seed_profiles(profiles: int) -> None:
    from observatoire.profiles.models import Profile
    from observatoire.territories.models import Category, Territory

    communes = -(-profiles // len(NETWORKS))
    Territory.objects.bulk_create(
        Territory(
            key=f"commune:B{n:05d}",
            kind="commune",
            code=f"B{n:05d}",
            name=f"Bench {n}",
            slug=f"bench-{n}",
            category=Category.PETITE_VILLE,
            population=5000,
        )
        for n in range(communes)
    )
    territories = list(Territory.objects.filter(key__startswith="commune:B").order_by("pk"))
    rows = []
    for n in range(profiles):
        network = NETWORKS[n % len(NETWORKS)]
        handle = f"bench{n}"
        rows.append(
            Profile(
                territory=territories[n // len(NETWORKS)],
                network=network,
                handle=handle,
                handle_key=handle,
                display_name=f"Bench {n}",
            )
        )
    Profile.objects.bulk_create(rows, batch_size=2000)


def _seed_snapshots_and_posts() -> None:
    from django.utils import timezone

    from observatoire.metrics.models import Post, Snapshot
    from observatoire.profiles.models import Profile

    today, now = timezone.localdate(), timezone.now()
    ids = list(Profile.objects.values_list("pk", flat=True))
    Snapshot.objects.bulk_create(
        (
            Snapshot(
                profile_id=pk,
                date=today - timedelta(days=1),
                followers=1000 + pk,
                following=10,
                posts_count=500,
            )
            for pk in ids
        ),
        batch_size=5000,
    )
    Post.objects.bulk_create(
        (
            Post(
                profile_id=pk,
                external_id=f"{pk}-{k}",
                published_at=now - timedelta(days=2 * k + 1, hours=pk % 24),
                text=f"Publication {k} #bench",
                media_type="image",
                likes=k,
                comments=1,
                shares=0,
                image_count=1,
                images=[{"alt": "Une photo"}],
                hashtags=["bench"],
            )
            for pk in ids
            for k in range(POSTS_PER_PROFILE)
        ),
        batch_size=5000,
    )


def start_fake_api(port: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "observatoire"), "fakeapi", "--port", str(port)],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=subprocess.PIPE,
        text=True,
    )
    first = process.stdout.readline()
    if "Fake API on" not in first:
        raise SystemExit(f"the fake API did not start: {first}")
    return process


def point_settings_at(url: str) -> None:
    from django.conf import settings

    from observatoire.devtools.fakeapi import fakeapi_environment

    environment = fakeapi_environment(url, NETWORKS)
    environment["COLLECT_RATE_LIMITS"] = ",".join(f"{n}=0:{CONCURRENCY}" for n in NETWORKS)
    for name, value in environment.items():
        setattr(settings, name, value)


CURRENT = contextvars.ContextVar("profile")


async def record_requests() -> dict[str, list[tuple[str, dict]]]:
    """Run the real connectors once (warm-up) and record each profile's requests."""
    from django.utils import timezone

    from observatoire.connectors.registry import connector_build, connector_config, http_client
    from observatoire.connectors.types import ProfileTarget
    from observatoire.profiles.models import Profile

    targets = [t async for t in Profile.objects.values_list("network", "handle", "external_id")]
    recorded: dict[str, list[tuple[str, dict]]] = {}

    async def hook(request):
        recorded.setdefault(CURRENT.get(), []).append((str(request.url), dict(request.headers)))

    since = timezone.now() - timedelta(days=35)
    connectors, semaphores = {}, {}
    for network in NETWORKS:
        client = http_client(concurrency=CONCURRENCY)
        client.event_hooks["request"] = [hook]
        connectors[network] = connector_build(
            network=network, client=client, config=connector_config(network)
        )
        semaphores[network] = asyncio.Semaphore(CONCURRENCY)

    async def one(network, handle, external_id):
        async with semaphores[network]:
            CURRENT.set(f"{network}:{handle}")
            await connectors[network].collect(ProfileTarget(handle, external_id), since=since)

    await asyncio.gather(*(one(*t) for t in targets))
    for connector in connectors.values():
        await connector.client.aclose()
    return recorded


async def floor(recorded: dict[str, list[tuple[str, dict]]]) -> float:
    """The same requests, same client settings and concurrency, nothing but HTTP and JSON."""
    from observatoire.connectors.registry import http_client

    clients = {n: http_client(concurrency=CONCURRENCY) for n in NETWORKS}
    semaphores = {n: asyncio.Semaphore(CONCURRENCY) for n in NETWORKS}

    async def one(key, requests):
        network = key.partition(":")[0]
        async with semaphores[network]:
            for url, headers in requests:
                response = await clients[network].get(url, headers=headers)
                response.json()

    start = time.perf_counter()
    await asyncio.gather(*(one(k, r) for k, r in recorded.items()))
    elapsed = time.perf_counter() - start
    for client in clients.values():
        await client.aclose()
    return elapsed


def collect(limit: int | None = None) -> tuple[float, object]:
    from observatoire.metrics.collection import collection_run

    start = time.perf_counter()
    run = collection_run(networks=NETWORKS, limit=limit)
    return time.perf_counter() - start, run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profiles", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--port", type=int, default=8799)
    parser.add_argument("--database", type=Path, default=ROOT / "var" / "bench" / "collect.sqlite3")
    args = parser.parse_args()

    setup_django(args.database)
    started = time.perf_counter()
    seed(args.profiles)
    print(
        f"seeded {args.profiles} profiles × {POSTS_PER_PROFILE} posts"
        f" in {time.perf_counter() - started:.1f} s"
    )
    fake = start_fake_api(args.port)
    try:
        point_settings_at(f"http://127.0.0.1:{args.port}")
        recorded = asyncio.run(record_requests())
        requests = sum(len(r) for r in recorded.values())
        print(
            f"{len(recorded)} profiles, {requests} requests"
            f" ({requests / len(recorded):.2f} per profile), "
            f"concurrency {CONCURRENCY} per network, no rate limit on loopback"
        )
        floors, collects = [], []
        for _ in range(args.repeat):
            floors.append(asyncio.run(floor(recorded)))
            seconds, run = collect()
            collects.append(seconds)
            assert run.counts.get("profiles_collected") == args.profiles, run.counts
        best_floor, best_collect = min(floors), min(collects)
        print(
            f"floor (bare HTTP + JSON):  {args.profiles / best_floor:8.1f} profiles/s"
            f"  ({best_floor:.2f} s)"
        )
        print(
            f"observatoire collect:      {args.profiles / best_collect:8.1f} profiles/s"
            f"  ({best_collect:.2f} s,"
            f" {run.counts['posts_written']} posts written)"
        )
        ratio = best_floor / best_collect
        print(
            f"collect / floor = {ratio:.0%}  (goal ≥ 70 %: {'met' if ratio >= 0.7 else 'NOT met'})"
        )

        print("memory of the collector (tracemalloc peak during the run):")
        for size in sorted({max(1, args.profiles // 4), max(1, args.profiles // 2), args.profiles}):
            tracemalloc.start()
            collect(limit=size)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(f"  {size:7d} profiles: peak {peak / 1024 / 1024:6.1f} MiB")
    finally:
        fake.terminate()
        fake.wait(timeout=10)


if __name__ == "__main__":
    main()
