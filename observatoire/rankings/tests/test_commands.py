"""The commands, and the export checked against an independent pandas computation."""

import datetime as dt
import io
import json
import random

import numpy as np
import pandas as pd
import pytest
from django.core.management import CommandError, call_command

from observatoire.metrics.models import Post, Snapshot
from observatoire.metrics.services import PostRow, SnapshotRow, posts_upsert, snapshots_upsert
from observatoire.profiles.models import Network, Profile
from observatoire.profiles.tests.factories import ProfileFactory
from observatoire.rankings.models import RankingPublication
from observatoire.territories.models import Category, Territory
from observatoire.territories.tests.factories import RegionFactory, TerritoryFactory

from .commands import ranking_export as export
from .conftest import AUGUST

pytestmark = pytest.mark.django_db
UTC = dt.UTC
GROUPS = [
    (Network.INSTAGRAM, Category.PETITE_VILLE),
    (Network.INSTAGRAM, Category.VILLE_MOYENNE),
    (Network.FACEBOOK, Category.PETITE_VILLE),
]
WINDOW_EDGES = [
    dt.datetime(2024, 8, 1, 22, tzinfo=UTC),
    dt.datetime(2024, 8, 31, 21, 59, 59, tzinfo=UTC),
    dt.datetime(2024, 8, 1, 21, 59, 59, tzinfo=UTC),
    dt.datetime(2024, 7, 1, 22, tzinfo=UTC),
]


def generate(seed: int, profiles_per_group: int = 25) -> None:
    """Random profiles, snapshots and posts around the July and August 2024 windows, with
    ties, unknown counts, following = 0, secondary profiles and every ineligibility."""
    rng = random.Random(seed)
    region = RegionFactory()
    snapshots, posts = [], []
    for network, category in GROUPS:
        for i in range(profiles_per_group):
            for profile in _territory_profiles(rng, region, network, category, i):
                shape = rng.random()
                snapshots += _snapshot_rows(rng, profile, shape)
                posts += _post_rows(rng, profile, shape)
    snapshots_upsert(rows=snapshots)
    posts_upsert(rows=posts)


def _territory_profiles(rng, region, network: str, category: str, i: int) -> list[Profile]:
    """A territory with its principal profile (8 % unavailable), and 20 % a secondary one."""
    territory = TerritoryFactory(
        category=category,
        population=rng.choice([800, 5000, 5000, 12_000, 30_000]),
        region=region,
        name=f"{category} {i:03d} {rng.random():.6f}",
    )
    status = Profile.Status.UNAVAILABLE if rng.random() < 0.08 else Profile.Status.ACTIVE
    profiles = [ProfileFactory(territory=territory, network=network, status=status)]
    if rng.random() < 0.2:
        profiles.append(ProfileFactory(territory=territory, network=network, is_principal=False))
    return profiles


def _snapshot_rows(rng, profile: Profile, shape: float) -> list[SnapshotRow]:
    """Snapshots every 1 to 20 days (none in August's window, or 0 followers, for some)."""
    rows = []
    for day in range(1, 62, rng.choice([1, 3, 7, 20])):
        date = dt.date(2024, 7, 1) + dt.timedelta(days=day)
        if shape < 0.08 and date >= dt.date(2024, 8, 2):
            continue  # no snapshot in August's window
        followers = 0 if shape > 0.95 else rng.choice([100, 1000, 1000, rng.randint(1, 50_000)])
        following = rng.choice([None, 0, 10, rng.randint(1, 5000)])
        rows.append(SnapshotRow(profile.pk, date, followers, following))
    return rows


def _post_rows(rng, profile: Profile, shape: float) -> list[PostRow]:
    """Up to 60 posts (none for some), a few right on a window's edge, counts maybe unknown."""

    def count_or_unknown():
        return None if rng.random() < 0.15 else rng.choice([0, 1, 5, rng.randint(0, 3000)])

    rows = []
    count = 0 if 0.08 <= shape < 0.15 else rng.randint(1, 60)
    for n in range(count):
        moment = dt.datetime(2024, 6, 29, tzinfo=UTC) + dt.timedelta(
            seconds=rng.randint(0, 66 * 86400)
        )
        if rng.random() < 0.1:  # right on a window's edge in Paris time
            moment = rng.choice(WINDOW_EDGES)
        rows.append(
            PostRow(
                profile_id=profile.pk,
                external_id=f"{profile.pk}-{n}",
                published_at=moment,
                likes=count_or_unknown(),
                comments=count_or_unknown(),
                shares=count_or_unknown(),
                views=rng.randint(0, 10**6),
                saves=rng.randint(0, 100),
            )
        )
    return rows


def reference(month: dt.date) -> pd.DataFrame:
    """The methodology v1 computed with pandas straight from the tables."""
    last = (pd.Timestamp(month) + pd.offsets.MonthEnd(0)).date()
    first = last - dt.timedelta(days=29)
    profiles = pd.DataFrame(
        Profile.objects.filter(is_principal=True).values(
            "id", "handle", "network", "status", "territory_id"
        )
    )
    territories = pd.DataFrame(
        Territory.objects.values("id", "key", "name", "category", "population")
    )
    frame = profiles.merge(territories.rename(columns={"id": "territory_id"}), on="territory_id")
    frame = frame.join(_posts_in(first, last), on="id")
    frame = frame.join(_latest_snapshot_in(first, last), on="id")
    frame["posts"] = frame["posts"].fillna(0)
    frame["reason"] = np.select(
        [
            frame["status"] != "active",
            frame["followers"].isna(),
            frame["followers"] == 0,
            frame["posts"] == 0,
        ],
        ["unavailable", "no_snapshot", "no_followers", "no_posts"],
        default="",
    )
    frame["eligible"] = frame["reason"] == ""
    frame["engagement_rate"] = frame["interactions"] / frame["posts"] / frame["followers"]
    frame["reach"] = frame["followers"] / frame["population"]
    frame["posts_per_day"] = frame["posts"] / 30
    frame["audience_ratio"] = frame["followers"] / frame["following"].fillna(0).clip(lower=1)
    return frame.join(_scores_and_ranks(frame[frame["eligible"]].copy()))


def _posts_in(first: dt.date, last: dt.date) -> pd.DataFrame:
    """Posts and interactions per profile published between two days (Paris time)."""
    posts = pd.DataFrame(
        Post.objects.values("profile_id", "published_at", "likes", "comments", "shares")
    )
    posts["day"] = (
        pd.to_datetime(posts["published_at"], utc=True).dt.tz_convert("Europe/Paris").dt.date
    )
    posts = posts[(posts["day"] >= first) & (posts["day"] <= last)]
    posts["interactions"] = (
        posts[["likes", "comments", "shares"]].astype(float).fillna(0).sum(axis=1)
    )
    return posts.groupby("profile_id").agg(
        posts=("day", "size"), interactions=("interactions", "sum")
    )


def _latest_snapshot_in(first: dt.date, last: dt.date) -> pd.DataFrame:
    """Followers and following of each profile's last snapshot between two days."""
    snapshots = pd.DataFrame(
        Snapshot.objects.values("profile_id", "date", "followers", "following")
    )
    snapshots = snapshots[(snapshots["date"] >= first) & (snapshots["date"] <= last)]
    latest = snapshots.sort_values("date").groupby("profile_id").tail(1).set_index("profile_id")
    return latest[["followers", "following"]]


def _scores_and_ranks(eligible: pd.DataFrame) -> pd.DataFrame:
    """Weighted percentile ranks within (network, category), on 100 with two decimals."""
    by_group = eligible.groupby(["network", "category"])
    total = eligible["posts_per_day"].clip(upper=1.0) * 3
    for kpi, weight in (
        ("engagement_rate", 5),
        ("reach", 4),
        ("followers", 2),
        ("audience_ratio", 1),
    ):
        total += by_group[kpi].rank(method="average", pct=True) * weight
    eligible["score"] = np.floor(total * 100 / 15 * 100 + 0.5 + 1e-7) / 100
    eligible["rank"] = eligible.groupby(["network", "category"])["score"].rank(
        method="min", ascending=False
    )
    return eligible[["score", "rank"]]


@pytest.mark.parametrize("seed", [1, 2])
def test_export_matches_an_independent_pandas_computation(seed):
    generate(seed)
    call_command("rank", "--from", "2024-07", "--to", "2024-08", stdout=io.StringIO())
    expected_all = reference(AUGUST)
    july = reference(dt.date(2024, 7, 1)).set_index("id")
    checked = 0
    for network, category in GROUPS:
        got = pd.read_csv(
            io.StringIO(export("2024-08", network, category)), keep_default_na=False, dtype=str
        )
        expected = expected_all[
            (expected_all["network"] == network) & (expected_all["category"] == category)
        ]
        expected = expected.assign(unranked=expected["rank"].isna()).sort_values(
            ["unranked", "rank", "name"]
        )
        checked += _assert_export_matches(got, expected, july)
    assert checked > 40  # the data really ranked most profiles
    assert set(expected_all["reason"]) == {
        "",
        "unavailable",
        "no_snapshot",
        "no_followers",
        "no_posts",
    }


EXPORT_COLUMNS = [
    "rank",
    "territory",
    "name",
    "handle",
    "score",
    "engagement_rate",
    "reach",
    "posts_per_day",
    "followers",
    "audience_ratio",
    "eligible",
    "reason",
    "previous_rank",
    "unavailable_since",
    "unavailable_reason",
]


def _assert_export_matches(got: pd.DataFrame, expected: pd.DataFrame, july: pd.DataFrame) -> int:
    """One group's export against the reference, row by row; returns how many were ranked."""
    assert list(got.columns) == EXPORT_COLUMNS
    assert got["handle"].tolist() == expected["handle"].tolist()
    assert got["territory"].tolist() == expected["key"].tolist()
    assert got["reason"].tolist() == expected["reason"].tolist()
    assert got["eligible"].tolist() == ["true" if e else "false" for e in expected["eligible"]]
    ranked = expected["eligible"].to_numpy()
    assert got["rank"][ranked].astype(int).tolist() == expected["rank"][ranked].astype(int).tolist()
    assert (got["rank"][~ranked] == "").all()
    assert got["score"][ranked].astype(float).tolist() == expected["score"][ranked].tolist()
    for kpi in ("engagement_rate", "reach", "posts_per_day", "audience_ratio", "followers"):
        values = got[kpi][ranked].astype(float)
        assert values.tolist() == pytest.approx(expected[kpi][ranked].tolist(), rel=1e-12)
    previous = [
        july.loc[pid, "rank"] if july.loc[pid, "eligible"] else np.nan for pid in expected["id"]
    ]
    got_previous = pd.to_numeric(got["previous_rank"], errors="coerce").tolist()
    assert got_previous == pytest.approx(previous, nan_ok=True)
    return int(ranked.sum())


def test_export_json_and_file(august, tmp_path):
    call_command("rank", "--month", "2024-08", stdout=io.StringIO())
    rows = json.loads(export("2024-08", "instagram", "petite_ville", fmt="json"))
    assert [(r["handle"], r["rank"], r["score"]) for r in rows[:3]] == [
        ("b", 1, 76.67),
        ("a", 2, 68.89),
        ("c", 3, 46.44),
    ]
    assert [(r["handle"], r["eligible"], r["reason"]) for r in rows[3:]] == [
        ("d", False, "unavailable"),
        ("e", False, "no_snapshot"),
        ("f", False, "no_followers"),
        ("g", False, "no_posts"),
    ]
    target = tmp_path / "top.csv"
    export("2024-08", "instagram", "petite_ville", "-o", str(target))
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[1].startswith("1,commune:") and ",b,76.67," in lines[1]
    assert len(lines) == 8


def test_exports_warn_while_demo_data_exists(august):
    from django.core.cache import cache

    from observatoire.profiles.models import Profile

    call_command("rank", "--month", "2024-08", stdout=io.StringIO())
    quiet, warned = io.StringIO(), io.StringIO()
    export("2024-08", "instagram", "petite_ville", stderr=quiet)
    assert "démonstration" not in quiet.getvalue()
    Profile.objects.filter(handle_key="b").update(is_demo=True)
    cache.clear()
    out = export("2024-08", "instagram", "petite_ville", stderr=warned)
    assert "données de démonstration" in warned.getvalue()
    assert "démonstration" not in out  # the data itself stays clean CSV
    posts = io.StringIO()
    call_command("export", "profiles", stdout=io.StringIO(), stderr=posts)
    assert "données de démonstration" in posts.getvalue()


def test_export_says_since_when_and_why_a_profile_is_unreachable_now(august):
    """A profile that broke after the reading date keeps its rank and score in the export,
    with the date and reason of its current unreachability (blank for reachable ones)."""
    from observatoire.profiles.services import profile_record_failure

    call_command("rank", "--month", "2024-08", stdout=io.StringIO())
    for day in (3, 4):  # collection: "not found" two days running, after D (31 August)
        profile_record_failure(profile=august.a, reason="not_found", on=dt.date(2024, 9, day))
    Profile.objects.filter(pk=august.unavailable.pk).update(unavailable_reason="suspended")
    rows = json.loads(export("2024-08", "instagram", "petite_ville", fmt="json"))
    got = [
        (r["handle"], r["rank"], r["score"], r["unavailable_since"], r["unavailable_reason"])
        for r in rows
    ]
    assert got[:4] == [
        ("b", 1, 76.67, None, None),
        ("a", 2, 68.89, "2024-09-03", "not_found"),
        ("c", 3, 46.44, None, None),
        ("d", None, None, None, "suspended"),
    ]
    lines = export("2024-08", "instagram", "petite_ville").splitlines()
    assert lines[0].endswith(",previous_rank,unavailable_since,unavailable_reason")
    assert lines[2].startswith("2,") and lines[2].endswith(",2024-09-03,not_found")
    assert lines[1].endswith(",,")


def test_rank_command_errors_and_messages(august):
    out = io.StringIO()
    call_command("rank", "--month", "2024-08", "--methodology", "v1", stdout=out)
    assert "2024-08 (v1) : 7 profils, dont 3 classés" in out.getvalue()
    assert RankingPublication.objects.count() == 1
    with pytest.raises(CommandError, match="AAAA-MM"):
        call_command("rank", "--month", "août")
    with pytest.raises(CommandError, match="inconnue"):
        call_command("rank", "--month", "2024-08", "--methodology", "v9")
    with pytest.raises(CommandError, match="Aucun classement"):
        export("2023-01", "instagram", "petite_ville")


def test_rank_command_can_rebuild_rollups(august):
    out = io.StringIO()
    call_command("rank", "--month", "2024-08", "--rebuild-rollups", stdout=out)
    assert "cumuls quotidiens recalculés" in out.getvalue()
    assert "dont 3 classés" in out.getvalue()


def test_monthly_task_ranks_the_previous_month(august, settings):
    from observatoire.rankings.tasks import rank_month

    publication_id = rank_month.delay(month="2024-08").get()
    assert RankingPublication.objects.get(pk=publication_id).month == AUGUST
