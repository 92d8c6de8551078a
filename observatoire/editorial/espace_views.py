"""Mon espace › Publications: a collectivité's editorial line per network, its hashtags, its
campaigns and the accessibility of its posts. Views parse their input (GET forms checked,
errors named), call selectors (editorial.espace) or the campaign services, and render;
every one takes the collectivité's slug and goes through `member_required` — with
`manager=True` for the campaign forms: a lecteur reads, a gestionnaire (or staff) changes."""

import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from observatoire.awards.dossier_forms import form_add_errors
from observatoire.dashboard.exports import table_csv
from observatoire.demo.selectors import demo_data_present
from observatoire.territories.models import Territory
from observatoire.users.access import member_required
from observatoire.users.models import Membership

from . import services
from .espace import accessibility, campaigns, hashtags, line
from .espace.common import month_add, networks_of, profiles_of, today
from .espace_forms import AccessibilityForm, CampaignForm, HashtagsForm, LineForm
from .models import Campaign

HASHTAGS_PER_PAGE = 100


def _can_manage(request: HttpRequest, membership: Membership | None) -> bool:
    return bool(request.user.is_staff or (membership and membership.is_manager))


def _context(request: HttpRequest, territory: Territory, membership, **extra) -> dict:
    return {"territory": territory, "can_manage": _can_manage(request, membership), **extra}


def _download(content, *, content_type: str, filename: str) -> HttpResponse:
    """A private download, named demo-… when the figures are fictitious (as the dashboard's)."""
    prefix = "demo-" if demo_data_present() else ""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{prefix}{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- editorial line -------------------------------------------------------------------


@member_required
def line_page(request: HttpRequest, *, territory, membership) -> HttpResponse:
    months = line.line_months(territory=territory)
    networks = networks_of(profiles_of(territory=territory))
    form = LineForm(request.GET, months=months, networks=networks)
    context = _context(request, territory, membership, form=form)
    if not months:
        return render(request, "editorial/espace/line.html", context)
    if form.is_valid():
        month, span = form.cleaned_data["month"], form.cleaned_data["span"]
        chosen = form.cleaned_data["network"]
    else:  # named above the form; the latest month of every network meanwhile
        month, span, chosen = months[0], 1, []
    context["min_measured"] = line.MIN_MEASURED
    context["line"] = line.editorial_line(
        territory=territory, month=month, span=span, networks=chosen or None
    )
    return render(request, "editorial/espace/line.html", context)


# --- hashtags -------------------------------------------------------------------------


def _hashtags_query(request: HttpRequest, territory) -> tuple[HashtagsForm, dict]:
    """The form (bound to the request, or to the default period) and the query it asks."""
    networks = networks_of(profiles_of(territory=territory))
    last = today()
    months = line.line_months(territory=territory)
    if months:  # the default period ends with the latest month holding posts (demo data…)
        last = min(last, month_add(months[0], 1) - dt.timedelta(days=1))
    defaults = {
        "start": f"{last - dt.timedelta(days=hashtags.DEFAULT_DAYS - 1):%Y-%m-%d}",
        "end": f"{last:%Y-%m-%d}",
    }
    data = {**defaults, **{key: value for key, value in request.GET.items() if value}}
    form = HashtagsForm(data, networks=networks)
    if form.is_valid():
        query = form.cleaned_data
    else:
        fallback = HashtagsForm(defaults, networks=networks)
        fallback.is_valid()
        query = fallback.cleaned_data
    sort = query.get("tri") or hashtags.DEFAULT_SORT
    order = query.get("ordre") or ("asc" if sort == "tag" else "desc")
    return form, {
        "start": query["start"],
        "end": query["end"],
        "network": query.get("network") or "",
        "sort": sort,
        "descending": order == "desc",
    }


def _hashtag_lines(territory, query: dict) -> list:
    found = hashtags.hashtag_list(
        territory=territory,
        first=query["start"],
        last=query["end"],
        networks=[query["network"]] if query["network"] else None,
    )
    return hashtags.hashtags_sorted(found, sort=query["sort"], descending=query["descending"])


@member_required
def hashtags_page(request: HttpRequest, *, territory, membership) -> HttpResponse:
    form, query = _hashtags_query(request, territory)
    lines = _hashtag_lines(territory, query)
    page = Paginator(lines, HASHTAGS_PER_PAGE).get_page(request.GET.get("page"))
    context = _context(
        request,
        territory,
        membership,
        form=form,
        query=query,
        page=page,
        total=len(lines),
        branded=sum(1 for line in lines if line.branded),
        columns=_hashtag_columns(query),
        params=_params(query),
    )
    return render(request, "editorial/espace/hashtags.html", context)


def _params(query: dict, **changes) -> str:
    """The query string of the hashtags' page for `query` with `changes`."""
    values = {
        "start": f"{query['start']:%Y-%m-%d}",
        "end": f"{query['end']:%Y-%m-%d}",
        "network": query["network"],
        "tri": query["sort"],
        "ordre": "desc" if query["descending"] else "asc",
    } | changes
    return urlencode({key: value for key, value in values.items() if value})


def _hashtag_columns(query: dict) -> list[dict]:
    """The sortable columns' headers: label, link to sort by it (figures: descending first,
    or the other way when already sorted by it), aria-sort when it is the order."""
    labels = {
        "tag": _("Hashtag"),
        "posts": _("Publications"),
        "interactions": _("Interactions"),
        "engagement": _("Taux d'engagement moyen"),
        "networks": _("Réseaux"),
        "first": _("Première utilisation"),
        "last": _("Dernière utilisation"),
    }
    columns = []
    for sort, label in labels.items():
        current = query["sort"] == sort
        descending = not query["descending"] if current else sort != "tag"
        columns.append(
            {
                "sort": sort,
                "label": label,
                "numeric": sort in ("posts", "interactions", "engagement", "networks"),
                "current": current,
                "aria_sort": ("descending" if query["descending"] else "ascending")
                if current
                else "",
                "params": _params(query, tri=sort, ordre="desc" if descending else "asc"),
            }
        )
    return columns


@member_required
def hashtags_csv(request: HttpRequest, *, territory, membership) -> HttpResponse:
    form, query = _hashtags_query(request, territory)
    if not form.is_valid():
        errors = "; ".join(f"{label} : {message}" for _id, label, message in form.errors_by_label())
        return HttpResponseBadRequest(errors, content_type="text/plain; charset=utf-8")
    table = hashtags.hashtags_table(_hashtag_lines(territory, query))
    return _download(
        table_csv(table),
        content_type="text/csv; charset=utf-8",
        filename=f"{territory.slug}-hashtags-{query['start']:%Y-%m-%d}-{query['end']:%Y-%m-%d}.csv",
    )


# --- campaigns ------------------------------------------------------------------------


def _campaign(territory: Territory, campaign_id: int) -> Campaign:
    campaign = campaigns.campaign_get(territory=territory, campaign_id=campaign_id)
    if campaign is None:
        raise Http404
    return campaign


def _campaign_url(campaign: Campaign) -> str:
    return reverse("editorial_espace:campaign", args=[campaign.territory.slug, campaign.pk])


@member_required
def campaign_list(request: HttpRequest, *, territory, membership) -> HttpResponse:
    found = campaigns.campaign_list(territory=territory)
    keys = {key for campaign in found for key in campaign.hashtags}
    context = _context(
        request,
        territory,
        membership,
        campaigns=found,
        spellings=campaigns.hashtag_spellings(territory=territory, keys=keys),
    )
    return render(request, "editorial/espace/campaigns.html", context)


def _campaign_form(request: HttpRequest, territory, membership, campaign: Campaign | None):
    """The form of a new or existing campaign; saved, to the campaign's page."""
    initial = None
    if campaign is not None:
        keys = campaign.hashtags
        spellings = campaigns.hashtag_spellings(territory=territory, keys=keys)
        initial = CampaignForm.initial_for(campaign, spellings)
    form = CampaignForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        try:
            if campaign is None:
                campaign = services.campaign_create(
                    territory=territory, created_by=request.user, **values
                )
                messages.success(request, _("Campagne créée."))
            else:
                services.campaign_update(campaign=campaign, **values)
                messages.success(request, _("Campagne enregistrée."))
        except ValidationError as error:
            form_add_errors(form, error)
        else:
            return redirect(_campaign_url(campaign))
    context = _context(
        request,
        territory,
        membership,
        form=form,
        campaign=campaign,
        suggestions=campaigns.branded_suggestions(territory=territory),
    )
    return render(request, "editorial/espace/campaign_form.html", context)


@member_required(manager=True)
def campaign_create(request: HttpRequest, *, territory, membership) -> HttpResponse:
    return _campaign_form(request, territory, membership, None)


@member_required(manager=True)
def campaign_edit(request: HttpRequest, campaign_id: int, *, territory, membership) -> HttpResponse:
    return _campaign_form(request, territory, membership, _campaign(territory, campaign_id))


@member_required(manager=True)
def campaign_delete(
    request: HttpRequest, campaign_id: int, *, territory, membership
) -> HttpResponse:
    campaign = _campaign(territory, campaign_id)
    if request.method == "POST":
        services.campaign_delete(campaign=campaign)
        messages.success(request, _("Campagne « %(name)s » supprimée.") % {"name": campaign.name})
        return redirect("editorial_espace:campaigns", slug=territory.slug)
    return render(
        request,
        "editorial/espace/campaign_delete.html",
        _context(request, territory, membership, campaign=campaign),
    )


@member_required
def campaign_detail(
    request: HttpRequest, campaign_id: int, *, territory, membership
) -> HttpResponse:
    campaign = _campaign(territory, campaign_id)
    figures = campaigns.campaign_figures(campaign=campaign)
    posts_chart, interactions_chart = figures.charts()
    context = _context(
        request,
        territory,
        membership,
        campaign=campaign,
        spellings=campaigns.hashtag_spellings(territory=territory, keys=campaign.hashtags),
        figures=figures,
        posts_chart=posts_chart,
        interactions_chart=interactions_chart,
        timeline=figures.timeline_table(),
        networks=figures.networks_table(),
        page=campaigns.campaign_posts_page(campaign=campaign, page=request.GET.get("page", 1)),
    )
    return render(request, "editorial/espace/campaign.html", context)


@member_required
def campaign_csv(request: HttpRequest, campaign_id: int, *, territory, membership) -> HttpResponse:
    campaign = _campaign(territory, campaign_id)
    return _download(
        table_csv(campaigns.campaign_posts_table(campaign=campaign)),
        content_type="text/csv; charset=utf-8",
        filename=f"{territory.slug}-campagne-{campaign.pk}-publications.csv",
    )


# --- accessibility --------------------------------------------------------------------


@member_required
def accessibility_page(request: HttpRequest, *, territory, membership) -> HttpResponse:
    months = accessibility.accessibility_months(territory=territory)
    form = AccessibilityForm(request.GET, months=months)
    context = _context(request, territory, membership, form=form)
    if months:
        month = form.cleaned_data["month"] if form.is_valid() else months[0]
        page = accessibility.accessibility_page(territory=territory, month=month)
        context |= {
            "page": page,
            "max_to_fix": accessibility.TO_FIX,
            "history_chart": page.history_chart(),
            "history_table": page.history_table(),
        }
    return render(request, "editorial/espace/accessibility.html", context)
