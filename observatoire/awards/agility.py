"""The indice d'agilité of the hashtag d'or: how present, regular, growing and distinct a
collectivité is across the networks relevant to its type over an edition's period.

`agility_index` is pure maths on plain values (no ORM: tested with hand-made data and
hypothesis); `agility_read` reads what it needs for a set of collectivités in four queries,
whatever their number. The rules, in one place:

- presence: (core networks with an active principal profile + BONUS_VALUE × bonus networks
  with one) ÷ core networks, capped at 1; the networks per ranking category are
  RELEVANT_NETWORKS. Networks outside the table are not counted anywhere.
- regularity: per network present, the share of the period's weeks (Monday to Sunday, Paris
  days, weeks cut by the period's ends included) with at least one post; their mean.
- growth: per network present, followers' growth between the first and the last snapshot
  of the period (at least GROWTH_MIN_DAYS apart, from at least one follower); GROWTH_FULL
  or more gives full marks, a loss none; the mean over the networks measured. Not measured
  anywhere: unknown, and the index is computed on the other components.
- editorial: 1 − the mean similarity of every pair of networks with EDITORIAL_MIN_POSTS
  posts or more in the period. A pair's similarity is the mean of the Jaccard similarity of
  their hashtag sets, of their caption vocabularies, the overlap of their media-type mixes
  and the overlap of their mixes of editorial themes (editorial.PostAnalysis: the lexicon's
  classification), over their `k` most recent posts each (`k`: the smaller sample, at most
  EDITORIAL_SAMPLE). Fewer than two such networks: 0 (one line cannot be distinct).
- index: 100 × Σ weight × component ÷ Σ weight over the known components (WEIGHTS).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import combinations
from zoneinfo import ZoneInfo

from django.db.models import F, Q, Window
from django.db.models.functions import Left, RowNumber, TruncWeek

from observatoire.metrics.models import Post, PostDailyRollup, Snapshot
from observatoire.profiles.models import Network, Profile
from observatoire.territories.models import Category

PARIS = ZoneInfo("Europe/Paris")

WEIGHTS = {"presence": 30, "regularity": 30, "growth": 15, "editorial": 25}
BONUS_VALUE = 0.5  # a bonus network counts for half a core network
GROWTH_FULL = 0.20  # +20 % of followers over the period: full marks
GROWTH_MIN_DAYS = 28  # two snapshots closer than this say nothing about growth
EDITORIAL_MIN_POSTS = 5  # a network with fewer posts in the period has no line to compare
EDITORIAL_SAMPLE = 50  # most recent posts read per network
CAPTION_CHARACTERS = 1000  # of each caption, for its vocabulary


@dataclass(frozen=True)
class Relevant:
    """The networks that count for a type of collectivité: all of `core` makes full presence;
    each of `bonus` counts for BONUS_VALUE of a core network."""

    core: tuple[str, ...]
    bonus: tuple[str, ...]

    @property
    def networks(self) -> tuple[str, ...]:
        return self.core + self.bonus


_N = Network
_LARGE = Relevant(
    core=(_N.FACEBOOK, _N.INSTAGRAM, _N.X, _N.LINKEDIN, _N.YOUTUBE, _N.TIKTOK),
    bonus=(_N.BLUESKY, _N.THREADS, _N.SNAPCHAT, _N.MASTODON),
)
_MEDIUM = Relevant(
    core=(_N.FACEBOOK, _N.INSTAGRAM, _N.X, _N.LINKEDIN, _N.YOUTUBE),
    bonus=(_N.TIKTOK, _N.BLUESKY, _N.THREADS, _N.SNAPCHAT, _N.MASTODON),
)
_SMALL_BONUS = (_N.X, _N.YOUTUBE, _N.TIKTOK, _N.BLUESKY, _N.THREADS, _N.SNAPCHAT, _N.MASTODON)
# The one declaration of the networks relevant to each ranking category.
RELEVANT_NETWORKS: dict[str, Relevant] = {
    Category.REGION: _LARGE,
    Category.DEPARTEMENT: _LARGE,
    Category.METROPOLE: _LARGE,
    Category.COMMUNAUTE_URBAINE: _LARGE,
    Category.GRANDE_VILLE: _LARGE,
    Category.COMMUNAUTE_AGGLOMERATION: _MEDIUM,
    Category.VILLE_MOYENNE: _MEDIUM,
    Category.COMMUNAUTE_COMMUNES: Relevant(
        core=(_N.FACEBOOK, _N.INSTAGRAM, _N.LINKEDIN),
        bonus=tuple(n for n in _SMALL_BONUS if n != _N.LINKEDIN),
    ),
    Category.PETITE_VILLE: Relevant(
        core=(_N.FACEBOOK, _N.INSTAGRAM), bonus=(_N.LINKEDIN, *_SMALL_BONUS)
    ),
}
ALL_RELEVANT = sorted({n for relevant in RELEVANT_NETWORKS.values() for n in relevant.networks})


@dataclass(frozen=True)
class PostSample:
    text: str = ""
    hashtags: tuple[str, ...] = ()
    media_type: str = ""
    themes: int | None = None  # bit set of its editorial themes; None: not analysed


@dataclass(frozen=True)
class Audience:
    """The first and the last followers' count of the period, with their days."""

    first_day: date
    first: int
    last_day: date
    last: int


@dataclass(frozen=True)
class NetworkActivity:
    """What the index reads of one network a collectivité is present on."""

    active_weeks: frozenset[date] = frozenset()  # Mondays of the weeks with ≥ 1 post
    audience: Audience | None = None
    posts: tuple[PostSample, ...] = ()  # newest first


@dataclass(frozen=True)
class AgilityIndex:
    score: float  # 0–100, one decimal
    presence: float
    regularity: float
    growth: float | None
    editorial: float
    networks: tuple[dict, ...] = ()
    similarities: dict[str, float] = field(default_factory=dict)  # "facebook/instagram" → 0–1

    def evidence(self) -> dict:
        """The index and its components as plain JSON values, as staff see them."""
        return {
            "agility": self.score,
            "presence": round(self.presence, 3),
            "regularity": round(self.regularity, 3),
            "growth": None if self.growth is None else round(self.growth, 3),
            "editorial": round(self.editorial, 3),
            "networks": [dict(item) for item in self.networks],
            "similarities": dict(self.similarities),
        }


def week_of(day: date) -> date:
    """The Monday of the day's week."""
    return day - timedelta(days=day.weekday())


def period_weeks(start: date, end: date) -> int:
    """The weeks the period touches (its first and last may be partial)."""
    return (week_of(end) - week_of(start)).days // 7 + 1


def presence(*, present: Collection[str], relevant: Relevant) -> float:
    core = sum(1 for network in relevant.core if network in present)
    bonus = sum(1 for network in relevant.bonus if network in present)
    return min(1.0, (core + BONUS_VALUE * bonus) / len(relevant.core))


def regularity(*, active_weeks: Collection[date], start: date, end: date) -> float:
    first, last = week_of(start), week_of(end)
    active = {week_of(week) for week in active_weeks if first <= week_of(week) <= last}
    return len(active) / period_weeks(start, end)


def growth_rate(audience: Audience | None) -> float | None:
    """Relative growth of the followers (0.05 = +5 %); None when it cannot be measured."""
    if audience is None or audience.first <= 0:
        return None
    if (audience.last_day - audience.first_day).days < GROWTH_MIN_DAYS:
        return None
    return (audience.last - audience.first) / audience.first


def growth_points(rate: float) -> float:
    return min(1.0, max(0.0, rate / GROWTH_FULL))


_URL_OR_TAG = re.compile(r"https?://\S+|[#@]\w+")
_WORD = re.compile(r"[^\W\d_]{4,}")
_FUNCTION_WORDS = (
    "avec cette dans depuis elle elles être leur leurs mais nous notre pour plus sans sont "
    "sous tout tous toute toutes très vous votre aussi comme chez entre encore faire fait "
    "ainsi alors avant après bien même déjà this that with from your"
)
STOPWORDS = frozenset(_FUNCTION_WORDS.split())


def words(text: str) -> frozenset[str]:
    """A caption's vocabulary: its words of four letters or more, lower case, without links,
    hashtags, mentions and the commonest function words."""
    found = _WORD.findall(_URL_OR_TAG.sub(" ", text.lower()))
    return frozenset(word for word in found if word not in STOPWORDS)


def jaccard(a: Collection, b: Collection) -> float | None:
    """|a ∩ b| ÷ |a ∪ b|; None when both are empty (nothing to compare)."""
    union = len(set(a) | set(b))
    return len(set(a) & set(b)) / union if union else None


def media_overlap(a: Iterable[str], b: Iterable[str]) -> float | None:
    """Σ min(share in a, share in b) over media types (1: the same mix); unknown types left
    out; None when a side has no known type."""
    count_a, count_b = Counter(t for t in a if t), Counter(t for t in b if t)
    total_a, total_b = sum(count_a.values()), sum(count_b.values())
    if not total_a or not total_b:
        return None
    return sum(min(count_a[t] / total_a, count_b[t] / total_b) for t in count_a)


def theme_overlap(a: Iterable[int | None], b: Iterable[int | None]) -> float | None:
    """Σ min(share in a, share in b) over editorial themes, each post counting once for each
    of its themes (1: the same mix); None when a side has no post with a theme."""
    count_a, count_b = _theme_counts(a), _theme_counts(b)
    total_a, total_b = sum(count_a.values()), sum(count_b.values())
    if not total_a or not total_b:
        return None
    return sum(min(count_a[t] / total_a, count_b[t] / total_b) for t in count_a)


def _theme_counts(masks: Iterable[int | None]) -> Counter:
    return Counter(
        bit for mask in masks if mask for bit in range(mask.bit_length()) if mask >> bit & 1
    )


@dataclass(frozen=True)
class _Features:
    """Per post of a network, newest first: its hashtags (lower case), vocabulary, media,
    themes."""

    tags: tuple[frozenset[str], ...]
    words: tuple[frozenset[str], ...]
    media: tuple[str, ...]
    themes: tuple[int | None, ...]

    @classmethod
    def of(cls, posts: Sequence[PostSample]) -> _Features:
        posts = posts[:EDITORIAL_SAMPLE]
        return cls(
            tags=tuple(frozenset(t.lower() for t in p.hashtags) for p in posts),
            words=tuple(words(p.text) for p in posts),
            media=tuple(p.media_type for p in posts),
            themes=tuple(p.themes for p in posts),
        )


def _similarity(a: _Features, b: _Features) -> float:
    k = min(len(a.media), len(b.media))
    parts = [
        jaccard(frozenset().union(*a.tags[:k]), frozenset().union(*b.tags[:k])),
        jaccard(frozenset().union(*a.words[:k]), frozenset().union(*b.words[:k])),
        media_overlap(a.media[:k], b.media[:k]),
        theme_overlap(a.themes[:k], b.themes[:k]),
    ]
    known = [part for part in parts if part is not None]
    return sum(known) / len(known) if known else 1.0


def similarity(a: Sequence[PostSample], b: Sequence[PostSample]) -> float:
    """How alike two networks' posts are (0–1): the mean of the Jaccard similarities of
    their hashtags and vocabularies and of the overlaps of their media and theme mixes (each
    left out when a side has none), over the `k` most recent posts of each."""
    return _similarity(_Features.of(a), _Features.of(b))


def editorial(posts: Mapping[str, Sequence[PostSample]]) -> tuple[float, dict[str, float]]:
    """1 − the mean pairwise similarity of the networks with enough posts, and each pair's
    similarity ("facebook/instagram" → 0–1); 0 with fewer than two such networks."""
    counted = sorted(n for n, sample in posts.items() if len(sample) >= EDITORIAL_MIN_POSTS)
    features = {network: _Features.of(posts[network]) for network in counted}
    pairs = {f"{a}/{b}": _similarity(features[a], features[b]) for a, b in combinations(counted, 2)}
    if not pairs:
        return 0.0, {}
    return 1.0 - sum(pairs.values()) / len(pairs), pairs


def combine(components: Mapping[str, float | None]) -> float:
    """0–100: the weighted mean of the known components (WEIGHTS), one decimal."""
    known = {name: value for name, value in components.items() if value is not None}
    total = sum(WEIGHTS[name] for name in known)
    return round(100 * sum(WEIGHTS[n] * v for n, v in known.items()) / total, 1) if total else 0.0


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def agility_index(
    *, category: str, activity: Mapping[str, NetworkActivity], start: date, end: date
) -> AgilityIndex:
    """The index of a collectivité of ranking `category` present (active principal profile)
    on the networks of `activity`, over the period start…end."""
    relevant = RELEVANT_NETWORKS[category]
    present = [network for network in relevant.networks if network in activity]
    weeks = period_weeks(start, end)
    rows, regular, grown = [], [], []
    for network in present:
        item = activity[network]
        share = regularity(active_weeks=item.active_weeks, start=start, end=end)
        rate = growth_rate(item.audience)
        regular.append(share)
        if rate is not None:
            grown.append(growth_points(rate))
        rows.append(_network_evidence(network, relevant, item, share, rate, weeks))
    distinct, pairs = editorial({n: activity[n].posts for n in present})
    components = {
        "presence": presence(present=present, relevant=relevant),
        "regularity": _mean(regular) or 0.0,
        "growth": _mean(grown),
        "editorial": distinct,
    }
    return AgilityIndex(
        score=combine(components),
        networks=tuple(rows),
        similarities={pair: round(value, 3) for pair, value in pairs.items()},
        **components,
    )


def _network_evidence(network, relevant, item, share, rate, weeks) -> dict:
    audience = item.audience
    return {
        "network": str(network),
        "core": network in relevant.core,
        "weeks_active": round(share * weeks),
        "weeks": weeks,
        "followers_first": audience.first if audience else None,
        "followers_last": audience.last if audience else None,
        "growth": None if rate is None else round(rate, 4),
        "growth_percent": None if rate is None else round(100 * rate, 1),
        "posts_compared": len(item.posts),
    }


# --- Reads -------------------------------------------------------------------------------


def paris_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """The period as aware datetimes: Paris midnight of `start`, of the day after `end`."""
    return (
        datetime.combine(start, time(), PARIS),
        datetime.combine(end + timedelta(days=1), time(), PARIS),
    )


def agility_read(*, territories: Iterable, start: date, end: date) -> dict[int, AgilityIndex]:
    """Territory id → its index over start…end, for every territory given (four queries:
    profiles, weeks with posts, first and last snapshots, recent posts)."""
    territories = list(territories)
    profiles = Profile.objects.filter(
        territory__in=[t.pk for t in territories],
        is_principal=True,
        status=Profile.Status.ACTIVE,
        network__in=ALL_RELEVANT,
    ).values_list("pk", "territory_id", "network")
    network_of = {pk: (territory_id, network) for pk, territory_id, network in profiles}
    ids = list(network_of)
    weeks: dict[int, set[date]] = {pk: set() for pk in ids}
    for pk, week in (
        PostDailyRollup.objects.filter(profile_id__in=ids, day__range=(start, end), posts__gt=0)
        .annotate(week=TruncWeek("day"))
        .values_list("profile_id", "week")
        .distinct()
    ):
        weeks[pk].add(week)
    audiences = _audiences(ids, start, end)
    posts = _post_samples(ids, start, end)
    activity: dict[int, dict[str, NetworkActivity]] = {t.pk: {} for t in territories}
    for pk, (territory_id, network) in network_of.items():
        activity[territory_id][network] = NetworkActivity(
            active_weeks=frozenset(weeks[pk]),
            audience=audiences.get(pk),
            posts=tuple(posts.get(pk, ())),
        )
    return {
        t.pk: agility_index(category=t.category, activity=activity[t.pk], start=start, end=end)
        for t in territories
    }


def _audiences(ids: list[int], start: date, end: date) -> dict[int, Audience]:
    by_date = F("date")
    rows = (
        Snapshot.objects.filter(profile_id__in=ids, date__range=(start, end))
        .annotate(
            oldest=Window(RowNumber(), partition_by=[F("profile_id")], order_by=by_date.asc()),
            newest=Window(RowNumber(), partition_by=[F("profile_id")], order_by=by_date.desc()),
        )
        .filter(Q(oldest=1) | Q(newest=1))
        .order_by("profile_id", "date")
        .values_list("profile_id", "date", "followers")
    )
    readings: dict[int, list[tuple[date, int]]] = {}
    for pk, day, followers in rows:
        readings.setdefault(pk, []).append((day, followers))
    return {
        pk: Audience(
            first_day=found[0][0], first=found[0][1], last_day=found[-1][0], last=found[-1][1]
        )
        for pk, found in readings.items()
    }


def _post_samples(ids: list[int], start: date, end: date) -> dict[int, list[PostSample]]:
    after, before = paris_bounds(start, end)
    rows = (
        Post.objects.filter(profile_id__in=ids, published_at__gte=after, published_at__lt=before)
        .annotate(
            recent=Window(
                RowNumber(),
                partition_by=[F("profile_id")],
                order_by=[F("published_at").desc(), F("pk").desc()],
            ),
            caption=Left("text", CAPTION_CHARACTERS),
        )
        .filter(recent__lte=EDITORIAL_SAMPLE)
        .order_by("profile_id", "recent")
        .values_list("profile_id", "caption", "hashtags", "media_type", "analysis__themes")
    )
    samples: dict[int, list[PostSample]] = {}
    for pk, caption, hashtags, media_type, themes in rows:
        sample = PostSample(
            text=caption or "",
            hashtags=tuple(hashtags or ()),
            media_type=media_type,
            themes=themes,
        )
        samples.setdefault(pk, []).append(sample)
    return samples
