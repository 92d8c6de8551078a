"""Reads of the staff's nominations page: the shortlist proposed from data per category, with
the evidence beside each candidate, and the nominees staff confirmed.

- By type of collectivité and thematic categories: the submitted dossiers entered in the
  category whose collectivité the category admits, ordered by their mean monthly score
  (default methodology, months of the edition's period, the category's networks: the mean
  of each network's mean over the networks it was ranked on), then by the interactions,
  matched posts and links of the dossier, then by name.
- Agility: the collectivités the category admits with an active principal profile, the
  AGILITY_POOL best by presence (then by networks, then population) scored by the indice
  d'agilité (`agility.py`), ordered by it.
A fixed number of queries per category, whatever the number of candidates.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Avg, Count, Prefetch

from observatoire.dashboard.posts import interactions_of
from observatoire.profiles.models import Network, Profile
from observatoire.rankings.models import RankingEntry
from observatoire.rankings.selectors import methodology_default
from observatoire.territories.models import Category, Territory

from . import agility
from .dossier_selectors import ACCOUNT_KINDS
from .models import AwardCategory, Dossier, Edition, Nomination, Operation, OperationLink

AGILITY_POOL = 60  # collectivités scored by the agility index, the best by presence first
NETWORK_LABELS = dict(Network.choices)


@dataclass(frozen=True)
class Candidate:
    """A collectivité proposed for a category, with its dossier (none for agility) and the
    evidence from data (plain JSON values); `nominated`: already confirmed by staff."""

    territory: Territory
    dossier: Dossier | None
    evidence: dict
    nominated: bool = False


def category_admits(category: AwardCategory, territory: Territory) -> bool:
    """Whether the category is open to the collectivité's type (no list: open to all)."""
    return not category.territory_categories or territory.category in category.territory_categories


def _period(edition: Edition) -> dict:
    return {"start": edition.period_start.isoformat(), "end": edition.period_end.isoformat()}


def shortlist_propose(*, category: AwardCategory) -> list[Candidate]:
    """The candidates of `category`, best evidence first (module docstring)."""
    if category.kind == AwardCategory.Kind.AGILITY:
        return _agility_candidates(category)
    return _dossier_candidates(category)


# --- type and thematic categories ---------------------------------------------------------


def _dossier_candidates(category: AwardCategory) -> list[Candidate]:
    edition = category.edition
    dossiers = [
        dossier
        for dossier in Dossier.objects.filter(
            edition=edition, status=Dossier.Status.SUBMITTED, categories=category
        ).select_related("territory")
        if category_admits(category, dossier.territory)
    ]
    performance = performance_read(
        territory_ids=[d.territory_id for d in dossiers],
        networks=category.network_list,
        edition=edition,
    )
    figures = dossier_figures_read(dossier_ids=[d.pk for d in dossiers])
    candidates = [
        Candidate(
            territory=dossier.territory,
            dossier=dossier,
            evidence={
                "performance": performance.get(dossier.territory_id) or _no_performance(edition),
                "dossier": figures[dossier.pk],
            },
        )
        for dossier in dossiers
    ]
    return sorted(candidates, key=_dossier_order)


def _dossier_order(candidate: Candidate) -> tuple:
    score = candidate.evidence["performance"]["score"]
    figures = candidate.evidence["dossier"]
    return (
        score is None,
        -(score or 0),
        -(figures["interactions"] or 0),
        -figures["matched_posts"],
        -figures["links"],
        candidate.territory.name,
    )


def _no_performance(edition: Edition) -> dict:
    return {"score": None, "months": 0, "networks": [], "methodology": None, **_period(edition)}


def performance_read(*, territory_ids: list[int], networks: list[str], edition: Edition) -> dict:
    """Territory id → its mean monthly score over the edition's period on `networks`: per
    network the mean of its published scores (months whose first day falls in the period,
    default methodology), and their mean. Territories never ranked there are left out."""
    methodology = methodology_default()
    if methodology is None or not territory_ids:
        return {}
    rows = (
        RankingEntry.objects.filter(
            publication__methodology=methodology,
            publication__month__gte=edition.period_start.replace(day=1),
            publication__month__lte=edition.period_end,
            territory_id__in=territory_ids,
            network__in=networks,
            eligible=True,
        )
        .values("territory_id", "network")
        .annotate(mean=Avg("score"), months=Count("pk"))
        .order_by("territory_id", "network")
    )
    per_network = defaultdict(list)
    for row in rows:
        per_network[row["territory_id"]].append(
            {
                "network": row["network"],
                "label": NETWORK_LABELS.get(row["network"], row["network"]),
                "score": round(float(row["mean"]), 2),
                "months": row["months"],
            }
        )
    return {
        territory_id: {
            "score": round(sum(n["score"] for n in found) / len(found), 2),
            "months": max(n["months"] for n in found),
            "networks": found,
            "methodology": methodology.slug,
            **_period(edition),
        }
        for territory_id, found in per_network.items()
    }


def dossier_figures_read(*, dossier_ids: list[int]) -> dict[int, dict]:
    """Dossier id → its operations, links to publications (profiles left out), distinct
    matched posts and their interactions and views (sums of the known values, None when none
    is known), as dossier_selectors counts them; two queries for any number of dossiers."""
    figures = {
        pk: {"operations": 0, "links": 0, "matched_posts": 0, "interactions": None, "views": None}
        for pk in dossier_ids
    }
    operations = (
        Operation.objects.filter(dossier_id__in=dossier_ids)
        .values("dossier_id")
        .annotate(count=Count("pk"))
        .order_by("dossier_id")
    )
    for row in operations:
        figures[row["dossier_id"]]["operations"] = row["count"]
    links = OperationLink.objects.filter(operation__dossier_id__in=dossier_ids).values_list(
        "operation__dossier_id",
        "kind",
        "post_id",
        "post__likes",
        "post__comments",
        "post__shares",
        "post__views",
    )
    posts: dict[int, dict[int, tuple]] = defaultdict(dict)
    for dossier_id, kind, post_id, likes, comments, shares, views in links:
        # Counted as on the dossier's page: links to an account (profile, stories) are not.
        if kind not in ACCOUNT_KINDS:
            figures[dossier_id]["links"] += 1
        if post_id is not None and kind not in ACCOUNT_KINDS:
            posts[dossier_id][post_id] = (interactions_of(likes, comments, shares), views)
    for dossier_id, matched in posts.items():
        known = [i for i, _views in matched.values() if i is not None]
        seen = [v for _i, v in matched.values() if v is not None]
        figures[dossier_id] |= {
            "matched_posts": len(matched),
            "interactions": sum(known) if known else None,
            "views": sum(seen) if seen else None,
        }
    return figures


# --- agility ------------------------------------------------------------------------------


def agility_pool(*, category: AwardCategory, size: int = AGILITY_POOL) -> list[Territory]:
    """The collectivités the category admits with an active principal profile on a relevant
    network, the `size` best by presence (then number of networks, population, name)."""
    profiles = Profile.objects.filter(
        is_principal=True, status=Profile.Status.ACTIVE, network__in=agility.ALL_RELEVANT
    )
    if category.territory_categories:
        profiles = profiles.filter(territory__category__in=category.territory_categories)
    networks: dict[int, set[str]] = defaultdict(set)
    kinds: dict[int, tuple] = {}
    for territory_id, network, kind, population, name in profiles.values_list(
        "territory_id", "network", "territory__category", "territory__population", "territory__name"
    ):
        networks[territory_id].add(network)
        kinds[territory_id] = (kind, population or 0, name)

    def key(territory_id: int) -> tuple:
        kind, population, name = kinds[territory_id]
        relevant = agility.RELEVANT_NETWORKS[kind]
        present = networks[territory_id]
        return (
            -agility.presence(present=present, relevant=relevant),
            -len(present),
            -population,
            name,
        )

    best = sorted(networks, key=key)[:size]
    found = Territory.objects.in_bulk(best)
    return [found[pk] for pk in best]


def _agility_candidates(category: AwardCategory) -> list[Candidate]:
    edition = category.edition
    territories = agility_pool(category=category)
    indexes = agility.agility_read(
        territories=territories, start=edition.period_start, end=edition.period_end
    )
    candidates = []
    for territory in territories:
        evidence = indexes[territory.pk].evidence() | _period(edition)
        for row in evidence["networks"]:
            row["label"] = NETWORK_LABELS.get(row["network"], row["network"])
        candidates.append(Candidate(territory=territory, dossier=None, evidence=evidence))
    return sorted(candidates, key=lambda c: (-c.evidence["agility"], c.territory.name))


# --- the staff's page ---------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryBoard:
    category: AwardCategory
    candidates: list[Candidate]
    nominations: list[Nomination]
    quota: int
    nominated_ids: set[int] = field(default_factory=set)

    @property
    def over_quota(self) -> bool:
        return len(self.nominations) > self.quota

    @property
    def network_labels(self) -> list[str]:
        return [NETWORK_LABELS.get(n, n) for n in self.category.network_list]

    @property
    def admitted_labels(self) -> list[str]:
        """The ranking categories admitted ([]: all)."""
        return [
            str(Category(c).label)
            for c in self.category.territory_categories
            if c in Category.values
        ]

    @property
    def open_places(self) -> int:
        return max(0, self.quota - len(self.nominations))


def edition_for_staff(*, year: int) -> Edition | None:
    return Edition.objects.filter(year=year).first()


def edition_list_for_staff() -> list[Edition]:
    return list(Edition.objects.order_by("-year"))


def category_for_staff(*, edition: Edition, slug: str) -> AwardCategory | None:
    return (
        AwardCategory.objects.select_related("edition").filter(edition=edition, slug=slug).first()
    )


def nomination_for_staff(*, edition: Edition, nomination_id: int) -> Nomination | None:
    return (
        Nomination.objects.select_related("category__edition", "territory")
        .filter(category__edition=edition, pk=nomination_id)
        .first()
    )


def nomination_board(*, edition: Edition) -> list[CategoryBoard]:
    """Per category of the edition, in its order: the proposed shortlist (the nominees
    marked) and the confirmed nominees with the evidence stored when they were confirmed."""
    nominations = Prefetch(
        "nominations",
        queryset=Nomination.objects.select_related("territory", "dossier", "nominated_by").order_by(
            "territory__name"
        ),
    )
    categories = edition.categories.order_by("position", "pk").prefetch_related(nominations)
    boards = []
    for category in categories:
        category.edition = edition
        confirmed = list(category.nominations.all())
        nominated = {nomination.territory_id for nomination in confirmed}
        candidates = [
            dataclasses.replace(candidate, nominated=candidate.territory.pk in nominated)
            for candidate in shortlist_propose(category=category)
        ]
        boards.append(
            CategoryBoard(
                category=category,
                candidates=candidates,
                nominations=confirmed,
                quota=edition.nominees_per_category,
                nominated_ids=nominated,
            )
        )
    return boards
