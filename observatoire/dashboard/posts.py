"""Reads of a collectivité's own posts for its dashboard: the month's best and weakest posts
per network, and the day-of-week × hour heatmap of their engagement.

Interactions are counted as the engagement-rate KPI counts them (rankings.kpis): likes +
comments + shares, an unknown count adding 0; saves and views are not interactions. A post
whose three counts are all unknown has unknown interactions (shown "—", never 0) and is left
out of the orders and means. The engagement rate of a post is its interactions ÷ the
followers of its profile at the latest snapshot of the post's calendar month (Europe/Paris):
the KPI divides a month's interactions by the latest followers of its window, not by each
post's day, so a month's mean rate reads on the KPI's scale. No snapshot that month, or 0
followers: the rate is unknown, as the KPI's.

Queries are bounded: the profiles, one month (or 90 days) of their snapshots, one light scan
of the month's posts (or one aggregate for the heatmap), the few chosen posts' details.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, Sum
from django.db.models.functions import (
    Coalesce,
    ExtractHour,
    ExtractIsoWeekDay,
    ExtractMonth,
    ExtractYear,
)
from django.utils.dates import WEEKDAYS
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from observatoire.metrics.models import Post, Snapshot
from observatoire.profiles.models import Network, Profile
from observatoire.site.templatetags.site_tags import safe_url
from observatoire.territories.models import Territory

from .tables import Column, Table

PARIS = ZoneInfo("Europe/Paris")
TOP = 3  # best and weakest posts shown per network and measure
CAPTION_LENGTH = 140  # characters of a caption shown, ellipsis included
HEATMAP_DAYS = 90
LEVELS = 5  # colour levels of the heatmap's cells with a known rate (level-1 … level-5)
MEASURES = ("interactions", "engagement_rate")

# The bidirectional overrides and isolates that reorder text on screen ("Trojan source").
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_SPACES = re.compile(r" {2,}")
_INTERACTIONS = Coalesce("likes", 0) + Coalesce("comments", 0) + Coalesce("shares", 0)
_KNOWN = Q(likes__isnull=False) | Q(comments__isnull=False) | Q(shares__isnull=False)


def caption_clean(text: str, *, length: int = CAPTION_LENGTH) -> str:
    """A caption from a network as one line of plain text: control characters and line
    breaks become spaces, bidirectional overrides go, spaces collapse; past `length`
    characters it is cut at a word and ends with "…". Still untrusted: escape it."""
    kept = []
    for character in text or "":
        if character in _BIDI_CONTROLS:
            continue
        category = unicodedata.category(character)
        kept.append(" " if category == "Cc" or category in ("Zl", "Zp") else character)
    clean = _SPACES.sub(" ", "".join(kept)).strip()
    if len(clean) <= length:
        return clean
    cut = clean[: length - 1]
    space = cut.rfind(" ")
    if space > length // 2:  # a word boundary not too far back; else cut inside the word
        cut = cut[:space]
    return cut.rstrip(" ,;:.!?-–—") + "…"


def interactions_of(likes: int | None, comments: int | None, shares: int | None) -> int | None:
    """Likes + comments + shares, an unknown count adding 0; None when all three are unknown."""
    known = [count for count in (likes, comments, shares) if count is not None]
    return sum(known) if known else None


def rate_of(interactions: int | None, followers: int | None) -> float | None:
    """Interactions ÷ followers (a fraction: 0.0207 is 2.07 %); None when either is unknown
    or there are no followers."""
    if interactions is None or not followers:
        return None
    return interactions / followers


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=PARIS)


def _next_month(first: dt.date) -> dt.date:
    return (first.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def _month_followers(profile_ids, *, first: dt.date, last: dt.date) -> dict[tuple, int]:
    """(profile id, year, month) -> followers at the profile's latest snapshot of that month,
    among the snapshots from the first day of `first`'s month to `last`."""
    rows = (
        Snapshot.objects.filter(
            profile_id__in=profile_ids, date__gte=first.replace(day=1), date__lte=last
        )
        .order_by("date")
        .values_list("profile_id", "date", "followers")
    )
    return {(profile_id, day.year, day.month): followers for profile_id, day, followers in rows}


def _profiles(territory: Territory) -> dict[int, tuple[str, str, str]]:
    """Profile id -> (network, handle, thematic label) of every profile of the collectivité."""
    rows = Profile.objects.filter(territory=territory).values_list(
        "pk", "network", "handle", "label"
    )
    return {pk: (network, handle, label) for pk, network, handle, label in rows}


# --- best and weakest posts of a month ------------------------------------------------


@dataclass(frozen=True, slots=True)
class PostLine:
    """One post as the dashboard shows it."""

    post_id: int
    network: str
    handle: str  # of its profile
    profile_label: str  # the thematic label of its profile ("" for a main profile)
    caption: str  # caption_clean: one line, cut at a word; untrusted, always escaped
    url: str  # the permalink when it is http(s), else ""
    media_type: str
    media_label: str  # "" when the network did not say
    published_at: dt.datetime  # in Europe/Paris
    likes: int | None
    comments: int | None
    shares: int | None
    interactions: int | None
    followers: int | None  # those its engagement rate divides by (module docstring)
    engagement_rate: float | None  # a fraction


@dataclass(frozen=True, slots=True)
class PostMeasure:
    """The best posts (best first) and the weakest (weakest first) by one measure. The
    weakest leave out the posts already among the best: with TOP or fewer posts there are
    none."""

    measure: str  # one of MEASURES
    label: str
    best: list[PostLine]
    weakest: list[PostLine]

    @property
    def groups(self) -> list[tuple[str, list[PostLine]]]:
        """(heading, posts) of the best then, when there are any, of the weakest."""
        groups = [(_("Les meilleures"), self.best)]
        return [*groups, (_("Les plus faibles"), self.weakest)] if self.weakest else groups


@dataclass(frozen=True, slots=True)
class NetworkPosts:
    network: str
    network_label: str
    posts: int  # published in the month by the collectivité's profiles on the network
    measures: list[PostMeasure]


@dataclass(frozen=True, slots=True)
class _Scanned:
    pk: int
    published_at: dt.datetime
    interactions: int | None
    engagement_rate: float | None


def _extremes(posts: list[_Scanned], measure: str) -> tuple[list[int], list[int]]:
    """Ids of the TOP best (best first) and the TOP weakest (weakest first) by `measure`,
    posts with an unknown value left out; ties go to the most recent post."""
    known = [post for post in posts if getattr(post, measure) is not None]
    known.sort(key=lambda post: (getattr(post, measure), post.published_at, post.pk))
    best = [post.pk for post in reversed(known[-TOP:])]
    weakest = [post.pk for post in known[: max(0, min(TOP, len(known) - TOP))]]
    return best, weakest


def _details(ids, profiles: dict, followers: dict, month: dt.date) -> dict[int, PostLine]:
    fields = ("pk", "profile_id", "published_at", "text", "permalink", "media_type")
    rows = Post.objects.filter(pk__in=ids).values_list(*fields, "likes", "comments", "shares")
    labels = dict(Post.MediaType.choices)
    lines = {}
    for pk, profile_id, at, text, permalink, media, likes, comments, shares in rows:
        network, handle, profile_label = profiles[profile_id]
        interactions = interactions_of(likes, comments, shares)
        audience = followers.get((profile_id, month.year, month.month))
        lines[pk] = PostLine(
            post_id=pk,
            network=network,
            handle=handle,
            profile_label=profile_label,
            caption=caption_clean(text),
            url=safe_url(permalink),
            media_type=media,
            media_label=str(labels.get(media, "")),
            published_at=at.astimezone(PARIS),
            likes=likes,
            comments=comments,
            shares=shares,
            interactions=interactions,
            followers=audience,
            engagement_rate=rate_of(interactions, audience),
        )
    return lines


def posts_extremes(*, territory: Territory, month: dt.date) -> list[NetworkPosts]:
    """For each network where the collectivité has a profile (in the order of the networks),
    its posts published in `month` (any day of it; a Europe/Paris calendar month) and their
    TOP best and weakest by interactions and by engagement rate."""
    first = month.replace(day=1)
    following = _next_month(first)
    profiles = _profiles(territory)
    if not profiles:
        return []
    followers = _month_followers(profiles, first=first, last=following - dt.timedelta(days=1))
    scanned: dict[str, list[_Scanned]] = defaultdict(list)
    rows = Post.objects.filter(
        profile_id__in=profiles,
        published_at__gte=_midnight(first),
        published_at__lt=_midnight(following),
    ).values_list("pk", "profile_id", "published_at", "likes", "comments", "shares")
    for pk, profile_id, at, likes, comments, shares in rows:
        interactions = interactions_of(likes, comments, shares)
        audience = followers.get((profile_id, first.year, first.month))
        rate = rate_of(interactions, audience)
        scanned[profiles[profile_id][0]].append(_Scanned(pk, at, interactions, rate))
    chosen = {
        (network, measure): _extremes(scanned[network], measure)
        for network in {network for network, _handle, _label in profiles.values()}
        for measure in MEASURES
    }
    ids = {pk for best, weakest in chosen.values() for pk in (*best, *weakest)}
    lines = _details(ids, profiles, followers, first)
    labels = {"interactions": _("Par interactions"), "engagement_rate": _("Par taux d'engagement")}
    return [
        NetworkPosts(
            network=network,
            network_label=label,
            posts=len(scanned[network]),
            measures=[
                PostMeasure(
                    measure=measure,
                    label=labels[measure],
                    best=[lines[pk] for pk in chosen[network, measure][0]],
                    weakest=[lines[pk] for pk in chosen[network, measure][1]],
                )
                for measure in MEASURES
            ],
        )
        for network, label in Network.choices
        if (network, MEASURES[0]) in chosen
    ]


def posts_table(networks: list[NetworkPosts]) -> Table:
    """The best and weakest posts of `posts_extremes` as one table for the exports: one row
    per post shown, in the page's order (a post may appear under both measures)."""
    field = Post._meta.get_field
    columns = [
        Column(_("Publication")),
        Column(_("Réseau")),
        Column(_("Profil")),
        Column(_("Classement")),
        Column(_("Groupe")),
        Column(_("Position"), "integer"),
        Column(capfirst(field("media_type").verbose_name)),
        Column(capfirst(field("published_at").verbose_name), "datetime"),
        Column(capfirst(field("likes").verbose_name), "count"),
        Column(capfirst(field("comments").verbose_name), "count"),
        Column(capfirst(field("shares").verbose_name), "count"),
        Column(_("Interactions"), "count"),
        Column(_("Abonnés"), "count"),
        Column(_("Taux d'engagement"), "percent", 2),
        Column(capfirst(field("permalink").verbose_name), "url"),
    ]
    rows = []
    for block in networks:
        for measure in block.measures:
            for side_label, posts in measure.groups:
                for position, post in enumerate(posts, start=1):
                    rows.append(
                        [
                            *(post.caption, block.network_label, f"@{post.handle}"),
                            *(measure.label, side_label, position, post.media_label or None),
                            *(post.published_at, post.likes, post.comments, post.shares),
                            *(post.interactions, post.followers, post.engagement_rate),
                            post.url or None,
                        ]
                    )
    return Table(slug="posts", title=_("Publications du mois"), columns=columns, rows=rows)


# --- heatmap --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HeatCell:
    hour: int
    posts: int
    rated: int  # posts whose engagement rate is known
    engagement_rate: float | None  # mean over the rated posts
    level: int  # 0: no post or no known rate; 1 … LEVELS: share of the highest mean


@dataclass(frozen=True, slots=True)
class HeatDay:
    weekday: int  # 0 = Monday
    label: str
    cells: list[HeatCell]  # 24, from 0 h to 23 h (Europe/Paris)


@dataclass(frozen=True, slots=True)
class Heatmap:
    first: dt.date  # the window's days (Europe/Paris), both included
    last: dt.date
    days: list[HeatDay]  # Monday → Sunday
    posts: int
    highest: float | None  # the highest mean rate of a cell

    @property
    def hours(self) -> range:
        return range(24)

    @property
    def legend(self) -> list[tuple[int, float, float]]:
        """(level, lowest, highest mean rate) of each colour level (none without a rate)."""
        if not self.highest:
            return []
        step = self.highest / LEVELS
        return [(level, (level - 1) * step, level * step) for level in range(1, LEVELS + 1)]

    def table(self) -> Table:
        """One row per day and hour (168), for the exports."""
        columns = [
            Column(_("Jour")),
            Column(_("Heure"), "integer"),
            Column(_("Publications"), "count"),
            Column(_("Taux d'engagement moyen"), "percent", 2),
        ]
        rows = [
            [day.label, cell.hour, cell.posts, cell.engagement_rate]
            for day in self.days
            for cell in day.cells
        ]
        title = _("Engagement par jour et heure")
        return Table(slug="heatmap", title=title, columns=columns, rows=rows)


def _level(rate: float | None, highest: float | None) -> int:
    if rate is None:
        return 0
    if not highest:
        return 1
    return min(LEVELS, max(1, math.ceil(LEVELS * rate / highest)))


def engagement_heatmap(*, territory: Territory, until: dt.date) -> Heatmap:
    """Posts and mean engagement rate per weekday and hour (Europe/Paris) of the
    collectivité's posts published in the HEATMAP_DAYS days ending with `until` (included).
    One aggregate per (profile, month, weekday, hour), then each group's interactions ÷ its
    profile's followers of that month."""
    if isinstance(until, dt.datetime):
        until = until.astimezone(PARIS).date()
    first = until - dt.timedelta(days=HEATMAP_DAYS - 1)
    moment = {"tzinfo": PARIS}
    groups = (
        Post.objects.filter(
            profile__territory=territory,
            published_at__gte=_midnight(first),
            published_at__lt=_midnight(until + dt.timedelta(days=1)),
        )
        .annotate(
            year=ExtractYear("published_at", **moment),
            month=ExtractMonth("published_at", **moment),
            weekday=ExtractIsoWeekDay("published_at", **moment),
            hour=ExtractHour("published_at", **moment),
        )
        .order_by()
        .values_list("profile_id", "year", "month", "weekday", "hour")
        .annotate(
            posts=Count("pk"),
            rated=Count("pk", filter=_KNOWN),
            interactions=Sum(_INTERACTIONS, filter=_KNOWN),
        )
    )
    groups = list(groups)
    followers = _month_followers({row[0] for row in groups}, first=first, last=until)
    posts, rated, rates = defaultdict(int), defaultdict(int), defaultdict(float)
    for profile_id, year, month, weekday, hour, count, known, interactions in groups:
        cell = (weekday - 1, hour)
        posts[cell] += count
        audience = followers.get((profile_id, year, month))
        if known and audience:
            rated[cell] += known
            rates[cell] += interactions / audience
    means = {cell: rates[cell] / rated[cell] for cell in rated}
    highest = max(means.values(), default=None)
    days = [
        HeatDay(
            weekday=weekday,
            label=capfirst(str(WEEKDAYS[weekday])),
            cells=[
                HeatCell(
                    hour=hour,
                    posts=posts.get((weekday, hour), 0),
                    rated=rated.get((weekday, hour), 0),
                    engagement_rate=means.get((weekday, hour)),
                    level=_level(means.get((weekday, hour)), highest),
                )
                for hour in range(24)
            ],
        )
        for weekday in range(7)
    ]
    return Heatmap(first=first, last=until, days=days, posts=sum(posts.values()), highest=highest)
