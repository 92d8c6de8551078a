"""Reads about users and their memberships."""

from django.db.models import QuerySet

from .models import Membership, User


def membership_list(*, user: User) -> QuerySet[Membership]:
    """The collectivités a user belongs to, by name."""
    return user.memberships.select_related("territory").order_by("territory__name")
