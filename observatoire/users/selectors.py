"""Reads about users and their memberships."""

from django.db.models import QuerySet

from observatoire.territories.models import Territory

from .models import Membership, Role, User


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
