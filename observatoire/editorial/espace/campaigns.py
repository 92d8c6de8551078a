"""A collectivité's campaigns: a named set of hashtags over a period (#Covid19Gers from
13 March 2020), and what they gathered — the posts of its profiles, on every network,
carrying one of the hashtags in the period (a post counts once however many it carries).

Figures of a campaign: posts; interactions (sum of the known ones; unknown when none is);
views where the networks report them ("non communiqué" when none does, and how many posts
they cover otherwise); the mean engagement rate of its posts (module `common`); the
potential audience, Σ of the followers of the profiles that took part at their latest
snapshot of the period; a timeline per day, week or month; the same per network. Read with
one aggregate per (profile, Paris day), whatever the number of posts."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Min, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import TruncDate
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from observatoire.dashboard.posts import caption_clean, interactions_of, rate_of
from observatoire.dashboard.tables import Column, Table
from observatoire.metrics.models import Post, Snapshot
from observatoire.profiles.models import Profile
from observatoire.site.charts import Chart, line_chart
from observatoire.site.templatetags.site_tags import safe_url
from observatoire.territories.models import Territory

from ..models import BrandedHashtag, Campaign, PostHashtag
from .common import (
    INTERACTIONS,
    INTERACTIONS_KNOWN,
    NETWORK_LABELS,
    PARIS,
    mean,
    midnight,
    month_followers,
    profiles_of,
    today,
)

POSTS_PER_PAGE = 25
SUGGESTIONS = 12  # branded hashtags suggested when creating a campaign
DAILY_DAYS = 92  # a timeline per day up to this many days, per week up to WEEKLY_DAYS
WEEKLY_DAYS = 731


def campaign_list(*, territory: Territory) -> list[Campaign]:
    """The collectivité's campaigns, the latest started first."""
    return list(Campaign.objects.filter(territory=territory).order_by("-starts_on", "name"))


def campaign_get(*, territory: Territory, campaign_id: int) -> Campaign | None:
    campaign = Campaign.objects.filter(territory=territory, pk=campaign_id).first()
    if campaign is not None:
        campaign.territory = territory  # the same row: not read again
    return campaign


def hashtag_spellings(*, territory: Territory, keys: Iterable[str]) -> dict[str, str]:
    """Key -> how the collectivité writes it: its branded spelling, else the most capitalised
    one of its posts (#Covid19Gers rather than #covid19gers: read word by word by screen
    readers). Keys it never wrote are left out."""
    keys = set(keys)
    found = dict(
        BrandedHashtag.objects.filter(territory=territory, key__in=keys).values_list("key", "tag")
    )
    rest = keys - set(found)
    if rest:
        found |= dict(
            PostHashtag.objects.filter(territory=territory, key__in=rest)
            .order_by()
            .values_list("key")
            .annotate(Min("tag"))
        )
    return found


def branded_suggestions(*, territory: Territory) -> list[BrandedHashtag]:
    """The branded hashtags most used by the collectivité, to start a campaign from."""
    return list(
        BrandedHashtag.objects.filter(territory=territory).order_by("-posts", "key")[:SUGGESTIONS]
    )


def campaign_last_day(campaign: Campaign) -> dt.date:
    """Its end, or today (Paris) while it runs — or its start, if it starts later."""
    return campaign.ends_on or max(today(), campaign.starts_on)


def campaign_posts_queryset(campaign: Campaign) -> QuerySet:
    """The campaign's posts (module docstring), unordered."""
    tagged = PostHashtag.objects.filter(
        territory_id=campaign.territory_id,
        key__in=list(campaign.hashtags),
        published_at__gte=midnight(campaign.starts_on),
        published_at__lt=midnight(campaign_last_day(campaign) + dt.timedelta(days=1)),
    ).values("post_id")
    return Post.objects.filter(pk__in=Subquery(tagged))


@dataclass(frozen=True, slots=True)
class Totals:
    posts: int = 0
    measured: int = 0  # posts whose interactions are known
    interactions: int | None = None
    views: int | None = None  # Σ of the known views; None: no network reports them
    viewed: int = 0  # posts whose views are known
    engagement_rate: float | None = None
    rated: int = 0
    audience: int | None = None  # Σ followers of the profiles taking part (known ones)
    profiles: int = 0  # profiles taking part
    audience_known: int = 0  # … whose followers are known


@dataclass
class _Sums:
    posts: int = 0
    measured: int = 0
    interactions: int = 0
    views: int = 0
    viewed: int = 0
    rates: float = 0.0
    rated: int = 0

    def add(self, posts, measured, interactions, views, viewed, rate_sum, rated) -> None:
        self.posts += posts
        self.measured += measured
        self.interactions += interactions or 0
        self.views += views or 0
        self.viewed += viewed
        self.rates += rate_sum
        self.rated += rated

    def totals(self, followers: dict[int, int | None]) -> Totals:
        known = [count for count in followers.values() if count is not None]
        return Totals(
            posts=self.posts,
            measured=self.measured,
            interactions=self.interactions if self.measured else None,
            views=self.views if self.viewed else None,
            viewed=self.viewed,
            engagement_rate=mean(self.rates, self.rated),
            rated=self.rated,
            audience=sum(known) if known else None,
            profiles=len(followers),
            audience_known=len(known),
        )


@dataclass(frozen=True, slots=True)
class NetworkTotals:
    network: str
    label: str
    totals: Totals


@dataclass(frozen=True, slots=True)
class Bucket:
    first: dt.date  # first day of the day, week or month
    label: str
    posts: int
    interactions: int | None


@dataclass(frozen=True)
class CampaignFigures:
    first: dt.date
    last: dt.date
    totals: Totals
    networks: list[NetworkTotals]
    step: str  # "day", "week" or "month"
    timeline: list[Bucket]

    @property
    def step_label(self) -> str:
        return {"day": _("par jour"), "week": _("par semaine"), "month": _("par mois")}[self.step]

    def timeline_table(self) -> Table:
        columns = [
            Column({"day": _("Jour"), "week": _("Semaine du"), "month": _("Mois")}[self.step]),
            Column(_("Publications"), "count"),
            Column(_("Interactions"), "count"),
        ]
        rows = [[bucket.label, bucket.posts, bucket.interactions] for bucket in self.timeline]
        title = _("Publications et interactions %(step)s") % {"step": self.step_label}
        return Table(slug="timeline", title=title, columns=columns, rows=rows)

    def networks_table(self) -> Table:
        columns = [
            Column(_("Réseau")),
            Column(_("Publications"), "count"),
            Column(_("Interactions"), "count"),
            Column(_("Vues"), "count"),
            Column(_("Taux d'engagement moyen"), "percent", 2),
            Column(_("Audience potentielle (abonnés)"), "count"),
        ]
        rows = [
            [
                line.label,
                line.totals.posts,
                line.totals.interactions,
                line.totals.views,
                line.totals.engagement_rate,
                line.totals.audience,
            ]
            for line in self.networks
        ]
        return Table(slug="networks", title=_("Par réseau"), columns=columns, rows=rows)

    def charts(self) -> tuple[Chart | None, Chart | None]:
        """The timeline's posts and interactions, each on its own scale."""
        labels = [bucket.label for bucket in self.timeline]
        posts = line_chart(
            x_labels=labels,
            series={_("Publications"): [float(b.posts) for b in self.timeline]},
            minimum=0,
            integer=True,
        )
        interactions = line_chart(
            x_labels=labels,
            series={_("Interactions"): [b.interactions for b in self.timeline]},
            minimum=0,
        )
        return posts, interactions


def _step(first: dt.date, last: dt.date) -> str:
    days = (last - first).days + 1
    return "day" if days <= DAILY_DAYS else "week" if days <= WEEKLY_DAYS else "month"


def _bucket_start(day: dt.date, step: str) -> dt.date:
    if step == "week":
        return day - dt.timedelta(days=day.weekday())
    if step == "month":
        return day.replace(day=1)
    return day


def _bucket_label(first: dt.date, step: str) -> str:
    return date_format(first, "F Y" if step == "month" else "j F Y")


def _buckets(first: dt.date, last: dt.date, step: str) -> list[dt.date]:
    starts, day = [], _bucket_start(first, step)
    while day <= last:
        starts.append(day)
        if step == "day":
            day += dt.timedelta(days=1)
        elif step == "week":
            day += dt.timedelta(days=7)
        else:
            day = (day + dt.timedelta(days=32)).replace(day=1)
    return starts


def _followers_at(profile_ids, last: dt.date) -> dict[int, int | None]:
    """Profile id -> followers at its latest snapshot up to `last` (None: none)."""
    latest = Snapshot.objects.filter(profile=OuterRef("pk"), date__lte=last).order_by("-date")
    rows = (
        Profile.objects.filter(pk__in=list(profile_ids))
        .annotate(audience=Subquery(latest.values("followers")[:1]))
        .values_list("pk", "audience")
    )
    return dict(rows)


def campaign_figures(*, campaign: Campaign) -> CampaignFigures:
    """The campaign's totals, per network and over time (module docstring). Four queries:
    profiles, the aggregate per profile and day, the months' followers, the audience."""
    first, last = campaign.starts_on, campaign_last_day(campaign)
    profiles = profiles_of(territory=campaign.territory)
    days = list(
        campaign_posts_queryset(campaign)
        .annotate(day=TruncDate("published_at", tzinfo=PARIS))
        .order_by()
        .values_list("profile_id", "day")
        .annotate(
            posts=Count("pk"),
            measured=Count("pk", filter=INTERACTIONS_KNOWN),
            interactions=Sum(INTERACTIONS, filter=INTERACTIONS_KNOWN),
            seen=Sum("views"),
            viewed=Count("views"),
        )
    )
    followers = month_followers({(row[0], row[1].year, row[1].month) for row in days})
    taking_part = {row[0] for row in days}
    audience = _followers_at(taking_part, last) if taking_part else {}
    step = _step(first, last)
    total, per_network = _Sums(), defaultdict(_Sums)
    timeline_posts, timeline_interactions = defaultdict(int), {}
    for profile_id, day, posts, measured, interactions, views, viewed in days:
        month_audience = followers.get((profile_id, day.year, day.month))
        rate_sum = interactions / month_audience if measured and month_audience else 0.0
        rated = measured if month_audience else 0
        values = (posts, measured, interactions, views, viewed, rate_sum, rated)
        total.add(*values)
        per_network[profiles[profile_id].network].add(*values)
        start = _bucket_start(day, step)
        timeline_posts[start] += posts
        if measured:
            timeline_interactions[start] = timeline_interactions.get(start, 0) + interactions
    networks = [
        NetworkTotals(
            network=network,
            label=label,
            totals=per_network[network].totals(
                {pk: audience.get(pk) for pk in taking_part if profiles[pk].network == network}
            ),
        )
        for network, label in NETWORK_LABELS.items()
        if network in per_network
    ]
    timeline = [
        Bucket(
            first=start,
            label=_bucket_label(start, step),
            posts=timeline_posts.get(start, 0),
            # no post that day: no interaction; posts whose counts are all unknown: unknown
            interactions=timeline_interactions.get(start, None if timeline_posts.get(start) else 0),
        )
        for start in _buckets(first, last, step)
    ]
    return CampaignFigures(
        first=first,
        last=last,
        totals=total.totals(audience),
        networks=networks,
        step=step,
        timeline=timeline,
    )


@dataclass(frozen=True, slots=True)
class CampaignPost:
    post_id: int
    network: str
    network_label: str
    handle: str
    caption: str
    url: str  # http(s) only, else ""
    media_label: str
    published_at: dt.datetime  # Paris
    interactions: int | None
    views: int | None
    followers: int | None
    engagement_rate: float | None


def _post_lines(rows, profiles) -> list[CampaignPost]:
    rows = list(rows)
    pairs = set()
    for row in rows:
        at = row[2].astimezone(PARIS)
        pairs.add((row[1], at.year, at.month))
    followers = month_followers(pairs)
    labels = dict(Post.MediaType.choices)
    lines = []
    for pk, profile_id, at, text, permalink, media, likes, comments, shares, views in rows:
        at = at.astimezone(PARIS)
        profile = profiles[profile_id]
        interactions = interactions_of(likes, comments, shares)
        audience = followers.get((profile_id, at.year, at.month))
        lines.append(
            CampaignPost(
                post_id=pk,
                network=profile.network,
                network_label=NETWORK_LABELS.get(profile.network, profile.network),
                handle=profile.handle,
                caption=caption_clean(text),
                url=safe_url(permalink),
                media_label=str(labels.get(media, "")),
                published_at=at,
                interactions=interactions,
                views=views,
                followers=audience,
                engagement_rate=rate_of(interactions, audience),
            )
        )
    return lines


_POST_FIELDS = (
    *("pk", "profile_id", "published_at", "text", "permalink", "media_type"),
    *("likes", "comments", "shares", "views"),
)


def campaign_posts_page(*, campaign: Campaign, page: str | int = 1) -> Page:
    """One page of the campaign's posts, the latest first; its `object_list` holds
    CampaignPost lines (an unknown or past-the-end page number reads as the nearest)."""
    profiles = profiles_of(territory=campaign.territory)
    queryset = campaign_posts_queryset(campaign).order_by("-published_at", "-pk")
    paginator = Paginator(queryset.values_list(*_POST_FIELDS), POSTS_PER_PAGE)
    found = paginator.get_page(page)
    found.object_list = _post_lines(found.object_list, profiles)
    return found


def campaign_posts_table(*, campaign: Campaign) -> Table:
    """Every post of the campaign, the latest first, for the CSV download."""
    profiles = profiles_of(territory=campaign.territory)
    rows = campaign_posts_queryset(campaign).order_by("-published_at", "-pk")
    lines = _post_lines(rows.values_list(*_POST_FIELDS), profiles)
    columns = [
        Column(_("Publication")),
        Column(_("Réseau")),
        Column(_("Profil")),
        Column(_("Type")),
        Column(_("Publiée le"), "datetime"),
        Column(_("Interactions"), "count"),
        Column(_("Vues"), "count"),
        Column(_("Abonnés"), "count"),
        Column(_("Taux d'engagement"), "percent", 2),
        Column(_("Lien"), "url"),
    ]
    table_rows = [
        [
            line.caption,
            line.network_label,
            line.handle,  # without "@": a spreadsheet would read it as a formula
            line.media_label or None,
            line.published_at,
            line.interactions,
            line.views,
            line.followers,
            line.engagement_rate,
            line.url or None,
        ]
        for line in lines
    ]
    return Table(slug="posts", title=campaign.name, columns=columns, rows=table_rows)
