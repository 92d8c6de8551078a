"""The daily collection against an X API answering from a real loopback socket."""

import datetime as dt

import pytest
from django.utils import timezone

from observatoire.connectors.base import RetryPolicy
from observatoire.connectors.tests.samples import SampleServer
from observatoire.core.models import JobRun
from observatoire.metrics.collection import collection_run
from observatoire.metrics.models import Post, Snapshot
from observatoire.metrics.tests.factories import SnapshotFactory
from observatoire.profiles.models import Profile
from observatoire.profiles.tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db
FAST = RetryPolicy(attempts=2, backoff=0.0, max_backoff=0.0, max_rate_limit_wait=0.5)
DAY = dt.date(2026, 11, 22)


def user(user_id, username, followers=1000):
    return {
        "data": {
            "id": user_id,
            "name": username.title(),
            "username": username,
            "protected": False,
            "public_metrics": {
                "followers_count": followers,
                "following_count": 10,
                "tweet_count": 99,
            },
        }
    }


def tweet(tweet_id, days_ago, likes=5):
    created = timezone.now() - dt.timedelta(days=days_ago)
    return {
        "id": tweet_id,
        "text": f"Post {tweet_id} #mairie",
        "created_at": created.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
        "public_metrics": {
            "retweet_count": 1,
            "reply_count": 2,
            "like_count": likes,
            "quote_count": 0,
        },
    }


def account(username, user_id, *, followers=1000, tweets=(), by_id=False):
    """Exchanges of one X account: lookup, then its timeline in two pages."""
    path = f"/users/{user_id}" if by_id else f"/users/by/username/{username}"
    tweets = list(tweets)
    half = (len(tweets) + 1) // 2  # only the last page may be empty
    return [
        {"request": {"path": path}, "response": {"body": user(user_id, username, followers)}},
        {
            "request": {"path": f"/users/{user_id}/tweets", "query": {"pagination_token": None}},
            "response": {
                "body": {
                    "data": tweets[:half],
                    "meta": {"result_count": half, "next_token": f"p2{user_id}"},
                }
            },
        },
        {
            "request": {
                "path": f"/users/{user_id}/tweets",
                "query": {"pagination_token": f"p2{user_id}"},
            },
            "response": {
                "body": {"data": tweets[half:], "meta": {"result_count": len(tweets) - half}}
            },
        },
    ]


def gone(username, *, detail="Could not find user with username: [{}].", status=200):
    problem = {
        "detail": detail.format(username),
        "title": "Not Found Error",
        "type": "https://api.twitter.com/2/problems/resource-not-found",
    }
    return [
        {
            "request": {"path": f"/users/by/username/{username}"},
            "response": {"status": status, "body": {"errors": [problem]}},
        }
    ]


def collect(settings, exchanges, **kwargs):
    with SampleServer(exchanges) as server:
        settings.X_API_URL = server.url
        settings.X_BEARER_TOKEN = "test-token"
        settings.COLLECT_RATE_LIMITS = "x=0:4"  # no pause between requests on loopback
        return collection_run(networks=["x"], on=kwargs.pop("on", DAY), retry=FAST, **kwargs)


def x_profile(handle, **kwargs):
    return ProfileFactory(network="x", handle=handle, **kwargs)


def test_collects_the_snapshot_of_the_day_and_recent_posts_of_every_page(settings):
    profile = x_profile("lyon")
    old = tweet("9", days_ago=40)  # older than the 35-day window
    run = collect(
        settings,
        account(
            "lyon", "42", followers=1234, tweets=[tweet("1", 1), tweet("2", 3), tweet("3", 20), old]
        ),
    )

    snapshot = Snapshot.objects.get(profile=profile)
    assert (snapshot.date, snapshot.followers, snapshot.following, snapshot.posts_count) == (
        DAY,
        1234,
        10,
        99,
    )
    assert sorted(Post.objects.filter(profile=profile).values_list("external_id", flat=True)) == [
        "1",
        "2",
        "3",
    ]
    post = Post.objects.get(external_id="1")
    assert (post.likes, post.comments, post.shares, post.hashtags) == (5, 2, 1, ["mairie"])
    profile.refresh_from_db()
    assert profile.external_id == "42" and profile.last_collected_at is not None
    assert run.status == JobRun.Status.SUCCEEDED
    assert run.counts["profiles_collected"] == 1 and run.counts["posts_written"] == 3


def test_running_twice_the_same_day_only_refreshes_counts(settings):
    profile = x_profile("lyon")
    collect(
        settings,
        account("lyon", "42", followers=100, tweets=[tweet("1", 1, likes=5), tweet("2", 2)]),
    )
    collect(
        settings,
        account(
            "lyon", "42", followers=110, tweets=[tweet("1", 1, likes=8), tweet("2", 2)], by_id=True
        ),
    )

    assert Snapshot.objects.filter(profile=profile).count() == 1
    assert Snapshot.objects.get(profile=profile).followers == 110
    assert Post.objects.filter(profile=profile).count() == 2
    assert Post.objects.get(external_id="1").likes == 8


def test_a_profile_gone_is_unavailable_after_two_failed_days_and_restored_when_it_answers(settings):
    profile = x_profile("lyon")
    SnapshotFactory(profile=profile, date=DAY - dt.timedelta(days=5), followers=500)

    collect(settings, gone("lyon"), on=DAY)
    collect(settings, gone("lyon"), on=DAY)  # the same day again counts once
    profile.refresh_from_db()
    assert profile.status == Profile.Status.ACTIVE and profile.consecutive_failures == 1
    # Not yet broken: no outage date or reason is shown for an active profile.
    assert (profile.unavailable_since, profile.unavailable_reason) == (None, "")

    run = collect(settings, gone("lyon"), on=DAY + dt.timedelta(days=1))
    profile.refresh_from_db()
    assert profile.status == Profile.Status.UNAVAILABLE
    assert (profile.unavailable_reason, profile.unavailable_since) == ("not_found", DAY)
    assert run.counts["errors_by_kind"] == {"not_found": 1}
    assert run.errors.get().subject == "x:lyon"
    assert Snapshot.objects.filter(profile=profile).count() == 1  # history kept

    collect(settings, account("lyon", "42", tweets=[tweet("1", 1)]), on=DAY + dt.timedelta(days=2))
    profile.refresh_from_db()
    assert profile.status == Profile.Status.ACTIVE
    assert (
        profile.unavailable_reason,
        profile.unavailable_since,
        profile.failing_since,
        profile.consecutive_failures,
    ) == ("", None, None, 0)


def test_a_suspended_profile_is_unavailable_at_once(settings):
    profile = x_profile("lyon")
    collect(settings, gone("lyon", detail="User has been suspended: [{}]."))

    profile.refresh_from_db()
    assert (profile.status, profile.unavailable_reason) == (Profile.Status.UNAVAILABLE, "suspended")


def test_a_renamed_handle_is_followed_by_its_stable_id_and_history_kept(settings):
    profile = x_profile("VilleDeLyon", external_id="42")
    SnapshotFactory(profile=profile, date=DAY - dt.timedelta(days=1), followers=900)
    collect(settings, account("Lyon", "42", followers=950, tweets=[tweet("1", 1)], by_id=True))

    profile.refresh_from_db()
    assert profile.handle == "Lyon"
    assert list(profile.snapshots.values_list("followers", flat=True)) == [900, 950]


def test_the_stable_id_is_recorded_on_the_first_collection(settings):
    profile = x_profile("lyon", external_id="")
    collect(settings, account("lyon", "42", tweets=[tweet("1", 1)]))
    profile.refresh_from_db()
    assert profile.external_id == "42"


def test_a_malformed_answer_is_an_error_and_leaves_stored_data_untouched(settings):
    profile = x_profile("lyon")
    SnapshotFactory(profile=profile, date=DAY, followers=777)
    broken = [
        {
            "request": {"path": "/users/by/username/lyon"},
            "response": {"body": {"data": {"id": "42"}}},
        }
    ]
    run = collect(settings, broken)

    assert Snapshot.objects.get(profile=profile).followers == 777
    profile.refresh_from_db()
    assert profile.status == Profile.Status.ACTIVE and profile.consecutive_failures == 0
    assert run.status == JobRun.Status.PARTIAL
    assert run.counts["errors_by_kind"] == {"malformed": 1}


def test_refused_credentials_are_logged_once_and_the_network_skipped(settings):
    for n in range(5):
        x_profile(f"ville{n}")
    refused = [
        {
            "request": {"path": f"/users/by/username/ville{n}"},
            "response": {"status": 401, "body": {"title": "Unauthorized", "status": 401}},
        }
        for n in range(5)
    ]
    run = collect(settings, refused)

    assert run.counts["errors_by_kind"]["auth"] <= 5
    assert run.counts["profiles_failed"] == 5
    assert not Snapshot.objects.exists()
    assert not Profile.objects.exclude(status=Profile.Status.ACTIVE).exists()


def test_a_network_out_of_quota_is_asked_no_more_until_the_next_run(settings):
    for n in range(4):
        x_profile(f"ville{n}")
    limited = [
        {
            "request": {"path": f"/users/by/username/ville{n}"},
            "response": {
                "status": 429,
                "headers": {"x-rate-limit-reset": "{now+900}"},
                "body": {"title": "Too Many Requests", "status": 429},
            },
        }
        for n in range(4)
    ]
    with SampleServer(limited) as server:
        settings.X_API_URL, settings.X_BEARER_TOKEN = server.url, "test-token"
        settings.COLLECT_RATE_LIMITS = "x=0:1"  # one profile at a time
        run = collection_run(networks=["x"], on=DAY, retry=FAST)
        asked = len(server.responder.requests)

    assert asked == 1  # the reset is 15 minutes away: the other profiles are not asked
    assert run.counts["errors_by_kind"] == {"rate_limited": 1}
    assert run.counts["skipped_rate_limit_exhausted"] == 3
    assert not Profile.objects.exclude(status=Profile.Status.ACTIVE).exists()


def test_missing_credentials_skip_the_network_without_a_request(settings):
    x_profile("lyon")
    settings.X_BEARER_TOKEN = ""
    run = collection_run(networks=["x"], on=DAY)

    assert run.counts["errors_by_kind"] == {"auth": 1}
    assert "X_BEARER_TOKEN" in run.errors.get().message


def test_only_named_profiles_and_within_the_limit(settings):
    x_profile("lyon")
    x_profile("paris")
    x_profile("inactive", status=Profile.Status.INACTIVE)
    run = collect(settings, account("paris", "7", tweets=[tweet("1", 1)]), profiles=["x:Paris"])
    assert run.counts["profiles_collected"] == 1
    assert Snapshot.objects.get().profile.handle == "paris"


def test_a_run_killed_midway_is_completed_by_the_next_without_duplicates(settings, monkeypatch):
    from observatoire.metrics import collection

    for n in range(6):
        x_profile(f"ville{n}")
    exchanges = [
        e
        for n in range(6)
        for e in account(f"ville{n}", str(100 + n), tweets=[tweet(f"{n}-1", 1), tweet(f"{n}-2", 2)])
    ]
    monkeypatch.setattr(collection, "WRITE_BATCH", 2)
    real_upsert, calls = collection.posts_upsert, []

    def dies_on_the_second_batch(**kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt  # as abrupt as it gets inside Python
        return real_upsert(**kwargs)

    monkeypatch.setattr(collection, "posts_upsert", dies_on_the_second_batch)
    with pytest.raises(KeyboardInterrupt):
        collect(settings, exchanges)
    assert JobRun.objects.get().status == JobRun.Status.FAILED
    assert 0 < Snapshot.objects.count() < 6  # whole batches only

    monkeypatch.setattr(collection, "posts_upsert", real_upsert)
    collect(settings, exchanges)
    assert Snapshot.objects.filter(date=DAY).count() == 6
    assert Post.objects.count() == 12


def test_a_run_whose_process_died_is_logged_as_interrupted_by_the_next(settings):
    import socket

    # No such process (and, on PostgreSQL, no session holding the run's lock). The rules
    # for other machines, per engine, are tested in core/tests/test_job_runs.py.
    dead = JobRun.objects.create(
        kind=JobRun.Kind.COLLECTION, name="Collecte", host=socket.gethostname(), pid=2**22 + 1
    )
    x_profile("lyon")
    collect(settings, account("lyon", "42", tweets=[tweet("1", 1)]))

    dead.refresh_from_db()
    assert dead.status == JobRun.Status.INTERRUPTED
    assert "La collecte suivante complète la journée" in dead.message


def test_a_handle_now_held_by_another_account_is_not_collected_as_ours(settings):
    from observatoire.connectors.tests.samples import load_sample

    sample = load_sample("instagram", "success")  # answers with account 17841401441775531
    profile = ProfileFactory(
        network="instagram", handle="villedemarseille", external_id="17840000000000001"
    )
    with SampleServer(sample["exchanges"]) as server:
        settings.INSTAGRAM_API_URL = server.url
        for name, value in sample["credentials"].items():
            setattr(settings, name, value)
        settings.COLLECT_RATE_LIMITS = "instagram=0:4"
        run = collection_run(networks=["instagram"], on=DAY, retry=FAST)

    assert run.counts["errors_by_kind"] == {"not_found": 1}
    assert "another account" in run.errors.get().message
    assert not Snapshot.objects.filter(profile=profile).exists()
    profile.refresh_from_db()
    assert profile.external_id == "17840000000000001"


def test_a_nul_character_in_what_the_network_says_does_not_lose_the_day(settings):
    """PostgreSQL cannot store U+0000 in a text, and our CSV reader refuses it: a caption or a
    name carrying one is stored without it, on every database, and the export re-imports."""
    profile = x_profile("nul")
    posted = tweet("1", 1)
    posted["text"] = "Fermeture\x00 de la route #InfoRoute32"
    named = user("77", "nul")
    named["data"]["name"] = "Ville\x00 de Nul"
    exchanges = account("nul", "77", tweets=[posted])
    exchanges[0]["response"]["body"] = named
    run = collect(settings, exchanges)

    assert run.status == JobRun.Status.SUCCEEDED, run.message
    post = Post.objects.get(profile=profile)
    assert post.text == "Fermeture de la route #InfoRoute32"
    assert post.hashtags == ["InfoRoute32"]
    profile.refresh_from_db()
    assert profile.display_name == "Ville de Nul"
