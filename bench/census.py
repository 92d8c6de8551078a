"""Census benchmark: the build of every month, and the server time of the census page.

Run it on a copy of the national demo data, migrated (see bench/README.md):

    cp national.sqlite3 /tmp/national_census.sqlite3
    DATABASE_URL=sqlite:////tmp/national_census.sqlite3 .venv/bin/observatoire migrate
    DATABASE_URL=sqlite:////tmp/national_census.sqlite3 .venv/bin/python bench/census.py

1. The build: `census_build(every=True)` (every month with data, and the moves), timed; then
   the published figures read back (13.7 % present, 53 % without villages, ~92 % of villes
   moyennes) beside the demo's targets.
2. Server time of /recensement/ with each map of the form (presence, activity, median score,
   each KPI; one month in three): every request through Django's full handler and
   middleware in this process (no network); cold = first visit after a build (empty cache),
   warm = served from the cache. p50/p95 in milliseconds, against a trivial view served by
   the same handler and client in the same run (the floor). Goal (issue 15): warm p95 ≤ 30 ms.
"""

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))  # common.py, when imported from another bench

from common import django_setup_serving, percentile, trivial_view  # noqa: E402

TRIVIAL_PATH = "/__bench__/trivial/"


def setup_django() -> None:
    django_setup_serving("bench_census_urls", lambda: trivial_view(TRIVIAL_PATH))


def build() -> None:
    from observatoire.demo import shape
    from observatoire.opendata.census.selectors import census_figures
    from observatoire.opendata.models import CensusFigure, CensusMove, Stratum

    started = time.perf_counter()
    from observatoire.opendata.census.services import census_build

    months = census_build(every=True)
    seconds = time.perf_counter() - started
    if not months:
        sys.exit("No data: generate the demo data first.")
    print(
        f"build: {len(months)} months in {seconds:.1f} s "
        f"({CensusFigure.objects.count():,} figures, {CensusMove.objects.count()} moves)"
    )
    figures = census_figures()
    total, villages = figures.figure(), figures.figure(stratum=Stratum.VILLAGE)
    without = 100 * (total.present - villages.present) / (total.territories - villages.territories)
    moyennes = figures.figure(stratum=Stratum.VILLE_MOYENNE).present_share
    print(
        f"{figures.month:%Y-%m}: present {total.present_share} % (target "
        f"{shape.TARGET_PRESENT}), without villages {without:.1f} % (target "
        f"{shape.TARGET_PRESENT_WITHOUT_VILLAGES}), villes moyennes {moyennes} % (target "
        f"{shape.TARGET_VILLES_MOYENNES})"
    )


def urls() -> list[str]:
    from observatoire.opendata.census.page import _measures
    from observatoire.opendata.census.selectors import census_months

    months = [f"{month:%Y-%m}" for month in census_months()][::3]
    return ["/recensement/"] + [
        f"/recensement/?month={month}&map={measure}" for month in months for measure in _measures()
    ]


def server_times(paths: list[str], *, repeat: int) -> dict[str, list[float]]:
    from django.core.cache import cache
    from django.test import Client

    client = Client()
    cache.clear()
    cold, warm, trivial = [], [], []
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
            started = time.perf_counter()
            client.get(TRIVIAL_PATH)
            trivial.append(1000 * (time.perf_counter() - started))
    return {"cold": cold, "warm": warm, "trivial": trivial}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=20, help="warm rounds over the URLs")
    parser.add_argument("--no-build", action="store_true", help="measure the stored census")
    options = parser.parse_args()
    setup_django()
    if not options.no_build:
        build()
    paths = urls()
    times = server_times(paths, repeat=options.repeat)
    floor = percentile(times["trivial"], 0.95)
    print(f"/recensement/: {len(paths)} URLs, {options.repeat} warm rounds")
    for name in ("cold", "warm", "trivial"):
        values = times[name]
        p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
        print(f"  {name:8} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  ({p95 / floor:5.1f} × floor)")
    warm = percentile(times["warm"], 0.95)
    print(f"warm p95 {warm:.1f} ms: goal ≤ 30 ms {'met' if warm <= 30 else 'MISSED'}")


if __name__ == "__main__":
    main()
