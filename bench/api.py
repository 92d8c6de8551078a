"""Open-data API benchmark: server time of the main /api/v1/ endpoints, and their throughput
against a trivial django-ninja endpoint served by the same server in the same run.

Run it on the national demo data (see bench/README.md):

    DATABASE_URL=sqlite:////path/to/national.sqlite3 .venv/bin/python bench/api.py

1. Server time: each request goes through Django's full handler and middleware, and
   django-ninja's routing, throttling and parameter validation, in this process (no network);
   cold = first request after a publication (empty cache), warm = served from the cache.
   Prints p50/p95/max in milliseconds, and the same for the trivial endpoint.
2. Throughput: this script starts the same project under Django's threaded WSGI server in a
   subprocess (DEBUG off) with one extra NinjaAPI whose only endpoint returns {"ok": true}
   through the same throttle, then sends each URL set with concurrent HTTP clients for a few
   seconds, in rounds that alternate the sets and the trivial endpoint, and prints the best
   requests per second of each and its ratio to the trivial endpoint's.
Goals: p95 ≤ 20 ms warm, throughput ≥ 50 % of the trivial endpoint.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))  # common.py, when imported from another bench

from common import django_setup_serving, percentile  # noqa: E402

TRIVIAL_PATH = "/__bench__/ninja/trivial"
# Every request of the benchmark comes from one address: the throttle still counts each one
# (its cost is measured), but never refuses.
os.environ["API_THROTTLE_RATE"] = "1000000000/min"


def setup_django() -> None:
    def trivial_api() -> list:
        from django.urls import path
        from ninja import NinjaAPI

        from observatoire.opendata.api.throttling import AddressThrottle

        trivial = NinjaAPI(
            urls_namespace="bench-trivial", docs_url=None, throttle=AddressThrottle()
        )

        @trivial.get("/trivial")
        def ok(request):
            return {"ok": True}

        return [path("__bench__/ninja/", trivial.urls)]

    # The project's URLs plus the trivial endpoint.
    django_setup_serving("bench_api_urls", trivial_api)


def pick_urls(*, territories: int, seed: int) -> dict[str, list[str]]:
    """The main endpoints: registry pages and searches, a collectivité with its profiles and
    history, every ranking of the latest month, explanations, and the small lists."""
    from observatoire.core.dates import month_text
    from observatoire.rankings.models import RankingEntry
    from observatoire.rankings.selectors import publication_latest
    from observatoire.territories.models import Category, Territory

    publication = publication_latest()
    if publication is None:
        sys.exit("No published ranking: generate and rank the demo data first.")
    month = month_text(publication.month)
    rng = random.Random(seed)
    groups = list(
        RankingEntry.objects.filter(publication=publication)
        .values_list("network", "category")
        .distinct()
        .order_by("network", "category")
    )
    ranked = list(
        RankingEntry.objects.filter(publication=publication)
        .values_list("network", "category", "territory__key")
        .order_by("pk")
    )
    rng.shuffle(ranked)
    keys = list(
        RankingEntry.objects.filter(publication=publication)
        .values_list("territory__key", flat=True)
        .distinct()
    )
    rng.shuffle(keys)
    regions = list(
        Territory.objects.filter(kind=Territory.Kind.REGION).values_list("key", flat=True)
    )
    names = list(
        Territory.objects.filter(category=Category.VILLE_MOYENNE).values_list("name", flat=True)
    )
    rng.shuffle(names)
    api = "/api/v1"
    return {
        "territories": [f"{api}/territories?category={c}" for c in Category.values]
        + [f"{api}/territories?region={r}&kind=commune" for r in regions]
        + [f"{api}/territories?q={urllib.request.quote(n)}" for n in names[:40]],
        "territory": [
            f"{api}/territories/{key}{suffix}"
            for key in keys[:territories]
            for suffix in ("", "/profiles", "/history")
        ],
        "ranking": [f"{api}/rankings/{month}/{n}/{c}" for n, c in groups]
        + [f"{api}/rankings/latest/{n}/{c}?region={rng.choice(regions)}" for n, c in groups],
        "explanation": [
            f"{api}/rankings/{month}/{n}/{c}/{key}" for n, c, key in ranked[:territories]
        ],
        "lists": [f"{api}/{name}" for name in ("rankings", "methodologies", "kpis", "census")]
        + [f"{api}/census/latest", f"{api}/census/moves", f"{api}/methodologies/v1"],
    }


def server_times(urls: dict[str, list[str]], *, repeat: int) -> dict[str, dict[str, list[float]]]:
    from django.core.cache import cache
    from django.test import Client

    client = Client()
    cache.clear()
    times: dict[str, dict[str, list[float]]] = {}
    trivial = []
    for _round in range(200):
        started = time.perf_counter()
        client.get(TRIVIAL_PATH)
        trivial.append(1000 * (time.perf_counter() - started))
    for name, paths in urls.items():
        cold, warm = [], []
        for url in paths:
            started = time.perf_counter()
            response = client.get(url)
            cold.append(1000 * (time.perf_counter() - started))
            assert response.status_code == 200, (url, response.status_code)
        for _round in range(repeat):
            for url in paths:
                started = time.perf_counter()
                client.get(url)
                warm.append(1000 * (time.perf_counter() - started))
        times[name] = {"cold": cold, "warm": warm}
    times["trivial ninja"] = {"warm": trivial}
    return times


def serve(port: int) -> None:
    from django.core.servers.basehttp import WSGIServer, run
    from django.core.wsgi import get_wsgi_application

    run("127.0.0.1", port, get_wsgi_application(), threading=True, server_cls=WSGIServer)


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) the process has used, from /proc (None elsewhere than Linux)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def hammer(base: str, paths: list[str], *, seconds: float, concurrency: int) -> tuple:
    """Requests per second over `seconds` with `concurrency` clients cycling through `paths`,
    and how many requests were answered."""
    done = [0] * concurrency
    stop = time.perf_counter() + seconds

    def worker(index: int) -> None:
        position = index
        while time.perf_counter() < stop:
            with urllib.request.urlopen(base + paths[position % len(paths)]) as response:
                response.read()
            position += concurrency
            done[index] += 1

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.perf_counter() - started), sum(done)


def throughput(
    urls: dict[str, list[str]], *, port: int, seconds: float, concurrency: int, rounds: int
) -> dict:
    """The best rate of each URL set (and of the trivial endpoint) over `rounds` rounds that
    alternate them, so that the load of a shared machine weighs on every set alike; and the
    server's CPU time per request of each (what a dedicated machine's throughput follows)."""
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", str(port)],
        env=os.environ | {"DEBUG": "false"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _attempt in range(100):
            try:
                urllib.request.urlopen(base + TRIVIAL_PATH).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            sys.exit("The benchmark server did not start.")
        for paths in urls.values():  # warm the server's own cache
            for url in paths:
                urllib.request.urlopen(base + url).read()
        sets = {"trivial ninja": [TRIVIAL_PATH], **urls}
        rates: dict[str, float] = dict.fromkeys(sets, 0.0)
        cpu: dict[str, list[float]] = {name: [0.0, 0] for name in sets}
        for _round in range(rounds):
            for name, paths in sets.items():
                before = cpu_seconds(server.pid)
                rate, done = hammer(base, paths, seconds=seconds, concurrency=concurrency)
                after = cpu_seconds(server.pid)
                rates[name] = max(rates[name], rate)
                if before is not None and after is not None:
                    cpu[name][0] += after - before
                    cpu[name][1] += done
        per_request = {
            name: 1000 * used / done if done else None for name, (used, done) in cpu.items()
        }
        return {"rates": rates, "cpu": per_request}
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--territories", type=int, default=100, help="collectivités sampled")
    parser.add_argument("--repeat", type=int, default=5, help="warm passes over every URL")
    parser.add_argument("--seconds", type=float, default=3.0, help="throughput run per URL set")
    parser.add_argument("--rounds", type=int, default=3, help="throughput rounds (best kept)")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--port", type=int, default=8913)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    setup_django()
    if args.serve:
        serve(args.serve)
        return

    from django.db import connection

    from observatoire.profiles.models import Profile
    from observatoire.rankings.models import RankingEntry
    from observatoire.territories.models import Territory

    print(
        f"database: {connection.vendor} · {Territory.objects.count():,} territories · "
        f"{Profile.objects.count():,} profiles · {RankingEntry.objects.count():,} ranking entries"
    )
    urls = pick_urls(territories=args.territories, seed=args.seed)
    print("urls: " + ", ".join(f"{len(paths)} {name}" for name, paths in urls.items()))
    times = server_times(urls, repeat=args.repeat)
    print("\nserver time (ms, in-process, full middleware)")
    print(f"{'endpoints':<15}{'cache':<7}{'n':>6}{'p50':>9}{'p95':>9}{'max':>9}")
    for name, sets in times.items():
        for label, values in sets.items():
            print(
                f"{name:<15}{label:<7}{len(values):>6}{statistics.median(values):>9.2f}"
                f"{percentile(values, 0.95):>9.2f}{max(values):>9.2f}"
            )
    measured = throughput(
        urls,
        port=args.port,
        seconds=args.seconds,
        concurrency=args.concurrency,
        rounds=args.rounds,
    )
    print(
        f"\nthroughput (requests/s over HTTP, {args.concurrency} clients, cache warm, "
        f"best of {args.rounds} alternated rounds)"
    )
    rates, cpu = measured["rates"], measured["cpu"]
    print(
        f"{'endpoints':<15}{'req/s':>9}{'vs trivial':>12}{'server CPU/req':>16}{'vs trivial':>12}"
    )
    for name, rate in rates.items():
        share = 100 * rate / rates["trivial ninja"]
        used = cpu[name]
        cpu_share = 100 * cpu["trivial ninja"] / used if used and cpu["trivial ninja"] else None
        print(
            f"{name:<15}{rate:>9.1f}{share:>11.1f}%"
            + (f"{used:>13.2f} ms{cpu_share:>11.1f}%" if cpu_share is not None else "")
        )
    warm_p95 = {name: percentile(times[name]["warm"], 0.95) for name in urls}
    ok_time = all(value <= 20 for value in warm_p95.values())
    ok_rate = all(rates[name] >= 0.5 * rates["trivial ninja"] for name in urls)
    print(
        f"\ngoals: p95 ≤ 20 ms warm: {'yes' if ok_time else 'NO'}; "
        f"throughput ≥ 50 % of the trivial endpoint: {'yes' if ok_rate else 'NO'}"
    )


if __name__ == "__main__":
    main()
