"""Mon espace: a collectivité's profiles and its correction requests. Every member reads them;
only its managers (and staff) ask for corrections, which staff validate in the admin."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from observatoire.territories.models import Territory
from observatoire.users.access import member_required
from observatoire.users.models import Membership

from . import selectors
from .corrections import correction_request
from .forms import LinkForm, MissingProfileForm, RoleForm, form_add_errors
from .models import Profile, ProfileCorrection


@member_required
def correction_list(
    request: HttpRequest, territory: Territory, membership: Membership | None
) -> HttpResponse:
    overview = selectors.correction_overview(territory=territory)
    context = {
        "territory": territory,
        "networks": overview.networks,
        "corrections": overview.corrections,
        "can_request": request.user.is_staff or (membership is not None and membership.is_manager),
    }
    return render(request, "profiles/corrections.html", context)


@member_required(manager=True)
def missing(
    request: HttpRequest, territory: Territory, membership: Membership | None
) -> HttpResponse:
    form = MissingProfileForm(request.POST or None)
    return _request_page(
        request, form, territory=territory, kind=ProfileCorrection.Kind.MISSING, profile=None
    )


@member_required(manager=True)
def link(
    request: HttpRequest, profile_id: int, territory: Territory, membership: Membership | None
) -> HttpResponse:
    profile = _profile(territory, profile_id)
    form = LinkForm(request.POST or None)
    return _request_page(request, form, territory=territory, kind=None, profile=profile)


@member_required(manager=True)
def role(
    request: HttpRequest, profile_id: int, territory: Territory, membership: Membership | None
) -> HttpResponse:
    profile = _profile(territory, profile_id)
    Kind = ProfileCorrection.Kind
    initial = {
        "kind": Kind.THEMATIC if profile.is_principal else Kind.PRINCIPAL,
        "label": profile.label,
    }
    form = RoleForm(request.POST or None, initial=initial)
    return _request_page(request, form, territory=territory, kind=None, profile=profile)


def _profile(territory: Territory, profile_id: int) -> Profile:
    profile = selectors.territory_profile(territory=territory, profile_id=profile_id)
    if profile is None:
        raise Http404
    return profile


def _request_page(
    request: HttpRequest, form, *, territory: Territory, kind: str | None, profile: Profile | None
) -> HttpResponse:
    """The form's page; a valid request is recorded and the member goes back to the list."""
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        values.setdefault("kind", kind)
        try:
            correction_request(
                territory=territory, requested_by=request.user, profile=profile, **values
            )
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "Demande envoyée : elle s'appliquera une fois validée par l'équipe de "
                    "l'Observatoire."
                ),
            )
            return redirect("corrections:list", slug=territory.slug)
    context = {"territory": territory, "form": form, "profile": profile, "kind": kind}
    return render(request, "profiles/correction_form.html", context)
