"""Mon espace on the national demo data: the dashboard's server time, the simulator's
re-weighting of one category, one monthly PDF report, and the monthly digests with their
reports for N collectivités through the Celery task (inline), memory watched along the way.

    DATABASE_URL=sqlite:////path/to/observatoire.sqlite3 .venv/bin/python bench/espace.py
    .venv/bin/python bench/espace.py --territories 20 --reports 100     # a quick run

1. Dashboard: GET /espace/<slug>/ through Django's full handler (no network) as a member;
   cold = first visit (empty cache), warm = the next visits. p50/p95 in ms, and the ratio to
   a trivial view served by the same handler in the same run.
2. Simulator: `reweight` of one collectivité's category with other weights (the engine's
   part), and the whole simulator page; p50/p95 in ms.
3. One PDF report (`report_pdf`): median and max seconds over the sampled collectivités.
4. Monthly digests: N collectivités get a bench member each (created here, removed at the
   end), then the monthly task sends every digest with its PDF report, e-mails going to
   Django's dummy backend; prints the throughput and the process's resident memory every
   10 % (flat = it does not grow with N).
Goals (issue 12): warm p95 ≤ 50 ms, re-weighting ≤ 20 ms, one report ≤ 2 s, flat memory.
"""

import argparse
import importlib.util
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))  # common.py, when imported from another bench

from common import percentile  # noqa: E402

BENCH_PREFIX = "bench-espace-"


def site_bench():
    """bench/site.py (a module name the standard library's `site` shadows), for its set-up
    with the trivial view: the floor of every server time measured here."""
    spec = importlib.util.spec_from_file_location("bench_site", ROOT / "bench" / "site.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def setup_django():
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.dummy.EmailBackend"
    site = site_bench()
    site.setup_django()
    return site.TRIVIAL_PATH


def rss_mb() -> float:
    """Resident memory of this process now (Linux /proc), in MB."""
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * resource.getpagesize() / 1e6


def timed(function, *args, **kwargs) -> tuple[float, object]:
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return 1000 * (time.perf_counter() - started), result


def sample_territories(*, publication, count: int, seed: int) -> list:
    from observatoire.rankings.models import RankingEntry
    from observatoire.territories.models import Territory

    ids = sorted(
        set(
            RankingEntry.objects.filter(publication=publication, eligible=True).values_list(
                "territory_id", flat=True
            )
        )
    )
    random.Random(seed).shuffle(ids)
    chosen = Territory.objects.in_bulk(ids[:count])
    return [chosen[pk] for pk in ids[:count]]


def bench_dashboard(territories: list, *, repeat: int, trivial_path: str) -> dict:
    from django.core.cache import cache
    from django.test import Client

    from observatoire.users.models import User

    staff = User.objects.filter(is_staff=True).first() or User.objects.create_user(
        f"{BENCH_PREFIX}staff", is_staff=True
    )
    client = Client()
    client.force_login(staff)
    cache.clear()
    cold, warm = [], []
    for territory in territories:
        elapsed, response = timed(client.get, f"/espace/{territory.slug}/")
        assert response.status_code == 200, (territory.slug, response.status_code)
        cold.append(elapsed)
    for _round in range(repeat):
        for territory in territories:
            warm.append(timed(client.get, f"/espace/{territory.slug}/")[0])
    # The floor: a view answering "ok" through the same handler, client and session.
    trivial = [timed(client.get, trivial_path)[0] for _round in range(200)]
    return {"cold": cold, "warm": warm, "trivial": trivial}


def bench_simulator(territories: list, *, publication, repeat: int) -> dict:
    from django.test import Client

    from observatoire.rankings.selectors import methodology_rules
    from observatoire.rankings.services import reweight
    from observatoire.users.models import User

    rules = methodology_rules(publication.methodology, kpis=publication.kpis)
    weights = {name: 1.0 for name in rules.kpis}
    engine, page = [], []
    client = Client()
    client.force_login(User.objects.filter(is_staff=True).first())
    query = "&".join(f"{name}=1" for name in rules.kpis)
    for territory in territories:
        for _round in range(repeat):
            engine.append(
                timed(
                    reweight,
                    publication=publication,
                    weights=weights,
                    network="instagram",
                    category=territory.category,
                )[0]
            )
        elapsed, response = timed(client.get, f"/espace/{territory.slug}/simulateur/?{query}")
        assert response.status_code == 200
        page.append(elapsed)
    return {"reweight": engine, "page": page}


def bench_reports(territories: list, *, publication) -> list[float]:
    from observatoire.dashboard.reports.render import report_pdf

    seconds = []
    for territory in territories:
        started = time.perf_counter()
        pdf = report_pdf(territory=territory, publication=publication)
        seconds.append(time.perf_counter() - started)
        assert pdf.startswith(b"%PDF")
    return seconds


def bench_digests(*, publication, count: int, seed: int) -> None:
    """`count` collectivités ranked in `publication` get one bench member each (reports on),
    then the monthly task sends every digest with its PDF report; a thread samples the
    process's memory meanwhile. The bench members (and their alerts) are removed after."""
    import threading

    from observatoire.dashboard.alerts.tasks import after_ranking
    from observatoire.dashboard.models import AlertDelivery
    from observatoire.users.models import Membership, Role, User

    territories = sample_territories(publication=publication, count=count, seed=seed + 1)
    users = User.objects.bulk_create(
        User(username=f"{BENCH_PREFIX}{t.pk}", email=f"{BENCH_PREFIX}{t.pk}@example.invalid")
        for t in territories
    )
    Membership.objects.bulk_create(
        Membership(user=user, territory=territory, role=Role.VIEWER)
        for user, territory in zip(users, territories, strict=True)
    )
    samples: list[tuple[float, float]] = []
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.25):
            samples.append((time.perf_counter(), rss_mb()))

    sampler = threading.Thread(target=sample)
    try:
        before = rss_mb()
        started = time.perf_counter()
        sampler.start()
        after_ranking.delay(publication.pk)  # inline: no broker (CELERY_TASK_ALWAYS_EAGER)
        elapsed = time.perf_counter() - started
        done.set()
        sampler.join()
        sent = AlertDelivery.objects.filter(
            user__username__startswith=BENCH_PREFIX, has_report=True
        ).count()
        print(f"4. monthly digests with their PDF report ({len(territories)} collectivités)")
        print(
            f"  {sent} digests with a report in {elapsed:.1f} s "
            f"({sent / elapsed:.1f} per second, {1000 * elapsed / max(sent, 1):.0f} ms each)"
        )
        print(f"  resident memory before {before:.0f} MB, then by tenth of the run:", end="")
        for tenth in range(1, 11):
            until = started + elapsed * tenth / 10
            seen = [mb for at, mb in samples if at <= until] or [before]
            print(f" {max(seen):.0f}", end="")
        print(" MB")
    finally:
        done.set()
        User.objects.filter(username__startswith=BENCH_PREFIX).delete()


def print_times(title: str, values: list[float], unit: str = "ms") -> None:
    print(
        f"  {title:<34} n={len(values):>4}  p50 {percentile(values, 0.5):8.1f} {unit}  "
        f"p95 {percentile(values, 0.95):8.1f} {unit}  max {max(values):8.1f} {unit}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--territories", type=int, default=100, help="collectivités sampled")
    parser.add_argument("--repeat", type=int, default=5, help="warm passes")
    parser.add_argument("--reports", type=int, default=1000, help="digests with their report")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    trivial_path = setup_django()
    from django.db import connection

    from observatoire.rankings.selectors import methodology_default, publication_latest

    publication = publication_latest(methodology=methodology_default())
    if publication is None:
        sys.exit("No published ranking: generate and rank the demo data first (make demo).")
    territories = sample_territories(
        publication=publication, count=args.territories, seed=args.seed
    )
    print(
        f"database: {connection.vendor} · publication {publication.month:%Y-%m} · "
        f"{len(territories)} collectivités sampled"
    )
    times = bench_dashboard(territories, repeat=args.repeat, trivial_path=trivial_path)
    print("1. dashboard /espace/<slug>/")
    print_times("cold (first visit)", times["cold"])
    print_times("warm", times["warm"])
    print_times("trivial view (same handler)", times["trivial"])
    warm95 = percentile(times["warm"], 0.95)
    floor95 = percentile(times["trivial"], 0.95)
    print(
        f"  warm p95 {warm95:.1f} ms = {warm95 / floor95:.1f} × the trivial view — "
        f"goal ≤ 50 ms: {'met' if warm95 <= 50 else 'MISSED'}"
    )
    simulator = bench_simulator(territories[:20], publication=publication, repeat=args.repeat)
    print("2. simulator")
    print_times("reweight of one category", simulator["reweight"])
    print_times("simulator page", simulator["page"])
    engine95 = percentile(simulator["reweight"], 0.95)
    print(
        f"  reweight p95 {engine95:.1f} ms — goal ≤ 20 ms: {'met' if engine95 <= 20 else 'MISSED'}"
    )
    seconds = bench_reports(territories[:10], publication=publication)
    print("3. one PDF report")
    print_times("report_pdf", seconds, unit="s")
    print(f"  max {max(seconds):.2f} s — goal ≤ 2 s: {'met' if max(seconds) <= 2 else 'MISSED'}")
    bench_digests(publication=publication, count=args.reports, seed=args.seed)


if __name__ == "__main__":
    main()
