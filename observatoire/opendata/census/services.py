"""Writes of the census: compute each month's figures and the moves from stored data and store
them (`census_build`), after a collection, after a publication, or by `observatoire census
build [--all]`. The rules, written out in docs/census.md:

A profile is *present* on the days from the first thing we know of it (its first snapshot, its
first stored post, or the day it was entered in the registry of profiles, whichever is first)
to the last day it was reachable and posting:
- unreachable (deleted, renamed, private, suspended): up to the day before `unavailable_since`
  (without that date, up to its last snapshot);
- no longer followed by the observatory: up to its last snapshot or post; after, we do not know;
- stopped posting: a profile whose last stored post is at least DORMANT_DAYS before its last
  snapshot (we watched it stay silent that long) left the network on the day of that last
  post (a profile that never posted is present but never active).
It is present in month M if it is present on at least one day of M; *active* in M if present
and it posted during M (the daily rollups of posts). A collectivité is present (active) on a
network in M if one of its profiles there is, and present on at least one network if it is
on one. Months run from the first to the last month with snapshots; the last may be partial
(`CensusMonth.data_until`).

Moves: *left* (stopped posting, on the day of its last post), *unreachable* (on
`unavailable_since`), *opened* (on its first snapshot or post): a profile first seen after
the observation started whose first snapshot counts no more posts than we hold up to that
day — we saw its beginning. A profile that was already there says nothing.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from django.db import transaction
from django.db.models import Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from observatoire.core.cache import memo_forget
from observatoire.core.models import JobRun
from observatoire.core.services import job_run
from observatoire.metrics.models import PostDailyRollup, Snapshot
from observatoire.profiles.models import Network, Profile
from observatoire.territories.models import Category, Territory

from ..models import CensusFigure, CensusMonth, CensusMove, Stratum
from .selectors import STAMP_KEY, stamp_request_forget

DORMANT_DAYS = 180  # six months without a post: the profile stopped posting
VILLAGE_MAX = 2_000  # communes under this population are the census's villages
NETWORKS = tuple(Network.values)
ANY = len(NETWORKS)  # the column of "at least one network"
NEVER = date.max.toordinal()
BATCH = 2_000


def month_end(month: date) -> date:
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return following - timedelta(days=1)


def months_between(first: date, last: date) -> list[date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = month_end(month) + timedelta(days=1)
    return months


def territory_stratum(*, category: str, population: int | None) -> str | None:
    """The census's stratum of a collectivité: its category, petites villes split at 2,000
    inhabitants (None: a commune whose population is unknown, counted in totals only)."""
    if category == Category.PETITE_VILLE:
        if population is None:
            return None
        return Stratum.VILLAGE if population < VILLAGE_MAX else Stratum.PETITE_VILLE
    return category


# --- the registry as groups -----------------------------------------------------------


@dataclass
class _Registry:
    ids: np.ndarray  # territory ids, the row order of every per-territory array
    groups: list[tuple[str, str]]  # (scope, stratum)
    pairs_territory: np.ndarray  # for each (territory, group) pair: the territory's row
    pairs_group: np.ndarray  # … and the group's index


def _registry() -> _Registry:
    rows = list(
        Territory.objects.values_list(
            "id", "key", "kind", "category", "population", "region_id", "departement_id"
        ).order_by("id")
    )
    keys = {row[0]: row[1] for row in rows}
    group_index: dict[tuple[str, str], int] = {}
    pairs_territory, pairs_group = [], []
    for position, row in enumerate(rows):
        _pk, key, kind, category, population, region_id, departement_id = row
        scopes = [""]
        region = key if kind == Territory.Kind.REGION else keys.get(region_id)
        departement = key if kind == Territory.Kind.DEPARTEMENT else keys.get(departement_id)
        scopes += [scope for scope in (region, departement) if scope]
        stratum = territory_stratum(category=category, population=population)
        for scope in scopes:
            for chosen in ("", stratum) if stratum else ("",):
                index = group_index.setdefault((scope, chosen), len(group_index))
                pairs_territory.append(position)
                pairs_group.append(index)
    return _Registry(
        ids=np.array([row[0] for row in rows], dtype=np.int64),
        groups=list(group_index),
        pairs_territory=np.array(pairs_territory, dtype=np.int64),
        pairs_group=np.array(pairs_group, dtype=np.int64),
    )


# --- profiles as intervals of presence ----------------------------------------------------


@dataclass
class _Profiles:
    ids: np.ndarray
    territory_rows: np.ndarray  # row of the profile's territory in _Registry.ids
    network_columns: np.ndarray
    start: np.ndarray  # first day present (ordinal)
    stop: np.ndarray  # last day present (ordinal; NEVER: still there)
    demo: bool
    moves: list[CensusMove]


def _by_profile(queryset, **aggregates) -> dict[int, dict]:
    return {
        row.pop("profile_id"): row
        for row in queryset.values("profile_id").annotate(**aggregates).order_by()
    }


def _presence(*, status: str, since, created_at, seen: dict, posts: dict) -> tuple:
    """First and last day present (ordinals; NEVER: still there) and the moves (kind, day)
    of one profile, by the rules of the module's docstring."""
    evidence = [d for d in (seen.get("first"), posts.get("first")) if d]
    start = min([*evidence, timezone.localdate(created_at)]).toordinal()
    stop, events = NEVER, []
    last_post, last_snapshot = posts.get("last"), seen.get("last")
    if status == Profile.Status.UNAVAILABLE:
        if since:
            stop = (since - timedelta(days=1)).toordinal()
            events.append((CensusMove.Kind.UNREACHABLE, since))
        else:
            stop = last_snapshot.toordinal() if last_snapshot else start - 1
    elif status == Profile.Status.INACTIVE:
        last_seen = max([d for d in (last_snapshot, last_post) if d], default=None)
        stop = last_seen.toordinal() if last_seen else start - 1
    if last_post and last_snapshot and (last_snapshot - last_post).days >= DORMANT_DAYS:
        stop = min(stop, last_post.toordinal())  # watched silent that long: left that day
        events.append((CensusMove.Kind.LEFT, last_post))
    return start, stop, events


def _profiles(registry: _Registry, *, observed_from: date) -> _Profiles:
    snapshots = _by_profile(Snapshot.objects.all(), first=Min("date"), last=Max("date"))
    posted = _by_profile(
        PostDailyRollup.objects.filter(posts__gt=0), first=Min("day"), last=Max("day")
    )
    rows = list(
        Profile.objects.values_list(
            "id",
            "territory_id",
            "network",
            "status",
            "unavailable_since",
            "created_at",
            "is_demo",
        ).order_by("id")
    )
    territory_row = {pk: row for row, pk in enumerate(registry.ids.tolist())}
    column = {network: index for index, network in enumerate(NETWORKS)}
    ids, territories, networks, starts, stops = [], [], [], [], []
    moves, opened_candidates, demo = [], {}, False
    for pk, territory_id, network, status, since, created_at, is_demo in rows:
        seen = snapshots.get(pk, {})
        posts = posted.get(pk, {})
        start, stop, events = _presence(
            status=status, since=since, created_at=created_at, seen=seen, posts=posts
        )
        evidence = [d for d in (seen.get("first"), posts.get("first")) if d]
        if seen.get("first") and min(evidence) > observed_from:
            opened_candidates[pk] = (seen["first"], min(evidence))
        moves += [
            CensusMove(profile_id=pk, territory_id=territory_id, network=network, kind=k, date=d)
            for k, d in events
        ]
        ids.append(pk)
        territories.append(territory_row[territory_id])
        networks.append(column[network])
        starts.append(start)
        stops.append(stop)
        demo = demo or is_demo
    owners = {row[0]: (row[1], row[2]) for row in rows if row[0] in opened_candidates}
    moves += _opened(opened_candidates, owners)
    return _Profiles(
        ids=np.array(ids, dtype=np.int64),
        territory_rows=np.array(territories, dtype=np.int64),
        network_columns=np.array(networks, dtype=np.int64),
        start=np.array(starts, dtype=np.int64),
        stop=np.array(stops, dtype=np.int64),
        demo=demo,
        moves=moves,
    )


def _chunks(items: list, size: int = 300) -> Iterable[list]:
    for index in range(0, len(items), size):
        yield items[index : index + size]


def _opened(candidates: dict[int, tuple[date, date]], owners: dict) -> list[CensusMove]:
    """The candidates whose first snapshot counts no more posts than we hold up to its day."""
    first_counts, held = {}, dict.fromkeys(candidates, 0)
    for chunk in _chunks(list(candidates)):
        days = Q(*[Q(profile_id=pk, date=candidates[pk][0]) for pk in chunk], _connector=Q.OR)
        first_counts.update(Snapshot.objects.filter(days).values_list("profile_id", "posts_count"))
        rollups = PostDailyRollup.objects.filter(profile_id__in=chunk).values_list(
            "profile_id", "day", "posts"
        )
        for pk, day, posts in rollups:
            if day <= candidates[pk][0]:
                held[pk] += posts
    opened = []
    for pk, (_first, day) in candidates.items():
        count = first_counts.get(pk)
        if count is not None and count <= held[pk]:  # unknown count: unknown, not a move
            territory_id, network = owners[pk]
            opened.append(
                CensusMove(
                    profile_id=pk,
                    territory_id=territory_id,
                    network=network,
                    kind=CensusMove.Kind.OPENED,
                    date=day,
                )
            )
    return opened


# --- one month ------------------------------------------------------------------------


def _posted_in(month: date) -> list[int]:
    """Profiles that posted during the month (daily rollups of their posts)."""
    return list(
        PostDailyRollup.objects.filter(day__range=(month, month_end(month)), posts__gt=0)
        .values_list("profile_id", flat=True)
        .distinct()
    )


@dataclass
class _MonthFigures:
    present_profiles: int
    territories: np.ndarray  # per group
    present: np.ndarray  # per group × (networks…, any)
    active: np.ndarray
    profiles: np.ndarray
    profiles_active: np.ndarray
    network_counts: np.ndarray  # per group × (0…len(NETWORKS) networks)


def _month_figures(registry: _Registry, profiles: _Profiles, month: date) -> _MonthFigures:
    first, last = month.toordinal(), month_end(month).toordinal()
    present = (profiles.start <= last) & (profiles.stop >= first)
    posted = np.zeros(len(profiles.ids), dtype=bool)
    posted_ids = np.array(_posted_in(month), dtype=np.int64)
    positions = np.searchsorted(profiles.ids, posted_ids)
    known = positions < len(profiles.ids)
    known[known] &= profiles.ids[positions[known]] == posted_ids[known]
    posted[positions[known]] = True
    active = present & posted

    shape = (len(registry.ids), len(NETWORKS))

    def per_territory(mask: np.ndarray) -> np.ndarray:
        counts = np.zeros(shape, dtype=np.int64)
        np.add.at(counts, (profiles.territory_rows[mask], profiles.network_columns[mask]), 1)
        return counts

    profiles_present, profiles_active = per_territory(present), per_territory(active)
    on_network, active_on = profiles_present > 0, profiles_active > 0
    with_any = {
        "present": np.column_stack([on_network, on_network.any(axis=1)]).astype(np.int64),
        "active": np.column_stack([active_on, active_on.any(axis=1)]).astype(np.int64),
        "profiles": np.column_stack([profiles_present, profiles_present.sum(axis=1)]),
        "profiles_active": np.column_stack([profiles_active, profiles_active.sum(axis=1)]),
    }
    groups, members, rows = len(registry.groups), registry.pairs_group, registry.pairs_territory
    sums = {}
    for name, values in with_any.items():
        total = np.zeros((groups, ANY + 1), dtype=np.int64)
        np.add.at(total, members, values[rows])
        sums[name] = total
    network_counts = np.zeros((groups, ANY + 1), dtype=np.int64)
    np.add.at(network_counts, (members, on_network.sum(axis=1)[rows]), 1)
    return _MonthFigures(
        present_profiles=int(present.sum()),
        territories=np.bincount(members, minlength=groups),
        network_counts=network_counts,
        **sums,
    )


def _figure_rows(census: CensusMonth, registry: _Registry, figures: _MonthFigures):
    for index, (scope, stratum) in enumerate(registry.groups):
        counts = figures.network_counts[index].tolist()
        for column in range(ANY + 1):
            if column != ANY and not figures.profiles[index, column]:
                continue  # no profile there: read as zeros (selectors._with_zeros)
            yield CensusFigure(
                census=census,
                scope=scope,
                stratum=stratum,
                network="" if column == ANY else NETWORKS[column],
                territories=int(figures.territories[index]),
                present=int(figures.present[index, column]),
                active=int(figures.active[index, column]),
                profiles=int(figures.profiles[index, column]),
                profiles_active=int(figures.profiles_active[index, column]),
                network_counts=counts if column == ANY else [],
            )


# --- the build ------------------------------------------------------------------------


def census_data_bounds() -> tuple[date, date] | None:
    """The first day of snapshots and the last day of data (snapshots or posts), None when
    nothing was ever collected."""
    seen = Snapshot.objects.aggregate(first=Min("date"), last=Max("date"))
    if seen["first"] is None:
        return None
    last_post = PostDailyRollup.objects.aggregate(last=Max("day"))["last"]
    return seen["first"], max(seen["last"], last_post or seen["last"])


def census_build(*, months: Iterable[date] | None = None, every: bool = False) -> list[date]:
    """Compute and store the figures of `months` (default: the last two months with data;
    `every`: all of them) and every move. Months without data are removed. Returns the
    months written, oldest first. Logged as a job run (the admin's job runs)."""
    months = None if months is None else list(months)
    arguments = {"every": every}
    if months is not None:
        arguments["months"] = [f"{month:%Y-%m}" for month in months]
    with job_run(kind=JobRun.Kind.CENSUS, name=_("Recensement"), arguments=arguments) as run:
        written = _census_build(months=months, every=every)
        run.count("months", len(written))
    return written


def _census_build(*, months: list[date] | None, every: bool) -> list[date]:
    bounds = census_data_bounds()
    if bounds is None:
        with transaction.atomic():
            CensusMove.objects.all().delete()
            CensusMonth.objects.all().delete()
        census_forget()
        return []
    observed_from, data_until = bounds
    available = months_between(observed_from, data_until)
    if every:
        chosen = available
    elif months is None:
        chosen = available[-2:]
    else:
        wanted = {month.replace(day=1) for month in months}
        chosen = [month for month in available if month in wanted]
    registry = _registry()
    profiles = _profiles(registry, observed_from=observed_from)
    now = timezone.now()
    with transaction.atomic():
        CensusMonth.objects.exclude(month__in=available).delete()
        CensusMove.objects.all().delete()
        CensusMove.objects.bulk_create(profiles.moves, batch_size=BATCH)
    for month in chosen:
        figures = _month_figures(registry, profiles, month)
        with transaction.atomic():
            census, _created = CensusMonth.objects.update_or_create(
                month=month,
                defaults={
                    "computed_at": now,
                    "data_until": min(data_until, month_end(month)),
                    "profiles": figures.present_profiles,
                    "demo": profiles.demo,
                },
            )
            census.figures.all().delete()
            CensusFigure.objects.bulk_create(
                _figure_rows(census, registry, figures), batch_size=BATCH
            )
    census_forget()
    return chosen


def census_forget() -> None:
    """Pages read the new figures at once (and other processes within STAMP_SECONDS)."""
    memo_forget(STAMP_KEY)
    stamp_request_forget()
