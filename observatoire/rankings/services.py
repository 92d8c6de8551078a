"""Writes of the rankings: compute and publish a month, re-weight in memory.

Publishing reads one row per profile (principal profiles, their latest snapshot in the
window, their daily post rollups summed over the window), computes everything in memory
with `formulas`, and replaces the month's entries in one transaction.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import numpy as np
from django.db import connection, transaction

from observatoire.core.models import JobRun
from observatoire.core.services import job_lock, job_run
from observatoire.profiles.models import Profile
from observatoire.territories.models import Territory

from . import formulas
from .figures import month_figures_read
from .kpis import MonthFigures
from .models import (
    PACKED,
    Methodology,
    RankingEntry,
    RankingGroup,
    RankingPublication,
    kpis_pack,
)
from .selectors import methodology_default, methodology_rules

TOP = 10


def month_start(month: datetime.date) -> datetime.date:
    return month.replace(day=1)


def month_previous(month: datetime.date) -> datetime.date:
    return (month_start(month) - datetime.timedelta(days=1)).replace(day=1)


# --- computing ------------------------------------------------------------------------

ENTRY_COLUMNS = (
    *("publication_id", "network", "category", "profile_id", "territory_id", "region_id"),
    *("eligible", "reason", "rank", "region_rank", "score", "previous_rank", "movement"),
    *("streak_first", "streak_top10", "followers", "following", "posts", "interactions"),
    "kpi_data",
)


def _previous(methodology: Methodology, month: datetime.date) -> dict:
    rows = RankingEntry.objects.filter(
        publication__methodology=methodology, publication__month=month_previous(month)
    ).values_list("profile_id", "network", "category", "rank", "streak_first", "streak_top10")
    return {
        pid: (network, category, rank, first, top)
        for pid, network, category, rank, first, top in rows
    }


def _floats(values: list) -> np.ndarray:
    return np.array(values, dtype=float)  # None becomes NaN


def _nullable(values: np.ndarray) -> list:
    """Python floats, None where the array holds NaN (unknown or not applicable)."""
    result = values.tolist()
    for i in np.flatnonzero(np.isnan(values)).tolist():
        result[i] = None
    return result


def _nullable_int(values: np.ndarray) -> list:
    result = np.nan_to_num(values).astype(np.int64).tolist()
    for i in np.flatnonzero(np.isnan(values)).tolist():
        result[i] = None
    return result


def _entry_rows(
    month: dict[str, list], rules: formulas.Rules, previous: dict, publication_id: int
) -> tuple[list[tuple], list[RankingGroup]]:
    """The rows of every entry (ENTRY_COLUMNS) and the packed groups, column by column."""
    ids, n = month["id"], len(month["id"])
    figures = MonthFigures(
        followers=_floats(month["followers"]),
        following=_floats(month["following"]),
        posts=np.nan_to_num(_floats(month["posts"])),
        interactions=np.nan_to_num(_floats(month["interactions"])),
        population=_floats(month["population"]),
        window_days=rules.window_days,
    )
    kpis = formulas.kpi_arrays(figures, rules.kpis)
    active = np.array([status == Profile.Status.ACTIVE for status in month["status"]], dtype=bool)
    reasons = formulas.ineligibility_reasons(
        active=active, followers=figures.followers, posts=figures.posts, order=rules.eligibility
    )
    regions = [
        territory if kind == Territory.Kind.REGION else region  # a région is its own
        for territory, region, kind in zip(
            month["territory_id"], month["region_id"], month["kind"], strict=True
        )
    ]
    scored = _Scored(n, len(rules.kpis))
    matrices = _score_groups(month, kpis, reasons, regions, rules, scored, publication_id)
    previous_rank, streak_first, streak_top = _streaks(month, previous, scored.rank)
    columns = {
        "publication_id": [publication_id] * n,
        "network": month["network"],
        "category": month["category"],
        "profile_id": ids,
        "territory_id": month["territory_id"],
        "region_id": regions,
        "eligible": (reasons == "").tolist(),
        "reason": reasons.tolist(),
        "rank": _nullable_int(scored.rank),
        "region_rank": _nullable_int(scored.region_rank),
        "score": _nullable(scored.score),
        "previous_rank": _nullable_int(previous_rank),
        "movement": _nullable_int(previous_rank - scored.rank),
        "streak_first": streak_first,
        "streak_top10": streak_top,
        "followers": month["followers"],
        "following": month["following"],
        "posts": figures.posts.astype(np.int64).tolist(),
        "interactions": figures.interactions.astype(np.int64).tolist(),
        "kpi_data": kpis_pack(kpis, scored.norms, scored.points),
    }
    rows = list(zip(*(columns[name] for name in ENTRY_COLUMNS), strict=True)) if n else []
    return rows, matrices


class _Scored:
    """Rank, regional rank, score, normalised KPIs and points of every profile (NaN where
    not ranked), filled group by group."""

    def __init__(self, n: int, kpi_count: int):
        self.rank, self.region_rank, self.score = (np.full(n, np.nan) for _ in range(3))
        self.norms, self.points = np.full((n, kpi_count), np.nan), np.full((n, kpi_count), np.nan)


def _score_groups(month, kpis, reasons, regions, rules, scored, publication_id) -> list:
    """Normalise, score and rank each (network, category) group into `scored`; returns the
    packed groups."""
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, key in enumerate(zip(month["network"], month["category"], strict=True)):
        groups[key].append(i)
    identities = np.column_stack(
        [np.array(month["id"], dtype=float), np.array(month["territory_id"], dtype=float)]
    )
    matrices = []
    for (network, category), members in sorted(groups.items()):
        members = np.array(members)
        eligible = members[reasons[members] == ""]
        if not len(eligible):
            continue
        norms = formulas.normalise_array(kpis[eligible], rules)
        scores = formulas.score_units_array(norms, rules)
        ranks = formulas.ranks_array(scores)
        scored.rank[eligible], scored.score[eligible] = ranks, scores / rules.unit
        scored.norms[eligible], scored.points[eligible] = norms, formulas.points_array(norms, rules)
        scored.region_rank[eligible] = _region_ranks([regions[i] for i in eligible], scores)
        matrix = np.column_stack([identities[eligible], ranks, norms]).astype(PACKED)
        matrices.append(
            RankingGroup(
                publication_id=publication_id,
                network=network,
                category=category,
                size=len(eligible),
                kpis=list(rules.kpis),
                matrix=matrix.tobytes(),
            )
        )
    return matrices


def _streaks(month: dict[str, list], previous: dict, rank: np.ndarray) -> tuple:
    """Previous rank (NaN if none in the same group) and the streaks of every profile."""
    n = len(rank)
    previous_rank, previous_first, previous_top = np.full(n, np.nan), np.zeros(n), np.zeros(n)
    for i, pid in enumerate(month["id"]):
        before = previous.get(pid)
        if before and before[0] == month["network"][i] and before[1] == month["category"][i]:
            previous_rank[i] = np.nan if before[2] is None else before[2]
            previous_first[i], previous_top[i] = before[3], before[4]
    streak_first = np.where(rank == 1, 1 + np.where(previous_rank == 1, previous_first, 0), 0)
    streak_top = np.where(rank <= TOP, 1 + np.where(previous_rank <= TOP, previous_top, 0), 0)
    return previous_rank, streak_first.astype(int).tolist(), streak_top.astype(int).tolist()


def _region_ranks(regions: list[int | None], scores: np.ndarray) -> np.ndarray:
    """Rank among the eligible of the same région (NaN without région)."""
    result = np.full(len(regions), np.nan)
    by_region: dict[int, list[int]] = defaultdict(list)
    for i, region in enumerate(regions):
        if region is not None:
            by_region[region].append(i)
    for indexes in by_region.values():
        result[indexes] = formulas.ranks_array(scores[indexes])
    return result


def _insert_entries(rows: list[tuple]) -> None:
    table = RankingEntry._meta.db_table
    columns = ", ".join(ENTRY_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Binary COPY: rows are dumped by psycopg's C code, ~3× faster than text.
            fields = {f.attname: f for f in RankingEntry._meta.concrete_fields}
            types = [fields[c].db_type(connection).split("(")[0] for c in ENTRY_COLUMNS]
            score = ENTRY_COLUMNS.index("score")
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT BINARY)") as copy:
                copy.set_types(types)
                for row in rows:
                    if row[score] is not None:
                        row = (*row[:score], Decimal(repr(row[score])), *row[score + 1 :])
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(ENTRY_COLUMNS))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)


def _insert_groups(groups: list[RankingGroup]) -> None:
    if connection.vendor != "postgresql":
        RankingGroup.objects.bulk_create(groups)
        return
    import psycopg.types.json

    # Binary COPY sends the packed matrices as they are (no hex text round-trip).
    columns = "publication_id, network, category, size, kpis, matrix"
    with connection.cursor() as cursor:
        sql = f"COPY {RankingGroup._meta.db_table} ({columns}) FROM STDIN (FORMAT BINARY)"
        with cursor.cursor.copy(sql) as copy:
            copy.set_types(["bigint", "varchar", "varchar", "integer", "jsonb", "bytea"])
            for g in groups:
                kpis = psycopg.types.json.Jsonb(g.kpis)
                copy.write_row((g.publication_id, g.network, g.category, g.size, kpis, g.matrix))


# --- publishing -----------------------------------------------------------------------


def ranking_build(
    *,
    month: datetime.date,
    methodology: Methodology | None = None,
    on_wait: Callable[[datetime.date, Methodology], None] | None = None,
) -> RankingPublication:
    """Compute every network × category ranking of `month` and publish them atomically:
    readers see the previous version of the month or the new one, never a mix. One ranking
    of a month and methodology at a time: another one in progress is waited for (`on_wait`
    is told), then this one publishes from the data as they are then."""
    month = month_start(month)
    methodology = methodology or methodology_default()
    if methodology is None:
        raise ValueError("no default methodology: name one")
    if methodology.timezone != "Europe/Paris":
        # Post rollups are kept per Europe/Paris day (metrics.services.ROLLUP_TIMEZONE).
        raise ValueError(f"unsupported time zone for the window: {methodology.timezone}")
    rules = methodology_rules(methodology)
    first, last = formulas.window_days(month, rules.window_days)
    arguments = {"month": f"{month:%Y-%m}", "methodology": methodology.slug}
    with (
        job_run(
            kind=JobRun.Kind.RANKING,
            name=f"rank {month:%Y-%m} ({methodology.slug})",
            arguments=arguments,
        ) as run,
        job_lock(
            f"ranking {methodology.pk} {month:%Y-%m}",
            on_wait=on_wait and (lambda: on_wait(month, methodology)),
        ),
    ):
        month_data = month_figures_read(first=first, last=last)
        previous = _previous(methodology, month)
        with transaction.atomic():
            publication, _created = RankingPublication.objects.get_or_create(
                methodology=methodology, month=month
            )
            rows, matrices = _entry_rows(month_data, rules, previous, publication.pk)
            RankingEntry.objects.filter(publication=publication).delete()
            RankingGroup.objects.filter(publication=publication).delete()
            _insert_entries(rows)
            _insert_groups(matrices)
            publication.entry_count = len(rows)
            publication.kpis = list(rules.kpis)
            publication.job_run = run.run
            publication.save()
        _entries_analyze()
        eligible = sum(1 for row in rows if row[ENTRY_COLUMNS.index("eligible")])
        run.count("entries", len(rows))
        run.count("eligible", eligible)
        run.count("not_eligible", len(rows) - eligible)
    return publication


def _entries_analyze() -> None:
    """Refresh the planner's statistics of the entries table (tens of ms). Without them,
    SQLite reads a territory's entries through the (publication, …) index — every entry of
    the month — instead of the (territory, publication) one."""
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(RankingEntry._meta.db_table)}")


def ranking_build_range(
    *,
    start: datetime.date,
    end: datetime.date,
    methodology: Methodology | None = None,
    on_wait: Callable[[datetime.date, Methodology], None] | None = None,
) -> list[RankingPublication]:
    """Rank every month from `start` to `end` inclusive, oldest first (streaks build up)."""
    month, end = month_start(start), month_start(end)
    publications = []
    while month <= end:
        publications.append(ranking_build(month=month, methodology=methodology, on_wait=on_wait))
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return publications


# --- re-weighting ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RescoredGroup:
    """One group re-scored with other weights, column by column, in the new rank order."""

    network: str
    category: str
    profile_ids: list[int]
    territory_ids: list[int]
    scores: list[float]
    ranks: list[int]
    published_ranks: list[int]

    def __len__(self) -> int:
        return len(self.ranks)

    def rows(self) -> list[tuple[int, int, float, int, int]]:
        """(profile id, territory id, score, rank, published rank) by new rank."""
        columns = (self.profile_ids, self.territory_ids, self.scores, self.ranks)
        return list(zip(*columns, self.published_ranks, strict=True))


def reweight(
    *,
    publication: RankingPublication,
    weights: dict[str, float],
    network: str | None = None,
    category: str | None = None,
) -> list[RescoredGroup]:
    """Re-score a publication's eligible profiles from their stored normalised KPIs with
    other weights, without recomputing KPIs nor writing anything: one RescoredGroup per
    (network, category), sorted by network then category. Missing KPIs weigh 0; raises
    ValueError for a negative weight or when all are 0."""
    rules_of: dict[tuple[str, ...], formulas.Rules] = {}  # per list of KPIs (one, really)
    groups = RankingGroup.objects.filter(publication=publication)
    if network:
        groups = groups.filter(network=network)
    if category:
        groups = groups.filter(category=category)
    result = []
    fields = ("network", "category", "kpis", "matrix")
    for group_network, group_category, kpis, data in groups.order_by(*fields[:2]).values_list(
        *fields
    ):
        kpis = tuple(kpis)
        if kpis not in rules_of:
            published = methodology_rules(publication.methodology, kpis=kpis)
            rules_of[kpis] = published.with_weights(weights)
        rules = rules_of[kpis]
        matrix = np.frombuffer(data, dtype=PACKED).reshape(-1, 3 + len(kpis))
        scores = formulas.score_units_array(matrix[:, 3:], rules)
        ranks = formulas.ranks_array(scores)
        order = np.lexsort((matrix[:, 0], ranks))
        ids = matrix[order, :3].astype(np.int64)
        result.append(
            RescoredGroup(
                network=group_network,
                category=group_category,
                profile_ids=ids[:, 0].tolist(),
                territory_ids=ids[:, 1].tolist(),
                scores=(scores[order] / rules.unit).tolist(),
                ranks=ranks[order].tolist(),
                published_ranks=ids[:, 2].tolist(),
            )
        )
    return result
