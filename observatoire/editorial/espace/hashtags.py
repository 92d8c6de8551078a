"""Every hashtag a collectivité used over a period: its posts, their interactions and mean
engagement rate, the networks it was used on, its first and last use in the period, and
whether it is one of the collectivité's branded hashtags (editorial.models.BrandedHashtag).

Read from PostHashtag joined to the posts, aggregated by the database per (hashtag, profile,
Paris month) — the months divide interactions by the followers of their profile — so the
rows read grow with the hashtags and months of the period, not with its posts. A post is
counted once per hashtag (hashtags are keyed case-insensitively); its interactions count
for each hashtag it carries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Q, Sum
from django.db.models.functions import Coalesce, ExtractMonth, ExtractYear
from django.utils.translation import gettext as _

from observatoire.dashboard.tables import Column, Table
from observatoire.territories.models import Territory

from ..models import BrandedHashtag, PostHashtag
from .common import NETWORK_LABELS, PARIS, mean, midnight, month_followers, profiles_of

DEFAULT_DAYS = 90
# The orders a visitor may ask for (GET `tri`); the page offers text ascending and figures
# descending first.
SORTS = ("tag", "posts", "interactions", "engagement", "networks", "first", "last")
DEFAULT_SORT = "posts"

_KNOWN = (
    Q(post__likes__isnull=False) | Q(post__comments__isnull=False) | Q(post__shares__isnull=False)
)
_INTERACTIONS = (
    Coalesce("post__likes", 0) + Coalesce("post__comments", 0) + Coalesce("post__shares", 0)
)


@dataclass(frozen=True, slots=True)
class HashtagLine:
    key: str  # casefolded, without '#'
    tag: str  # as written last in the period, without '#'
    posts: int
    measured: int  # posts whose interactions are known
    interactions: int | None  # unknown when no post's interactions are known
    engagement_rate: float | None  # mean over the posts whose rate is known
    networks: tuple[str, ...]  # network values, in the order of the networks
    first_used: dt.datetime
    last_used: dt.datetime
    branded: bool

    @property
    def network_labels(self) -> list[str]:
        return [NETWORK_LABELS.get(network, network) for network in self.networks]


_VALUES = {
    "tag": lambda line: line.key,
    "posts": lambda line: line.posts,
    "interactions": lambda line: line.interactions,
    "engagement": lambda line: line.engagement_rate,
    "networks": lambda line: len(line.networks),
    "first": lambda line: line.first_used,
    "last": lambda line: line.last_used,
}


def hashtags_sorted(lines: list[HashtagLine], *, sort: str, descending: bool) -> list[HashtagLine]:
    """The lines in the order asked (`sort` one of SORTS), ties by name; unknown values
    always last."""
    value = _VALUES[sort]
    known = sorted((line for line in lines if value(line) is not None), key=_VALUES["tag"])
    known.sort(key=value, reverse=descending)  # stable: ties stay by name
    unknown = sorted((line for line in lines if value(line) is None), key=_VALUES["tag"])
    return known + unknown


def hashtag_list(
    *, territory: Territory, first: dt.date, last: dt.date, networks: list[str] | None = None
) -> list[HashtagLine]:
    """Every hashtag of the collectivité's posts published from `first` to `last` (Paris days,
    both included), on its networks or those of `networks`, by posts then name. Four
    queries: profiles, the aggregate, the months' followers, the branded hashtags."""
    profiles = profiles_of(territory=territory)
    wanted = [pk for pk, line in profiles.items() if not networks or line.network in networks]
    moment = {"tzinfo": PARIS}
    groups = list(
        PostHashtag.objects.filter(
            territory=territory,
            profile_id__in=wanted,
            published_at__gte=midnight(first),
            published_at__lt=midnight(last + dt.timedelta(days=1)),
        )
        .annotate(
            year=ExtractYear("published_at", **moment),
            month=ExtractMonth("published_at", **moment),
        )
        .order_by()
        .values_list("key", "profile_id", "year", "month")
        .annotate(
            posts=Count("pk"),
            measured=Count("pk", filter=_KNOWN),
            interactions=Sum(_INTERACTIONS, filter=_KNOWN),
            first=Min("published_at"),
            last=Max("published_at"),
            spelling=Max("tag"),
        )
    )
    followers = month_followers({(row[1], row[2], row[3]) for row in groups})
    branded = set(BrandedHashtag.objects.filter(territory=territory).values_list("key", flat=True))
    merged: dict[str, dict] = {}
    for (
        key,
        profile_id,
        year,
        month,
        posts,
        measured,
        interactions,
        at_first,
        at_last,
        tag,
    ) in groups:
        line = merged.setdefault(
            key,
            {
                "posts": 0,
                "measured": 0,
                "interactions": None,
                "rates": 0.0,
                "rated": 0,
                "networks": set(),
                "first": at_first,
                "last": at_last,
                "tag": tag,
            },
        )
        line["posts"] += posts
        line["networks"].add(profiles[profile_id].network)
        line["first"] = min(line["first"], at_first)
        if at_last >= line["last"]:
            line["last"], line["tag"] = at_last, tag
        if measured:
            line["measured"] += measured
            line["interactions"] = (line["interactions"] or 0) + interactions
            audience = followers.get((profile_id, year, month))
            if audience:
                line["rates"] += interactions / audience
                line["rated"] += measured
    order = list(NETWORK_LABELS)
    lines = [
        HashtagLine(
            key=key,
            tag=line["tag"],
            posts=line["posts"],
            measured=line["measured"],
            interactions=line["interactions"],
            engagement_rate=mean(line["rates"], line["rated"]),
            networks=tuple(sorted(line["networks"], key=order.index)),
            first_used=line["first"],
            last_used=line["last"],
            branded=key in branded,
        )
        for key, line in merged.items()
    ]
    return hashtags_sorted(lines, sort=DEFAULT_SORT, descending=True)


def hashtags_table(lines: list[HashtagLine]) -> Table:
    """The hashtags as one table for the CSV download, in the order given."""
    columns = [
        Column(_("Hashtag")),
        Column(_("Hashtag de marque")),
        Column(_("Publications"), "count"),
        Column(_("Interactions"), "count"),
        Column(_("Taux d'engagement moyen"), "percent", 2),
        Column(_("Réseaux")),
        Column(_("Première utilisation"), "datetime"),
        Column(_("Dernière utilisation"), "datetime"),
    ]
    rows = [
        [
            f"#{line.tag}",
            _("oui") if line.branded else _("non"),
            line.posts,
            line.interactions,
            line.engagement_rate,
            ", ".join(line.network_labels),
            line.first_used,
            line.last_used,
        ]
        for line in lines
    ]
    return Table(slug="hashtags", title=_("Hashtags"), columns=columns, rows=rows)
