"""Reads of published rankings for the site, the API and the dashboards."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.db.models import F, QuerySet

from observatoire.profiles.models import Profile
from observatoire.territories.models import Territory

from . import formulas
from . import kpis as catalogue
from .models import PACKED, Methodology, RankingEntry, RankingPublication


def methodology_default() -> Methodology | None:
    """The methodology used when none is named: the one staff marked as default, else v1
    (None when neither exists)."""
    default = Methodology.objects.filter(is_default=True).first()
    return default or Methodology.objects.filter(slug="v1").first()


def methodology_rules(
    methodology: Methodology, *, kpis: Sequence[str] | None = None
) -> formulas.Rules:
    """The methodology's scoring rules for `kpis` (a publication's; default: its own)."""
    return formulas.Rules.from_mappings(
        weights=methodology.weights,
        normalisation=methodology.normalisation,
        targets=methodology.targets,
        kpis=methodology.kpis if kpis is None else kpis,
        window_days=methodology.window_days,
        decimals=methodology.score_decimals,
        eligibility=methodology.eligibility,
    )


def _methodology(methodology: Methodology | None) -> Methodology | None:
    return methodology if methodology is not None else methodology_default()


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
    ).select_related("publication", "territory", "profile", "region")
    if region is not None:
        return entries.filter(region=region).order_by(
            F("region_rank").asc(nulls_last=True), "territory__name", "pk"
        )
    return entries.order_by(F("rank").asc(nulls_last=True), "territory__name", "pk")


@dataclass(frozen=True)
class GroupKpis:
    """The eligible entries of one group, by id: what explaining any of them needs
    (cacheable per publication and group)."""

    ids: list[int]
    rows: list[tuple[float, ...]]  # raw values of the publication's KPIs, in `kpis` order
    scores: list[float]
    ranks: list[int]
    kpis: tuple[str, ...] = ()


def _raw_values(blobs: list[bytes], kpi_count: int) -> np.ndarray:
    """(n, kpi_count) raw KPI values of packed entries (`RankingEntry.kpi_data`)."""
    if not blobs:
        return np.empty((0, kpi_count))
    packed = np.frombuffer(b"".join(bytes(blob) for blob in blobs), dtype=PACKED)
    return packed.reshape(len(blobs), 3, kpi_count)[:, 0, :]


def group_kpis(*, publication_id: int, network: str, category: str) -> GroupKpis:
    kpis = tuple(RankingPublication.objects.values_list("kpis", flat=True).get(pk=publication_id))
    found = RankingEntry.objects.filter(
        publication_id=publication_id, network=network, category=category, eligible=True
    ).order_by("pk")
    ids, scores, ranks, blobs = [], [], [], []
    for pk, score, rank, data in found.values_list("pk", "score", "rank", "kpi_data"):
        ids.append(pk)
        scores.append(float(score))
        ranks.append(rank)
        blobs.append(data)
    rows = [tuple(row) for row in _raw_values(blobs, len(kpis)).tolist()]
    return GroupKpis(ids=ids, rows=rows, scores=scores, ranks=ranks, kpis=kpis)


def entry_explanation(*, entry: RankingEntry, group: GroupKpis | None = None) -> dict:
    """Where the entry's points come from, KPI by KPI of its publication (raw value,
    normalised value, weight, points), and the raw value each KPI would need, others
    unchanged, to gain one rank. `group`: the entry's `group_kpis`, when the caller has
    them already."""
    publication = entry.publication
    rules = methodology_rules(publication.methodology, kpis=publication.kpis)
    needed = dict.fromkeys(rules.kpis)
    if entry.eligible:
        if group is None:
            group = group_kpis(
                publication_id=entry.publication_id, network=entry.network, category=entry.category
            )
        needed = formulas.needed_for_next_rank(group.rows, group.ids.index(entry.pk), rules)
    kpis = []
    most = formulas.points([1.0] * len(rules.kpis), rules)  # a KPI's share of 100 %
    for k, name in enumerate(rules.kpis):
        found, result = needed[name], entry.kpi(name)
        kpis.append(
            {
                "kpi": name,
                "label": catalogue.get(name).label,
                "raw": result.value,
                "normalised": result.normalised,
                "weight": rules.weights[k],
                "points": result.points,
                "max_points": most[k],
                "needed": found["value"] if found else None,
                "needed_strictly_above": bool(found and found["strictly_above"]),
            }
        )
    return {
        "methodology": publication.methodology.slug,
        "eligible": entry.eligible,
        "reason": entry.reason,
        "reason_label": entry.get_reason_display() if entry.reason else "",
        "rank": entry.rank,
        "score": entry.score,
        "weights_total": sum(rules.weights),
        "kpis": kpis,
    }


# Normalised values of an imaginary profile, for the methodology page's worked example.
EXAMPLE_NORMALISED = {
    "engagement_rate": 0.8,
    "reach": 0.5,
    "posts_per_day": 0.6,
    "followers": 0.9,
    "audience_ratio": 0.25,
}


def methodology_kpi_table(*, methodology: Methodology) -> dict:
    """The methodology's KPIs as its page shows them (label, definition, weight) with a
    worked example: an imaginary profile's normalised values turned into points and a score
    by the formulas."""
    rules = methodology_rules(methodology)
    example = [EXAMPLE_NORMALISED.get(name, 0.5) for name in rules.kpis]
    points = formulas.points(example, rules)
    rows = [
        {
            "name": name,
            "label": catalogue.get(name).label,
            "definition": catalogue.get(name).describe(target=rules.target(name)),
            "weight": methodology.weights.get(name, 0),
            "normalised": normalised,
            "points": kpi_points,
        }
        for name, normalised, kpi_points in zip(rules.kpis, example, points, strict=True)
    ]
    return {
        "rows": rows,
        "total_weight": sum(methodology.weights.values()),
        "example_score": sum(points),
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
    """Median of each raw KPI of the publication among the eligible entries of a group
    (None if none)."""
    blobs = list(
        RankingEntry.objects.filter(
            publication=publication, network=network, category=category, eligible=True
        ).values_list("kpi_data", flat=True)
    )
    columns = _raw_values(blobs, len(publication.kpis)).T.tolist()
    return {
        name: statistics.median(known) if (known := [v for v in values if v == v]) else None
        for name, values in zip(publication.kpis, columns, strict=True)
    }


EXPORT_HEAD = ("rank", "territory", "name", "handle", "score")
# unavailable_since (ISO date) and unavailable_reason: the profile's status when exported,
# blank while it is reachable (the site's "Attention danger" sign beside a kept rank).
EXPORT_TAIL = ("eligible", "reason", "previous_rank", "unavailable_since", "unavailable_reason")


def ranking_export_columns(*, publication: RankingPublication) -> list[str]:
    """The columns of an export: rank, collectivité, score, the publication's KPIs, status."""
    return [*EXPORT_HEAD, *publication.kpis, *EXPORT_TAIL]


def ranking_export_rows(*, publication: RankingPublication, network: str, category: str) -> list:
    """One dict per entry with `ranking_export_columns` (territory = registry key, name = its
    name; counts as integers), in the order of `ranking_list`."""
    entries = ranking_list(publication=publication, network=network, category=category)
    head = ("rank", "territory__key", "territory__name", "profile__handle", "score")
    status = ("profile__unavailable_since", "profile__unavailable_reason", "profile__status")
    rows = list(entries.values_list(*head, "kpi_data", *EXPORT_TAIL[:3], *status))
    columns = ranking_export_columns(publication=publication)
    counts = [catalogue.get(name).unit == "count" for name in publication.kpis]
    values = _raw_values([row[5] for row in rows], len(publication.kpis)).tolist()
    result = []
    for (*row, since, why, status), raw in zip(rows, values, strict=True):
        kpis = [
            None if v != v else int(v) if count else v for v, count in zip(raw, counts, strict=True)
        ]
        unreachable = status == Profile.Status.UNAVAILABLE
        exported = [
            *row[:4],
            float(row[4]) if row[4] is not None else None,
            *kpis,
            *row[6:],
            since.isoformat() if unreachable and since else None,
            (why or None) if unreachable else None,
        ]
        result.append(dict(zip(columns, exported, strict=True)))
    return result
