"""Writes about access to Mon espace: invitations, join requests, memberships, and their log.

Every decision is logged as a `MembershipEvent` (who, what, when). Invitation links carry a
random token of which only the SHA-256 is stored; accepting one is a conditional UPDATE on
`accepted_at IS NULL`, so a link works once even when the form is sent twice at once.
"""

import secrets
from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from observatoire.territories.models import Territory

from . import selectors
from .models import Invitation, JoinRequest, Membership, MembershipEvent, Role, User, token_digest

INVITATION_VALIDITY = timedelta(days=7)
TOKEN_BYTES = 32  # 43 URL-safe characters: not guessable
ROLE_RANK = {Role.VIEWER: 0, Role.MANAGER: 1}
DEFAULT_SITE_URL = "http://127.0.0.1:8000"


class AccessError(Exception):
    """A write refused for a reason the person who asked for it should read."""


class InvitationUnavailable(AccessError):
    """The invitation was already accepted, has expired, or is addressed to someone else."""


class AlreadyDecided(AccessError):
    """The join request was approved or refused before."""


class DuplicateJoinRequest(AccessError):
    """A request from this address to this collectivité is already waiting for a decision."""


class LastManager(AccessError):
    """The collectivité would be left without a manager."""


def email_normalize(email: str) -> str:
    return email.strip().lower()


def is_invitee(*, user: User, invitation: Invitation) -> bool:
    """Whether `user`'s account is the one `invitation` is addressed to."""
    return invitation.email in {email_normalize(user.email), email_normalize(user.username)}


def absolute_url(path: str, *, base_url: str | None = None) -> str:
    """`path` on this site: from the request's `base_url` when there is one, else SITE_URL."""
    base = base_url or getattr(settings, "SITE_URL", "") or DEFAULT_SITE_URL
    return base.rstrip("/") + path


def _mail_send(*, template: str, to: str, language: str, context: dict) -> None:
    """An HTML + text e-mail rendered in `language` from templates/users/email/<template>*."""
    with translation.override(language):
        subject = render_to_string(f"users/email/{template}_subject.txt", context)
        text = render_to_string(f"users/email/{template}.txt", context)
        html = render_to_string(f"users/email/{template}.html", context)
    message = EmailMultiAlternatives(" ".join(subject.split()), text, to=[to])
    message.attach_alternative(html, "text/html")
    message.send()


def _event_log(
    *, territory: Territory, action: str, email: str, role: str = "", actor: User | None
) -> None:
    MembershipEvent.objects.create(
        territory=territory, action=action, email=email, role=role, actor=actor
    )


def _invitation_mail(*, invitation: Invitation, token: str, base_url: str | None) -> None:
    path = reverse("users:invitation_accept", kwargs={"token": token})
    context = {
        "invitation": invitation,
        "territories": list(invitation.territories.order_by("name")),
        "link": absolute_url(path, base_url=base_url),
        "invited_by": invitation.invited_by,
    }
    _mail_send(
        template="invitation", to=invitation.email, language=invitation.language, context=context
    )


def invitation_send(
    *,
    email: str,
    territories: Iterable[Territory],
    role: str,
    language: str,
    invited_by: User | None,
    base_url: str | None = None,
) -> Invitation:
    """Invite `email` to `territories` with `role`: a link valid INVITATION_VALIDITY, sent by
    e-mail in `language`, logged once per collectivité."""
    territories = list(territories)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with transaction.atomic():
        invitation = Invitation.objects.create(
            email=email_normalize(email),
            role=role,
            language=language,
            token_hash=token_digest(token),
            invited_by=invited_by,
            expires_at=timezone.now() + INVITATION_VALIDITY,
        )
        invitation.territories.set(territories)
        for territory in territories:
            _event_log(
                territory=territory,
                action=MembershipEvent.Action.INVITED,
                email=invitation.email,
                role=role,
                actor=invited_by,
            )
        _invitation_mail(invitation=invitation, token=token, base_url=base_url)
    return invitation


def invitation_resend(
    *, invitation: Invitation, sent_by: User | None, base_url: str | None = None
) -> None:
    """A new link and a new delay; the previous link stops working. Refused once accepted."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    with transaction.atomic():
        renewed = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
            token_hash=token_digest(token), expires_at=timezone.now() + INVITATION_VALIDITY
        )
        if not renewed:
            raise InvitationUnavailable(invitation.email)
        invitation.refresh_from_db()
        for territory in invitation.territories.all():
            _event_log(
                territory=territory,
                action=MembershipEvent.Action.INVITED,
                email=invitation.email,
                role=invitation.role,
                actor=sent_by,
            )
        _invitation_mail(invitation=invitation, token=token, base_url=base_url)


def _membership_grant(*, user: User, territory: Territory, role: str) -> Membership:
    """`user` becomes a member of `territory` with `role`, or keeps a higher role they had."""
    membership, created = Membership.objects.select_for_update().get_or_create(
        user=user, territory=territory, defaults={"role": role}
    )
    if not created and ROLE_RANK[Role(role)] > ROLE_RANK[Role(membership.role)]:
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


def invitation_accept(
    *, invitation: Invitation, user: User | None = None, password: str | None = None
) -> User:
    """Accept `invitation` as `user` (whose e-mail must be the invitation's), or, without a
    user, as a new account with `password` (username = e-mail). Raises InvitationUnavailable
    when it was accepted meanwhile, has expired, or is addressed to someone else."""
    if user is not None and not is_invitee(user=user, invitation=invitation):
        raise InvitationUnavailable(invitation.email)
    now = timezone.now()
    with transaction.atomic():
        claimed = Invitation.objects.filter(
            pk=invitation.pk, accepted_at__isnull=True, expires_at__gt=now
        ).update(accepted_at=now)
        if not claimed:
            invitation.refresh_from_db()  # what the page will say: used, or expired
            raise InvitationUnavailable(invitation.email)
        if user is None:
            if selectors.user_for_email(email=invitation.email) is not None:
                raise InvitationUnavailable(invitation.email)  # created meanwhile: log in
            user = User.objects.create_user(
                invitation.email,
                invitation.email,
                password,
                language=invitation.language,
            )
        Invitation.objects.filter(pk=invitation.pk).update(accepted_by=user)
        for territory in invitation.territories.all():
            _membership_grant(user=user, territory=territory, role=invitation.role)
            _event_log(
                territory=territory,
                action=MembershipEvent.Action.INVITATION_ACCEPTED,
                email=invitation.email,
                role=invitation.role,
                actor=user,
            )
    invitation.refresh_from_db()
    return user


def join_request_create(
    *,
    territory: Territory,
    email: str,
    name: str,
    job_title: str = "",
    message: str = "",
    language: str,
    user: User | None = None,
) -> JoinRequest:
    """A request to join `territory`, logged; DuplicateJoinRequest when one from the same
    address is already pending there. `user` is kept only when the address is theirs."""
    email = email_normalize(email)
    if user is not None and (not user.is_authenticated or email_normalize(user.email) != email):
        user = None
    with transaction.atomic():
        # The collectivité's row serialises two requests sent at once (SQLite's IMMEDIATE
        # transactions do the same), so the second one sees the first.
        Territory.objects.select_for_update().filter(pk=territory.pk).first()
        if selectors.join_request_pending_exists(territory=territory, email=email):
            raise DuplicateJoinRequest(email)
        join_request = JoinRequest.objects.create(
            territory=territory,
            user=user,
            email=email,
            name=name,
            job_title=job_title,
            message=message,
            language=language,
        )
        _event_log(
            territory=territory, action=MembershipEvent.Action.REQUESTED, email=email, actor=user
        )
    return join_request


def _join_request_decide(*, join_request: JoinRequest, status: str, decided_by: User) -> None:
    now = timezone.now()
    decided = JoinRequest.objects.filter(
        pk=join_request.pk, status=JoinRequest.Status.PENDING
    ).update(status=status, decided_by=decided_by, decided_at=now)
    if not decided:
        raise AlreadyDecided(join_request.email)
    join_request.status, join_request.decided_by, join_request.decided_at = status, decided_by, now


def join_request_approve(
    *, join_request: JoinRequest, decided_by: User, base_url: str | None = None
) -> None:
    """The requester becomes a lecteur: at once when an account has that address (told by
    e-mail), else through an invitation to create one. Raises AlreadyDecided."""
    with transaction.atomic():
        _join_request_decide(
            join_request=join_request, status=JoinRequest.Status.APPROVED, decided_by=decided_by
        )
        territory = join_request.territory
        _event_log(
            territory=territory,
            action=MembershipEvent.Action.APPROVED,
            email=join_request.email,
            role=Role.VIEWER,
            actor=decided_by,
        )
        account = selectors.user_for_email(email=join_request.email)
        if account is None:
            invitation_send(
                email=join_request.email,
                territories=[territory],
                role=Role.VIEWER,
                language=join_request.language,
                invited_by=decided_by,
                base_url=base_url,
            )
            return
        _membership_grant(user=account, territory=territory, role=Role.VIEWER)
        context = {
            "join_request": join_request,
            "link": absolute_url(reverse("users:space"), base_url=base_url),
        }
        _mail_send(
            template="join_approved",
            to=join_request.email,
            language=join_request.language,
            context=context,
        )


def join_request_refuse(*, join_request: JoinRequest, decided_by: User) -> None:
    """Refused, logged, and the requester told politely by e-mail. Raises AlreadyDecided."""
    with transaction.atomic():
        _join_request_decide(
            join_request=join_request, status=JoinRequest.Status.REFUSED, decided_by=decided_by
        )
        _event_log(
            territory=join_request.territory,
            action=MembershipEvent.Action.REFUSED,
            email=join_request.email,
            actor=decided_by,
        )
        _mail_send(
            template="join_refused",
            to=join_request.email,
            language=join_request.language,
            context={"join_request": join_request},
        )


def membership_remove(*, membership: Membership, actor: User) -> None:
    """`membership` ends, logged with `actor`; LastManager when it is the collectivité's only
    manager (the managers' rows are locked, so two removals at once cannot both pass)."""
    with transaction.atomic():
        managers = list(
            Membership.objects.select_for_update()
            .filter(territory_id=membership.territory_id, role=Role.MANAGER)
            .values_list("pk", flat=True)
        )
        if managers == [membership.pk]:
            raise LastManager(membership.user.email)
        deleted, _rows = Membership.objects.filter(pk=membership.pk).delete()
        if deleted:
            _event_log(
                territory=membership.territory,
                action=MembershipEvent.Action.REMOVED,
                email=membership.user.email,
                role=membership.role,
                actor=actor,
            )
