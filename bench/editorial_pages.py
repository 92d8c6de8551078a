"""Public editorial pages benchmark: server time of the accessibility barometer and of "what
works" (/publications/), cold and warm, against a trivial view served by the same stack in the
same run.

Run it on the national demo data once its posts are analysed (see bench/README.md):

    DATABASE_URL=sqlite:////path/to/national.sqlite3 .venv/bin/python bench/editorial_pages.py

Every request goes through Django's full handler and middleware in this process (no
network), as an anonymous visitor; cold = first visit after new figures (empty cache), warm =
served from the cache (`--repeat` passes). Prints p50/p95/max in milliseconds and the ratio
of each page's warm p95 to the trivial view's. Goal: the barometer's warm p95 ≤ 30 ms.
"""

import argparse
import importlib.util
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
# bench/site.py cannot be imported by its name (the standard library's `site` comes first).
_spec = importlib.util.spec_from_file_location("bench_site", HERE / "site.py")
bench_site = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_site)


def pick_urls() -> dict[str, list[str]]:
    """Both pages for every (network, category) group with analysed posts in the default
    month, plus each page without parameters."""
    from observatoire.editorial.filters import month_choices
    from observatoire.editorial.models import AccessibilityMonth

    month = month_choices()["default"]
    if not month:
        sys.exit("No analysed post: run `observatoire editorial rebuild --yes` first.")
    groups = list(
        AccessibilityMonth.objects.filter(month=f"{month}-01", profile__is_principal=True)
        .values_list("profile__network", "profile__territory__category")
        .distinct()
        .order_by("profile__network", "profile__territory__category")
    )
    query = [f"?network={network}&category={category}" for network, category in groups]
    return {
        "barometer": ["/publications/accessibilite/"]
        + [f"/publications/accessibilite/{q}" for q in query],
        "what works": ["/publications/"] + [f"/publications/{q}" for q in query],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10, help="warm passes over every URL")
    args = parser.parse_args()
    bench_site.setup_django()

    from django.db import connection

    from observatoire.editorial.models import AccessibilityMonth, EditorialMonth, PostAnalysis

    print(
        f"database: {connection.vendor} · {PostAnalysis.objects.count():,} analysed posts · "
        f"{EditorialMonth.objects.count():,} editorial and "
        f"{AccessibilityMonth.objects.count():,} accessibility monthly rows"
    )
    urls = pick_urls()
    print(f"urls: {', '.join(f'{len(paths)} {name}' for name, paths in urls.items())}")
    times = bench_site.server_times(urls, repeat=args.repeat)
    percentile = bench_site.percentile
    trivial = percentile(times["trivial"]["warm"], 0.95)
    print("\nserver time (ms, in-process, full middleware)")
    print(f"{'page':<12}{'cache':<7}{'n':>6}{'p50':>9}{'p95':>9}{'max':>9}{'p95 ÷ trivial':>15}")
    for name, sets in times.items():
        for label, values in sets.items():
            p95 = percentile(values, 0.95)
            print(
                f"{name:<12}{label:<7}{len(values):>6}{statistics.median(values):>9.2f}"
                f"{p95:>9.2f}{max(values):>9.2f}{p95 / trivial:>15.1f}"
            )
    warm = percentile(times["barometer"]["warm"], 0.95)
    print(f"\ngoal: barometer p95 ≤ 30 ms warm: {'yes' if warm <= 30 else 'NO'} ({warm:.2f} ms)")


if __name__ == "__main__":
    main()
