"""Reads of a collectivité's dossiers (candidatures to the #Hashtags) for Mon espace: the
editions it may enter, its dossiers, the categories it is eligible for, and the figures its
operations obtained from their matched posts.

Figures follow the dashboard (dashboard.posts): a post's interactions are likes + comments +
shares (an unknown count adds 0; all three unknown: unknown), its engagement rate is its
interactions ÷ the followers of its profile at the latest snapshot of the post's calendar
month (Europe/Paris). A group of links (an operation, an audience, the dossier) counts each
matched post once: its interactions and views are the sums of the known values (unknown when
none is known), its engagement rate the mean of its posts' known rates. Three queries
whatever the size of the dossier: operations, links with their posts, snapshots.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from observatoire.dashboard.posts import PARIS, interactions_of, rate_of
from observatoire.metrics.models import Snapshot
from observatoire.profiles.models import Network
from observatoire.site.templatetags.site_tags import safe_url
from observatoire.territories.models import Territory

from .links import Kind
from .models import AwardCategory, Dossier, Edition, Operation, OperationLink

# Links naming an account (a profile, its stories), not a publication: never matched, left out
# of the links counted.
ACCOUNT_KINDS = Kind.ACCOUNT_ONLY


# --- editions, dossiers, categories ---------------------------------------------------


@dataclass(frozen=True, slots=True)
class EditionEntry:
    """An edition as the page of a collectivité's dossiers lists it."""

    edition: Edition
    dossier: Dossier | None
    is_open: bool  # its call for entries is open now


def edition_is_open(edition: Edition, *, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return edition.entries_open_at <= now < edition.entries_close_at


def dossier_overview(*, territory: Territory) -> list[EditionEntry]:
    """The editions whose call for entries is open, and the past ones where the collectivité
    has a dossier, most recent first, each with the collectivité's dossier (or None)."""
    now = timezone.now()
    dossiers = {
        dossier.edition_id: dossier
        for dossier in Dossier.objects.filter(territory=territory).prefetch_related("categories")
    }
    editions = Edition.objects.filter(
        Q(entries_open_at__lte=now, entries_close_at__gt=now) | Q(pk__in=list(dossiers))
    ).order_by("-year")
    return [
        EditionEntry(edition, dossiers.get(edition.pk), edition_is_open(edition, now=now))
        for edition in editions
    ]


def edition_get(*, slug: str) -> Edition | None:
    return Edition.objects.filter(slug=slug).first()


def dossier_for_edition(*, edition: Edition, territory: Territory) -> Dossier | None:
    return Dossier.objects.filter(edition=edition, territory=territory).first()


def dossier_get(*, territory: Territory, dossier_id: int) -> Dossier | None:
    """The collectivité's dossier `dossier_id` (None when it is another's)."""
    return (
        Dossier.objects.filter(territory=territory, pk=dossier_id)
        .select_related("edition", "territory", "submitted_by")
        .first()
    )


def operation_get(*, dossier: Dossier, operation_id: int) -> Operation | None:
    operation = Operation.objects.filter(dossier=dossier, pk=operation_id).first()
    if operation is not None:
        operation.dossier = dossier  # already read, with its edition
    return operation


def link_get(*, operation: Operation, link_id: int) -> OperationLink | None:
    link = OperationLink.objects.filter(operation=operation, pk=link_id).first()
    if link is not None:
        link.operation = operation
    return link


def operation_link_urls(*, operation: Operation) -> list[str]:
    return list(operation.links.order_by("position", "pk").values_list("url", flat=True))


def category_is_eligible(category: AwardCategory, territory: Territory) -> bool:
    """Whether the collectivité may enter `category` with a dossier: not an agility prize
    (its nominees come from the data) and open to its type (no list: open to all)."""
    return category.kind != AwardCategory.Kind.AGILITY and (
        not category.territory_categories or territory.category in category.territory_categories
    )


def category_eligible_list(*, edition: Edition, territory: Territory) -> list[AwardCategory]:
    """The categories of the edition the collectivité may enter, in the edition's order."""
    categories = AwardCategory.objects.filter(edition=edition).order_by("position", "pk")
    return [category for category in categories if category_is_eligible(category, territory)]


def dossier_category_list(*, dossier: Dossier) -> list[AwardCategory]:
    return list(dossier.categories.order_by("position", "pk"))


def dossier_operation_count(*, dossier: Dossier) -> int:
    return dossier.operations.count()


# --- figures ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LinkLine:
    """One link of an operation with what its matched post obtained (None: unknown)."""

    link_id: int
    url: str  # http(s) only, else "" (shown as text)
    text: str  # the link as given, for display (escaped)
    network: str
    network_label: str
    kind: str
    account: str
    is_account: bool  # a profile or a story: names an account, never matched to a post
    post_id: int | None  # the matched post; None: not collected (or an account)
    published_at: dt.datetime | None  # Europe/Paris
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    interactions: int | None = None
    views: int | None = None
    followers: int | None = None
    engagement_rate: float | None = None

    @property
    def matched(self) -> bool:
        return self.post_id is not None

    @property
    def is_profile(self) -> bool:  # the name jury pages read
        return self.is_account


@dataclass(frozen=True, slots=True)
class Figures:
    """What a group of links obtained, each matched post counted once."""

    links: int  # links to publications given (profiles and stories left out)
    matched: int  # distinct posts matched
    interactions: int | None
    views: int | None
    views_known: int  # matched posts whose views are known
    engagement_rate: float | None  # mean of the known rates
    rated: int  # matched posts whose rate is known


@dataclass(frozen=True, slots=True)
class OperationFigures:
    operation: Operation
    networks: list[str]  # labels of the networks used
    links: list[LinkLine]
    figures: Figures


@dataclass(frozen=True, slots=True)
class AudienceFigures:
    audience: str
    label: str
    operations: list[OperationFigures]
    figures: Figures


@dataclass(frozen=True, slots=True)
class DossierFigures:
    audiences: list[AudienceFigures]  # the three audiences, in their order
    figures: Figures  # the dossier's totals
    unmatched: list[LinkLine] = field(default_factory=list)  # publications not collected

    @property
    def operation_count(self) -> int:
        return sum(len(audience.operations) for audience in self.audiences)


def figures_of(lines: list[LinkLine]) -> Figures:
    """The totals of a group of links (module docstring); pure."""
    posts = {line.post_id: line for line in lines if line.matched}
    interactions = [line.interactions for line in posts.values() if line.interactions is not None]
    views = [line.views for line in posts.values() if line.views is not None]
    rates = [line.engagement_rate for line in posts.values() if line.engagement_rate is not None]
    return Figures(
        links=sum(1 for line in lines if not line.is_account),
        matched=len(posts),
        interactions=sum(interactions) if interactions else None,
        views=sum(views) if views else None,
        views_known=len(views),
        engagement_rate=sum(rates) / len(rates) if rates else None,
        rated=len(rates),
    )


_LINK_FIELDS = ("pk", "operation_id", "url", "network", "kind", "account", "post_id")
_POST_FIELDS = (
    "post__profile_id",
    "post__published_at",
    *("post__likes", "post__comments", "post__shares", "post__views"),
)


def _month_end_followers(pairs: set[tuple[int, dt.date]]) -> dict[tuple[int, int, int], int]:
    """(profile id, year, month) -> followers at the profile's latest snapshot of that month,
    for the (profile id, first day of month) pairs asked."""
    if not pairs:
        return {}
    first = min(month for _profile, month in pairs)
    last_month = max(month for _profile, month in pairs)
    last = (last_month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    rows = (
        Snapshot.objects.filter(
            profile_id__in={profile for profile, _month in pairs}, date__gte=first, date__lte=last
        )
        .order_by("date")
        .values_list("profile_id", "date", "followers")
    )
    return {(profile, day.year, day.month): followers for profile, day, followers in rows}


def _link_lines(dossier: Dossier) -> dict[int, list[LinkLine]]:
    """Operation id -> its links with their posts' figures, in the links' order."""
    rows = list(
        OperationLink.objects.filter(operation__dossier=dossier)
        .order_by("operation_id", "position", "pk")
        .values_list(*_LINK_FIELDS, *_POST_FIELDS)
    )
    months = {(row[7], row[8].astimezone(PARIS).date().replace(day=1)) for row in rows if row[6]}
    followers = _month_end_followers(months)
    labels = dict(Network.choices)
    lines = defaultdict(list)
    for pk, operation_id, url, network, kind, account, post_id, profile_id, at, *counts in rows:
        likes, comments, shares, views = counts
        values = {}
        if post_id is not None:
            at = at.astimezone(PARIS)
            interactions = interactions_of(likes, comments, shares)
            audience = followers.get((profile_id, at.year, at.month))
            values = {
                "likes": likes,
                "comments": comments,
                "shares": shares,
                "interactions": interactions,
                "views": views,
                "followers": audience,
                "engagement_rate": rate_of(interactions, audience),
            }
        lines[operation_id].append(
            LinkLine(
                link_id=pk,
                url=safe_url(url),
                text=url,
                network=network,
                network_label=labels.get(network, network),
                kind=kind,
                account=account,
                is_account=kind in ACCOUNT_KINDS,
                post_id=post_id,
                published_at=at if post_id is not None else None,
                **values,
            )
        )
    return lines


def dossier_figures(*, dossier: Dossier) -> DossierFigures:
    """The dossier's operations grouped by audience, each with its links and figures, the
    totals per audience and of the dossier, and the links whose post is not collected."""
    operations = list(Operation.objects.filter(dossier=dossier).order_by("position", "pk"))
    lines = _link_lines(dossier)
    labels = dict(Network.choices)
    by_audience = defaultdict(list)
    for operation in operations:
        operation.dossier = dossier
        links = lines.get(operation.pk, [])
        by_audience[operation.audience].append(
            OperationFigures(
                operation=operation,
                networks=[labels.get(network, network) for network in operation.networks],
                links=links,
                figures=figures_of(links),
            )
        )
    audiences = []
    for audience, label in Operation.Audience.choices:
        members = by_audience.get(audience, [])
        audience_lines = [line for member in members for line in member.links]
        audiences.append(AudienceFigures(audience, label, members, figures_of(audience_lines)))
    every = [line for operation in operations for line in lines.get(operation.pk, [])]
    unmatched = [line for line in every if not line.matched and not line.is_account]
    return DossierFigures(audiences=audiences, figures=figures_of(every), unmatched=unmatched)
