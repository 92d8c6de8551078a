"""Writes of the rankings: compute and publish a month, re-weight in memory.

Publishing reads one row per profile (principal profiles, their latest snapshot in the
window, their daily post rollups summed over the window), computes everything in memory
with `formulas`, and replaces the month's entries in one transaction.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction

from observatoire.core.models import JobRun
from observatoire.core.services import job_run
from observatoire.profiles.models import Profile
from observatoire.territories.models import Territory

from . import formulas
from .models import KPI_NAMES, Methodology, RankingEntry, RankingPublication

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


def _principal_profiles() -> dict[int, _Profile]:
    rows = Profile.objects.filter(is_principal=True).values_list(
        "id",
        "network",
        "status",
        "territory_id",
        "territory__category",
        "territory__population",
        "territory__region_id",
        "territory__kind",
    )
    return {
        pid: _Profile(
            id=pid,
            network=network,
            active=status == Profile.Status.ACTIVE,
            territory_id=territory_id,
            category=category,
            population=population,
            # A région is its own région.
            region_id=territory_id if kind == Territory.Kind.REGION else region_id,
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


def _entry_rows(
    profiles: dict[int, _Profile],
    rules: formulas.Rules,
    previous: dict,
    publication_id: int,
) -> list[tuple]:
    groups: dict[tuple[str, str], list[_Profile]] = defaultdict(list)
    for profile in profiles.values():
        groups[(profile.network, profile.category)].append(profile)
    quantum = Decimal(1).scaleb(-rules.decimals)
    rows = []
    for (network, category), members in groups.items():
        eligible, raw = [], []
        others = []
        for p in members:
            kpis = formulas.kpi_values(
                followers=p.followers,
                following=p.following,
                posts=p.posts,
                interactions=p.interactions,
                population=p.population,
                window_days=rules.window_days,
            )
            reason = formulas.ineligibility_reason(
                active=p.active, followers=p.followers, posts=p.posts, order=rules.eligibility
            )
            if reason:
                others.append((p, kpis, reason))
            else:
                eligible.append((p, kpis))
                raw.append(kpis)
        result = formulas.score_group(raw, rules)
        region_ranks = _region_ranks([p.region_id for p, _ in eligible], result.scores)
        for i, (p, kpis) in enumerate(eligible):
            rank, norms = result.ranks[i], result.norms[i]
            before = previous.get(p.id)
            same_ranking = before is not None and before[:2] == (network, category)
            previous_rank = before[2] if same_ranking else None
            streak_first = streak_top = 0
            if rank == 1:
                streak_first = 1 + (before[3] if same_ranking and before[2] == 1 else 0)
            if rank <= TOP:
                kept = same_ranking and before[2] is not None and before[2] <= TOP
                streak_top = 1 + (before[4] if kept else 0)
            rows.append(
                _row(
                    publication_id, p, True, "", rank, region_ranks[i],
                    Decimal(result.scores[i]) * quantum, previous_rank,
                    previous_rank - rank if previous_rank else None,
                    streak_first, streak_top, kpis, norms, formulas.points(norms, rules),
                )
            )  # fmt: skip
        for p, kpis, reason in others:
            before = previous.get(p.id)
            previous_rank = (
                before[2] if before is not None and before[:2] == (network, category) else None
            )
            rows.append(
                _row(
                    publication_id, p, False, reason, None, None, None, previous_rank, None,
                    0, 0, kpis, (None,) * 5, (None,) * 5,
                )
            )  # fmt: skip
    return rows


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
            rows = _entry_rows(profiles, rules, previous, publication.pk)
            RankingEntry.objects.filter(publication=publication).delete()
            _insert_entries(rows)
            publication.entry_count = len(rows)
            publication.job_run = run.run
            publication.save()
        eligible = sum(1 for row in rows if row[6])
        run.count("entries", len(rows))
        run.count("eligible", eligible)
        run.count("not_eligible", len(rows) - eligible)
    _rescore_cache.clear()
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
class Rescored:
    entry_id: int
    profile_id: int
    territory_id: int
    network: str
    category: str
    score: float
    rank: int
    published_rank: int


_rescore_cache: dict = {}


def _stored_norms(publication: RankingPublication) -> dict[tuple[str, str], tuple[list, list]]:
    key = (publication.pk, publication.published_at)
    cached = _rescore_cache.get(key)
    if cached is None:
        table = RankingEntry._meta.db_table
        norms = ", ".join(f"norm_{k}" for k in KPI_NAMES)
        groups: dict[tuple[str, str], tuple[list, list]] = defaultdict(lambda: ([], []))
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT network, category, id, profile_id, territory_id, rank, {norms} "
                f"FROM {table} WHERE publication_id = %s AND eligible",
                [publication.pk],
            )
            for row in cursor.fetchall():
                ids, values = groups[(row[0], row[1])]
                ids.append(row[2:6])
                values.append(row[6:])
        cached = dict(groups)
        _rescore_cache.clear()  # keep one publication in memory
        _rescore_cache[key] = cached
    return cached


def reweight(
    *,
    publication: RankingPublication,
    weights: dict[str, float],
    network: str | None = None,
    category: str | None = None,
) -> list[Rescored]:
    """Re-score a publication from its stored normalised KPIs with other weights, without
    recomputing KPIs nor writing anything. Sorted by network, category, new rank."""
    rules = methodology_rules(publication.methodology).with_weights(weights)
    result = []
    for (group_network, group_category), (ids, values) in sorted(
        _stored_norms(publication).items()
    ):
        if (network and group_network != network) or (category and group_category != category):
            continue
        scored = formulas.rescore_group(values, rules)
        rescored = [
            Rescored(
                entry_id=entry_id, profile_id=profile_id, territory_id=territory_id,
                network=group_network, category=group_category, score=score / rules.unit,
                rank=rank, published_rank=published_rank,
            )
            for (entry_id, profile_id, territory_id, published_rank), score, rank in zip(
                ids, scored.scores, scored.ranks, strict=True
            )
        ]  # fmt: skip
        rescored.sort(key=lambda r: (r.rank, r.entry_id))
        result.extend(rescored)
    return result
