"""The staff's nominations page (`/trophees/gestion/<year>/`): per category, the shortlist
proposed from data with its evidence, the confirmed nominees, confirm and withdraw. Staff
only: anyone else goes to the admin's login page."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from . import nominations as services
from . import shortlist as selectors


def staff_edition(view: Callable) -> Callable:
    """Staff only (others go to the admin's login); the view receives `edition`."""

    @staff_member_required
    @wraps(view)
    def wrapped(request: HttpRequest, year: int, *args, **kwargs) -> HttpResponse:
        edition = selectors.edition_for_staff(year=year)
        if edition is None:
            raise Http404
        return view(request, *args, edition=edition, **kwargs)

    return wrapped


def _edition_url(edition, anchor: str = "") -> str:
    url = reverse("awards_staff:edition", kwargs={"year": edition.year})
    return f"{url}#{anchor}" if anchor else url


@staff_member_required
def index(request: HttpRequest) -> HttpResponse:
    context = {"editions": selectors.edition_list_for_staff()}
    return render(request, "awards/staff/index.html", context)


@staff_edition
def edition(request: HttpRequest, *, edition) -> HttpResponse:
    context = {"edition": edition, "boards": selectors.nomination_board(edition=edition)}
    return render(request, "awards/staff/edition.html", context)


def _ids(values: list[str]) -> list[int]:
    return [int(value) for value in values if value.isdigit()]


@staff_edition
@require_POST
def nominations_confirm(request: HttpRequest, category: str, *, edition) -> HttpResponse:
    found = selectors.category_for_staff(edition=edition, slug=category)
    if found is None:
        raise Http404
    try:
        done = services.nominations_confirm_selected(
            category=found,
            territory_ids=_ids(request.POST.getlist("territory")),
            actor=request.user,
        )
    except services.NominationError as error:
        messages.error(request, str(error))
        return redirect(_edition_url(edition, f"categorie-{found.slug}"))
    count = len(done.nominations)
    messages.success(
        request,
        ngettext(
            "%(count)d collectivité nommée dans « %(category)s ».",
            "%(count)d collectivités nommées dans « %(category)s ».",
            count,
        )
        % {"count": count, "category": found.name},
    )
    if done.over_quota:
        messages.warning(
            request,
            _("« %(category)s » compte %(total)d nommés pour %(quota)d prévus par l'édition.")
            % {"category": found.name, "total": done.total, "quota": done.quota},
        )
    return redirect(_edition_url(edition, f"categorie-{found.slug}"))


@staff_edition
@require_POST
def nomination_withdraw(request: HttpRequest, nomination_id: int, *, edition) -> HttpResponse:
    nomination = selectors.nomination_for_staff(edition=edition, nomination_id=nomination_id)
    if nomination is None:
        raise Http404
    anchor = f"categorie-{nomination.category.slug}"
    try:
        services.nomination_withdraw(nomination=nomination, actor=request.user)
    except services.NominationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(territory)s n'est plus nommée dans « %(category)s ».")
            % {"territory": nomination.territory.name, "category": nomination.category.name},
        )
    return redirect(_edition_url(edition, anchor))
