"""The jury's space (`/trophees/jury/`): a juror's nominations, dossiers and score forms,
their conflicts of interest; for staff, the completion table, the provisional results and
the closing of the edition.

A juror sees only the nominations of their categories minus their conflicts: anything else,
like the pages of an edition whose jury they do not sit on, answers 404."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from . import jury as services
from . import jury_selectors as selectors
from . import results
from .jury_forms import ConflictForm, ScoreForm, TerritorySearchForm
from .models import Award, Edition, Juror


def juror_required(view: Callable) -> Callable:
    """Anonymous visitors go to the login page; anyone not on the jury of the edition of
    `year` (staff included) gets 404. The view receives `juror` instead of `year`."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, year: int, *args, **kwargs) -> HttpResponse:
        juror = selectors.juror_get(user=request.user, year=year)
        if juror is None:
            raise Http404
        return view(request, *args, juror=juror, **kwargs)

    return wrapped


def staff_edition(view: Callable) -> Callable:
    """Staff only (others go to the admin's login); the view receives `edition`."""

    @staff_member_required
    @wraps(view)
    def wrapped(request: HttpRequest, year: int, *args, **kwargs) -> HttpResponse:
        edition = selectors.edition_for_year(year=year)
        if edition is None:
            raise Http404
        return view(request, *args, edition=edition, **kwargs)

    return wrapped


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The editions whose jury the user sits on; for staff, every edition's follow-up."""
    context = {
        "seats": selectors.juror_edition_list(user=request.user),
        "editions": selectors.edition_list() if request.user.is_staff else [],
    }
    return render(request, "awards/jury/index.html", context)


@juror_required
def edition(request: HttpRequest, juror: Juror) -> HttpResponse:
    """A juror's nominations, per category, with what they scored so far."""
    phase = selectors.jury_phase(edition=juror.edition)
    context = {
        "juror": juror,
        "edition": juror.edition,
        "phase": phase,
        "phase_message": "" if phase == selectors.PHASE_OPEN else services.phase_refusal(phase),
        "categories": selectors.juror_progress(juror=juror),
    }
    return render(request, "awards/jury/edition.html", context)


@juror_required
@require_http_methods(["GET", "POST"])
def nomination(request: HttpRequest, juror: Juror, nomination_id: int) -> HttpResponse:
    """The dossier of a nomination and the juror's scores: every criterion, saved partially
    if need be, changed until the jury phase ends."""
    found = selectors.juror_nomination_get(juror=juror, nomination_id=nomination_id)
    if found is None:
        raise Http404
    edition = juror.edition
    phase = selectors.jury_phase(edition=edition)
    form = ScoreForm(
        request.POST if request.method == "POST" else None,
        criteria=selectors.criterion_list(edition=edition),
        score_max=edition.score_max,
        scores=selectors.juror_score_map(juror=juror, nomination=found),
        disabled=phase != selectors.PHASE_OPEN,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.score_save(
                    juror=juror, nomination=found, scores=form.scores(), actor=request.user
                )
            except services.JuryError as error:
                messages.error(request, str(error))
                status = 403
            else:
                messages.success(request, _("Vos notes sont enregistrées."))
                if request.POST.get("then") == "list":
                    return redirect("jury:edition", year=edition.year)
                return redirect("jury:nomination", year=edition.year, nomination_id=found.pk)
        else:
            status = 400
    context = {
        "juror": juror,
        "edition": edition,
        "nomination": found,
        "dossier": selectors.nomination_dossier(nomination=found),
        "form": form,
        "phase": phase,
        "phase_message": "" if phase == selectors.PHASE_OPEN else services.phase_refusal(phase),
    }
    return render(request, "awards/jury/nomination.html", context, status=status)


@juror_required
@require_http_methods(["GET", "POST"])
def conflicts(request: HttpRequest, juror: Juror) -> HttpResponse:
    """The juror's conflicts of interest: their own collectivités (automatic), those they
    declared, and a search to declare one more."""
    search = TerritorySearchForm(request.GET or None)
    found = []
    if search.is_valid() and search.cleaned_data["q"]:
        found = selectors.conflict_search(query=search.cleaned_data["q"])
    if request.method == "POST":
        form = ConflictForm(request.POST)
        territory = (
            selectors.territory_for_conflict(territory_id=form.cleaned_data["territory"])
            if form.is_valid()
            else None
        )
        if territory is None:
            messages.error(request, _("Choisissez une collectivité dans les résultats."))
            return redirect("jury:conflicts", year=juror.edition.year)
        try:
            _conflict, removed = services.conflict_declare(
                juror=juror,
                territory=territory,
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
        except services.JuryError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _conflict_message(territory.name, removed))
        return redirect("jury:conflicts", year=juror.edition.year)
    context = {
        "juror": juror,
        "edition": juror.edition,
        "conflicts": selectors.conflict_view(juror=juror),
        "search": search,
        "found": found,
        "closed": juror.edition.closed_at is not None,
    }
    return render(request, "awards/jury/conflicts.html", context)


def _conflict_message(name: str, removed: int) -> str:
    message = _("Conflit d'intérêts déclaré : %(name)s ne vous sera plus présentée.") % {
        "name": name
    }
    if removed:
        message += " " + _("Les notes que vous lui aviez données sont retirées.")
    return message


@staff_edition
def progress(request: HttpRequest, edition: Edition) -> HttpResponse:
    """Staff: completion per juror and category, per nomination, and the provisional
    results (scores are shown to staff only)."""
    rankings = selectors.edition_results(edition=edition)
    context = {
        "edition": edition,
        "phase": selectors.jury_phase(edition=edition),
        "completion": selectors.completion_overview(edition=edition),
        "rankings": _with_medals(rankings),
    }
    return render(request, "awards/jury/progress.html", context)


def _with_medals(rankings: list) -> list[tuple]:
    """(category, [(result, medal, its label)]) for the tables; medal "" for none."""
    table = []
    for category_results in rankings:
        plan = results.medal_plan(category_results.ranking, kind=category_results.category.kind)
        medals = {result.nominee.id: medal for result, medal in plan}
        rows = []
        for result in category_results.ranking:
            medal = medals.get(result.nominee.id, "")
            label = services.SPECIAL_PRIZE_LABEL if medal == results.SPECIAL else ""
            rows.append((result, medal, label or (Award.Medal(medal).label if medal else "")))
        table.append((category_results.category, rows))
    return table


@staff_edition
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, edition: Edition) -> HttpResponse:
    """Staff: confirm, then close the edition (medals awarded, scores frozen)."""
    if request.method == "POST":
        already = edition.closed_at is not None
        awards = services.edition_close(edition=edition, actor=request.user)
        if already:
            messages.info(request, _("Cette édition était déjà close : rien n'a changé."))
        else:
            text = ngettext(
                "Édition close : %(count)s médaille ou prix attribué.",
                "Édition close : %(count)s médailles et prix attribués.",
                len(awards),
            )
            messages.success(request, text % {"count": len(awards)})
        return redirect("jury:progress", year=edition.year)
    context = {
        "edition": edition,
        "completion": selectors.completion_overview(edition=edition),
        "rankings": _with_medals(selectors.edition_results(edition=edition)),
    }
    return render(request, "awards/jury/close.html", context)
