"""Load test of the production server: `observatoire serve` (gunicorn) on the national demo,
many concurrent clients over a realistic mix of public pages, then the same clients against a
trivial view of the same server. Loopback only, bounded in time.

    DATABASE_URL=sqlite:////path/to/demo.sqlite3 .venv/bin/python bench/load.py
    DATABASE_URL=postgres://…/demo REDIS_URL=redis://127.0.0.1:6379/6 .venv/bin/python bench/load.py
    .venv/bin/python bench/load.py --seconds 5 --clients 20       # a quick run

Prints requests/s, errors and p50/p95/p99 latency per kind of page and for the whole mix,
the same for the trivial view, the ratio, and the CPU time the server and the load clients
used: both run on the same machine and share its cores. Goal: 0 errors and the mix at
≥ 50 % of the trivial view's throughput. See bench/README.md.
"""

import argparse
import asyncio
import multiprocessing
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
CLI = Path(sys.executable).with_name("observatoire")
LOG = ROOT / "var" / "bench" / "load-server.log"
TRIVIAL_PATH = "/__bench__/trivial/"  # bench/load_urls.py
# Share of each kind of page in the mix: people mostly read rankings and collectivité pages.
MIX = {"home": 10, "ranking": 40, "collectivité": 40, "csv": 10}
WARM_SECONDS = 300  # at most, for the warm-up
TIMEOUT = 30.0  # seconds: a slower answer counts as an error (gunicorn's worker timeout too)
EXPECTED = {"csv": "text/csv"}  # content type per kind; HTML otherwise


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(BENCH))
    os.environ["DJANGO_SETTINGS_MODULE"] = "load_settings"
    import django

    django.setup()


def pick_urls(*, territories: int, seed: int) -> dict[str, list[str]]:
    """Every ranking page (network × category, page 1) and its CSV, the home page, and
    `territories` random collectivité pages that have ranking entries."""
    from observatoire.rankings import selectors as ranking_selectors
    from observatoire.rankings.models import RankingEntry
    from observatoire.site import selectors

    publication = selectors.publication_for(methodology=ranking_selectors.methodology_default())
    if publication is None:
        sys.exit("No published ranking: observatoire demo generate && observatoire demo rank.")
    entries = RankingEntry.objects.filter(publication=publication)
    groups = entries.values_list("network", "category").distinct().order_by("network", "category")
    queries = [f"?network={network}&category={category}" for network, category in groups]
    slugs = sorted(set(entries.values_list("territory__slug", flat=True)))
    random.Random(seed).shuffle(slugs)
    return {
        "home": ["/"],
        "ranking": ["/classements/"] + [f"/classements/{query}" for query in queries],
        "collectivité": [f"/collectivites/{slug}/" for slug in slugs[:territories]],
        "csv": [f"/classements/export.csv{query}" for query in queries],
    }


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its children still running (the server's
    master and workers), from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(child) for child in children.read_text().split()]
    total = 0
    for each in pids:
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rpartition(")")[2].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


async def fetch(address: tuple[str, int], path: str) -> tuple[int, dict[str, str], bytes]:
    """One GET over a new connection, as gunicorn's sync workers close each one anyway:
    HTTP/1.1 with `Connection: close`, read until the server closes."""
    host, port = address
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept-Language: fr\r\n"
            "Connection: close\r\n\r\n".encode()
        )
        data = await reader.read()
    finally:
        writer.close()
    head, _separator, body = data.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in header_lines:
        name, _colon, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(status_line.split()[1]), headers, body


async def checked(address: tuple[str, int], kind: str, path: str) -> str:
    """Fetch `path`; "" when the answer is whole and as expected, else what went wrong."""
    try:
        status, headers, body = await asyncio.wait_for(fetch(address, path), TIMEOUT)
    except TimeoutError:
        return f"no answer within {TIMEOUT:.0f} s: {path}"
    except (OSError, ValueError, IndexError) as exc:
        return f"{type(exc).__name__}: {path}"
    if status != 200:
        return f"HTTP {status}: {path}"
    if int(headers.get("content-length", -1)) != len(body):
        return f"truncated answer: {path}"
    if not headers.get("content-type", "").startswith(EXPECTED.get(kind, "text/html")):
        return f"content type {headers.get('content-type')}: {path}"
    return ""


async def run_clients(
    address: tuple[str, int],
    plan: list[tuple[str, str]],
    *,
    clients: int,
    seconds: float,
    seed: int,
) -> list[tuple[str, float, str]]:
    """`clients` concurrent clients, each sending its next request as soon as the previous one
    is answered, for `seconds`; returns (kind, seconds, error or "") per request."""
    results: list[tuple[str, float, str]] = []
    stop = time.perf_counter() + seconds

    async def one_client(index: int) -> None:
        chooser = random.Random(seed * 100_003 + index)
        while time.perf_counter() < stop:
            kind, path = chooser.choice(plan)
            started = time.perf_counter()
            error = await checked(address, kind, path)
            results.append((kind, time.perf_counter() - started, error))

    await asyncio.gather(*(one_client(index) for index in range(clients)))
    return results


def client_process(arguments: tuple) -> tuple[list, float]:
    address, plan, clients, seconds, seed = arguments
    results = asyncio.run(run_clients(address, plan, clients=clients, seconds=seconds, seed=seed))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return results, usage.ru_utime + usage.ru_stime


def load(
    address: tuple[str, int], plan: list, *, clients: int, seconds: float, processes: int, seed: int
):
    """Spread the clients over `processes` client processes (one event loop each)."""
    shares = [clients // processes + (i < clients % processes) for i in range(processes)]
    jobs = [(address, plan, share, seconds, seed + i) for i, share in enumerate(shares) if share]
    started = time.perf_counter()
    with multiprocessing.get_context("spawn").Pool(len(jobs)) as pool:
        outcomes = pool.map(client_process, jobs)
    elapsed = time.perf_counter() - started
    results = [result for outcome in outcomes for result in outcome[0]]
    return results, elapsed, sum(outcome[1] for outcome in outcomes)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0


def report_line(name: str, results: list, elapsed: float) -> str:
    times = [1000 * seconds for _kind, seconds, _error in results]
    errors = sum(1 for *_rest, error in results if error)
    return (
        f"{name:<14}{len(results):>8}{len(results) / elapsed:>9.1f}{errors:>8}"
        f"{percentile(times, 0.5):>9.1f}{percentile(times, 0.95):>9.1f}"
        f"{percentile(times, 0.99):>9.1f}"
    )


def weighted_plan(urls: dict[str, list[str]]) -> list[tuple[str, str]]:
    """A list to draw from uniformly: each kind gets its MIX share, spread over its URLs."""
    plan: list[tuple[str, str]] = []
    for kind, weight in MIX.items():
        paths = urls[kind]
        copies = max(1, round(weight * 1000 / len(paths)))
        plan += [(kind, path) for path in paths for _copy in range(copies)]
    return plan


def start_server(*, workers: int, threads: int) -> tuple[subprocess.Popen, str]:
    """`observatoire serve` on a free loopback port; returns the process and its address."""
    LOG.parent.mkdir(parents=True, exist_ok=True)
    log = LOG.open("w")
    environment = os.environ | {"PYTHONPATH": str(BENCH), "DJANGO_SETTINGS_MODULE": "load_settings"}
    command = [
        str(CLI),
        "serve",
        "--bind",
        "127.0.0.1:0",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
    ]
    server = subprocess.Popen(command, env=environment, stdout=log, stderr=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        for line in LOG.read_text().splitlines():
            if "Listening at: " in line:
                host, port = line.split("Listening at: http://")[1].split()[0].split(":")
                if ready((host, int(port))):
                    return server, (host, int(port))
        time.sleep(0.2)
    stop_server(server)
    sys.exit(f"The server did not start: see {LOG}")


def ready(address: tuple[str, int]) -> bool:
    return asyncio.run(checked(address, "page", TRIVIAL_PATH)) == ""


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()  # gunicorn stops its workers gracefully
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


async def warm_pass(address: tuple[str, int], urls: list[str], *, concurrency: int) -> list[str]:
    """Request every URL once, `concurrency` at a time; returns the errors."""
    queue = list(urls)
    errors = []

    async def worker() -> None:
        while queue:
            path = queue.pop()
            kind = "csv" if path.startswith("/classements/export.csv") else "page"
            if error := await checked(address, kind, path):
                errors.append(error)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return errors


def warm(address: tuple[str, int], urls: list[str], server, *, workers: int) -> None:
    """Warm the server's caches before measuring. With Redis the workers share one: two passes
    over every URL. Without, each worker has its own and which worker answers is the kernel's
    choice, so 4 × workers passes (a URL then misses a given worker's cache with odds
    (1 - 1/workers)^(4·workers), under 2 %). At most WARM_SECONDS; prints what the last pass
    cost the server."""
    from django.conf import settings

    wanted = 2 if settings.REDIS_URL else 4 * workers
    started = time.perf_counter()
    passes, errors = 0, []
    while passes < wanted and time.perf_counter() - started < WARM_SECONDS:
        before = cpu_seconds(server.pid)
        errors += asyncio.run(warm_pass(address, urls, concurrency=2 * workers))
        passes += 1
        last = 1000 * (cpu_seconds(server.pid) - before) / len(urls)
    print(
        f"warm-up: {passes} passes over the {len(urls)} URLs in "
        f"{time.perf_counter() - started:.1f} s, {len(errors)} errors; "
        f"last pass {last:.2f} ms of server CPU a request"
    )


def phase(name: str, address: tuple[str, int], plan: list, server, args) -> tuple[float, int]:
    """One measured run: prints its table and the CPU the server and the clients used."""
    load_average = os.getloadavg()[0]
    server_cpu = cpu_seconds(server.pid)
    results, elapsed, client_cpu = load(
        address,
        plan,
        clients=args.clients,
        seconds=args.seconds,
        processes=args.client_processes,
        seed=args.seed,
    )
    server_cpu = cpu_seconds(server.pid) - server_cpu
    print(
        f"\n{name}: {args.clients} clients for {args.seconds:.0f} s "
        f"(load average {load_average:.1f} before)"
    )
    print(
        f"{'page':<14}{'requests':>8}{'req/s':>9}{'errors':>8}"
        f"{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
    )
    kinds = [kind for kind in MIX if any(result[0] == kind for result in results)]
    if len(kinds) > 1:
        for kind in kinds:
            print(report_line(kind, [r for r in results if r[0] == kind], elapsed))
    print(report_line("all" if len(kinds) > 1 else results[0][0], results, elapsed))
    errors = [error for *_rest, error in results if error]
    for error in sorted(set(errors))[:5]:
        print(f"  error: {error} (×{errors.count(error)})")
    cores = os.cpu_count() or 1
    print(
        f"CPU: server {server_cpu:.1f} s ({1000 * server_cpu / len(results):.2f} ms a request), "
        f"load clients {client_cpu:.1f} s, of {cores} cores × {elapsed:.1f} s = "
        f"{cores * elapsed:.1f} s (the rest: other processes, idle)"
    )
    return len(results) / elapsed, len(errors)


def describe(urls: dict[str, list[str]], args) -> None:
    from django.conf import settings
    from django.db import connection

    from observatoire.rankings.models import RankingEntry
    from observatoire.territories.models import Territory

    cache = "Redis, shared by the workers" if settings.REDIS_URL else "local memory, per worker"
    print(
        f"database: {connection.vendor} · {Territory.objects.count():,} territories · "
        f"{RankingEntry.objects.count():,} ranking entries · cache: {cache}"
    )
    print(
        f"server: observatoire serve (gunicorn), {args.workers} workers × {args.threads} "
        f"thread(s); load clients: {args.client_processes} processes, asyncio, "
        "a new connection per request; same machine, loopback"
    )
    print(
        "urls: "
        + ", ".join(f"{len(paths)} {kind}" for kind, paths in urls.items())
        + " · mix: "
        + ", ".join(f"{kind} {share} %" for kind, share in MIX.items())
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=200, help="concurrent clients")
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each run")
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1))
    parser.add_argument("--threads", type=int, default=1, help="threads per worker")
    parser.add_argument("--client-processes", type=int, default=2)
    parser.add_argument("--territories", type=int, default=200, help="collectivité pages")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not 1 <= args.clients <= 1000 or not 0 < args.seconds <= 120:
        sys.exit("Bounded run: 1–1,000 clients, at most 120 s.")
    setup_django()
    from django.core.cache import cache

    urls = pick_urls(territories=args.territories, seed=args.seed)
    describe(urls, args)
    cache.clear()  # the shared Redis cache too: every page starts cold
    server, address = start_server(workers=args.workers, threads=args.threads)
    try:
        warm(
            address, [url for paths in urls.values() for url in paths], server, workers=args.workers
        )
        mix_rate, mix_errors = phase("mix", address, weighted_plan(urls), server, args)
        trivial_plan = [("trivial view", TRIVIAL_PATH)]
        trivial_rate, _errors = phase("trivial view", address, trivial_plan, server, args)
    finally:
        stop_server(server)
    share = 100 * mix_rate / trivial_rate
    print(
        f"\nmix throughput: {share:.0f} % of the trivial view's; goal (0 errors, ≥ 50 %): "
        f"{'yes' if mix_errors == 0 and share >= 50 else 'NO'}"
    )


if __name__ == "__main__":
    main()
