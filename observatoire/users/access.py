"""Who may open a collectivité's private pages: one decorator every private view uses."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from .selectors import member_access


def member_required(view: Callable | None = None, *, manager: bool = False) -> Callable:
    """For views taking a collectivité's `slug`: anonymous visitors go to the login page,
    users who are not members (or, with `manager`, not managers) get 404, staff pass. The
    view receives `territory` and `membership` (None for staff who are not members) instead
    of `slug`."""

    def decorate(function: Callable) -> Callable:
        @login_required
        @wraps(function)
        def wrapped(request: HttpRequest, slug: str, *args, **kwargs) -> HttpResponse:
            access = member_access(user=request.user, slug=slug, manager=manager)
            if access is None:
                raise Http404
            territory, membership = access
            return function(request, *args, territory=territory, membership=membership, **kwargs)

        return wrapped

    return decorate(view) if view is not None else decorate
