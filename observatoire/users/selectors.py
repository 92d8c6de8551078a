"""Reads about users and their memberships."""

from django.db.models import Case, Q, QuerySet, When
from django.utils import timezone

from observatoire.territories.models import Territory

from .models import Invitation, JoinRequest, Membership, Role, User, token_digest


def membership_list(*, user: User) -> QuerySet[Membership]:
    """The collectivités a user belongs to, by name."""
    return user.memberships.select_related("territory").order_by("territory__name")


def member_access(
    *, user: User, slug: str, manager: bool = False
) -> tuple[Territory, Membership | None] | None:
    """The collectivité `slug` and the user's membership of it when the user may see its
    private pages: its members, or staff (membership None unless they are members too).
    With `manager`, only its managers and staff. None otherwise: the page answers 404, so a
    stranger cannot even tell the collectivité has members."""
    territory = Territory.objects.filter(slug=slug).first()
    if territory is None or not user.is_authenticated:
        return None
    membership = Membership.objects.filter(user=user, territory=territory).first()
    if user.is_staff:
        return territory, membership
    if membership is None or (manager and membership.role != Role.MANAGER):
        return None
    return territory, membership


def user_for_email(*, email: str) -> User | None:
    """The account of an e-mail address, compared lower-cased (its username when the address
    field is empty: invited accounts are named after their address)."""
    email = email.strip()
    return (
        User.objects.filter(email__iexact=email).order_by("pk").first()
        or User.objects.filter(username__iexact=email).order_by("pk").first()
    )


def invitation_for_token(*, token: str) -> Invitation | None:
    """The invitation a link's token opens, accepted or expired; None for an unknown token."""
    return Invitation.objects.filter(token_hash=token_digest(token)).first()


def invitation_territory_list(*, invitation: Invitation) -> list[Territory]:
    return list(invitation.territories.order_by("name"))


def invitation_pending_list(*, territory: Territory) -> QuerySet[Invitation]:
    """Invitations to `territory` not accepted yet and still valid, newest first."""
    return territory.invitations.filter(
        accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).order_by("-created_at")


def invitation_pending_exists(*, territory: Territory, email: str) -> bool:
    return invitation_pending_list(territory=territory).filter(email__iexact=email.strip()).exists()


def team_member_list(*, territory: Territory) -> QuerySet[Membership]:
    """The members of `territory`: managers first, then by name."""
    return (
        territory.memberships.select_related("user")
        .annotate(manager_first=Case(When(role=Role.MANAGER, then=0), default=1))
        .order_by("manager_first", "user__last_name", "user__first_name", "user__email")
    )


def team_membership_get(*, territory: Territory, membership_id: int) -> Membership | None:
    return team_member_list(territory=territory).filter(pk=membership_id).first()


def membership_get(*, user: User, territory: Territory) -> Membership | None:
    if not user.is_authenticated:
        return None
    return user.memberships.filter(territory=territory).first()


def membership_exists(*, territory: Territory, email: str) -> bool:
    email = email.strip()
    return territory.memberships.filter(
        Q(user__email__iexact=email) | Q(user__username__iexact=email)
    ).exists()


def join_request_pending_exists(*, territory: Territory, email: str) -> bool:
    return JoinRequest.objects.filter(
        territory=territory, email__iexact=email.strip(), status=JoinRequest.Status.PENDING
    ).exists()


def join_request_pending_list(*, user: User) -> QuerySet[JoinRequest]:
    """The user's requests waiting for a decision: made while logged in or from their
    address."""
    return (
        JoinRequest.objects.filter(status=JoinRequest.Status.PENDING)
        .filter(Q(user=user) | Q(email__iexact=user.email) if user.email else Q(user=user))
        .select_related("territory")
        .order_by("-created_at")
    )


def join_territory_get(*, slug: str) -> Territory | None:
    """The collectivité a visitor asks to join."""
    return Territory.objects.filter(slug=slug).first()
