"""The daily collection: every active profile's snapshot of the day and its posts of the
last 35 days, fetched concurrently (one async httpx client, rate limiter and concurrency per
network, in a background event loop) and written in batches by the calling thread through
the idempotent upserts. Running it twice a day only refreshes counts; killed at any moment,
the next run completes the day."""

from __future__ import annotations

import asyncio
import queue
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from tqdm import tqdm

from observatoire.connectors.base import Connector, RetryPolicy
from observatoire.connectors.errors import (
    AuthError,
    ConnectorError,
    Incomplete,
    ProfileNotFound,
    ProfileUnavailable,
    RateLimited,
)
from observatoire.connectors.registry import (
    connector_build,
    connector_class,
    connector_config,
    connector_networks,
    http_client,
)
from observatoire.connectors.types import Collected, ProfileTarget
from observatoire.core.models import JobRun
from observatoire.core.services import JobRecorder, job_run
from observatoire.editorial.tasks import queue_branded_hashtags
from observatoire.profiles.models import Profile, normalize_handle
from observatoire.profiles.services import (
    COLLECTED_FIELDS,
    profile_apply_success,
    profile_record_failure,
    profiles_save_fields,
)

from .services import PostRow, SnapshotRow, post_row_from, posts_upsert, snapshots_upsert

WINDOW_DAYS = 35
WRITE_BATCH = 100  # profiles written per transaction at most
BATCH_WAIT = 0.2  # seconds a batch waits for more outcomes before being written
TARGET_CHUNK = 2000  # profiles read from the database at once


@dataclass(frozen=True, slots=True)
class Target:
    profile_id: int
    network: str
    handle: str
    external_id: str

    @property
    def subject(self) -> str:
        return f"{self.network}:{self.handle}"


@dataclass(slots=True)
class Outcome:
    target: Target
    collected: Collected | None = None
    error: ConnectorError | None = None
    skipped: str = ""  # why it was not asked: the network refused our credentials, or is
    # rate-limited for longer than we wait (one error is logged for the network, not per profile)


def collection_run(
    *,
    networks: Iterable[str] | None = None,
    profiles: Iterable[str] | None = None,
    limit: int | None = None,
    on: date | None = None,
    progress: bool = False,
    retry: RetryPolicy | None = None,
) -> JobRun:
    """Collect today's snapshot and recent posts of every active profile (or those named
    `network:handle`), log the run with its errors by kind, and return it."""
    on = on or timezone.localdate()
    networks = sorted(set(networks or connector_networks()) & set(connector_networks()))
    profiles = list(profiles or [])
    arguments = {"date": on.isoformat(), "networks": networks, "profiles": profiles, "limit": limit}
    with job_run(
        kind=JobRun.Kind.COLLECTION, name=f"Collecte du {on:%d/%m/%Y}", arguments=arguments
    ) as recorder:
        queryset = _profiles_to_collect(networks=networks, profiles=profiles)
        total = queryset.count() if limit is None else min(limit, queryset.count())
        usable = _networks_with_credentials(networks, recorder)
        since = timezone.now() - timedelta(days=WINDOW_DAYS)
        fetcher = _Fetcher(usable, since=since, retry=retry)
        bar = tqdm(total=total, unit="profil", disable=not progress, file=sys.stderr)
        try:
            for outcomes in _pipeline(fetcher, _targets(queryset, limit=limit, networks=usable)):
                _write(outcomes, on=on, recorder=recorder)
                bar.update(len(outcomes))
        finally:
            bar.close()
            fetcher.close()
        recorder.count(
            "profiles_skipped",
            total - sum(recorder.counts[k] for k in ("profiles_collected", "profiles_failed")),
        )
    queue_branded_hashtags()  # editorial: hashtags only one collectivité uses, recomputed
    return recorder.run


def _profiles_to_collect(*, networks: list[str], profiles: list[str]):
    queryset = Profile.objects.filter(
        network__in=networks, status__in=[Profile.Status.ACTIVE, Profile.Status.UNAVAILABLE]
    )
    if profiles:
        keys = [p.partition(":") for p in profiles]
        wanted = {(network, normalize_handle(handle)) for network, _, handle in keys}
        condition = Q(pk__in=[])
        for network, handle_key in wanted:
            condition |= Q(network=network, handle_key=handle_key)
        queryset = queryset.filter(condition)
    return queryset


def _networks_with_credentials(networks: list[str], recorder: JobRecorder) -> set[str]:
    """Networks whose credentials are all set; the others are logged once and skipped."""
    usable = set()
    for network in networks:
        missing = [
            name for name, value in connector_config(network).credentials.items() if not value
        ]
        if missing:
            recorder.error(
                kind=AuthError.kind, subject=network, message=f"missing {', '.join(missing)}"
            )
        else:
            usable.add(network)
    return usable


def _targets(queryset, *, limit: int | None, networks: set[str]) -> Iterator[Target]:
    """Profiles in primary-key order, read in chunks so memory stays flat at any scale."""
    last, given = 0, 0
    queryset = queryset.filter(network__in=networks).order_by("pk")
    while limit is None or given < limit:
        size = TARGET_CHUNK if limit is None else min(TARGET_CHUNK, limit - given)
        rows = list(
            queryset.filter(pk__gt=last).values_list("pk", "network", "handle", "external_id")[
                :size
            ]
        )
        if not rows:
            return
        for row in rows:
            yield Target(*row)
        given += len(rows)
        last = rows[-1][0]


def _pipeline(fetcher: _Fetcher, targets: Iterator[Target]) -> Iterator[list[Outcome]]:
    """Keep a bounded number of profiles in flight; yield finished outcomes in batches of up
    to WRITE_BATCH, or whatever arrived within BATCH_WAIT of the batch's first outcome."""
    in_flight, exhausted, window = 0, False, fetcher.window
    batch: list[Outcome] = []
    deadline = 0.0
    while True:
        while not exhausted and in_flight < window:
            target = next(targets, None)
            if target is None:
                exhausted = True
                break
            fetcher.submit(target)
            in_flight += 1
        if in_flight == 0:
            break
        try:
            timeout = max(0.0, deadline - time.monotonic()) if batch else None
            outcome = fetcher.results.get(timeout=timeout)
        except queue.Empty:
            yield batch
            batch = []
            continue
        in_flight -= 1
        if not batch:
            deadline = time.monotonic() + BATCH_WAIT
        batch.append(outcome)
        if len(batch) >= WRITE_BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


class _Fetcher:
    """An event loop in a background thread running every network's connector."""

    def __init__(self, networks: Iterable[str], *, since: datetime, retry: RetryPolicy | None):
        self.since = since
        self.results: queue.Queue[Outcome] = queue.Queue()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="collection", daemon=True)
        self.thread.start()
        self.connectors: dict[str, Connector] = {}
        self.semaphores: dict[str, asyncio.Semaphore] = {}
        self.stopped: dict[str, str] = {}  # network → why its other profiles are skipped
        self.max_wait = (retry or RetryPolicy()).max_rate_limit_wait
        self._call(self._open(list(networks), retry))
        self.window = max(8, 2 * sum(c.config.concurrency for c in self.connectors.values()))

    def _call(self, coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    async def _open(self, networks: list[str], retry: RetryPolicy | None) -> None:
        for network in networks:
            config = connector_config(network)
            client = http_client(concurrency=config.concurrency)
            self.connectors[network] = connector_build(
                network=network, client=client, config=config, retry=retry
            )
            self.semaphores[network] = asyncio.Semaphore(config.concurrency)

    def submit(self, target: Target) -> None:
        asyncio.run_coroutine_threadsafe(self._collect(target), self.loop)

    async def _collect(self, target: Target) -> None:
        outcome = Outcome(target)
        try:
            async with self.semaphores[target.network]:
                if target.network in self.stopped:
                    outcome.skipped = self.stopped[target.network]
                else:
                    connector = self.connectors[target.network]
                    outcome.collected = await connector.collect(
                        ProfileTarget(handle=target.handle, external_id=target.external_id),
                        since=self.since,
                    )
                    for gap in outcome.collected.gaps:  # stored anyway; the network may stop
                        self._stop_network(target.network, gap)
        except (AuthError, RateLimited) as exc:
            outcome.error = exc
            outcome.skipped = self._stop_network(target.network, exc)
        except ConnectorError as exc:
            outcome.error = exc
        except Exception as exc:  # a connector bug must not stop the whole collection
            outcome.error = ConnectorError(f"{type(exc).__name__}: {exc}")
            outcome.error.kind = "unexpected"
        self.results.put(outcome)

    def _stop_network(self, network: str, error: ConnectorError) -> str:
        """Refused credentials, or a rate limit longer than we wait, stop the network's
        other profiles for this run (asking again before the reset would only be refused).
        Returns why the network was already stopped ("" if it was not: this error is the
        one logged)."""
        if isinstance(error, AuthError):
            reason = "refused_credentials"
        elif isinstance(error, RateLimited) and (
            error.retry_after is None or error.retry_after > self.max_wait
        ):
            reason = "rate_limit_exhausted"
        else:
            return ""
        already = self.stopped.get(network, "")
        self.stopped.setdefault(network, reason)
        return already

    def close(self) -> None:
        async def _close():
            # an interrupted run leaves profiles in flight: cancel them, then close the pools
            pending = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
            await asyncio.gather(*(c.client.aclose() for c in self.connectors.values()))

        self._call(_close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join()
        self.loop.close()


def _write(outcomes: list[Outcome], *, on: date, recorder: JobRecorder) -> None:
    """One transaction per batch: profile statuses, snapshots and posts of the batch."""
    profiles = Profile.objects.in_bulk([o.target.profile_id for o in outcomes])
    snapshots: list[SnapshotRow] = []
    posts: list[PostRow] = []
    collected: list[Profile] = []
    with transaction.atomic():
        for outcome in outcomes:
            profile = profiles.get(outcome.target.profile_id)
            if profile is None:  # deleted meanwhile
                continue
            error = outcome.error or _identity_error(profile, outcome.collected)
            if outcome.skipped:
                recorder.count("profiles_failed")
                recorder.count(f"skipped_{outcome.skipped}")
                continue
            if error is not None:
                recorder.count("profiles_failed")
                recorder.error(kind=error.kind, subject=outcome.target.subject, message=str(error))
                if isinstance(error, ProfileUnavailable):
                    profile_record_failure(profile=profile, reason=error.reason, on=on)
                continue
            data = outcome.collected
            profile._changed_identity = profile_apply_success(profile=profile, data=data.profile)
            collected.append(profile)
            recorder.count("profiles_collected")
            if data.profile.followers is not None:
                snapshots.append(
                    SnapshotRow(
                        profile_id=profile.pk,
                        date=on,
                        followers=data.profile.followers,
                        following=data.profile.following,
                        posts_count=data.profile.posts_count,
                    )
                )
            posts.extend(post_row_from(profile_id=profile.pk, post=post) for post in data.posts)
            _record_gaps(outcome.target.subject, data.gaps, recorder=recorder)
        if collected:  # profile_record_success for the whole batch in one query
            _profiles_update(collected, recorder=recorder)
        recorder.count("snapshots_written", snapshots_upsert(rows=snapshots))
        recorder.count("posts_written", posts_upsert(rows=posts))


def _profiles_update(profiles: list[Profile], *, recorder: JobRecorder) -> None:
    """Save what profile_apply_success changed: the usual case (COLLECTED_FIELDS only) in one
    statement, profiles with a new id, name or handle one by one."""
    plain = [p for p in profiles if not p._changed_identity]
    profiles_save_fields(profiles=plain, fields=COLLECTED_FIELDS)
    for profile in profiles:
        if not profile._changed_identity:
            continue
        fields = [*COLLECTED_FIELDS, *profile._changed_identity]
        try:
            with transaction.atomic():
                profile.save(update_fields=fields)
        except IntegrityError:  # renamed handles crossing in one batch
            recorder.error(
                kind="rename_conflict",
                subject=f"{profile.network}:{profile.handle}",
                message="the new handle is held by another profile",
            )
            kept = [f for f in fields if f not in ("handle", "handle_key")]
            Profile.objects.filter(pk=profile.pk).update(**{f: getattr(profile, f) for f in kept})


def _record_gaps(subject: str, gaps: list[ConnectorError], *, recorder: JobRecorder) -> None:
    """What the network left out of a profile collected anyway (a page of posts that failed,
    a post without its counts): one error of kind "incomplete" each, naming the cause."""
    if gaps:
        recorder.count("profiles_incomplete")
    for gap in gaps:
        message = str(gap) if gap.kind == Incomplete.kind else f"{gap.kind}: {gap}"
        recorder.error(kind=Incomplete.kind, subject=subject, message=message)


def _identity_error(profile: Profile, collected: Collected | None) -> ConnectorError | None:
    """A handle now held by another account (a different stable id) is not our profile."""
    if (
        collected
        and profile.external_id
        and connector_class(profile.network).stable_ids
        and collected.profile.external_id != profile.external_id
    ):
        return ProfileNotFound(
            f"@{profile.handle} now belongs to another account ({collected.profile.external_id})"
        )
    return None
