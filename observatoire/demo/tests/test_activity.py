"""A demo profile's year: snapshots in every ranking window, believable posts, real events."""

from collections import defaultdict
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from observatoire.demo import shape
from observatoire.demo.activity import MEDIA_MIX, profile_activity, snapshot_days
from observatoire.metrics.models import Post
from observatoire.profiles.models import Network
from observatoire.territories.models import Category

from .conftest import PERIOD

PARIS = ZoneInfo("Europe/Paris")


def activity(profile, seed=1):
    return profile_activity(profile=profile, profile_id=1, period=PERIOD, seed=seed)


def find(planned, key, network, label=""):
    return next(p for p in planned if (p.place.key, p.network, p.label) == (key, network, label))


def test_every_ranking_window_has_snapshots_and_the_last_month_is_daily():
    days = set(snapshot_days(PERIOD))
    for month in PERIOD.months():
        last = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        assert last in days  # the reading date itself
        window = {last - timedelta(days=n) for n in range(30)}
        assert len(window & days) >= 3
    december = {PERIOD.last_month + timedelta(days=n) for n in range(31)}
    assert december <= days


def test_anchor_figures_at_the_end_of_the_period(national_plan):
    _places, planned = national_plan
    snapshots, _posts = activity(find(planned, "departement:32", Network.INSTAGRAM))
    last = snapshots[-1]
    assert last.date == PERIOD.end
    assert last.followers == pytest.approx(28_000, rel=0.01)
    assert last.following == 662
    assert last.posts_count == 1_750
    assert snapshots[0].followers < last.followers  # Instagram grows
    snapshots, _posts = activity(find(planned, "departement:71", Network.FACEBOOK))
    assert snapshots[-1].followers == pytest.approx(25_000, rel=0.01)


def test_posts_look_like_the_field(national_plan):
    _places, planned = national_plan
    sample = [p for p in planned if p.place.category == Category.DEPARTEMENT and p.is_principal]
    posts = [post for profile in sample[:60] for post in activity(profile)[1]]
    assert len(posts) > 5_000
    hours = {post.published_at.astimezone(PARIS).hour for post in posts}
    assert hours <= set(range(7, 22))
    alts = [image["alt"] for post in posts for image in post.images]
    assert 0.1 < sum(1 for alt in alts if alt) / len(alts) < 0.6  # many images lack alt text
    hashtags = [tag for post in posts for tag in post.hashtags]
    assert any(tag[:1].isupper() for tag in hashtags) and any(tag.islower() for tag in hashtags)
    assert any(ord(char) > 0x1F000 for post in posts for char in post.text)  # emojis
    themes = ("patrimoine", "Travaux", "collèges", "médiathèque", "recrute", "Vigilance")
    assert all(any(word in post.text for post in posts) for word in themes)


def test_engagement_depends_on_media_type(national_plan):
    _places, planned = national_plan
    facebook = [p for p in planned if p.network == Network.FACEBOOK and p.is_principal]
    per_follower = defaultdict(list)
    for profile in facebook[:200]:
        for post in activity(profile)[1]:
            interactions = post.likes + post.comments + post.shares
            per_follower[post.media_type].append(interactions / profile.followers_end)
    mean = {kind: sum(values) / len(values) for kind, values in per_follower.items()}
    assert set(mean) == set(MEDIA_MIX[Network.FACEBOOK])
    assert mean[Post.MediaType.REEL] > mean[Post.MediaType.IMAGE] > mean[Post.MediaType.LINK]


def test_cadence_from_a_few_a_month_to_several_a_day(national_plan):
    _places, planned = national_plan
    monthly = {}
    for profile in planned[:1500]:
        if profile.is_principal and not profile.events:
            monthly[profile.place.stratum, profile.network] = len(activity(profile)[1]) / 13
    villages = [v for (stratum, _n), v in monthly.items() if stratum == shape.VILLAGE]
    assert 1 <= sum(villages) / len(villages) <= 4
    assert max(monthly.values()) >= 30


def test_events_show_in_the_data(national_plan):
    _places, planned = national_plan
    unreachable = next(p for p in planned if "unreachable" in p.events)
    snapshots, posts = activity(unreachable)
    assert max(s.date for s in snapshots) < unreachable.unreachable_since
    assert all(p.published_at.date() < unreachable.unreachable_since for p in posts)

    leaver = next(p for p in planned if "left_x" in p.events)
    _snapshots, posts = activity(leaver)
    after = [p for p in posts if p.published_at.date() >= shape.X_EXODUS_DAY]
    assert [p.external_id for p in after] == [f"{shape.X_EXODUS_DAY:%Y%m%d}-farewell"]
    opened = next(
        p for p in planned if "opened_after_x" in p.events and p.place.id == leaver.place.id
    )
    snapshots, posts = activity(opened)
    assert min(s.date for s in snapshots) == opened.opened_on
    assert snapshots[-1].followers > 10 * snapshots[0].followers

    buyer = next(p for p in planned if "bought_followers" in p.events)
    snapshots, _posts = activity(buyer)
    before = max(s.followers for s in snapshots if s.date < buyer.bought_on)
    after = min(s.followers for s in snapshots if s.date >= buyer.bought_on)
    assert after > 1.4 * before


def test_activity_is_deterministic_per_seed(national_plan):
    _places, planned = national_plan
    profile = planned[100]
    assert activity(profile) == activity(profile)
    assert activity(profile)[1] != activity(profile, seed=2)[1]
