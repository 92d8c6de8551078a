"""Writes of the jury: inviting jurors, their conflicts of interest, their scores, and closing
an edition (results computed from the stored scores, medals awarded, scores frozen). Every
change is recorded in the awards' audit log.

The edition's row is locked while a score is saved, a conflict declared or the edition
closed, so no score slips in after the closing and closing twice awards nothing twice."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from observatoire.territories.models import Territory
from observatoire.users.models import User
from observatoire.users.selectors import user_for_email
from observatoire.users.services import absolute_url, email_normalize

from . import jury_selectors as selectors
from . import results
from .audit import audit_log
from .models import Award, AwardCategory, Conflict, Edition, Juror, Nomination, Score

SPECIAL_PRIZE_LABEL = "Hashtag d'or"
PASSWORD_BYTES = 32  # the random password of a new juror's account: nobody knows it


class JuryError(Exception):
    """A write refused for a reason the person who asked for it should read (its message,
    translated)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class ScoringClosed(JuryError):
    """Scores are saved only during the jury phase, before the edition is closed."""


class NotScorable(JuryError):
    """The nomination is not in the juror's categories, or is one of their conflicts."""


class EditionClosed(JuryError):
    """The edition is closed: its jury and its scores are frozen."""


def _mail_send(*, template: str, to: str, language: str, context: dict) -> None:
    """An HTML + text e-mail rendered in `language` from awards/jury/email/<template>*."""
    with translation.override(language):
        subject = render_to_string(f"awards/jury/email/{template}_subject.txt", context)
        text = render_to_string(f"awards/jury/email/{template}.txt", context)
        html = render_to_string(f"awards/jury/email/{template}.html", context)
    message = EmailMultiAlternatives(" ".join(subject.split()), text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()


def _juror_account(*, user: User | None, email: str, language: str | None) -> tuple[User, bool]:
    """The juror's account: `user`, else the account of `email`, else a new one named after
    the address, with a random password nobody knows (the e-mail lets them choose theirs)."""
    if user is not None:
        return user, False
    email = email_normalize(email)
    if not email:
        raise JuryError(_("Choisissez un compte ou indiquez une adresse électronique."))
    account = user_for_email(email=email)
    if account is not None:
        return account, False
    account = User.objects.create_user(
        email,
        email,
        secrets.token_urlsafe(PASSWORD_BYTES),
        language=language or settings.LANGUAGE_CODE,
    )
    return account, True


def _password_link(*, user: User, base_url: str | None) -> str:
    """A link to choose a password (Django's reset tokens: it stops working once used, and
    after PASSWORD_RESET_TIMEOUT)."""
    path = reverse(
        "users:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return absolute_url(path, base_url=base_url)


def juror_invite(
    *,
    edition: Edition,
    categories: Iterable[AwardCategory],
    actor: User | None,
    user: User | None = None,
    email: str = "",
    language: str | None = None,
    base_url: str | None = None,
) -> Juror:
    """Make `user` (or the account of `email`, created when there is none) a juror of
    `edition` for `categories`, and e-mail them, in their language, the link to the jury's
    space — with a link to choose a password when they never logged in. Inviting a juror
    again sets their categories and sends the e-mail again."""
    categories = list(categories)
    if not categories:
        raise JuryError(_("Choisissez au moins une catégorie."))
    if any(category.edition_id != edition.pk for category in categories):
        raise JuryError(_("Ces catégories ne sont pas toutes de cette édition."))
    if edition.closed_at is not None:
        raise EditionClosed(_("L'édition est close : son jury ne change plus."))
    with transaction.atomic():
        account, created = _juror_account(user=user, email=email, language=language)
        address = account.email or account.get_username()
        if "@" not in address:
            raise JuryError(_("Ce compte n'a pas d'adresse électronique."))
        juror, _created = Juror.objects.get_or_create(edition=edition, user=account)
        juror.categories.set(categories)
        audit_log(
            edition=edition,
            action="juror_invited",
            subject=address,
            actor=actor,
            categories=[category.slug for category in categories],
            new_account=created,
        )
        context = {
            "edition": edition,
            "juror": juror,
            "categories": sorted(categories, key=lambda c: (c.position, c.pk)),
            "link": absolute_url(
                reverse("jury:edition", kwargs={"year": edition.year}), base_url=base_url
            ),
            "password_link": _password_link(user=account, base_url=base_url)
            if account.last_login is None
            else "",
            "password_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        }
        _mail_send(
            template="invitation",
            to=address,
            language=account.language,
            context=context,
        )
    return juror


def juror_remove(*, juror: Juror, actor: User | None) -> None:
    """The juror leaves the jury, with their scores and conflicts; refused once the edition
    is closed (its results stand on those scores)."""
    with transaction.atomic():
        edition = _edition_lock(juror.edition_id)
        if edition.closed_at is not None:
            raise EditionClosed(_("L'édition est close : son jury ne change plus."))
        scores = Score.objects.filter(juror=juror).count()
        audit_log(
            edition=edition,
            action="juror_removed",
            subject=juror.user.email or juror.user.get_username(),
            actor=actor,
            scores=scores,
        )
        juror.delete()


def _edition_lock(edition_id: int) -> Edition:
    return Edition.objects.select_for_update().get(pk=edition_id)


def conflict_declare(
    *, juror: Juror, territory: Territory, reason: str = "", actor: User | None
) -> tuple[Conflict, int]:
    """The juror will never see nor score `territory`'s nominations; the scores they gave
    them are removed (and the removal logged). Returns the conflict and the number of scores
    removed. Refused once the edition is closed."""
    with transaction.atomic():
        edition = _edition_lock(juror.edition_id)
        if edition.closed_at is not None:
            raise EditionClosed(_("L'édition est close : les conflits d'intérêts sont figés."))
        conflict, created = Conflict.objects.get_or_create(
            juror=juror, territory=territory, defaults={"reason": reason}
        )
        subject = f"{juror.user.get_username()} ✕ {territory.name}"
        if created or conflict.reason != reason:
            conflict.reason = reason
            conflict.save(update_fields=["reason"])
            audit_log(
                edition=edition,
                action="conflict_declared",
                subject=subject,
                actor=actor,
                territory=territory.slug,
                reason=reason,
            )
        removed, _detail = Score.objects.filter(
            juror=juror, nomination__territory=territory, nomination__category__edition=edition
        ).delete()
        if removed:
            audit_log(
                edition=edition,
                action="scores_removed",
                subject=subject,
                actor=actor,
                territory=territory.slug,
                scores=removed,
            )
    return conflict, removed


def phase_refusal(phase: str) -> str:
    """Why scores cannot be saved in this phase of the jury."""
    if phase == selectors.PHASE_CLOSED:
        return _("L'édition est close : les notes sont figées.")
    if phase == selectors.PHASE_ENDED:
        return _("La phase de jury est terminée : les notes ne peuvent plus être modifiées.")
    return _("La phase de jury n'a pas commencé : la notation n'est pas encore ouverte.")


def _score_check(value: Decimal, score_max: int) -> None:
    if value < 0 or value > score_max or (value * 2) % 1:
        raise JuryError(_("Une note va de 0 à la note maximale, par demi-point."))


def score_save(
    *,
    juror: Juror,
    nomination: Nomination,
    scores: Mapping[int, tuple[Decimal | None, str]],
    actor: User | None,
) -> bool:
    """Save the juror's scores of a nomination: criterion id -> (value, comment); a value
    None removes that criterion's score (partial saves are allowed). Only during the jury
    phase, before closing (ScoringClosed), on a nomination of the juror's categories that
    is not one of their conflicts (NotScorable). Returns whether anything changed; a change
    is logged with the values."""
    with transaction.atomic():
        edition = _edition_lock(juror.edition_id)
        phase = selectors.jury_phase(edition=edition)
        if phase != selectors.PHASE_OPEN:
            raise ScoringClosed(phase_refusal(phase))
        if not selectors.juror_may_score(juror=juror, nomination=nomination):
            raise NotScorable(_("Vous ne pouvez pas noter cette nomination."))
        criteria = {c.pk: c for c in selectors.criterion_list(edition=edition)}
        existing = selectors.juror_score_map(juror=juror, nomination=nomination)
        changes: dict[str, str | None] = {}
        for criterion_id, (value, comment) in scores.items():
            criterion = criteria.get(criterion_id)
            if criterion is None:
                raise NotScorable(_("Ce critère n'est pas un critère de l'édition."))
            old = existing.get(criterion_id)
            if value is None:
                if old is not None:
                    old.delete()
                    changes[criterion.name] = None
                continue
            _score_check(value, edition.score_max)
            if old is not None and old.value == value and old.comment == comment:
                continue
            Score.objects.update_or_create(
                juror=juror,
                nomination=nomination,
                criterion=criterion,
                defaults={"value": value, "comment": comment},
            )
            changes[criterion.name] = str(value)
        if changes:
            scored = len(selectors.juror_score_map(juror=juror, nomination=nomination))
            audit_log(
                edition=edition,
                action="scored",
                subject=nomination,
                actor=actor,
                juror=juror.user.get_username(),
                scores=changes,
                complete=scored >= len(criteria),
            )
    return bool(changes)


def edition_close(*, edition: Edition, actor: User | None) -> list[Award]:
    """Close the edition: compute every category's results from the stored scores, award
    gold, silver and bronze to the first three of each category by type or thematic and the
    special prize (« Hashtag d'or ») to the first of the agility category, freeze the scores.
    Closing a closed edition changes nothing and returns its awards."""
    with transaction.atomic():
        locked = _edition_lock(edition.pk)
        if locked.closed_at is not None:
            edition.closed_at = locked.closed_at
            return list(Award.objects.filter(nomination__category__edition=locked).order_by("pk"))
        awards = []
        for category_results in selectors.edition_results(edition=locked):
            category = category_results.category
            plan = results.medal_plan(category_results.ranking, kind=category.kind)
            for result, medal in plan:
                award, _created = Award.objects.update_or_create(
                    nomination_id=result.nominee.id,
                    defaults={
                        "medal": medal,
                        "label": SPECIAL_PRIZE_LABEL if medal == results.SPECIAL else "",
                        "score": results.to_decimal(result.score),
                        "awarded_by": actor,
                    },
                )
                awards.append(award)
                audit_log(
                    edition=locked,
                    action="awarded",
                    subject=f"{result.nominee.name} — {category.name}",
                    actor=actor,
                    medal=medal,
                    category=category.slug,
                    score=str(award.score),
                    rank=result.rank,
                )
        locked.closed_at = timezone.now()
        locked.save(update_fields=["closed_at"])
        audit_log(
            edition=locked,
            action="edition_closed",
            subject=locked,
            actor=actor,
            awards=len(awards),
        )
    edition.closed_at = locked.closed_at
    return awards
