"""What the pages of Mon espace › Publications share: the collectivité's profiles, Paris
months and days, the followers that divide interactions into engagement rates.

Figures follow the dashboard (dashboard.posts): a post's interactions are likes + comments +
shares (an unknown count adds 0; all three unknown: unknown), its engagement rate its
interactions ÷ the followers of its profile at the latest snapshot of the post's Paris
calendar month (unknown without a snapshot, or with 0 followers)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language

from observatoire.dashboard.posts import PARIS
from observatoire.metrics.models import Snapshot
from observatoire.profiles.models import Network, Profile
from observatoire.territories.models import Territory

from ..models import Theme

NETWORK_LABELS = dict(Network.choices)


@dataclass(frozen=True, slots=True)
class ProfileLine:
    pk: int
    network: str
    handle: str
    label: str  # a thematic profile's theme ("Info routes"), "" for a principal one
    is_principal: bool


def profiles_of(*, territory: Territory) -> dict[int, ProfileLine]:
    """Profile id -> its line, for every profile of the collectivité (followed or not any
    more: their history stays theirs), in the order of the networks then principal first."""
    rows = Profile.objects.filter(territory=territory).values_list(
        "pk", "network", "handle", "label", "is_principal"
    )
    order = {network: index for index, network in enumerate(Network.values)}
    lines = sorted(
        (ProfileLine(*row) for row in rows),
        key=lambda line: (order.get(line.network, len(order)), not line.is_principal, line.pk),
    )
    return {line.pk: line for line in lines}


def networks_of(profiles: dict[int, ProfileLine]) -> list[tuple[str, str]]:
    """(network, label) of the networks where the collectivité has a profile, in order."""
    present = {line.network for line in profiles.values()}
    return [(network, label) for network, label in Network.choices if network in present]


def today() -> dt.date:
    return timezone.now().astimezone(PARIS).date()


def midnight(day: dt.date) -> dt.datetime:
    """The first instant of a Paris day."""
    return dt.datetime.combine(day, dt.time(), tzinfo=PARIS)


def month_add(month: dt.date, count: int) -> dt.date:
    """The first day of the month `count` months after (before, if negative) `month`'s."""
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def month_last_day(month: dt.date) -> dt.date:
    return month_add(month, 1) - dt.timedelta(days=1)


def theme_names() -> dict[str, str]:
    """Theme id (as the rollups key it) -> its name in the active language."""
    english = (get_language() or "fr").startswith("en")
    rows = Theme.objects.values_list("pk", "name", "name_en")
    return {str(pk): (name_en or name) if english else name for pk, name, name_en in rows}


INTERACTIONS_KNOWN = Q(likes__isnull=False) | Q(comments__isnull=False) | Q(shares__isnull=False)
INTERACTIONS = Coalesce("likes", 0) + Coalesce("comments", 0) + Coalesce("shares", 0)


def month_followers(pairs: set[tuple[int, int, int]]) -> dict[tuple[int, int, int], int]:
    """(profile id, year, month) -> followers at the profile's latest snapshot of that Paris
    month, for the pairs asked: one query reading only the months asked."""
    if not pairs:
        return {}
    months = {dt.date(year, month, 1) for _profile, year, month in pairs}
    within = Q()
    for month in months:
        within |= Q(date__gte=month, date__lte=month_last_day(month))
    rows = (
        Snapshot.objects.filter(within, profile_id__in={profile for profile, *_month in pairs})
        .order_by("date")
        .values_list("profile_id", "date", "followers")
    )
    return {(profile, day.year, day.month): followers for profile, day, followers in rows}


def mean(total: float, count: int) -> float | None:
    return total / count if count else None


def share(part: int, whole: int) -> float | None:
    """part ÷ whole as a fraction (0.4 for 40 %); None when there is no whole."""
    return part / whole if whole else None
