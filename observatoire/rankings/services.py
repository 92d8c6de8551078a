"""Writes of the rankings: compute and publish a month, re-weight in memory.

Publishing reads one row per profile (principal profiles, their latest snapshot in the
window, their daily post rollups summed over the window), computes everything in memory
with `formulas`, and replaces the month's entries in one transaction.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
from django.db import connection, transaction

from observatoire.core.models import JobRun
from observatoire.core.services import job_run
from observatoire.profiles.models import Profile
from observatoire.territories.models import Territory

from . import formulas
from .models import KPI_NAMES, Methodology, RankingEntry, RankingGroup, RankingPublication

TOP = 10


def methodology_default() -> Methodology:
    """The methodology used when none is named (v1 unless staff chose another)."""
    methodology = Methodology.objects.filter(is_default=True).first()
    return methodology or Methodology.objects.get(slug="v1")


def methodology_rules(methodology: Methodology) -> formulas.Rules:
    return formulas.Rules.from_mappings(
        weights=methodology.weights,
        normalisation=methodology.normalisation,
        frequency_target=methodology.frequency_target,
        window_days=methodology.window_days,
        decimals=methodology.score_decimals,
        eligibility=methodology.eligibility,
    )


def month_start(month: datetime.date) -> datetime.date:
    return month.replace(day=1)


def month_previous(month: datetime.date) -> datetime.date:
    return (month_start(month) - datetime.timedelta(days=1)).replace(day=1)


# --- reading the month ----------------------------------------------------------------


@dataclass(slots=True)
class _Profile:
    id: int
    network: str
    active: bool
    territory_id: int
    category: str
    population: int | None
    region_id: int | None
    followers: int | None = None
    following: int | None = None
    posts: int = 0
    interactions: int = 0


PROFILES_SQL = """
SELECT p.id, p.network, p.status, p.territory_id, t.category, t.population, t.region_id, t.kind
FROM profiles_profile p JOIN territories_territory t ON t.id = p.territory_id
WHERE p.is_principal
"""


def _principal_profiles() -> dict[int, _Profile]:
    with connection.cursor() as cursor:
        cursor.execute(PROFILES_SQL)
        rows = cursor.fetchall()
    active, region = Profile.Status.ACTIVE, Territory.Kind.REGION
    return {
        pid: _Profile(
            id=pid,
            network=network,
            active=status == active,
            territory_id=territory_id,
            category=category,
            population=population,
            region_id=territory_id if kind == region else region_id,  # a région is its own
        )
        for pid, network, status, territory_id, category, population, region_id, kind in rows
    }


SNAPSHOTS_SQL = """
SELECT s.profile_id, s.followers, s.following
FROM profiles_profile p
JOIN metrics_snapshot s ON s.profile_id = p.id AND s.date = (
    SELECT MAX(s2.date) FROM metrics_snapshot s2
    WHERE s2.profile_id = p.id AND s2.date >= %s AND s2.date <= %s
)
WHERE p.is_principal
"""

POSTS_SQL = """
SELECT r.profile_id, SUM(r.posts), SUM(r.interactions)
FROM metrics_postdailyrollup r
WHERE r.day >= %s AND r.day <= %s
GROUP BY r.profile_id
"""


def _read_month(first: datetime.date, last: datetime.date) -> dict[int, _Profile]:
    profiles = _principal_profiles()
    with connection.cursor() as cursor:
        cursor.execute(SNAPSHOTS_SQL, [first, last])
        for pid, followers, following in cursor.fetchall():
            profile = profiles.get(pid)
            if profile is not None:
                profile.followers, profile.following = followers, following
        cursor.execute(POSTS_SQL, [first, last])
        for pid, posts, interactions in cursor.fetchall():
            profile = profiles.get(pid)
            if profile is not None:
                profile.posts, profile.interactions = int(posts), int(interactions)
    return profiles


# --- computing ------------------------------------------------------------------------

ENTRY_COLUMNS = (
    "publication_id", "network", "category", "profile_id", "territory_id", "region_id",
    "eligible", "reason", "rank", "region_rank", "score", "previous_rank", "movement",
    "streak_first", "streak_top10", "followers", "following", "posts", "interactions",
    "engagement_rate", "reach", "posts_per_day", "audience_ratio",
    *(f"norm_{k}" for k in KPI_NAMES), *(f"points_{k}" for k in KPI_NAMES),
)  # fmt: skip


def _previous(methodology: Methodology, month: datetime.date) -> dict:
    rows = RankingEntry.objects.filter(
        publication__methodology=methodology, publication__month=month_previous(month)
    ).values_list("profile_id", "network", "category", "rank", "streak_first", "streak_top10")
    return {
        pid: (network, category, rank, first, top)
        for pid, network, category, rank, first, top in rows
    }


def _nullable(values: np.ndarray) -> list:
    """Rows of Python floats with None where the array holds NaN (unknown)."""
    objects = values.astype(object)
    objects[np.isnan(values)] = None
    return objects.tolist()


def _entry_rows(
    profiles: dict[int, _Profile],
    rules: formulas.Rules,
    previous: dict,
    publication_id: int,
) -> tuple[list[tuple], list[RankingGroup]]:
    members = list(profiles.values())
    nan = float("nan")

    def column(values) -> np.ndarray:
        return np.array([nan if v is None else v for v in values], dtype=float)

    followers = column(p.followers for p in members)
    posts = column(p.posts for p in members)
    kpis = formulas.kpi_arrays(
        followers=followers,
        following=column(p.following for p in members),
        posts=posts,
        interactions=column(p.interactions for p in members),
        population=column(p.population for p in members),
        window_days=rules.window_days,
    )
    reasons = formulas.ineligibility_reasons(
        active=np.array([p.active for p in members], dtype=bool),
        followers=followers,
        posts=posts,
        order=rules.eligibility,
    )
    kpi_rows = _nullable(kpis)
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, p in enumerate(members):
        groups[(p.network, p.category)].append(i)
    rows, matrices = [], []
    for (network, category), indexes in sorted(groups.items()):
        indexes = np.array(indexes)
        eligible = indexes[reasons[indexes] == ""]
        norms = formulas.normalise_array(kpis[eligible], rules)
        scores = formulas.score_units_array(norms, rules)
        ranks = formulas.ranks_array(scores)
        points = formulas.points_array(norms, rules).tolist()
        region_ranks = _region_ranks([members[i].region_id for i in eligible], scores.tolist())
        for j, (i, rank, score, norm) in enumerate(
            zip(eligible.tolist(), ranks.tolist(), scores.tolist(), norms.tolist(), strict=True)
        ):
            p = members[i]
            before = previous.get(p.id)
            same_ranking = before is not None and before[:2] == (network, category)
            previous_rank = before[2] if same_ranking else None
            streak_first = streak_top = 0
            if rank == 1:
                streak_first = 1 + (before[3] if same_ranking and before[2] == 1 else 0)
            if rank <= TOP:
                kept = same_ranking and before[2] is not None and before[2] <= TOP
                streak_top = 1 + (before[4] if kept else 0)
            movement = previous_rank - rank if previous_rank else None
            rows.append(
                _row(publication_id, p, True, "", rank, region_ranks[j], score / rules.unit,
                     previous_rank, movement, streak_first, streak_top, kpi_rows[i], norm,
                     points[j])
            )  # fmt: skip
        for i in indexes[reasons[indexes] != ""].tolist():
            p = members[i]
            before = previous.get(p.id)
            same_ranking = before is not None and before[:2] == (network, category)
            rows.append(
                _row(publication_id, p, False, reasons[i], None, None, None,
                     before[2] if same_ranking else None, None, 0, 0, kpi_rows[i], NONES, NONES)
            )  # fmt: skip
        if len(eligible):
            ids = np.array([(members[i].id, members[i].territory_id) for i in eligible.tolist()])
            matrix = np.column_stack([ids, ranks, norms]).astype("<f8")
            matrices.append(
                RankingGroup(
                    publication_id=publication_id, network=network, category=category,
                    size=len(eligible), matrix=matrix.tobytes(),
                )
            )  # fmt: skip
    return rows, matrices


NONES = (None,) * len(KPI_NAMES)


def _region_ranks(regions: list[int | None], scores: list[int]) -> list[int | None]:
    by_region: dict[int, list[int]] = defaultdict(list)
    for i, region in enumerate(regions):
        if region is not None:
            by_region[region].append(i)
    result: list[int | None] = [None] * len(regions)
    for indexes in by_region.values():
        for i, rank in zip(indexes, formulas.ranks([scores[i] for i in indexes]), strict=True):
            result[i] = rank
    return result


def _row(publication_id, p: _Profile, eligible, reason, rank, region_rank, score, previous_rank,
         movement, streak_first, streak_top, kpis, norms, points) -> tuple:  # fmt: skip
    engagement, reach, per_day, _followers, ratio = kpis
    return (
        publication_id, p.network, p.category, p.id, p.territory_id, p.region_id,
        eligible, reason, rank, region_rank, score, previous_rank, movement,
        streak_first, streak_top, p.followers, p.following, p.posts, p.interactions,
        engagement, reach, per_day, ratio, *norms, *points,
    )  # fmt: skip


def _insert_entries(rows: list[tuple]) -> None:
    table = RankingEntry._meta.db_table
    columns = ", ".join(ENTRY_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            placeholders = ", ".join(["%s"] * len(ENTRY_COLUMNS))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)


# --- publishing -----------------------------------------------------------------------


def ranking_build(
    *, month: datetime.date, methodology: Methodology | None = None
) -> RankingPublication:
    """Compute every network × category ranking of `month` and publish them atomically:
    readers see the previous version of the month or the new one, never a mix."""
    month = month_start(month)
    methodology = methodology or methodology_default()
    if methodology.timezone != "Europe/Paris":
        # Post rollups are kept per Europe/Paris day (metrics.services.ROLLUP_TIMEZONE).
        raise ValueError(f"unsupported time zone for the window: {methodology.timezone}")
    rules = methodology_rules(methodology)
    first, last = formulas.window_days(month, rules.window_days)
    arguments = {"month": f"{month:%Y-%m}", "methodology": methodology.slug}
    with job_run(
        kind=JobRun.Kind.RANKING,
        name=f"rank {month:%Y-%m} ({methodology.slug})",
        arguments=arguments,
    ) as run:
        profiles = _read_month(first, last)
        previous = _previous(methodology, month)
        with transaction.atomic():
            publication, _created = RankingPublication.objects.get_or_create(
                methodology=methodology, month=month
            )
            rows, matrices = _entry_rows(profiles, rules, previous, publication.pk)
            RankingEntry.objects.filter(publication=publication).delete()
            RankingGroup.objects.filter(publication=publication).delete()
            _insert_entries(rows)
            RankingGroup.objects.bulk_create(matrices)
            publication.entry_count = len(rows)
            publication.job_run = run.run
            publication.save()
        eligible = sum(1 for row in rows if row[6])
        run.count("entries", len(rows))
        run.count("eligible", eligible)
        run.count("not_eligible", len(rows) - eligible)
    return publication


def ranking_build_range(
    *, start: datetime.date, end: datetime.date, methodology: Methodology | None = None
) -> list[RankingPublication]:
    """Rank every month from `start` to `end` inclusive, oldest first (streaks build up)."""
    month, end = month_start(start), month_start(end)
    publications = []
    while month <= end:
        publications.append(ranking_build(month=month, methodology=methodology))
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
    (network, category), sorted by network then category."""
    rules = methodology_rules(publication.methodology).with_weights(weights)
    groups = RankingGroup.objects.filter(publication=publication)
    if network:
        groups = groups.filter(network=network)
    if category:
        groups = groups.filter(category=category)
    result = []
    for group_network, group_category, data in groups.order_by("network", "category").values_list(
        "network", "category", "matrix"
    ):
        matrix = np.frombuffer(data, dtype="<f8").reshape(-1, 3 + len(KPI_NAMES))
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
