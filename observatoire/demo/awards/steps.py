"""The steps of a demo edition, each through the awards' services as the people of that step
would take it: a manager (or staff on the collectivité's behalf) drafts and submits a dossier;
staff nominate with the evidence the shortlist and agility selectors return, and invite the
jurors; a juror declares a conflict; every juror scores the nominees they may score."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from observatoire.awards import agility
from observatoire.awards.dossiers import dossier_create, dossier_submit, operation_create
from observatoire.awards.jury import conflict_declare, juror_invite, score_save
from observatoire.awards.jury_selectors import juror_may_score
from observatoire.awards.models import AwardCategory, Criterion, Dossier, Edition
from observatoire.awards.nominations import nomination_confirm
from observatoire.awards.shortlist import NETWORK_LABELS, Candidate, shortlist_propose
from observatoire.territories.models import Territory
from observatoire.users.models import User

from .specs import COMMENTS, CRITERION_SPREAD, JUROR_OFFSETS, DossierSpec, Jury


@dataclass(frozen=True)
class Context:
    territories: dict[str, Territory]
    users: dict[str, User]
    staff: User | None
    jurors: list[User]
    texts: dict[str, str]  # the placeholders of the dossiers' texts and links


# --- dossiers, nominations, jury -------------------------------------------------------------


def dossier_make(*, edition: Edition, spec: DossierSpec, context: Context) -> Dossier | None:
    """The collectivité's manager (or staff on its behalf) drafts the dossier, adds its
    operations with their links, and submits it."""
    territory = context.territories.get(spec.territory)
    if territory is None:
        return None
    actor = context.users.get(spec.author) or context.staff
    categories = list(edition.categories.filter(slug__in=spec.categories))
    dossier = dossier_create(
        edition=edition,
        territory=territory,
        actor=actor,
        presentation=spec.presentation.format(**context.texts),
        categories=categories,
    )
    for operation in spec.operations:
        operation_create(
            dossier=dossier,
            actor=actor,
            values={
                "audience": operation.audience,
                "title": operation.title,
                "description": operation.description,
                "networks": list(operation.networks),
                "starts_on": operation.starts_on,
                "ends_on": operation.ends_on,
            },
            hashtags=list(operation.hashtags),
            links=[link.format(**context.texts) for link in operation.links],
        )
    return dossier_submit(dossier=dossier, actor=actor)


def jury_make(*, edition: Edition, jury: Jury, context: Context) -> None:
    """Staff nominate, invite the jurors; one declares a conflict; every juror scores every
    nominee they may score, around the level the jury gives it."""
    categories = {category.slug: category for category in edition.categories.all()}
    nominated = []
    for slug, nominees in jury.nominees.items():
        category = categories[slug]
        levels = {
            context.territories[key].pk: level
            for key, level in nominees
            if key in context.territories
        }
        for candidate in _candidates(category, list(levels), context):
            nomination = nomination_confirm(
                category=category,
                territory=candidate.territory,
                dossier=candidate.dossier,
                evidence=_honest(candidate.evidence, category),
                actor=context.staff,
            )
            nominated.append((nomination, levels[candidate.territory.pk]))
    jurors = [
        juror_invite(edition=edition, categories=categories.values(), actor=context.staff, user=u)
        for u in context.jurors
    ]
    index, key, reason = jury.conflict
    if key in context.territories:
        conflict_declare(
            juror=jurors[index],
            territory=context.territories[key],
            reason=reason,
            actor=jurors[index].user,
        )
    criteria = list(edition.criteria.order_by("position", "pk"))
    for n, (nomination, level) in enumerate(nominated):
        for j, juror in enumerate(jurors):
            if juror_may_score(juror=juror, nomination=nomination):
                marks = _marks(level, j, n, criteria, nomination.territory.key, edition.score_max)
                score_save(juror=juror, nomination=nomination, scores=marks, actor=juror.user)


def _candidates(category: AwardCategory, wanted: list[int], context: Context) -> list[Candidate]:
    """The shortlist's candidates for the wanted collectivités, in the jury's order; for the
    agility prize, one left out of the shortlist's pool is read by the same index."""
    found = {
        c.territory.pk: c for c in shortlist_propose(category=category) if c.territory.pk in wanted
    }
    missing = [pk for pk in wanted if pk not in found]
    if missing and category.kind == AwardCategory.Kind.AGILITY:
        territories = [t for t in context.territories.values() if t.pk in missing]
        edition = category.edition
        indexes = agility.agility_read(
            territories=territories, start=edition.period_start, end=edition.period_end
        )
        for territory in territories:
            evidence = indexes[territory.pk].evidence() | {
                "start": edition.period_start.isoformat(),
                "end": edition.period_end.isoformat(),
            }
            for row in evidence["networks"]:
                row["label"] = NETWORK_LABELS.get(row["network"], row["network"])
            found[territory.pk] = Candidate(territory=territory, dossier=None, evidence=evidence)
    return [found[pk] for pk in wanted if pk in found]


def _honest(evidence: dict, category: AwardCategory) -> dict:
    """The selectors' evidence as they returned it, with a note when they found no data over
    the edition's period (the demo's data are of other years): no figure is made up."""
    if category.kind == AwardCategory.Kind.AGILITY:
        empty = not any(row["weeks_active"] for row in evidence["networks"])
    else:
        empty = not evidence["performance"]["months"] and not evidence["dossier"]["matched_posts"]
    if not empty:
        return evidence
    edition = category.edition
    return evidence | {
        "note": (
            f"Aucune donnée collectée du {edition.period_start:%d/%m/%Y} au "
            f"{edition.period_end:%d/%m/%Y}, la période de l'édition : les données de "
            "démonstration n'y ont ni classement ni publication. Ces éléments sont ceux que "
            "les sélecteurs ont rendus ; la nomination est un choix de l'équipe de "
            "démonstration."
        )
    }


def _marks(
    level: float, juror: int, nominee: int, criteria: list[Criterion], key: str, score_max: int
) -> dict[int, tuple[Decimal, str]]:
    """A juror's marks of a nominee: its level, the juror's offset, a spread per criterion
    (half-points, within 0…score_max), and a comment on the first criterion."""
    offset = JUROR_OFFSETS[(juror + nominee) % len(JUROR_OFFSETS)]
    comments = COMMENTS.get(key, ("",))
    marks = {}
    for position, criterion in enumerate(criteria):
        spread = CRITERION_SPREAD[(position + juror + nominee) % len(CRITERION_SPREAD)]
        value = min(score_max, max(0.0, level + offset + spread))
        comment = comments[juror % len(comments)] if position == 0 else ""
        marks[criterion.pk] = (Decimal(str(value)), comment)
    return marks
