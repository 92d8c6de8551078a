"""Who is present on which network, with which audience and habits: the plan of the demo
profiles, computed from the registry as plain values (no database), deterministic per seed.

Presence and network shares are drawn by quota inside each stratum (category, villages
apart), so the census figures hold at any scale, not only on average.
"""

import math
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.text import slugify

from observatoire.profiles.models import Network
from observatoire.territories.models import Category

from . import shape


@dataclass(frozen=True, slots=True)
class Place:
    """A collectivité of the registry, as plain values."""

    id: int
    key: str
    name: str
    kind: str
    category: str
    population: int | None

    @property
    def stratum(self) -> str:
        if self.category == Category.PETITE_VILLE and (self.population or 0) < shape.VILLAGE_MAX:
            return shape.VILLAGE
        return self.category


@dataclass(slots=True)
class PlannedProfile:
    place: Place
    network: str
    handle: str
    followers_end: int
    following_end: int | None
    cadence: float  # posts a month
    quality: float  # engagement multiplier of this profile's community
    alt_rate: float  # share of images with a text alternative
    is_principal: bool = True
    label: str = ""
    themes: tuple[str, ...] = ()  # a thematic profile posts on these themes only
    opened_on: date | None = None  # created during the period
    left_on: date | None = None  # stopped posting (left the network)
    unreachable_since: date | None = None  # deleted or renamed, never back
    bought_on: date | None = None
    bought_followers: int = 0
    posts_count_end: int | None = None  # an anchor's published post count
    events: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Period:
    first_month: date
    last_month: date

    @classmethod
    def ending(cls, last_month: date, months: int) -> "Period":
        year, month = last_month.year, last_month.month - (months - 1)
        while month < 1:
            year, month = year - 1, month + 12
        return cls(date(year, month, 1), last_month.replace(day=1))

    @property
    def start(self) -> date:
        return self.first_month

    @property
    def end(self) -> date:
        following = (self.last_month + timedelta(days=32)).replace(day=1)
        return following - timedelta(days=1)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def months(self) -> list[date]:
        months, month = [], self.first_month
        while month <= self.last_month:
            months.append(month)
            month = (month + timedelta(days=32)).replace(day=1)
        return months


def _quota(items: list, rate: float, key) -> list:
    """The round(rate × n) items with the highest key."""
    count = round(rate * len(items))
    return sorted(items, key=key, reverse=True)[:count]


def _handle_base(place: Place) -> str:
    name = slugify(place.name).replace("-", "")
    prefix = {
        "region": "region",
        "departement": "departement",
        Category.GRANDE_VILLE: "ville",
        Category.VILLE_MOYENNE: "ville",
        Category.PETITE_VILLE: "mairie",
    }
    return prefix.get(place.kind, prefix.get(place.category, "")) + name


def _handle(base: str, network: str) -> str:
    if network == Network.BLUESKY:
        return f"{base}.bsky.social"
    if network == Network.MASTODON:
        return f"{base}@mastodon.social"
    return base


def plan_profiles(*, places: list[Place], period: Period, seed: int) -> list[PlannedProfile]:
    """Every demo profile: presence, networks, audience, cadence and the events of the year."""
    draws = {p.id: random.Random(f"{seed}:{p.key}") for p in places}
    activity: dict[int, float] = {}
    networks: dict[int, set[str]] = {}
    by_stratum: dict[str, list[Place]] = {}
    for place in places:
        by_stratum.setdefault(place.stratum, []).append(place)
    for stratum, members in by_stratum.items():
        # Bigger collectivités are likelier to be present and to run more networks.
        score = {
            p.id: math.log((p.population or 0) + 10) + draws[p.id].gauss(0, 1.5) for p in members
        }
        present = _quota(members, shape.PRESENCE[stratum], key=lambda p: score[p.id])
        order = sorted(present, key=lambda p: score[p.id])
        for rank, place in enumerate(order):
            activity[place.id] = (rank + 0.5) / len(order)
            networks[place.id] = set()
        shares = dict(zip(shape.NETWORK_ORDER, shape.NETWORK_SHARES[stratum], strict=True))
        rho = shape.NETWORK_CORRELATION
        for network in shape.NETWORK_ORDER[1:]:
            noise = {p.id: draws[p.id].random() for p in present}
            chosen = _quota(
                present,
                shares[network],
                key=lambda p: rho * activity[p.id] + (1 - rho) * noise[p.id],
            )
            for place in chosen:
                networks[place.id].add(network)
        # Facebook: the few present without it are among those running another network.
        missing = len(present) - round(shares[Network.FACEBOOK] * len(present))
        others = [p for p in present if networks[p.id]]
        shuffled = _quota(others, 1.0, key=lambda p: draws[p.id].random())
        without = {p.id for p in shuffled[:missing]}
        for place in present:
            if place.id not in without:
                networks[place.id].add(Network.FACEBOOK)
    by_key = {p.key: p for p in places}
    for territory_key, network, label in shape.ANCHORS:
        if territory_key in by_key and not label:
            networks.setdefault(by_key[territory_key].id, set()).add(network)

    planned = []
    used_handles: set[tuple[str, str]] = set()
    for place in sorted((p for p in places if p.id in networks), key=lambda p: p.key):
        rng = draws[place.id]
        base = _handle_base(place)
        if (Network.FACEBOOK, base) in used_handles:
            base = f"{base}{place.key.partition(':')[2]}"
        for network in shape.NETWORK_ORDER:
            if network in networks[place.id]:
                used_handles.add((network, base))
                planned.append(_profile(place, network, _handle(base, network), rng, activity))
        planned.extend(_secondary_profiles(place, base, rng, activity))
    _apply_anchors(planned)
    _apply_events(planned, period, seed)
    return planned


def _audience(place: Place, network: str, rng: random.Random) -> int:
    population = place.population or 1_000
    relative = shape.NETWORK_AUDIENCE[network][0]
    mean = shape.AUDIENCE_SCALE * population**shape.AUDIENCE_EXPONENT
    mean *= shape.CATEGORY_AUDIENCE[place.category] * relative
    return max(15, round(mean * math.exp(rng.gauss(0, shape.AUDIENCE_NOISE))))


def _profile(
    place: Place, network: str, handle: str, rng: random.Random, activity: dict[int, float]
) -> PlannedProfile:
    typical_following = shape.NETWORK_AUDIENCE[network][2]
    following = (
        None
        if typical_following is None
        else max(1, round(typical_following * math.exp(rng.gauss(0, 0.6))))
    )
    cadence = shape.CADENCE[place.stratum] * shape.NETWORK_CADENCE[network]
    cadence *= (0.6 + 0.8 * activity.get(place.id, 0.5)) * math.exp(rng.gauss(0, 0.35))
    # Most profiles rarely describe their images; a few do it almost always.
    alt_rate = 0.85 + 0.1 * rng.random() if rng.random() < 0.15 else 0.3 * rng.random()
    return PlannedProfile(
        place=place,
        network=network,
        handle=handle,
        followers_end=_audience(place, network, rng),
        following_end=following,
        cadence=max(0.7, cadence),
        quality=math.exp(rng.gauss(0, 0.4)),
        alt_rate=alt_rate,
    )


def _secondary_profiles(
    place: Place, base: str, rng: random.Random, activity: dict[int, float]
) -> list[PlannedProfile]:
    if place.category not in (Category.DEPARTEMENT, Category.GRANDE_VILLE, Category.METROPOLE):
        return []
    anchored = {(key, label) for key, _network, label in shape.ANCHORS if label}
    profiles = []
    for label, suffix, network, themes, share in shape.SECONDARY_PROFILES:
        if rng.random() < share or (place.key, label) in anchored:
            profile = _profile(place, network, _handle(base + suffix, network), rng, activity)
            profile.is_principal = False
            profile.label = label
            profile.themes = themes
            profile.followers_end = max(15, profile.followers_end // 6)
            profiles.append(profile)
    return profiles


def _apply_anchors(planned: list[PlannedProfile]) -> None:
    for profile in planned:
        figures = shape.ANCHORS.get((profile.place.key, profile.network, profile.label))
        if figures:
            profile.followers_end = figures["followers"]
            profile.following_end = figures.get("following", profile.following_end)
            profile.posts_count_end = figures.get("posts_count")
            profile.events.append("anchor")


def _apply_events(planned: list[PlannedProfile], period: Period, seed: int) -> None:
    rng = random.Random(f"{seed}:events")
    anchors = {id(p) for p in planned if "anchor" in p.events}
    visible = {
        Category.REGION,
        Category.DEPARTEMENT,
        Category.METROPOLE,
        Category.GRANDE_VILLE,
        Category.VILLE_MOYENNE,
        Category.COMMUNAUTE_AGGLOMERATION,
    }
    principal = [p for p in planned if p.is_principal and id(p) not in anchors]
    # Several collectivités leave X in January and open Bluesky or Mastodon.
    if period.start <= shape.X_EXODUS_DAY <= period.end:
        on_x = [p for p in principal if p.network == Network.X and p.place.category in visible]
        count = min(shape.X_EXODUS_COUNT, max(2, round(0.04 * len(on_x))))
        present = {(p.place.id, p.network) for p in planned if p.is_principal}
        for profile in rng.sample(on_x, min(count, len(on_x))):
            profile.left_on = shape.X_EXODUS_DAY
            profile.events.append("left_x")
            for network in (Network.BLUESKY, Network.MASTODON):
                if (profile.place.id, network) not in present:
                    base = profile.handle
                    opened = _profile(profile.place, network, _handle(base, network), rng, {})
                    opened.opened_on = shape.X_EXODUS_DAY + timedelta(days=rng.randint(0, 10))
                    opened.followers_end = max(40, profile.followers_end // rng.randint(8, 20))
                    opened.events.append("opened_after_x")
                    planned.append(opened)
                    present.add((profile.place.id, network))
                    break
    # A few pages are deleted or renamed and stay unreachable.
    middle = [period.start + timedelta(days=d) for d in range(60, max(61, period.days - 30))]
    count = max(1, round(shape.UNREACHABLE_COUNT * len(principal) / 9_000))
    candidates = [p for p in principal if not p.events]
    for profile in rng.sample(candidates, min(count, len(candidates))):
        profile.unreachable_since = rng.choice(middle)
        profile.events.append("unreachable")
    # Two or three profiles buy followers.
    count = max(1, round(shape.BOUGHT_FOLLOWERS_COUNT * len(principal) / 9_000))
    buyers = [
        p
        for p in principal
        if not p.events
        and p.network in (Network.FACEBOOK, Network.INSTAGRAM, Network.X)
        and p.place.category in visible
    ]
    for profile in rng.sample(buyers, min(count, len(buyers))):
        profile.bought_on = rng.choice(middle)
        profile.bought_followers = round(profile.followers_end * rng.uniform(0.6, 1.2))
        profile.followers_end += profile.bought_followers
        profile.events.append("bought_followers")
