"""Reads of published rankings for the site, the API and the dashboards."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from django.db.models import F, QuerySet
from django.utils.translation import gettext_lazy as _

from observatoire.profiles.models import Profile
from observatoire.territories.models import Territory

from . import formulas
from .models import KPI_NAMES, Methodology, RankingEntry, RankingPublication

KPI_LABELS = {
    "engagement_rate": _("Taux d'engagement"),
    "reach": _("Portée"),
    "posts_per_day": _("Fréquence de publication"),
    "followers": _("Abonnés"),
    "audience_ratio": _("Ratio d'audience"),
}


def _methodology(methodology: Methodology | None) -> Methodology | None:
    if methodology is not None:
        return methodology
    return Methodology.objects.filter(is_default=True).first()


def publication_latest(*, methodology: Methodology | None = None) -> RankingPublication | None:
    """The most recent month published under `methodology` (default: the default version)."""
    methodology = _methodology(methodology)
    if methodology is None:
        return None
    return (
        RankingPublication.objects.filter(methodology=methodology)
        .select_related("methodology")
        .order_by("-month")
        .first()
    )


def ranking_list(
    *, publication: RankingPublication, network: str, category: str, region: Territory | None = None
) -> QuerySet[RankingEntry]:
    """Eligible entries by rank, then the non-eligible by territory name; with `region`,
    only that région's entries, by regional rank."""
    entries = RankingEntry.objects.filter(
        publication=publication, network=network, category=category
    ).select_related("territory", "profile", "region")
    if region is not None:
        return entries.filter(region=region).order_by(
            F("region_rank").asc(nulls_last=True), "territory__name", "pk"
        )
    return entries.order_by(F("rank").asc(nulls_last=True), "territory__name", "pk")


def _raw(entry: RankingEntry) -> tuple:
    return (
        entry.engagement_rate,
        entry.reach,
        entry.posts_per_day,
        float(entry.followers) if entry.followers is not None else None,
        entry.audience_ratio,
    )


@dataclass(frozen=True)
class GroupKpis:
    """The eligible entries of one group, by id: what explaining any of them needs
    (cacheable per publication and group)."""

    ids: list[int]
    rows: list[tuple[float, ...]]  # raw KPIs, in KPI_NAMES order
    scores: list[float]
    ranks: list[int]


def group_kpis(*, publication_id: int, network: str, category: str) -> GroupKpis:
    found = RankingEntry.objects.filter(
        publication_id=publication_id, network=network, category=category, eligible=True
    ).order_by("pk").values_list("pk", "score", "rank", *KPI_NAMES)  # fmt: skip
    ids, rows, scores, ranks = [], [], [], []
    for pk, score, rank, e, r, p, f, a in found:
        ids.append(pk)
        rows.append((e, r, p, float(f), a))
        scores.append(float(score))
        ranks.append(rank)
    return GroupKpis(ids=ids, rows=rows, scores=scores, ranks=ranks)


def entry_explanation(*, entry: RankingEntry, group: GroupKpis | None = None) -> dict:
    """Where the entry's points come from, KPI by KPI (raw value, normalised value, weight,
    points), and the raw value each KPI would need, others unchanged, to gain one rank.
    `group`: the entry's `group_kpis`, when the caller has them already."""
    methodology = entry.publication.methodology
    from .services import methodology_rules

    rules = methodology_rules(methodology)
    needed = dict.fromkeys(KPI_NAMES)
    if entry.eligible:
        if group is None:
            group = group_kpis(publication_id=entry.publication_id, network=entry.network,
                               category=entry.category)  # fmt: skip
        needed = formulas.needed_for_next_rank(group.rows, group.ids.index(entry.pk), rules)
    kpis = []
    for k, kpi in enumerate(KPI_NAMES):
        found = needed[kpi]
        kpis.append(
            {
                "kpi": kpi,
                "label": KPI_LABELS[kpi],
                "raw": _raw(entry)[k],
                "normalised": getattr(entry, f"norm_{kpi}"),
                "weight": rules.weights[k],
                "points": getattr(entry, f"points_{kpi}"),
                "needed": found["value"] if found else None,
                "needed_strictly_above": bool(found and found["strictly_above"]),
            }
        )
    return {
        "methodology": methodology.slug,
        "eligible": entry.eligible,
        "reason": entry.reason,
        "reason_label": entry.get_reason_display() if entry.reason else "",
        "rank": entry.rank,
        "score": entry.score,
        "weights_total": sum(rules.weights),
        "kpis": kpis,
    }


def territory_history(
    *, territory: Territory, methodology: Methodology | None = None
) -> list[RankingEntry]:
    """Entries of the territory's principal profiles, oldest month first then by network:
    each has rank, score, eligible/reason, network and `publication.month`."""
    methodology = _methodology(methodology)
    return list(
        RankingEntry.objects.filter(territory=territory, publication__methodology=methodology)
        .select_related("publication")
        .order_by("publication__month", "network")
    )


def kpi_medians(*, publication: RankingPublication, network: str, category: str) -> dict:
    """Median of each raw KPI among the eligible entries of a group (None if none)."""
    rows = RankingEntry.objects.filter(
        publication=publication, network=network, category=category, eligible=True
    ).values_list(*KPI_NAMES)
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(KPI_NAMES)
    return {
        kpi: statistics.median(values) if values else None
        for kpi, values in zip(KPI_NAMES, columns, strict=True)
    }


# unavailable_since (ISO date) and unavailable_reason: the profile's status when exported,
# blank while it is reachable (the site's "Attention danger" sign beside a kept rank).
EXPORT_COLUMNS = [
    "rank", "territory", "name", "handle", "score", "engagement_rate", "reach", "posts_per_day",
    "followers", "audience_ratio", "eligible", "reason", "previous_rank",
    "unavailable_since", "unavailable_reason",
]  # fmt: skip


def ranking_export_rows(*, publication: RankingPublication, network: str, category: str) -> list:
    """One dict per entry with EXPORT_COLUMNS (territory = registry key, name = its name),
    in the order of `ranking_list`."""
    rows = ranking_list(publication=publication, network=network, category=category).values_list(
        "rank", "territory__key", "territory__name", "profile__handle", "score",
        *KPI_NAMES, "eligible", "reason", "previous_rank",
        "profile__unavailable_since", "profile__unavailable_reason", "profile__status",
    )  # fmt: skip
    exported = []
    for *values, since, why, status in rows:
        unreachable = status == Profile.Status.UNAVAILABLE
        exported.append(
            dict(zip(EXPORT_COLUMNS[:-2], values, strict=True))
            | {
                "score": float(values[4]) if values[4] is not None else None,
                "unavailable_since": since.isoformat() if unreachable and since else None,
                "unavailable_reason": (why or None) if unreachable else None,
            }
        )
    return exported
