"""The accessibility of a collectivité's posts, month by month: per profile, network and for
the whole collectivité, the mean score, the share of checked posts with at least one issue,
images without a text alternative, what could not be checked, the failures per rule, and
the posts to fix first with their fixes.

A check the network does not let us make is "non vérifiable": counted apart, never as a pass
or a fail — a post none of whose checks could be made has no score and is left out of the
mean and of the share with issues; an image whose alternative the network does not report is
left out of the share of images without one.

Figures come from the monthly rollups (AccessibilityMonth) and one aggregate of the
analyses (posts with an issue). The fixes of the posts shown — at most TO_FIX, the worst
score weighted by their interactions — are recomputed on the fly by the audit
(editorial.accessibility): a page never rescans the posts' history."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import BigIntegerField, Count, ExpressionWrapper, F, Value
from django.db.models.functions import Coalesce
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from observatoire.dashboard.posts import caption_clean, interactions_of
from observatoire.dashboard.tables import Column, Table
from observatoire.site.charts import Chart, line_chart
from observatoire.site.templatetags.site_tags import safe_url
from observatoire.territories.models import Territory

from ..accessibility import RULES, RULES_BY_CODE, AuditInput, Rule, audit
from ..models import AccessibilityMonth, PostAnalysis
from .common import NETWORK_LABELS, PARIS, ProfileLine, mean, month_add, profiles_of, share

HISTORY_MONTHS = 12
TO_FIX = 20


@dataclass
class Audit:
    """The sums of an audit over some profiles and months."""

    posts: int = 0
    scored: int = 0  # posts at least one check of which could be made
    score_sum: int = 0
    with_issues: int = 0  # scored posts failing at least one rule
    images: int = 0
    images_without_alt: int = 0
    images_unverifiable: int = 0
    failures: Counter = field(default_factory=Counter)  # rule code -> posts failing it
    unverifiable: Counter = field(default_factory=Counter)  # rule code -> posts not checkable

    def add(self, other: Audit) -> None:
        self.posts += other.posts
        self.scored += other.scored
        self.score_sum += other.score_sum
        self.with_issues += other.with_issues
        self.images += other.images
        self.images_without_alt += other.images_without_alt
        self.images_unverifiable += other.images_unverifiable
        self.failures.update(other.failures)
        self.unverifiable.update(other.unverifiable)

    @property
    def score(self) -> float | None:
        """The mean score (0 to 100) of the checked posts."""
        return mean(self.score_sum, self.scored)

    @property
    def issue_share(self) -> float | None:
        return share(self.with_issues, self.scored)

    @property
    def unscored(self) -> int:
        """Posts none of whose checks could be made."""
        return self.posts - self.scored

    @property
    def images_checked(self) -> int:
        return self.images - self.images_unverifiable

    @property
    def without_alt_share(self) -> float | None:
        return share(self.images_without_alt, self.images_checked)


@dataclass(frozen=True)
class AuditLine:
    """A row of the month's table: the collectivité, a network or one of its profiles."""

    kind: str  # "territory", "network" or "profile"
    label: str
    audit: Audit
    network: str = ""


@dataclass(frozen=True)
class RuleLine:
    rule: Rule
    total: tuple[int, int]  # (posts failing it, posts where it could not be checked)
    networks: list[tuple[int, int]]  # the same per network of AccessibilityPage.networks


@dataclass(frozen=True, slots=True)
class FixLine:
    rule: Rule | None
    title: str
    detail: str


@dataclass(frozen=True, slots=True)
class PostToFix:
    post_id: int
    network_label: str
    handle: str
    caption: str
    url: str  # http(s) only, else ""
    published_at: dt.datetime  # Paris
    score: int
    interactions: int | None
    fixes: list[FixLine]
    unverifiable: list[str]  # titles of the rules that could not be checked


@dataclass(frozen=True)
class AccessibilityPage:
    month: dt.date
    months: list[dt.date]  # the history shown, oldest first, ending with `month`
    lines: list[AuditLine]  # the month: collectivité, then each network and its profiles
    networks: list[tuple[str, str]]  # (network, label) with posts in the month
    history: dict[str, list[Audit]]  # network ("" for the collectivité) -> one per month
    rules: list[RuleLine]
    to_fix: list[PostToFix]

    @property
    def total(self) -> Audit:
        return self.lines[0].audit

    def history_table(self) -> Table:
        columns = [Column(_("Mois"), "month"), Column(_("Ensemble : score moyen"), "number", 1)]
        columns += [
            Column(_("%(network)s : score moyen") % {"network": label}, "number", 1)
            for _network, label in self.history_networks
        ]
        columns += [
            Column(_("Publications vérifiées"), "count"),
            Column(_("Part avec au moins un défaut"), "percent", 0),
            Column(_("Images sans alternative"), "count"),
            Column(_("Images non vérifiables"), "count"),
            Column(_("Publications non vérifiables"), "count"),
        ]
        rows = []
        for index, month in enumerate(self.months):
            whole = self.history[""][index]
            rows.append(
                [
                    month,
                    whole.score,
                    *(self.history[network][index].score for network, _l in self.history_networks),
                    whole.scored,
                    whole.issue_share,
                    whole.images_without_alt,
                    whole.images_unverifiable,
                    whole.unscored,
                ]
            )
        count = len(self.months)
        title = ngettext("Évolution sur %(count)d mois", "Évolution sur %(count)d mois", count) % {
            "count": count
        }
        return Table(slug="history", title=title, columns=columns, rows=rows)

    @property
    def history_networks(self) -> list[tuple[str, str]]:
        return [(n, NETWORK_LABELS.get(n, n)) for n in NETWORK_LABELS if n in self.history and n]

    def history_chart(self) -> Chart | None:
        labels = [date_format(month, "M Y") for month in self.months]
        series = {_("Ensemble"): [audit.score for audit in self.history[""]]}
        series |= {label: [a.score for a in self.history[n]] for n, label in self.history_networks}
        return line_chart(x_labels=labels, series=series, minimum=0)


def accessibility_months(*, territory: Territory) -> list[dt.date]:
    """The months (newest first) with audited posts of the collectivité's profiles."""
    return list(
        AccessibilityMonth.objects.filter(profile__territory=territory, posts__gt=0)
        .order_by("-month")
        .values_list("month", flat=True)
        .distinct()
    )


def _audits(profile_ids, first: dt.date, last: dt.date) -> dict[tuple[int, dt.date], Audit]:
    """(profile id, month) -> its Audit, months first … last: two queries."""
    found = {}
    rows = AccessibilityMonth.objects.filter(
        profile_id__in=profile_ids, month__gte=first, month__lte=last
    ).values_list(
        "profile_id",
        "month",
        "posts",
        "scored",
        "score_sum",
        "images",
        "images_without_alt",
        "images_unverifiable",
        "failures",
        "unverifiable",
    )
    for profile_id, month, posts, scored, score_sum, images, without, unknown, *rules in rows:
        found[profile_id, month] = Audit(
            posts=posts,
            scored=scored,
            score_sum=score_sum,
            images=images,
            images_without_alt=without,
            images_unverifiable=unknown,
            failures=Counter(rules[0] or {}),
            unverifiable=Counter(rules[1] or {}),
        )
    issues = (
        PostAnalysis.objects.filter(
            profile_id__in=profile_ids, month__gte=first, month__lte=last, score__isnull=False
        )
        .exclude(failed=0)
        .order_by()
        .values_list("profile_id", "month")
        .annotate(Count("pk"))
    )
    for profile_id, month, count in issues:
        if (profile_id, month) in found:
            found[profile_id, month].with_issues = count
    return found


def _lines(profiles: dict[int, ProfileLine], audits: dict, month: dt.date) -> list[AuditLine]:
    whole = Audit()
    per_network: dict[str, list[tuple[ProfileLine, Audit]]] = defaultdict(list)
    for pk, profile in profiles.items():
        audit_ = audits.get((pk, month))
        if audit_ is not None and audit_.posts:
            per_network[profile.network].append((profile, audit_))
            whole.add(audit_)
    lines = [AuditLine("territory", _("Ensemble de la collectivité"), whole)]
    for network, label in NETWORK_LABELS.items():
        members = per_network.get(network)
        if not members:
            continue
        total = Audit()
        for _profile, audit_ in members:
            total.add(audit_)
        lines.append(AuditLine("network", label, total, network))
        if len(members) > 1:
            lines += [
                AuditLine("profile", f"@{profile.handle}", audit_, network)
                for profile, audit_ in members
            ]
    return lines


def _audit_input(network: str, row: dict) -> AuditInput:
    """A post as the analysis reads it (editorial.services.analyses.analyse)."""
    images = row["post__images"] or ()
    return AuditInput(
        network=network,
        media_type=row["post__media_type"],
        text=row["post__text"] or "",
        hashtags=tuple(tag for tag in row["post__hashtags"] or () if isinstance(tag, str)),
        image_count=row["post__image_count"],
        images=tuple(
            image["alt"]
            for image in images
            if isinstance(image, dict) and isinstance(image.get("alt"), str)
        ),
        subtitles=row["post__subtitles"],
    )


_INTERACTIONS = (
    Coalesce("post__likes", 0) + Coalesce("post__comments", 0) + Coalesce("post__shares", 0)
)


def posts_to_fix(
    *, profiles: dict[int, ProfileLine], month: dt.date, limit: int = TO_FIX
) -> list[PostToFix]:
    """The month's posts with an issue, those whose fixing matters most first: the lower the
    score and the more interactions (the more people read it), the sooner — (100 − score) ×
    (interactions + 1); ties: the latest. Their fixes are recomputed by the audit."""
    priority = ExpressionWrapper(
        (Value(100) - F("score")) * (_INTERACTIONS + Value(1)), output_field=BigIntegerField()
    )
    rows = list(
        PostAnalysis.objects.filter(profile_id__in=list(profiles), month=month)
        .filter(score__isnull=False)
        .exclude(failed=0)
        .annotate(priority=priority)
        .order_by("-priority", "-post__published_at", "-post_id")
        .values(
            "post_id",
            "profile_id",
            "score",
            "unverifiable",
            *("post__text", "post__permalink", "post__published_at", "post__media_type"),
            *("post__image_count", "post__images", "post__hashtags", "post__subtitles"),
            *("post__likes", "post__comments", "post__shares"),
        )[:limit]
    )
    lines = []
    for row in rows:
        profile = profiles[row["profile_id"]]
        result = audit(_audit_input(profile.network, row))
        fixes = [
            FixLine(
                rule=RULES_BY_CODE.get(fix.rule),
                title=str(RULES_BY_CODE[fix.rule].title) if fix.rule in RULES_BY_CODE else "",
                detail=fix.detail,
            )
            for fix in result.fixes
        ]
        lines.append(
            PostToFix(
                post_id=row["post_id"],
                network_label=NETWORK_LABELS.get(profile.network, profile.network),
                handle=profile.handle,
                caption=caption_clean(row["post__text"]),
                url=safe_url(row["post__permalink"]),
                published_at=row["post__published_at"].astimezone(PARIS),
                score=row["score"],
                interactions=interactions_of(
                    row["post__likes"], row["post__comments"], row["post__shares"]
                ),
                fixes=fixes,
                unverifiable=[str(r.title) for r in RULES if row["unverifiable"] & r.mask],
            )
        )
    return lines


def accessibility_page(*, territory: Territory, month: dt.date) -> AccessibilityPage:
    """The audit of the collectivité's posts in `month` and the HISTORY_MONTHS ending with it
    (module docstring). Five queries whatever the number of posts, plus none for the fixes."""
    profiles = profiles_of(territory=territory)
    months = [month_add(month, offset) for offset in range(1 - HISTORY_MONTHS, 1)]
    audits = _audits(list(profiles), months[0], month)
    lines = _lines(profiles, audits, month)
    history: dict[str, list[Audit]] = {"": [Audit() for _month in months]}
    for (profile_id, when), audit_ in audits.items():
        network = profiles[profile_id].network
        history.setdefault(network, [Audit() for _month in months])
        index = months.index(when)
        history[network][index].add(audit_)
        history[""][index].add(audit_)
    networks = [(line.network, line.label) for line in lines if line.kind == "network"]
    per_network = {line.network: line.audit for line in lines if line.kind == "network"}
    total = lines[0].audit
    rules = [
        RuleLine(
            rule=rule,
            total=(total.failures[rule.code], total.unverifiable[rule.code]),
            networks=[
                (per_network[n].failures[rule.code], per_network[n].unverifiable[rule.code])
                for n, _label in networks
            ],
        )
        for rule in RULES
    ]
    return AccessibilityPage(
        month=month,
        months=months,
        lines=lines,
        networks=networks,
        history=history,
        rules=rules,
        to_fix=posts_to_fix(profiles=profiles, month=month),
    )
