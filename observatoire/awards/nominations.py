"""Writes of the nominations: staff confirm nominees from the proposed shortlist (the data is
the evidence, stored as it was when they decided) and withdraw them until the edition is
closed. Every change is in the audit log ("nominated", "nomination_withdrawn")."""

from __future__ import annotations

import json
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from observatoire.territories.models import Territory

from .audit import audit_log
from .models import AwardCategory, Dossier, Nomination
from .shortlist import category_admits, shortlist_propose


class NominationError(Exception):
    """A nomination staff cannot confirm or withdraw; the message says why."""


def _refusal(*, category: AwardCategory, territory: Territory, dossier: Dossier | None) -> str:
    """Why `territory` cannot be nominated in `category` ("" when it can)."""
    if category.edition.closed_at is not None:
        return _("L'édition est close : ses nommés ne changent plus.")
    if not category_admits(category, territory):
        return _("%(territory)s ne concourt pas dans la catégorie « %(category)s ».") % {
            "territory": territory.name,
            "category": category.name,
        }
    if dossier is not None and (
        dossier.territory_id != territory.pk
        or dossier.edition_id != category.edition_id
        or dossier.status != Dossier.Status.SUBMITTED
    ):
        return _("Ce dossier n'est pas un dossier déposé de %(territory)s pour cette édition.") % {
            "territory": territory.name
        }
    needs_dossier = category.kind != AwardCategory.Kind.AGILITY
    if needs_dossier and (
        dossier is None or not dossier.categories.filter(pk=category.pk).exists()
    ):
        return _("%(territory)s n'a pas déposé de dossier dans la catégorie « %(category)s ».") % {
            "territory": territory.name,
            "category": category.name,
        }
    return ""


def nomination_confirm(
    *,
    category: AwardCategory,
    territory: Territory,
    dossier: Dossier | None = None,
    evidence: dict,
    actor,
) -> Nomination:
    """Nominate `territory` in `category` (with its submitted dossier entered in it, except
    for agility), storing a copy of `evidence` as it is now. NominationError when the edition
    is closed, the collectivité may not compete there or is already nominated."""
    refusal = _refusal(category=category, territory=territory, dossier=dossier)
    if refusal:
        raise NominationError(refusal)
    snapshot = json.loads(json.dumps(evidence, cls=DjangoJSONEncoder))
    try:
        with transaction.atomic():
            nomination = Nomination.objects.create(
                category=category,
                territory=territory,
                dossier=dossier,
                evidence=snapshot,
                nominated_by=actor,
            )
            audit_log(
                edition=category.edition,
                action="nominated",
                subject=nomination,
                actor=actor,
                category=category.slug,
                territory=territory.key,
                dossier=dossier.pk if dossier else None,
                evidence=snapshot,
            )
    except IntegrityError:
        raise NominationError(
            _("%(territory)s est déjà nommée dans la catégorie « %(category)s ».")
            % {"territory": territory.name, "category": category.name}
        ) from None
    return nomination


def nomination_withdraw(*, nomination: Nomination, actor) -> None:
    """Withdraw a nominee (its jury's scores go with it, their number is logged).
    NominationError once the edition is closed."""
    category = nomination.category
    if category.edition.closed_at is not None:
        raise NominationError(_("L'édition est close : ses nommés ne changent plus."))
    with transaction.atomic():
        scores = nomination.scores.count()
        audit_log(
            edition=category.edition,
            action="nomination_withdrawn",
            subject=nomination,
            actor=actor,
            category=category.slug,
            territory=nomination.territory.key,
            scores_deleted=scores,
        )
        nomination.delete()


@dataclass(frozen=True)
class Confirmed:
    nominations: list[Nomination]
    total: int  # nominees of the category now
    quota: int  # edition.nominees_per_category

    @property
    def over_quota(self) -> bool:
        return self.total > self.quota


def nominations_confirm_selected(
    *, category: AwardCategory, territory_ids: list[int], actor
) -> Confirmed:
    """Confirm the candidates of the proposed shortlist whose collectivités staff ticked,
    each with its evidence as proposed now; all or none. NominationError for a collectivité
    not in the shortlist (or any refusal of `nomination_confirm`)."""
    chosen = set(territory_ids)
    if not chosen:
        raise NominationError(_("Cochez au moins une collectivité à nommer."))
    candidates = [c for c in shortlist_propose(category=category) if c.territory.pk in chosen]
    if len(candidates) != len(chosen):
        raise NominationError(_("Seules les collectivités proposées peuvent être nommées ici."))
    with transaction.atomic():
        created = [
            nomination_confirm(
                category=category,
                territory=candidate.territory,
                dossier=candidate.dossier,
                evidence=candidate.evidence,
                actor=actor,
            )
            for candidate in candidates
        ]
        total = category.nominations.count()
    return Confirmed(nominations=created, total=total, quota=category.edition.nominees_per_category)
