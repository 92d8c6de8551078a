import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from observatoire.editorial.accessibility import RULES_BY_CODE, RULES_VERSION
from observatoire.editorial.models import (
    AccessibilityMonth,
    EditorialMonth,
    PostAnalysis,
    PostHashtag,
    Theme,
)
from observatoire.editorial.services import editorial_rebuild, lexicon_current
from observatoire.editorial.services.rebuild import PARALLEL_FROM
from observatoire.metrics.imports import import_file
from observatoire.metrics.models import Post
from observatoire.metrics.services import SnapshotRow, posts_delete, posts_upsert, snapshots_upsert
from observatoire.metrics.tests.factories import SnapshotFactory
from observatoire.profiles.models import Network
from observatoire.profiles.tests.factories import ProfileFactory

from .factories import PARIS, editorial_state, post_row

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def theme_key(slug: str) -> str:
    return str(Theme.objects.get(slug=slug).pk)


def theme_bit(slug: str) -> int:
    return 1 << Theme.objects.get(slug=slug).bit


def test_a_written_post_is_analysed_with_its_paris_month_day_and_hour():
    profile = ProfileFactory(network=Network.X)
    # 31 July 2024, 23:30 UTC is Thursday 1 August, 01:30 in Paris.
    when = dt.datetime(2024, 7, 31, 23, 30, tzinfo=UTC)
    posts_upsert(
        rows=[
            post_row(
                profile,
                when=when,
                text="Randonnée du patrimoine ce week-end #LeBonheurEstDansLeGers",
                hashtags=("LeBonheurEstDansLeGers",),
                media_type="image",
                image_count=2,
                images=({"alt": "Le sentier"}, {"alt": ""}),
            )
        ]
    )
    analysis = PostAnalysis.objects.get()
    assert (analysis.month, analysis.weekday, analysis.hour) == (dt.date(2024, 8, 1), 4, 1)
    assert analysis.format == "image"
    assert analysis.themes & theme_bit("tourisme")
    assert analysis.lexicon_revision == lexicon_current().revision
    assert analysis.rules_version == RULES_VERSION
    assert (analysis.images, analysis.images_without_alt) == (2, 1)
    assert analysis.failed & RULES_BY_CODE["image-alt"].mask
    tag = PostHashtag.objects.get()
    assert (tag.key, tag.tag, tag.territory_id) == (
        "lebonheurestdanslegers",
        "LeBonheurEstDansLeGers",
        profile.territory_id,
    )


def test_rollups_count_posts_per_dimension_with_engagement_over_the_months_followers():
    profile = ProfileFactory()
    SnapshotFactory(profile=profile, date=dt.date(2024, 8, 2), followers=500)
    SnapshotFactory(profile=profile, date=dt.date(2024, 8, 30), followers=1000)  # the latest
    monday_9 = dt.datetime(2024, 8, 12, 9, 0, tzinfo=PARIS)
    posts_upsert(
        rows=[
            post_row(profile, when=monday_9, text="Balade", media_type="image", likes=30),
            post_row(
                profile, when=monday_9, media_type="video", likes=None, comments=None, shares=None
            ),
            post_row(profile, media_type="image", likes=7, comments=None, shares=None),
        ]
    )
    rows = {
        (row.dimension, row.key): (row.posts, row.measured, row.interactions, row.engagement)
        for row in EditorialMonth.objects.filter(profile=profile, month=dt.date(2024, 8, 1))
    }
    # Interactions: 30 + 2 + 1 = 33, unknown, 7. Rates over 1,000 followers.
    assert rows[("all", "")] == (3, 2, 40, pytest.approx(0.040))
    assert rows[("format", "image")] == (2, 2, 40, pytest.approx(0.040))
    assert rows[("format", "video")] == (1, 0, 0, 0.0)
    assert rows[("slot", "1-9")] == (2, 1, 33, pytest.approx(0.033))
    assert rows[("theme", theme_key("tourisme"))] == (1, 1, 33, pytest.approx(0.033))
    audit = AccessibilityMonth.objects.get(profile=profile)
    assert audit.posts == 3


def test_without_a_snapshot_in_the_month_engagement_is_not_measured():
    profile = ProfileFactory()
    SnapshotFactory(profile=profile, date=dt.date(2024, 7, 31), followers=1000)  # July
    posts_upsert(rows=[post_row(profile, likes=50)])
    row = EditorialMonth.objects.get(profile=profile, dimension="all")
    assert (row.posts, row.measured, row.interactions, row.engagement) == (1, 0, 53, 0.0)


def test_a_post_moved_to_another_month_leaves_its_old_months_rollups():
    profile = ProfileFactory()
    row = post_row(profile, external_id="moving", hashtags=("Gers",))
    posts_upsert(rows=[row])
    later = dt.datetime(2024, 9, 2, 10, 0, tzinfo=PARIS)
    posts_upsert(rows=[post_row(profile, external_id="moving", when=later, hashtags=("Auch",))])
    assert set(EditorialMonth.objects.values_list("month", flat=True)) == {dt.date(2024, 9, 1)}
    assert set(AccessibilityMonth.objects.values_list("month", flat=True)) == {dt.date(2024, 9, 1)}
    assert list(PostHashtag.objects.values_list("key", "published_at")) == [("auch", later)]


def test_deleted_posts_leave_the_rollups():
    profile = ProfileFactory()
    posts_upsert(rows=[post_row(profile, external_id="a"), post_row(profile, external_id="b")])
    posts_delete(posts=Post.objects.filter(external_id="a"))
    assert EditorialMonth.objects.get(dimension="all").posts == 1
    posts_delete(posts=Post.objects.all())
    assert not EditorialMonth.objects.exists()
    assert not AccessibilityMonth.objects.exists()
    assert not PostAnalysis.objects.exists()
    assert not PostHashtag.objects.exists()


def _history(tmp_path):
    """Posts of two collectivités written every way posts are: collection batches, updates
    that change counts, hashtags and months, deletions, an import."""
    gers = ProfileFactory(network=Network.INSTAGRAM)
    gers_x = ProfileFactory(network=Network.X, territory=gers.territory, handle="gers_x")
    other = ProfileFactory(network=Network.FACEBOOK)
    snapshots_upsert(
        rows=[
            SnapshotRow(profile_id=p.pk, date=day, followers=followers)
            for p in (gers, gers_x)
            for day, followers in ((dt.date(2024, 7, 31), 800), (dt.date(2024, 8, 31), 900))
        ]
    )
    start = dt.datetime(2024, 7, 1, 8, 0, tzinfo=UTC)
    texts = [
        "Travaux sur la route départementale 930 #InfoRoute",
        "🎉🎉 Fête du sport au collège ! #GersLeDepartement #sport",
        "Alerte orages : restez prudents #Covid19Gers",
        "",
        "𝐆𝐫𝐚𝐧𝐝 concert ce soir, entrée libre https://example.org #culture #gers #fete suite",
    ]
    rows = [
        post_row(
            profile,
            external_id=f"{profile.pk}-{n}",
            when=start + dt.timedelta(days=3 * n, hours=n),
            text=texts[n % len(texts)],
            hashtags=tuple(w[1:] for w in texts[n % len(texts)].split() if w.startswith("#")),
            media_type=["image", "video", "text", "carousel", "reel", "link"][n % 6],
            image_count=n % 3,
            images=tuple({"alt": "photo" if n % 2 else ""} for _ in range(n % 2)),
            subtitles=[None, True, False][n % 3],
            likes=None if n % 7 == 0 else n,
        )
        for profile in (gers, gers_x, other)
        for n in range(20)
    ]
    posts_upsert(rows=rows, batch_size=7)
    # Counts refreshed, one post moved to September, hashtags changed.
    posts_upsert(
        rows=[
            post_row(gers, external_id=f"{gers.pk}-3", likes=99, text="#Covid19Gers encore"),
            post_row(
                gers_x,
                external_id=f"{gers_x.pk}-4",
                when=dt.datetime(2024, 9, 3, 7, 0, tzinfo=UTC),
                hashtags=("GersLeDepartement",),
            ),
        ]
    )
    posts_delete(posts=Post.objects.filter(external_id__in=[f"{other.pk}-1", f"{gers.pk}-2"]))
    csv = tmp_path / "posts.csv"
    csv.write_text(
        "network,handle,post_id,published_at,text,likes,comments,shares\n"
        f"instagram,{gers.handle},imported-1,2024-08-20T10:00:00+02:00,"
        "Vaccination au centre de santé #Covid19Gers,4,1,0\n"
        f"instagram,{gers.handle},{gers.pk}-5,2024-08-21T10:00:00+02:00,Importé,,,\n",
        encoding="utf-8",
    )
    report = import_file(kind="posts", path=csv, progress=False)
    assert report.ok, report
    return gers, gers_x, other


def test_the_incremental_analysis_writes_what_the_rebuild_writes(tmp_path):
    _history(tmp_path)
    incremental = editorial_state()
    assert len(incremental["analyses"]) == Post.objects.count() == 59
    editorial_rebuild()
    rebuilt = editorial_state()
    for table in ("analyses", "hashtags", "editorial", "accessibility"):
        assert incremental[table] == rebuilt[table], table


def test_writing_the_same_posts_again_changes_nothing(tmp_path):
    gers, _gers_x, _other = _history(tmp_path)
    before = editorial_state()
    fields = ["external_id", "published_at", "text", "hashtags", "media_type", "image_count"]
    fields += ["images", "subtitles", "likes", "comments", "shares"]
    rows = []
    for stored in gers.posts.values(*fields):
        when = stored.pop("published_at")
        stored.update(hashtags=tuple(stored["hashtags"]), images=tuple(stored["images"]))
        rows.append(post_row(gers, when=when, **stored))
    posts_upsert(rows=rows)
    assert editorial_state() == before
    editorial_rebuild()
    once = editorial_state()
    editorial_rebuild()
    assert editorial_state() == once


def test_the_rebuild_counts_what_it_wrote(tmp_path):
    _history(tmp_path)
    run = editorial_rebuild()
    assert run.status == "succeeded"
    assert run.counts["posts"] == PostAnalysis.objects.count() == 59
    assert run.counts["hashtags"] == PostHashtag.objects.count()
    assert run.counts["editorial_months"] == EditorialMonth.objects.count()
    assert run.counts["accessibility_months"] == AccessibilityMonth.objects.count()


def test_the_rebuild_of_an_empty_database_writes_nothing():
    run = editorial_rebuild()
    assert run.status == "succeeded"
    assert not EditorialMonth.objects.exists()


def test_a_batch_of_posts_is_analysed_in_a_bounded_number_of_queries(
    django_assert_max_num_queries,
):
    profiles = ProfileFactory.create_batch(40)
    snapshots_upsert(
        rows=[
            SnapshotRow(profile_id=p.pk, date=dt.date(2024, m, 28), followers=100)
            for p in profiles
            for m in range(1, 13)
        ]
    )

    def rows(suffix=""):
        return [
            post_row(
                profile,
                external_id=f"{n}{suffix}",
                when=dt.datetime(2024, 1 + n % 12, 1 + n % 28, 12, tzinfo=UTC),
                text=f"Post {n} #Gers{n % 30}",
                hashtags=(f"Gers{n % 30}",),
            )
            for profile in profiles
            for n in range(50)
        ]

    # 2,000 new posts of 40 profiles over 12 months, then the same posts updated.
    with django_assert_max_num_queries(30):
        posts_upsert(rows=rows())
    with django_assert_max_num_queries(30):
        posts_upsert(rows=rows())
    assert PostAnalysis.objects.count() == 2000
    assert EditorialMonth.objects.filter(dimension="all").count() == 40 * 12


def test_rewriting_unchanged_posts_writes_no_editorial_row(tmp_path):
    gers, _gers_x, _other = _history(tmp_path)
    fields = ["external_id", "published_at", "text", "hashtags", "media_type", "image_count"]
    fields += ["images", "subtitles", "likes", "comments", "shares"]
    rows = []
    for stored in gers.posts.values(*fields):
        when = stored.pop("published_at")
        stored.update(hashtags=tuple(stored["hashtags"]), images=tuple(stored["images"]))
        rows.append(post_row(gers, when=when, **stored))
    with CaptureQueriesContext(connection) as queries:
        posts_upsert(rows=rows)
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].startswith(("INSERT", "DELETE", "UPDATE")) and "editorial_" in q["sql"]
    ]
    assert writes == []


@pytest.mark.django_db(transaction=True)
def test_the_rebuild_outside_a_transaction_writes_what_the_incremental_path_wrote(tmp_path):
    """Ranges of one profile, enough of them for worker processes where the database lets
    other processes see it (PostgreSQL; the suite's SQLite database lives in memory)."""
    _history(tmp_path)
    for n in range(PARALLEL_FROM):
        posts_upsert(rows=[post_row(ProfileFactory(), text=f"Balade {n}", hashtags=("Gers",))])
    incremental = editorial_state()
    run = editorial_rebuild(profiles_per_batch=1)
    assert run.counts["posts"] == 59 + PARALLEL_FROM
    rebuilt = editorial_state()
    for table in ("analyses", "hashtags", "editorial", "accessibility"):
        assert incremental[table] == rebuilt[table], table
