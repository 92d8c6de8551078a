"""The collection stores what the network said, all of it: the curated handle stays the
user's unless the network names a new one, and one missing detail (a page, a video, a post's
counts) is a gap in the job run's log, not a lost day. Networks answer from recorded
exchanges on a real loopback socket."""

import datetime as dt

import pytest
from django.utils import timezone

from observatoire.connectors.base import RetryPolicy
from observatoire.connectors.tests.samples import SampleServer
from observatoire.core.models import JobRun
from observatoire.metrics.collection import collection_run
from observatoire.metrics.models import Post, Snapshot
from observatoire.metrics.tests.factories import PostFactory
from observatoire.profiles.tests.factories import ProfileFactory

pytestmark = pytest.mark.django_db
FAST = RetryPolicy(attempts=2, backoff=0.0, max_backoff=0.0, max_rate_limit_wait=0.5)
DAY = dt.date(2026, 11, 22)
PAGE_ID = "100064512345678"


def ago(days: float, *, style: str = "iso") -> str:
    moment = timezone.now() - dt.timedelta(days=days)
    if style == "graph":
        return moment.strftime("%Y-%m-%dT%H:%M:%S+0000")
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def collect(settings, network: str, exchanges: list[dict], credentials: dict[str, str]):
    with SampleServer(exchanges) as server:
        setattr(settings, f"{network.upper()}_API_URL", server.url)
        for name, value in credentials.items():
            setattr(settings, name, value)
        settings.COLLECT_RATE_LIMITS = f"{network}=0:1"  # one profile at a time, in order
        return collection_run(networks=[network], on=DAY, retry=FAST)


def errors(run: JobRun) -> list[tuple[str, str, str]]:
    return sorted(run.errors.values_list("kind", "subject", "message"))


# -- Facebook: a Page read by id answers without a username -----------------------------
def facebook_page(key: str, *, username: str | None = None) -> list[dict]:
    page = {"id": PAGE_ID, "name": "Le Gers", "followers_count": 15230}
    if username:
        page["username"] = username
    post = {
        "id": f"{PAGE_ID}_1",
        "created_time": ago(2, style="graph"),
        "message": "Bonjour",
        "reactions": {"summary": {"total_count": 12}},
        "comments": {"summary": {"total_count": 3}},
    }
    return [
        {"request": {"path": f"/{key}"}, "response": {"body": page}},
        {"request": {"path": f"/{PAGE_ID}/posts"}, "response": {"body": {"data": [post]}}},
    ]


def collect_facebook(settings, exchanges):
    return collect(settings, "facebook", exchanges, {"FACEBOOK_ACCESS_TOKEN": "EAAB-test"})


def test_a_page_answering_without_username_keeps_the_curated_handle(settings):
    profile = ProfileFactory(network="facebook", handle="LeGers32")

    collect_facebook(settings, facebook_page("LeGers32"))
    profile.refresh_from_db()
    assert (profile.handle, profile.external_id) == ("LeGers32", PAGE_ID)

    # the next collection asks by id, and the answer still names no username
    run = collect_facebook(settings, facebook_page(PAGE_ID))
    profile.refresh_from_db()
    assert profile.handle == "LeGers32"
    assert run.counts["profiles_collected"] == 1
    assert Snapshot.objects.get(profile=profile).followers == 15230


def test_a_new_username_stated_by_the_network_is_followed(settings):
    profile = ProfileFactory(network="facebook", handle="LeGers32", external_id=PAGE_ID)

    collect_facebook(settings, facebook_page(PAGE_ID, username="DepartementDuGers"))

    profile.refresh_from_db()
    assert profile.handle == "DepartementDuGers"


# -- YouTube: videos.list answers fewer videos than asked, or one without statistics ----
CHANNEL = "UCgErS0000000000000000"


def youtube_channel(videos: list[dict], asked: list[str]) -> list[dict]:
    channel = {
        "items": [
            {
                "id": CHANNEL,
                "snippet": {"title": "Le Gers", "customUrl": "@legers32"},
                "contentDetails": {"relatedPlaylists": {"uploads": "UU" + CHANNEL[2:]}},
                "statistics": {"subscriberCount": "4100", "videoCount": "210"},
            }
        ]
    }
    uploads = [
        {"contentDetails": {"videoId": video_id, "videoPublishedAt": ago(n + 1)}}
        for n, video_id in enumerate(asked)
    ]
    return [
        {"request": {"path": "/channels"}, "response": {"body": channel}},
        {"request": {"path": "/playlistItems"}, "response": {"body": {"items": uploads}}},
        {
            "request": {"path": "/videos", "query": {"id": ",".join(asked)}},
            "response": {"body": {"items": videos}},
        },
    ]


def video(video_id: str, days: int, *, statistics: dict | None = None) -> dict:
    item = {"id": video_id, "snippet": {"publishedAt": ago(days), "title": f"Vidéo {video_id}"}}
    if statistics is not None:
        item["statistics"] = statistics
    return item


def collect_youtube(settings, exchanges):
    return collect(settings, "youtube", exchanges, {"YOUTUBE_API_KEY": "AIza-test"})


def test_a_video_left_out_or_without_statistics_is_a_gap_not_a_lost_day(settings):
    profile = ProfileFactory(network="youtube", handle="legers32")
    complete = video(
        "vid1", 1, statistics={"viewCount": "300", "likeCount": "20", "commentCount": "4"}
    )
    bare = video("vid2", 2)  # asked with part=statistics, answered without them
    # vid3 was asked for and is not in the answer

    run = collect_youtube(settings, youtube_channel([complete, bare], ["vid1", "vid2", "vid3"]))

    assert Snapshot.objects.get(profile=profile, date=DAY).followers == 4100
    assert list(Post.objects.filter(profile=profile).values_list("external_id", "likes")) == [
        ("vid1", 20)
    ]
    assert run.counts["profiles_collected"] == 1 and run.counts["profiles_incomplete"] == 1
    assert run.status == JobRun.Status.PARTIAL
    logged = errors(run)
    assert [(kind, subject) for kind, subject, _ in logged] == [
        ("incomplete", "youtube:legers32"),
        ("incomplete", "youtube:legers32"),
    ]
    assert "vid2" in logged[0][2] + logged[1][2] and "vid3" in logged[0][2] + logged[1][2]


def test_counts_already_stored_are_not_blanked_by_an_answer_without_statistics(settings):
    profile = ProfileFactory(network="youtube", handle="legers32", external_id=CHANNEL)
    published = timezone.now() - dt.timedelta(days=2)
    PostFactory(profile=profile, external_id="vid2", published_at=published, likes=35, comments=6)

    collect_youtube(settings, youtube_channel([video("vid2", 2)], ["vid2"]))

    post = Post.objects.get(profile=profile, external_id="vid2")
    assert (post.likes, post.comments) == (35, 6)


def test_a_quota_refusal_on_videos_keeps_the_channel_and_stops_the_network(settings):
    first = ProfileFactory(network="youtube", handle="legers32")
    second = ProfileFactory(network="youtube", handle="tarn81")
    quota = {"error": {"code": 403, "message": "quota", "errors": [{"reason": "quotaExceeded"}]}}
    exchanges = youtube_channel([], ["vid1"])
    exchanges[-1]["response"] = {"status": 403, "body": quota}

    run = collect_youtube(settings, exchanges)

    assert Snapshot.objects.filter(profile=first, date=DAY).exists()
    assert not Snapshot.objects.filter(profile=second).exists()
    assert run.counts["profiles_collected"] == 1
    assert run.counts["skipped_rate_limit_exhausted"] == 1
    ((kind, subject, message),) = errors(run)
    assert (kind, subject) == ("incomplete", "youtube:legers32")
    assert message.startswith("rate_limited:")


# -- Instagram: the second page of media fails ------------------------------------------
NEXT = "https://graph.facebook.com/v26.0/1784?fields=business_discovery.username(legers32){media.after(QVFIUnBhZ2Uy)}"


def test_a_page_of_posts_that_fails_keeps_the_snapshot_and_the_pages_read(settings):
    profile = ProfileFactory(network="instagram", handle="legers32")
    media = [
        {
            "id": f"m{n}",
            "media_type": "IMAGE",
            "timestamp": ago(n, style="graph"),
            "comments_count": 1,
            "like_count": 5,
        }
        for n in (1, 2)
    ]
    account = {
        "id": "17841400000000032",
        "username": "legers32",
        "followers_count": 8800,
        "follows_count": 40,
        "media_count": 500,
        "media": {"data": media, "paging": {"cursors": {"after": "QVFIUnBhZ2Uy"}, "next": NEXT}},
    }
    exchanges = [
        {
            "request": {"path": "/1784", "query": {"fields": "~media.limit(50)"}},
            "response": {"body": {"business_discovery": account, "id": "1784"}},
        },
        {
            "request": {"path": "/1784", "query": {"fields": "~media.after(QVFIUnBhZ2Uy)"}},
            "response": {
                "status": 500,
                "body": {
                    "error": {
                        "code": 2,
                        "message": "Service temporarily unavailable",
                        "is_transient": True,
                    }
                },
            },
        },
    ]

    run = collect(
        settings,
        "instagram",
        exchanges,
        {"INSTAGRAM_ACCESS_TOKEN": "EAAG-test", "INSTAGRAM_BUSINESS_ACCOUNT_ID": "1784"},
    )

    assert Snapshot.objects.get(profile=profile, date=DAY).followers == 8800
    assert sorted(Post.objects.filter(profile=profile).values_list("external_id", flat=True)) == [
        "m1",
        "m2",
    ]
    ((kind, subject, message),) = errors(run)
    assert (kind, subject) == ("incomplete", "instagram:legers32")
    assert message.startswith("transient:")
