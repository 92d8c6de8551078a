"""Writes of the demo dataset: generate it through the services importers and collectors use,
rank it, give it a staff login, and clear it (it and nothing else)."""

import multiprocessing
from collections import Counter
from contextlib import ExitStack, nullcontext
from datetime import date

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection, connections, transaction
from django.db.models import Q
from tqdm import tqdm

from observatoire.blog.models import Article
from observatoire.core.dates import month_text, parse_month
from observatoire.core.models import JobRun
from observatoire.core.services import job_run
from observatoire.editorial.services import editorial_rebuild
from observatoire.metrics.models import Post
from observatoire.metrics.services import posts_upsert, snapshots_upsert
from observatoire.profiles.models import Profile, normalize_handle
from observatoire.profiles.services import ProfileRow, profiles_upsert
from observatoire.rankings.models import RankingPublication
from observatoire.territories.models import Territory

from . import articles
from .activity import profile_activity
from .plan import Period, Place, PlannedProfile, plan_profiles
from .selectors import DEMO_CACHE_KEY, GENERATE_RUN_NAME, census, demo_last_generation

SCALES = ("national", "small")
# `--scale small`: three départements with their régions, intercommunalités and communes,
# including the anchors (Gers, Saône-et-Loire) and a métropole (Aix-Marseille-Provence).
SMALL_DEPARTEMENTS = ("13", "32", "71")
# The period ends with the last month of the reference year 2025 (X exodus in January).
DEFAULT_LAST_MONTH = date(2025, 12, 1)
CHUNK = 250  # profiles written per transaction
PARALLEL_FROM = 8  # chunks: above this, WORKERS processes generate and write
WORKERS = 2
DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo-observatoire"  # local demonstration only; reset by `demo login`
_write_lock = None  # in a worker on SQLite: one process writes at a time (_share_write_lock)


def scale_filter(scale: str) -> Q:
    """The territories of a scale (all of them, or a few départements and their region)."""
    if scale == "national":
        return Q()
    regions = Territory.objects.filter(
        kind=Territory.Kind.DEPARTEMENT, code__in=SMALL_DEPARTEMENTS
    ).values("region_id")
    return (
        Q(kind=Territory.Kind.DEPARTEMENT, code__in=SMALL_DEPARTEMENTS)
        | Q(departement__code__in=SMALL_DEPARTEMENTS)
        | Q(kind=Territory.Kind.REGION, id__in=regions)
    )


def demo_places(*, scale: str) -> list[Place]:
    fields = ("id", "key", "name", "kind", "category", "population")
    return [
        Place(*row)
        for row in Territory.objects.filter(scale_filter(scale))
        .order_by("key")
        .values_list(*fields)
    ]


def demo_generate(
    *,
    months: int = 13,
    seed: int = 1,
    scale: str = "national",
    last_month: date = DEFAULT_LAST_MONTH,
    force: bool = False,
    progress: bool = False,
) -> JobRun | None:
    """Write the demo profiles, snapshots, posts and articles. Returns the run, or None when
    the same parameters were already generated (unless `force`). Demo data generated with
    other parameters is cleared first, so nothing is ever duplicated or left stale."""
    if scale not in SCALES:
        raise ValueError(f"Unknown scale {scale!r}")
    period = Period.ending(last_month.replace(day=1), months)
    arguments = {
        "months": months,
        "seed": seed,
        "scale": scale,
        "to": month_text(period.last_month),
    }
    last = demo_last_generation()
    demo_exists = Profile.objects.filter(is_demo=True).exists()
    if last and last.arguments == arguments and demo_exists and not force:
        return None
    if demo_exists:
        demo_clear()  # other parameters (or forced): start afresh, leave no stale row behind
    if not Territory.objects.exists():
        raise RuntimeError(
            "Le référentiel est vide : lancez d'abord `observatoire territories load`."
        )
    with job_run(kind=JobRun.Kind.DEMO, name=GENERATE_RUN_NAME, arguments=arguments) as run:
        planned = plan_profiles(places=demo_places(scale=scale), period=period, seed=seed)
        planned, ids = _write_profiles(planned, run)
        stats = _write_activity(planned, ids, period, seed, run, progress)
        articles.articles_upsert(
            census=census(territories=scale_filter(scale)), stats=stats, period=period
        )
        run.count("articles", len(articles.ARTICLE_SLUGS))
        # The posts were written without their analysis (a bulk load): every post analysed
        # at once, branded hashtags included (the Gers' #GersLeDepartement is found here).
        analysis = editorial_rebuild(progress=progress).counts
        run.count("analysed_posts", analysis.get("posts", 0))
        run.count("branded_hashtags", analysis.get("branded_hashtags", 0))
    cache.delete(DEMO_CACHE_KEY)
    return run.run


def _write_profiles(planned: list[PlannedProfile], run) -> tuple[list, dict]:
    """Upsert the planned profiles, skipping any clash with a real (non-demo) profile."""
    real = Profile.objects.filter(is_demo=False)
    taken = set(real.values_list("network", "handle_key"))
    principal = set(real.filter(is_principal=True).values_list("territory_id", "network"))
    kept = [
        p
        for p in planned
        if (p.network, normalize_handle(p.handle)) not in taken
        and not (p.is_principal and (p.place.id, p.network) in principal)
    ]
    run.count("skipped_real_profiles", len(planned) - len(kept))
    rows = [
        ProfileRow(
            territory_id=p.place.id,
            network=p.network,
            handle=p.handle,
            is_principal=p.is_principal,
            label=p.label,
            is_demo=True,
            display_name=f"{p.place.name} – {p.label}" if p.label else p.place.name,
            status=Profile.Status.UNAVAILABLE if p.unreachable_since else Profile.Status.ACTIVE,
            unavailable_reason=(Profile.UnavailableReason.NOT_FOUND if p.unreachable_since else ""),
            unavailable_since=p.unreachable_since,
        )
        for p in kept
    ]
    with transaction.atomic():
        run.count("profiles", profiles_upsert(rows=rows))
    ids = {
        (network, key): pk
        for network, key, pk in Profile.objects.filter(is_demo=True).values_list(
            "network", "handle_key", "id"
        )
    }
    return kept, ids


def _generate_and_write(task) -> tuple[int, Counter, Counter]:
    """Generate and write the snapshots and posts of a chunk of profiles in one transaction.
    Returns the number of profiles, the rows written, and the figures the articles quote."""
    chunk, period, seed = task
    snapshots, posts, stats = [], [], Counter()
    for profile, profile_id in chunk:
        rows = profile_activity(profile=profile, profile_id=profile_id, period=period, seed=seed)
        snapshots.extend(rows[0])
        posts.extend(rows[1])
    _tally(posts, stats)
    with _write_lock or nullcontext(), transaction.atomic():
        written = Counter(
            snapshots=snapshots_upsert(rows=snapshots),
            posts=posts_upsert(rows=posts, notify=False),  # analysed once at the end
        )
    return len(chunk), written, stats


def _share_write_lock(lock) -> None:
    """A worker's initializer. SQLite has one writer at a time and a busy timeout: a chunk's
    transaction (its posts analysed too) may outlast the timeout, so the workers take turns
    to write, while the other generates, instead of failing with "database is locked"."""
    global _write_lock
    _write_lock = lock


def _write_activity(planned, ids, period, seed, run, progress) -> Counter:
    """Snapshots and posts, a chunk of profiles per transaction; returns figures for the blog.

    At national scale two processes share the chunks: while one writes (SQLite lets one
    writer at a time), the other generates."""
    stats = Counter(f"event:{event}" for profile in planned for event in profile.events)
    tasks = [
        (
            [(p, ids[(p.network, normalize_handle(p.handle))]) for p in planned[i : i + CHUNK]],
            period,
            seed,
        )
        for i in range(0, len(planned), CHUNK)
    ]
    parallel = len(tasks) > PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods()
    bar = tqdm(total=len(planned), desc="Profils", unit="profil", disable=not progress)
    with ExitStack() as stack:
        if parallel:
            sqlite = connection.vendor == "sqlite"
            connections.close_all()  # each process opens its own connection
            context = multiprocessing.get_context("fork")
            lock = context.Lock() if sqlite else None
            pool = stack.enter_context(
                context.Pool(WORKERS, initializer=_share_write_lock, initargs=(lock,))
            )
            run.hold()  # on a new connection: the run's lock went with the closed one
            results = pool.imap_unordered(_generate_and_write, tasks)
        else:
            results = map(_generate_and_write, tasks)
        for profiles, written, figures in results:
            stats.update(figures)
            for key, value in written.items():
                run.count(key, value)
            bar.update(profiles)
    bar.close()
    return stats


def _tally(posts, stats: Counter) -> None:
    for post in posts:
        interactions = (post.likes or 0) + (post.comments or 0) + (post.shares or 0)
        stats[f"posts:{post.media_type}"] += 1
        stats[f"interactions:{post.media_type}"] += interactions
        stats["images"] += post.image_count
        stats["images_verifiable"] += len(post.images)  # the network gave their alt texts
        stats["images_with_alt"] += sum(1 for image in post.images if image["alt"])
        stats["hashtags_camel"] += sum(1 for h in post.hashtags if h[:1].isupper())
        stats["hashtags"] += len(post.hashtags)


def demo_rank(*, progress: bool = False) -> list[date]:
    """Rank every month of the last generation that has no ranking newer than the data."""
    from observatoire.rankings.selectors import methodology_default
    from observatoire.rankings.services import ranking_build

    last = demo_last_generation()
    if last is None:
        return []
    period = Period.ending(parse_month(last.arguments["to"]), last.arguments["months"])
    methodology = methodology_default()
    fresh = dict(
        RankingPublication.objects.filter(
            methodology=methodology, month__in=period.months(), published_at__gt=last.finished_at
        ).values_list("month", "id")
    )
    # Oldest first, and everything after a stale month, so movements and streaks chain up.
    stale = [m for m in period.months() if m not in fresh]
    todo = [m for m in period.months() if stale and m >= stale[0]]
    for month in tqdm(todo, desc="Classements", unit="mois", disable=not progress):
        ranking_build(month=month, methodology=methodology)
    return todo


def demo_login() -> tuple[str, str]:
    """Create or reset the staff account of the demonstration and return its credentials."""
    user, _created = get_user_model().objects.get_or_create(username=DEMO_USERNAME)
    user.set_password(DEMO_PASSWORD)
    user.is_staff = user.is_superuser = user.is_active = True
    user.first_name, user.last_name = "Équipe", "Démonstration"
    user.save()
    return DEMO_USERNAME, DEMO_PASSWORD


def demo_clear() -> dict[str, int]:
    """Remove the demo profiles (with their snapshots, posts, rollups and ranking entries),
    the demo articles and the ranking publications left empty; nothing else."""
    profiles = Profile.objects.filter(is_demo=True)
    publications = set(
        RankingPublication.objects.filter(entries__profile__is_demo=True).values_list(
            "id", flat=True
        )
    )
    counts = {}
    with job_run(kind=JobRun.Kind.DEMO, name="demo clear") as run, transaction.atomic():
        # Posts go in one statement, around posts_delete: their daily rollups are deleted
        # with the profiles anyway, so there is nothing to refresh.
        post_table = connection.ops.quote_name(Post._meta.db_table)
        profile_ids = profiles.values("id").query
        sql, params = profile_ids.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {post_table} WHERE profile_id IN ({sql})", params)
            counts["posts"] = cursor.rowcount
        _total, detail = profiles.delete()
        counts["profiles"] = detail.get(Profile._meta.label, 0)
        counts["articles"], _detail = Article.objects.filter(is_demo=True).delete()
        emptied = RankingPublication.objects.filter(id__in=publications, entries__isnull=True)
        _total, detail = emptied.delete()
        counts["publications"] = detail.get(RankingPublication._meta.label, 0)
        for key, value in counts.items():
            run.count(key, value)
    cache.delete(DEMO_CACHE_KEY)
    return counts
