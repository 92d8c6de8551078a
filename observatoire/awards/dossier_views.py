"""Mon espace › Trophées: a collectivité's dossiers (candidatures to the #Hashtags). Every
member reads them with their figures; its managers (and staff on its behalf) draft, change
and submit them while the call for entries is open. A submitted dossier is frozen: these
pages refuse any change and say why; staff correct it in the admin (logged)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from observatoire.territories.models import Territory
from observatoire.users.access import member_required
from observatoire.users.models import Membership

from . import dossier_selectors as selectors
from . import dossiers as services
from .dossier_forms import DossierForm, LinkForm, OperationForm, form_add_errors
from .models import Dossier, Operation


def _can_manage(request: HttpRequest, membership: Membership | None) -> bool:
    return request.user.is_staff or (membership is not None and membership.is_manager)


def _dossier(territory: Territory, dossier_id: int) -> Dossier:
    dossier = selectors.dossier_get(territory=territory, dossier_id=dossier_id)
    if dossier is None:
        raise Http404
    return dossier


def _operation(dossier: Dossier, operation_id: int) -> Operation:
    operation = selectors.operation_get(dossier=dossier, operation_id=operation_id)
    if operation is None:
        raise Http404
    return operation


def _detail(dossier: Dossier, anchor: str = "") -> HttpResponse:
    url = reverse("dossiers:detail", args=[dossier.territory.slug, dossier.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


def _refused(request: HttpRequest, dossier: Dossier) -> HttpResponse | None:
    """Back to the dossier with the reason when it can no longer be changed."""
    refusal = services.dossier_refusal(dossier=dossier)
    if refusal is None:
        return None
    messages.error(request, refusal)
    return _detail(dossier)


@member_required
def dossier_list(
    request: HttpRequest, territory: Territory, membership: Membership | None
) -> HttpResponse:
    context = {
        "territory": territory,
        "entries": selectors.dossier_overview(territory=territory),
        "can_manage": _can_manage(request, membership),
    }
    return render(request, "awards/dossiers/list.html", context)


@member_required(manager=True)
def create(
    request: HttpRequest, edition: str, territory: Territory, membership: Membership | None
) -> HttpResponse:
    edition_object = selectors.edition_get(slug=edition)
    if edition_object is None:
        raise Http404
    existing = selectors.dossier_for_edition(edition=edition_object, territory=territory)
    if existing is not None:
        return _detail(existing)
    refusal = services.entry_refusal(edition=edition_object)
    if refusal:
        messages.error(request, refusal)
        return redirect("dossiers:list", slug=territory.slug)
    categories = selectors.category_eligible_list(edition=edition_object, territory=territory)
    form = DossierForm(request.POST or None, categories=categories)
    if request.method == "POST" and form.is_valid():
        try:
            dossier = services.dossier_create(
                edition=edition_object, territory=territory, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("Brouillon créé : ajoutez maintenant vos opérations."))
            return _detail(dossier)
    context = {"territory": territory, "edition": edition_object, "form": form, "dossier": None}
    return render(request, "awards/dossiers/dossier_form.html", context)


@member_required
def detail(
    request: HttpRequest, dossier_id: int, territory: Territory, membership: Membership | None
) -> HttpResponse:
    dossier = _dossier(territory, dossier_id)
    refusal = services.dossier_refusal(dossier=dossier)
    context = {
        "territory": territory,
        "dossier": dossier,
        "edition": dossier.edition,
        "categories": selectors.dossier_category_list(dossier=dossier),
        "figures": selectors.dossier_figures(dossier=dossier),
        "refusal": refusal,
        "can_edit": refusal is None and _can_manage(request, membership),
    }
    return render(request, "awards/dossiers/detail.html", context)


@member_required(manager=True)
def edit(
    request: HttpRequest, dossier_id: int, territory: Territory, membership: Membership | None
) -> HttpResponse:
    dossier = _dossier(territory, dossier_id)
    if refused := _refused(request, dossier):
        return refused
    categories = selectors.category_eligible_list(edition=dossier.edition, territory=territory)
    chosen = [str(category.pk) for category in selectors.dossier_category_list(dossier=dossier)]
    initial = {"presentation": dossier.presentation, "categories": chosen}
    form = DossierForm(request.POST or None, initial=initial, categories=categories)
    if request.method == "POST" and form.is_valid():
        try:
            services.dossier_update(dossier=dossier, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("Brouillon enregistré."))
            return _detail(dossier)
    context = {"territory": territory, "edition": dossier.edition, "form": form, "dossier": dossier}
    return render(request, "awards/dossiers/dossier_form.html", context)


def _operation_page(
    request: HttpRequest, dossier: Dossier, operation: Operation | None
) -> HttpResponse:
    """The form of a new or existing operation; saved, back to the dossier."""
    if refused := _refused(request, dossier):
        return refused
    initial = None
    if operation is not None:
        links = selectors.operation_link_urls(operation=operation)
        initial = OperationForm.initial_for(operation, links)
    form = OperationForm(request.POST or None, initial=initial, edition=dossier.edition)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {"actor": request.user, "values": form.values(), "hashtags": data["hashtags"]}
        try:
            if operation is None:
                operation = services.operation_create(
                    dossier=dossier, links=data["links"], **common
                )
            else:
                services.operation_update(operation=operation, links=data["links"], **common)
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("Opération enregistrée."))
            return _detail(dossier, f"operation-{operation.pk}")
    context = {
        "territory": dossier.territory,
        "dossier": dossier,
        "edition": dossier.edition,
        "operation": operation,
        "form": form,
    }
    return render(request, "awards/dossiers/operation_form.html", context)


@member_required(manager=True)
def operation_add(
    request: HttpRequest, dossier_id: int, territory: Territory, membership: Membership | None
) -> HttpResponse:
    return _operation_page(request, _dossier(territory, dossier_id), None)


@member_required(manager=True)
def operation_edit(
    request: HttpRequest,
    dossier_id: int,
    operation_id: int,
    territory: Territory,
    membership: Membership | None,
) -> HttpResponse:
    dossier = _dossier(territory, dossier_id)
    return _operation_page(request, dossier, _operation(dossier, operation_id))


@member_required(manager=True)
def operation_delete(
    request: HttpRequest,
    dossier_id: int,
    operation_id: int,
    territory: Territory,
    membership: Membership | None,
) -> HttpResponse:
    dossier = _dossier(territory, dossier_id)
    operation = _operation(dossier, operation_id)
    if refused := _refused(request, dossier):
        return refused
    if request.method == "POST":
        try:
            services.operation_delete(operation=operation, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Opération supprimée."))
        return _detail(dossier)
    context = {"territory": territory, "dossier": dossier, "operation": operation}
    return render(request, "awards/dossiers/operation_delete.html", context)


@member_required(manager=True)
def link_add(
    request: HttpRequest,
    dossier_id: int,
    operation_id: int,
    territory: Territory,
    membership: Membership | None,
) -> HttpResponse:
    dossier = _dossier(territory, dossier_id)
    operation = _operation(dossier, operation_id)
    if refused := _refused(request, dossier):
        return refused
    form = LinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.link_add(operation=operation, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            messages.success(request, _("Lien ajouté."))
            return _detail(dossier, f"operation-{operation.pk}")
    context = {"territory": territory, "dossier": dossier, "operation": operation, "form": form}
    return render(request, "awards/dossiers/link_form.html", context)


@member_required(manager=True)
def link_remove(
    request: HttpRequest,
    dossier_id: int,
    operation_id: int,
    link_id: int,
    territory: Territory,
    membership: Membership | None,
) -> HttpResponse:
    dossier = _dossier(territory, dossier_id)
    operation = _operation(dossier, operation_id)
    link = selectors.link_get(operation=operation, link_id=link_id)
    if link is None:
        raise Http404
    if refused := _refused(request, dossier):
        return refused
    if request.method == "POST":
        try:
            services.link_remove(link=link, actor=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Lien retiré."))
        return _detail(dossier, f"operation-{operation.pk}")
    context = {"territory": territory, "dossier": dossier, "operation": operation, "link": link}
    return render(request, "awards/dossiers/link_remove.html", context)


@member_required(manager=True)
def submit(
    request: HttpRequest, dossier_id: int, territory: Territory, membership: Membership | None
) -> HttpResponse:
    dossier = _dossier(territory, dossier_id)
    if refused := _refused(request, dossier):
        return refused
    errors = []
    if request.method == "POST":
        try:
            services.dossier_submit(dossier=dossier, actor=request.user)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Dossier déposé. Merci pour votre candidature !"))
            return _detail(dossier)
    context = {
        "territory": territory,
        "dossier": dossier,
        "edition": dossier.edition,
        "categories": selectors.dossier_category_list(dossier=dossier),
        "operations": selectors.dossier_operation_count(dossier=dossier),
        "errors": errors,
    }
    return render(request, "awards/dossiers/submit.html", context)
