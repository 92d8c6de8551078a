"""The life of one demo profile over the period: its posts and its audience snapshots, as the
rows the metrics services take. Plain values only; deterministic per (seed, profile handle).

Engagement depends on the theme, the media type, the publication hour and the audience, so
that analyses of the demo data find a real signal.
"""

import math
import random
import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from itertools import accumulate
from zoneinfo import ZoneInfo

from observatoire.metrics.models import Post
from observatoire.metrics.services import PostRow, SnapshotRow
from observatoire.profiles.models import Network

from . import shape, texts
from .plan import Period, PlannedProfile
from .writing import Writer

PARIS = ZoneInfo("Europe/Paris")
# Snapshots: daily for the last month, weekly for the 5 months before, fortnightly earlier,
# and every month's last day; enough for every ranking window and for smooth charts.
DAILY_MONTHS = 1
WEEKLY_MONTHS = 5

M = Post.MediaType
MEDIA_MIX = {
    Network.FACEBOOK: {M.IMAGE: 50, M.CAROUSEL: 10, M.VIDEO: 8, M.REEL: 7, M.LINK: 15, M.TEXT: 10},
    Network.INSTAGRAM: {M.IMAGE: 45, M.CAROUSEL: 30, M.REEL: 25},
    Network.X: {M.TEXT: 45, M.IMAGE: 35, M.VIDEO: 5, M.LINK: 15},
    Network.YOUTUBE: {M.VIDEO: 75, M.REEL: 25},
    Network.LINKEDIN: {M.IMAGE: 45, M.TEXT: 20, M.LINK: 20, M.CAROUSEL: 10, M.VIDEO: 5},
    Network.TIKTOK: {M.REEL: 100},
    Network.BLUESKY: {M.TEXT: 50, M.IMAGE: 40, M.LINK: 10},
    Network.MASTODON: {M.TEXT: 55, M.IMAGE: 35, M.LINK: 10},
    Network.THREADS: {M.TEXT: 50, M.IMAGE: 45, M.LINK: 5},
}
MEDIA_ENGAGEMENT = {
    M.REEL: 1.8,
    M.VIDEO: 1.3,
    M.CAROUSEL: 1.4,
    M.IMAGE: 1.1,
    M.TEXT: 0.7,
    M.LINK: 0.5,
}
# Publication hours (Europe/Paris) of institutional accounts, and how each engages.
HOUR_WEIGHTS = {
    7: 4,
    8: 12,
    9: 12,
    10: 9,
    11: 10,
    12: 10,
    13: 5,
    14: 7,
    15: 7,
    16: 8,
    17: 10,
    18: 8,
    19: 4,
    20: 3,
    21: 2,
}
HOUR_ENGAGEMENT = {
    7: 1.0,
    8: 1.0,
    9: 0.95,
    10: 0.9,
    11: 1.05,
    12: 1.2,
    13: 1.1,
    14: 0.8,
    15: 0.8,
    16: 0.9,
    17: 1.2,
    18: 1.35,
    19: 1.4,
    20: 1.3,
    21: 1.2,
}
# How interactions split into likes, comments and shares (None: the network does not say).
SPLIT = {
    Network.FACEBOOK: (0.75, 0.1, 0.15),
    Network.INSTAGRAM: (0.93, 0.07, None),
    Network.X: (0.7, 0.08, 0.22),
    Network.YOUTUBE: (0.9, 0.1, None),
    Network.LINKEDIN: (0.8, 0.08, 0.12),
    Network.TIKTOK: (0.85, 0.05, 0.1),
    Network.BLUESKY: (0.7, 0.1, 0.2),
    Network.MASTODON: (0.6, 0.1, 0.3),
    Network.THREADS: (0.8, 0.12, 0.08),
}
VIDEO_NETWORKS = {Network.YOUTUBE, Network.TIKTOK}
PERMALINKS = {
    Network.FACEBOOK: "https://www.facebook.com/{handle}/posts/{id}",
    Network.INSTAGRAM: "https://www.instagram.com/p/{id}/",
    Network.X: "https://x.com/{handle}/status/{id}",
    Network.YOUTUBE: "https://www.youtube.com/watch?v={id}",
    Network.LINKEDIN: "https://www.linkedin.com/feed/update/urn:li:activity:{id}/",
    Network.TIKTOK: "https://www.tiktok.com/@{handle}/video/{id}",
    Network.BLUESKY: "https://bsky.app/profile/{handle}/post/{id}",
    Network.MASTODON: "https://mastodon.social/@{user}/{id}",
    Network.THREADS: "https://www.threads.net/@{handle}/post/{id}",
}
# Institutions post less in August and around Christmas.
SEASON = {
    1: 1.05,
    2: 1.0,
    3: 1.05,
    4: 1.0,
    5: 1.0,
    6: 1.1,
    7: 0.9,
    8: 0.7,
    9: 1.15,
    10: 1.05,
    11: 1.0,
    12: 0.9,
}


@cache
def _month_days(month: date) -> tuple[tuple[date, ...], tuple[float, ...]]:
    """Days of the month and their cumulative weights (fewer posts at weekends)."""
    days = []
    day = month
    while day.month == month.month:
        days.append(day)
        day += timedelta(days=1)
    return tuple(days), tuple(accumulate(0.4 if d.weekday() >= 5 else 1.0 for d in days))


@cache
def _themes(category: str, month: int, only: tuple[str, ...]) -> tuple[tuple, tuple]:
    weights = dict(texts.CATEGORY_THEME_WEIGHTS.get(category, {}))
    seasonal = {
        6: {"tourisme": 2, "culture": 1.5},
        7: {"tourisme": 2.5, "culture": 2},
        8: {"tourisme": 2.5, "prevention": 1.5},
        9: {"jeunesse": 3},
        1: {"institutions": 2},
        12: {"solidarite": 1.5},
    }
    themes = [t for t in texts.THEMES if not only or t.slug in only]
    values = [weights.get(t.slug, 1) * seasonal.get(month, {}).get(t.slug, 1) for t in themes]
    return tuple(themes), tuple(accumulate(values))


@cache
def _cumulative(mapping_items: tuple) -> tuple[tuple, tuple]:
    keys = tuple(k for k, _v in mapping_items)
    return keys, tuple(accumulate(v for _k, v in mapping_items))


HOURS, HOUR_CUMULATIVE = _cumulative(tuple(HOUR_WEIGHTS.items()))


def _poisson(rng: random.Random, mean: float) -> int:
    if mean > 30:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, product, count = math.exp(-mean), rng.random(), 0
    while product > limit:
        product *= rng.random()
        count += 1
    return count


def place_tag(name: str, camel: bool) -> str:
    words = [w for w in re.split(r"[\s'’-]+", name) if w]
    return "".join(w[:1].upper() + w[1:] for w in words) if camel else "".join(words).lower()


class Audience:
    """Followers of a profile on a given day: growth with noise, events included."""

    def __init__(self, profile: PlannedProfile, period: Period):
        self.profile = profile
        self.end = period.end
        self.organic_end = profile.followers_end - profile.bought_followers
        growth = shape.NETWORK_AUDIENCE[profile.network][1]
        self.rate = math.log1p(-0.05 if profile.left_on else growth) / 365
        self.jitter = random.Random(f"audience:{profile.network}:{profile.handle}")

    def followers(self, day: date) -> int:
        profile = self.profile
        if profile.opened_on:
            total = max(1, (self.end - profile.opened_on).days)
            share = max(0.0, (day - profile.opened_on).days / total)
            value = 5 + (self.organic_end - 5) * share**0.6
        else:
            value = self.organic_end * math.exp(-self.rate * (self.end - day).days)
        if profile.bought_on and day >= profile.bought_on:
            value += profile.bought_followers
        return max(0, round(value * (1 + self.jitter.gauss(0, 0.0015))))


def profile_activity(
    *, profile: PlannedProfile, profile_id: int, period: Period, seed: int
) -> tuple[list[SnapshotRow], list[PostRow]]:
    """The snapshots and posts of one profile over the period."""
    rng = random.Random(f"{seed}:{profile.network}:{profile.handle}")
    audience = Audience(profile, period)
    first = max(period.start, profile.opened_on or period.start)
    last = period.end
    if profile.unreachable_since:
        last = profile.unreachable_since - timedelta(days=1)
    posting_until = min(last, profile.left_on) if profile.left_on else last
    writer = Writer(profile=profile, seed=seed)
    posts = _posts(profile, profile_id, period, rng, audience, first, posting_until, writer)
    snapshots = _snapshots(profile, profile_id, period, rng, audience, first, last, posts)
    return snapshots, posts


def _posts(profile, profile_id, period, rng, audience, first, until, writer) -> list[PostRow]:
    style = _PostingStyle.of(profile, rng, writer)
    followers_of_day: dict[date, int] = {}
    rows: list[PostRow] = []
    for month in period.months():
        for post in _month_schedule(profile, month, rng, style):
            if not first <= post.day <= until:
                continue
            followers = followers_of_day.get(post.day)
            if followers is None:
                followers = followers_of_day[post.day] = audience.followers(post.day)
            rows.append(_post_row(profile, profile_id, rng, style, post, followers))
    _add_milestone_posts(profile, profile_id, rows, first, until)
    return rows


@dataclass(frozen=True, slots=True)
class _PostingStyle:
    """What stays the same across a profile's posts: its network's habits and its own."""

    tag: str
    media_types: tuple
    media_cumulative: tuple
    split: tuple  # likes, comments, shares (None where the network has none)
    rate: float
    writer: Writer  # the captions' writing, from its own random draws

    @classmethod
    def of(cls, profile, rng: random.Random, writer: Writer) -> "_PostingStyle":
        camel = rng.random() < 0.5
        media_types, media_cumulative = _cumulative(tuple(MEDIA_MIX[profile.network].items()))
        return cls(
            tag=place_tag(profile.place.name, camel),
            media_types=media_types,
            media_cumulative=media_cumulative,
            split=SPLIT[profile.network],
            rate=shape.NETWORK_ENGAGEMENT[profile.network] * profile.quality,
            writer=writer,
        )


@dataclass(frozen=True, slots=True)
class _Post:
    index: int
    day: date
    hour: int
    kind: str
    theme: object


def _month_schedule(profile, month: date, rng, style: _PostingStyle) -> list[_Post]:
    """The day, hour, media type and theme of the posts drawn for one month."""
    days, day_cumulative = _month_days(month)
    count = _poisson(rng, profile.cadence * SEASON[month.month] * len(days) / 30)
    if not count:
        return []
    themes, theme_cumulative = _themes(profile.place.category, month.month, profile.themes)
    chosen_days = sorted(rng.choices(days, cum_weights=day_cumulative, k=count))
    hours = rng.choices(HOURS, cum_weights=HOUR_CUMULATIVE, k=count)
    kinds = rng.choices(style.media_types, cum_weights=style.media_cumulative, k=count)
    topics = rng.choices(themes, cum_weights=theme_cumulative, k=count)
    drawn = zip(chosen_days, hours, kinds, topics, strict=True)
    return [_Post(index, *draw) for index, draw in enumerate(drawn)]


def _post_row(profile, profile_id, rng, style: _PostingStyle, post: _Post, followers) -> PostRow:
    """One post; the random draws keep their order (the demo is reproducible)."""
    network, kind, theme, day = profile.network, post.kind, post.theme, post.day
    size = (2_000 / max(followers, 50)) ** 0.2
    mean = followers * style.rate * size * theme.engagement
    mean *= MEDIA_ENGAGEMENT[kind] * HOUR_ENGAGEMENT[post.hour]
    interactions = round(mean * rng.lognormvariate(0, 0.6))
    caption = theme.draw(rng, profile.place.name, style.tag)
    image_count = 1 if kind == M.IMAGE else rng.randint(2, 6) if kind == M.CAROUSEL else 0
    images = tuple(
        {"alt": rng.choice(theme.alts) if rng.random() < profile.alt_rate else ""}
        for _ in range(image_count)
    )
    text, hashtags, images, subtitles = style.writer.post(
        caption, theme=theme, tag=style.tag, day=day, kind=kind, images=images
    )
    external_id = f"{day:%Y%m}{post.index:03d}"
    user = profile.handle.partition("@")[0]
    video = kind in (M.VIDEO, M.REEL) or network in VIDEO_NETWORKS
    likes_part, comments_part, shares_part = style.split
    return PostRow(
        profile_id=profile_id,
        external_id=external_id,
        published_at=datetime(
            day.year, day.month, day.day, post.hour, rng.randrange(60), tzinfo=PARIS
        ),
        text=text,
        media_type=kind,
        permalink=PERMALINKS[network].format(handle=profile.handle, user=user, id=external_id),
        likes=round(interactions * likes_part),
        comments=round(interactions * comments_part),
        shares=None if shares_part is None else round(interactions * shares_part),
        saves=round(interactions * 0.05) if network == Network.INSTAGRAM else None,
        views=round(interactions * rng.uniform(15, 40)) if video else None,
        image_count=image_count,
        images=images,
        hashtags=hashtags,
        subtitles=subtitles,
    )


def _add_milestone_posts(profile, profile_id, rows, first, until) -> None:
    """The farewell post of a profile leaving X, the welcome post of a new one."""
    moments = []
    if profile.left_on:
        moments.append((profile.left_on, texts.FAREWELL_X, "farewell"))
    if profile.opened_on:
        moments.append((first, texts.WELCOME_NEW_NETWORK, "welcome"))
    for day, text, name in moments:
        rows.append(
            PostRow(
                profile_id=profile_id,
                external_id=f"{day:%Y%m%d}-{name}",
                published_at=datetime(day.year, day.month, day.day, 10, 0, tzinfo=PARIS),
                text=text.format(place=profile.place.name),
                media_type=M.TEXT,
                likes=max(3, profile.followers_end // 200),
                comments=2,
                shares=max(1, profile.followers_end // 500),
            )
        )


def snapshot_days(period: Period) -> list[date]:
    """Daily for the last DAILY_MONTHS months, weekly for the WEEKLY_MONTHS before, every
    two weeks earlier, and always each month's last day (the ranking's reading date)."""
    months = period.months()
    daily_from = months[-DAILY_MONTHS] if len(months) >= DAILY_MONTHS else period.start
    weekly_from = months[max(0, len(months) - DAILY_MONTHS - WEEKLY_MONTHS)]
    days = []
    for offset in range(period.days):
        day = period.start + timedelta(days=offset)
        step = 7 if day >= weekly_from else 14
        if day >= daily_from or offset % step == 0 or (day + timedelta(days=1)).day == 1:
            days.append(day)
    return days


def _snapshots(profile, profile_id, period, rng, audience, first, last, posts) -> list[SnapshotRow]:
    post_days = sorted(r.published_at.date() for r in posts)
    if profile.posts_count_end is not None:
        before = max(0, profile.posts_count_end - len(post_days))
    elif profile.opened_on:
        before = 0
    else:
        before = round(profile.cadence * rng.uniform(18, 90))
    following_end = profile.following_end
    end = period.end
    days = [d for d in _snapshot_days(period) if first <= d <= last]
    if first not in days and first <= last:
        days.insert(0, first)
    rows = []
    for day in days:
        following = None
        if following_end is not None:
            drift = (end - day).days / 365
            following = max(1, round(following_end * (1 - 0.08 * drift)))
        rows.append(
            SnapshotRow(
                profile_id=profile_id,
                date=day,
                followers=audience.followers(day),
                following=following,
                posts_count=before + bisect_right(post_days, day),
            )
        )
    return rows


@cache
def _snapshot_days(period: Period) -> tuple[date, ...]:
    return tuple(snapshot_days(period))
