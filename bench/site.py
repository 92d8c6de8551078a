"""Public site benchmark: server time of the ranking and collectivité pages, and throughput
against a trivial view served by the same server in the same run.

Run it on the national demo data (see bench/README.md):

    DATABASE_URL=sqlite:////path/to/national.sqlite3 .venv/bin/python bench/site.py

1. Server time: each request goes through Django's full handler and middleware in this
   process (no network); cold = first visit after a publication (empty cache), warm = served
   from the cache. Prints p50/p95 in milliseconds.
2. Throughput: this script starts the same project under Django's threaded WSGI server in a
   subprocess (DEBUG off) with one extra URL returning "ok", then hammers each URL with
   concurrent HTTP clients for a few seconds and prints requests per second and the ratio to
   the trivial view. Goals: p95 ≤ 30 ms warm, throughput ≥ 50 % of the trivial view.
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

from common import django_setup_serving, percentile, trivial_view  # noqa: E402

TRIVIAL_PATH = "/__bench__/trivial/"


def setup_django() -> None:
    # The project's URLs plus the trivial view.
    django_setup_serving("bench_site_urls", lambda: trivial_view(TRIVIAL_PATH))


def pick_urls(*, territories: int, seed: int) -> dict[str, list[str]]:
    from observatoire.rankings import selectors as ranking_selectors
    from observatoire.rankings.models import RankingEntry
    from observatoire.site import selectors

    publication = selectors.publication_for(methodology=ranking_selectors.methodology_default())
    if publication is None:
        sys.exit("No published ranking: generate and rank the demo data first.")
    groups = list(
        RankingEntry.objects.filter(publication=publication)
        .values_list("network", "category")
        .distinct()
        .order_by("network", "category")
    )
    rankings = ["/classements/"] + [
        f"/classements/?network={network}&category={category}" for network, category in groups
    ]
    slugs = list(
        RankingEntry.objects.filter(publication=publication)
        .values_list("territory__slug", flat=True)
        .distinct()
    )
    random.Random(seed).shuffle(slugs)
    return {
        "ranking": rankings,
        "collectivité": [f"/collectivites/{slug}/" for slug in slugs[:territories]],
    }


def server_times(urls: dict[str, list[str]], *, repeat: int) -> dict[str, dict[str, list[float]]]:
    from django.core.cache import cache
    from django.test import Client

    client = Client()
    cache.clear()
    times: dict[str, dict[str, list[float]]] = {}
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
    trivial = []
    for _round in range(200):
        started = time.perf_counter()
        client.get(TRIVIAL_PATH)
        trivial.append(1000 * (time.perf_counter() - started))
    times["trivial"] = {"warm": trivial}
    return times


def serve(port: int) -> None:
    from django.core.servers.basehttp import WSGIServer, run
    from django.core.wsgi import get_wsgi_application

    run("127.0.0.1", port, get_wsgi_application(), threading=True, server_cls=WSGIServer)


def hammer(base: str, paths: list[str], *, seconds: float, concurrency: int) -> float:
    """Requests per second over `seconds` with `concurrency` clients cycling through `paths`."""
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
    return sum(done) / (time.perf_counter() - started)


def throughput(urls: dict[str, list[str]], *, port: int, seconds: float, concurrency: int) -> dict:
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
        results = {
            "trivial": hammer(base, [TRIVIAL_PATH], seconds=seconds, concurrency=concurrency)
        }
        for name, paths in urls.items():
            results[name] = hammer(base, paths, seconds=seconds, concurrency=concurrency)
        return results
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--territories", type=int, default=200, help="collectivité pages sampled")
    parser.add_argument("--repeat", type=int, default=5, help="warm passes over every URL")
    parser.add_argument("--seconds", type=float, default=5.0, help="throughput run per URL set")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--port", type=int, default=8911)
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
    print(
        f"urls: {len(urls['ranking'])} ranking pages,"
        f" {len(urls['collectivité'])} collectivité pages"
    )
    times = server_times(urls, repeat=args.repeat)
    print("\nserver time (ms, in-process, full middleware)")
    print(f"{'page':<14}{'cache':<7}{'n':>6}{'p50':>9}{'p95':>9}{'max':>9}")
    for name, sets in times.items():
        for label, values in sets.items():
            print(
                f"{name:<14}{label:<7}{len(values):>6}{statistics.median(values):>9.2f}"
                f"{percentile(values, 0.95):>9.2f}{max(values):>9.2f}"
            )
    rates = throughput(urls, port=args.port, seconds=args.seconds, concurrency=args.concurrency)
    print(f"\nthroughput (requests/s over HTTP, {args.concurrency} clients, cache warm)")
    for name, rate in rates.items():
        print(f"{name:<14}{rate:>9.1f} req/s  {100 * rate / rates['trivial']:>6.1f} % of trivial")
    warm_p95 = {name: percentile(times[name]["warm"], 0.95) for name in urls}
    ok_time = all(value <= 30 for value in warm_p95.values())
    ok_rate = all(rates[name] >= 0.5 * rates["trivial"] for name in urls)
    print(
        f"\ngoals: p95 ≤ 30 ms warm: {'yes' if ok_time else 'NO'}; "
        f"throughput ≥ 50 % of trivial: {'yes' if ok_rate else 'NO'}"
    )


if __name__ == "__main__":
    main()
