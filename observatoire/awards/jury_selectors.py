"""Reads of the jury: who is a juror of an edition, what a juror may see (the nominations of
their categories minus their conflicts), their own scores, the staff's completion table, and
the results computed again from the stored scores (`results.py`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from observatoire.territories.models import Territory
from observatoire.territories.selectors import territory_search
from observatoire.users.models import Membership, User

from . import results
from .dossier_selectors import DossierFigures, dossier_figures
from .models import (
    AwardCategory,
    Conflict,
    Criterion,
    Dossier,
    Edition,
    Juror,
    Nomination,
    Score,
)

PHASE_OPEN = "open"
PHASE_NOT_STARTED = "not_started"
PHASE_ENDED = "ended"
PHASE_CLOSED = "closed"


def edition_for_year(*, year: int) -> Edition | None:
    return Edition.objects.filter(year=year).first()


def edition_list() -> QuerySet[Edition]:
    return Edition.objects.order_by("-year")


def juror_get(*, user: User, year: int) -> Juror | None:
    """The user's jury seat in the edition of `year`; None for anyone else (staff too)."""
    if not user.is_authenticated:
        return None
    return (
        Juror.objects.select_related("edition", "user")
        .prefetch_related("categories")
        .filter(edition__year=year, user=user)
        .first()
    )


def juror_edition_list(*, user: User) -> QuerySet[Juror]:
    """The editions whose jury the user sits on, newest first."""
    return Juror.objects.select_related("edition").filter(user=user).order_by("-edition__year")


def jury_phase(*, edition: Edition, now: dt.datetime | None = None) -> str:
    """Whether jurors may score now: "open" from jury_start_at until jury_end_at (excluded),
    else "not_started" (or no dates yet), "ended", or "closed" once staff closed the edition."""
    now = now or timezone.now()
    if edition.closed_at is not None:
        return PHASE_CLOSED
    if edition.jury_start_at is None or now < edition.jury_start_at:
        return PHASE_NOT_STARTED
    if edition.jury_end_at is not None and now >= edition.jury_end_at:
        return PHASE_ENDED
    return PHASE_OPEN


def criterion_list(*, edition: Edition) -> list[Criterion]:
    return list(edition.criteria.order_by("position", "pk"))


def result_criteria(*, edition: Edition) -> list[results.Criterion]:
    return [
        results.Criterion(id=c.pk, weight=c.weight, position=c.position)
        for c in criterion_list(edition=edition)
    ]


def conflict_territory_ids(*, juror: Juror) -> set[int]:
    """The collectivités a juror may not see: those they belong to, and those declared."""
    members = Membership.objects.filter(user_id=juror.user_id).values_list(
        "territory_id", flat=True
    )
    declared = Conflict.objects.filter(juror=juror).values_list("territory_id", flat=True)
    return set(members) | set(declared)


def _visible_nominations(juror: Juror) -> QuerySet[Nomination]:
    category_ids = [category.pk for category in juror.categories.all()]
    return (
        Nomination.objects.filter(
            category__edition_id=juror.edition_id, category_id__in=category_ids
        )
        .exclude(territory_id__in=conflict_territory_ids(juror=juror))
        .select_related("territory", "category")
    )


def juror_nomination_get(*, juror: Juror, nomination_id: int) -> Nomination | None:
    """A nomination the juror may see and score; None when it is not in their categories or
    is a conflict of theirs (the page answers 404)."""
    return _visible_nominations(juror).filter(pk=nomination_id).first()


def juror_may_score(*, juror: Juror, nomination: Nomination) -> bool:
    return _visible_nominations(juror).filter(pk=nomination.pk).exists()


@dataclass
class NominationProgress:
    nomination: Nomination
    scored: int  # criteria the juror scored
    total: int  # criteria of the edition

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.scored >= self.total

    @property
    def started(self) -> bool:
        return self.scored > 0


@dataclass
class CategoryProgress:
    category: AwardCategory
    nominations: list[NominationProgress] = field(default_factory=list)

    @property
    def complete(self) -> int:
        return sum(1 for row in self.nominations if row.complete)


def juror_progress(*, juror: Juror) -> list[CategoryProgress]:
    """The juror's categories, each with its visible nominations (by name) and how many
    criteria the juror scored on each."""
    total = juror.edition.criteria.count()
    nominations = _visible_nominations(juror).annotate(
        scored=Count("scores", filter=Q(scores__juror=juror))
    )
    by_category: dict[int, list[NominationProgress]] = defaultdict(list)
    for nomination in nominations.order_by("territory__name", "pk"):
        row = NominationProgress(nomination=nomination, scored=nomination.scored, total=total)
        by_category[nomination.category_id].append(row)
    return [
        CategoryProgress(category=category, nominations=by_category[category.pk])
        for category in juror.categories.order_by("position", "pk")
    ]


def juror_score_map(*, juror: Juror, nomination: Nomination) -> dict[int, Score]:
    """The juror's own scores of a nomination, by criterion id."""
    scores = Score.objects.filter(juror=juror, nomination=nomination)
    return {score.criterion_id: score for score in scores}


@dataclass
class ConflictView:
    automatic: list[Territory]  # the collectivités the juror is a member of
    declared: list[Conflict]


def conflict_view(*, juror: Juror) -> ConflictView:
    automatic = Territory.objects.filter(memberships__user_id=juror.user_id).order_by("name")
    declared = Conflict.objects.filter(juror=juror).select_related("territory")
    return ConflictView(automatic=list(automatic), declared=list(declared.order_by("-pk")))


def conflict_search(*, query: str, limit: int = 20) -> list[Territory]:
    return territory_search(query=query, limit=limit)


def territory_for_conflict(*, territory_id: int) -> Territory | None:
    return Territory.objects.filter(pk=territory_id).first()


def nomination_dossier(*, nomination: Nomination) -> DossierDetail | None:
    """The nomination's dossier, its operations by audience with their links and the figures
    of the matched posts (the dossiers' own reading); None without a dossier."""
    if nomination.dossier_id is None:
        return None
    dossier = Dossier.objects.prefetch_related("categories").get(pk=nomination.dossier_id)
    return DossierDetail(dossier=dossier, figures=dossier_figures(dossier=dossier))


@dataclass
class DossierDetail:
    dossier: Dossier
    figures: DossierFigures


@dataclass
class _JuryState:
    """Who may score what in an edition: every juror, their categories and conflicts."""

    jurors: list[Juror]
    conflicts: dict[int, set[int]]  # juror id -> territory ids
    categories: dict[int, set[int]]  # juror id -> category ids
    nominations: list[Nomination]

    def eligible(self, juror_id: int, nomination: Nomination) -> bool:
        return (
            nomination.category_id in self.categories[juror_id]
            and nomination.territory_id not in self.conflicts[juror_id]
        )


def _jury_state(edition: Edition) -> _JuryState:
    jurors = list(
        Juror.objects.filter(edition=edition)
        .select_related("user")
        .prefetch_related(Prefetch("categories", queryset=AwardCategory.objects.only("pk")))
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    by_user = {juror.user_id: juror.pk for juror in jurors}
    conflicts: dict[int, set[int]] = {juror.pk: set() for juror in jurors}
    for juror_id, territory_id in Conflict.objects.filter(juror__edition=edition).values_list(
        "juror_id", "territory_id"
    ):
        conflicts[juror_id].add(territory_id)
    for user_id, territory_id in Membership.objects.filter(user_id__in=by_user).values_list(
        "user_id", "territory_id"
    ):
        conflicts[by_user[user_id]].add(territory_id)
    nominations = list(
        Nomination.objects.filter(category__edition=edition)
        .select_related("territory", "category")
        .order_by("category__position", "category_id", "territory__name", "pk")
    )
    return _JuryState(
        jurors=jurors,
        conflicts=conflicts,
        categories={j.pk: {c.pk for c in j.categories.all()} for j in jurors},
        nominations=nominations,
    )


@dataclass
class JurorCompletion:
    juror: Juror
    cells: list[tuple[int, int] | None]  # per category: (fully scored, to score); None: not theirs


@dataclass
class NominationCompletion:
    nomination: Nomination
    complete: int  # jurors who scored every criterion
    eligible: int  # jurors of its category without a conflict with it


@dataclass
class Completion:
    categories: list[AwardCategory]
    criteria: int
    jurors: list[JurorCompletion]
    nominations: list[tuple[AwardCategory, list[NominationCompletion]]]


def _scored_counts(edition: Edition) -> dict[tuple[int, int], int]:
    """(juror id, nomination id) -> criteria scored."""
    rows = (
        Score.objects.filter(nomination__category__edition=edition, criterion__edition=edition)
        .values("juror_id", "nomination_id")
        .annotate(scored=Count("pk"))
        .values_list("juror_id", "nomination_id", "scored")
    )
    return {(juror_id, nomination_id): scored for juror_id, nomination_id, scored in rows}


def completion_overview(*, edition: Edition) -> Completion:
    """For staff: per juror and category, the nominations fully scored out of those to
    score; per nomination, how many of its jurors scored every criterion."""
    state = _jury_state(edition)
    criteria = edition.criteria.count()
    counts = _scored_counts(edition)
    categories = list(edition.categories.order_by("position", "pk"))

    def complete(juror_id: int, nomination_id: int) -> bool:
        return criteria > 0 and counts.get((juror_id, nomination_id), 0) >= criteria

    jurors = []
    for juror in state.jurors:
        cells: list[tuple[int, int] | None] = []
        for category in categories:
            if category.pk not in state.categories[juror.pk]:
                cells.append(None)
                continue
            mine = [
                n
                for n in state.nominations
                if n.category_id == category.pk and state.eligible(juror.pk, n)
            ]
            cells.append((sum(complete(juror.pk, n.pk) for n in mine), len(mine)))
        jurors.append(JurorCompletion(juror=juror, cells=cells))
    nominations = []
    for category in categories:
        rows = []
        for nomination in (n for n in state.nominations if n.category_id == category.pk):
            eligible = [j.pk for j in state.jurors if state.eligible(j.pk, nomination)]
            done = sum(complete(juror_id, nomination.pk) for juror_id in eligible)
            rows.append(NominationCompletion(nomination, complete=done, eligible=len(eligible)))
        nominations.append((category, rows))
    return Completion(categories, criteria=criteria, jurors=jurors, nominations=nominations)


@dataclass
class CategoryResults:
    category: AwardCategory
    ranking: list[results.Result]


def edition_results(*, edition: Edition) -> list[CategoryResults]:
    """Every category's ranking, computed from the stored scores by `results.py`. Only the
    scores of a nomination's current jurors count: a juror no longer in its category, or in
    conflict with it (declared, or a member of the collectivité), is left out."""
    state = _jury_state(edition)
    criteria = result_criteria(edition=edition)
    by_id = {nomination.pk: nomination for nomination in state.nominations}
    values: dict[int, dict[int, dict[int, object]]] = defaultdict(lambda: defaultdict(dict))
    rows = Score.objects.filter(
        nomination__category__edition=edition, criterion__edition=edition
    ).values_list("juror_id", "nomination_id", "criterion_id", "value")
    for juror_id, nomination_id, criterion_id, value in rows:
        if juror_id in state.categories and state.eligible(juror_id, by_id[nomination_id]):
            values[nomination_id][juror_id][criterion_id] = value
    rankings = []
    for category in edition.categories.order_by("position", "pk"):
        nominees = [
            results.Nominee(
                id=nomination.pk,
                name=nomination.territory.name,
                scores={juror: dict(v) for juror, v in values[nomination.pk].items()},
                evidence=results.evidence_value(nomination.evidence),
            )
            for nomination in state.nominations
            if nomination.category_id == category.pk
        ]
        rankings.append(CategoryResults(category, results.category_ranking(nominees, criteria)))
    return rankings
