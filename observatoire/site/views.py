"""Public pages. Each view parses its input, reads through selectors and renders; the heavy
part of the ranking, collectivité and home pages comes from the cache (see cache.py)."""

import io

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from observatoire.awards.selectors import territory_awards
from observatoire.core.csvio import CsvWriter
from observatoire.demo.selectors import demo_data_present
from observatoire.profiles.models import Network, Profile
from observatoire.rankings import kpis as catalogue
from observatoire.rankings import selectors as ranking_selectors
from observatoire.territories import selectors as territory_selectors
from observatoire.territories.models import Category, Territory

from . import selectors
from .cache import fragment, page, page_context, status_stamp
from .charts import line_chart
from .forms import RankingFilterForm, ranking_query
from .templatetags.site_tags import kpi_value, movement_text


def kpi_labels(publication) -> dict:
    """KPI name -> label, for the KPIs of a publication, in its order."""
    return {name: str(catalogue.get(name).label) for name in publication.kpis}


@page
def home(request: HttpRequest) -> HttpResponse:
    def render_headlines() -> str:
        methodology = ranking_selectors.methodology_default()
        publication = selectors.publication_for(methodology=methodology)
        context = {"publication": publication, "unreachable": selectors.headline_unreachable()}
        if publication:
            context["leaders"] = selectors.headline_leaders(publication=publication)
            context["climbers"] = selectors.headline_climbers(publication=publication)
        return render_to_string("site/_home_headlines.html", context)

    from observatoire.blog.selectors import article_latest

    # Keyed on the unreachable profiles too: the headlines list the recently broken ones.
    context = {
        "headlines": fragment("home", status_stamp(), render=render_headlines),
        "articles": article_latest(limit=3),
    }
    return render(request, "site/home.html", page_context(request, context))


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    results = territory_selectors.territory_search(query=query) if query else []
    return render(request, "site/search.html", {"query": query, "results": results})


def _ranking_state(request: HttpRequest) -> dict:
    """The chosen publication, filters and région, every one defaulted when missing or wrong."""
    methodology = ranking_selectors.methodology_default()
    months = selectors.publication_months(methodology=methodology)
    regions = fragment("regions", render=lambda: list(territory_selectors.region_list()))
    form = RankingFilterForm(request.GET, months=months, regions=regions)
    chosen = form.cleaned()
    publication = selectors.publication_for(methodology=methodology, month=chosen["month"])
    region = next((r for r in regions if r.slug == chosen["region"]), None)
    page = request.GET.get("page", "1")
    page = page if page.isdigit() else "1"
    form = RankingFilterForm(chosen, months=months, regions=regions)
    return {
        "form": form,
        "chosen": chosen,
        "publication": publication,
        "region": region,
        "page_number": page,
        "network_label": Network(chosen["network"]).label,
        "category_label": Category(chosen["category"]).label,
    }


RANKING_PARAMETERS = ("network", "category", "month", "region", "page")


def ranking_parameters(request: HttpRequest) -> dict | None:
    """The ranking page's validated parameters (its page-cache key), None when one is invalid."""
    query, invalid = ranking_query(request.GET)
    return None if invalid else query


@page(parameters=ranking_parameters)
def rankings(request: HttpRequest) -> HttpResponse:
    query, invalid = ranking_query(request.GET)
    if invalid:  # to the same page without them: a value never read is never cached
        kept = request.GET.copy()
        for name in invalid:
            kept.pop(name)
        return redirect(f"{request.path}?{kept.urlencode()}" if kept else request.path)

    def build() -> dict:
        state = _ranking_state(request)
        publication, chosen = state["publication"], state["chosen"]
        context = dict(state)
        if publication is not None:
            context["kpi_labels"] = kpi_labels(publication)
            context["table"] = selectors.ranking_table(
                publication=publication,
                network=chosen["network"],
                category=chosen["category"],
                region=state["region"],
                page_number=state["page_number"],
            )
            context["networks"] = selectors.ranking_networks(publication=publication)
            query = {k: v for k, v in chosen.items() if v}
            context["query"] = "&".join(f"{k}={v}" for k, v in query.items())
        title = _("Classement %(network)s — %(category)s") % {
            "network": state["network_label"],
            "category": state["category_label"],
        }
        if publication is not None:
            title += " — " + date_format(publication.month, "F Y")
        return {"title": title, "body": render_to_string("site/_ranking_body.html", context)}

    # Keyed on the validated parameters, and on the network's unreachable profiles, so a
    # broken link shows without a new publication.
    parameters = [query[name] for name in RANKING_PARAMETERS]
    statuses = selectors.profile_status_stamp(network=query["network"])
    context = dict(fragment("rankings", *parameters, statuses, render=build))
    return render(request, "site/rankings.html", page_context(request, context))


def rankings_csv(request: HttpRequest) -> HttpResponse:
    """Exactly the rows and columns of the ranking page with the same parameters, the
    "Attention danger" sign as two columns: since when and why the profile is unreachable.
    Cached like the ranking table (valid parameters, publications, unreachable profiles)."""
    query, invalid = ranking_query(request.GET)
    if invalid:  # served with the defaults, never cached: a value never read is never a key
        filename, text = _ranking_csv(request)
    else:
        parameters = [query[name] for name in RANKING_PARAMETERS]
        statuses = selectors.profile_status_stamp(network=query["network"])
        filename, text = fragment(
            "rankings-csv", *parameters, statuses, render=lambda: _ranking_csv(request)
        )
    prefix = "demo-" if demo_data_present() else ""  # fictitious figures must say so everywhere
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{prefix}{filename}"'
    return response


def _ranking_csv(request: HttpRequest) -> tuple[str, str]:
    """The file name (without the demo prefix) and the text of the ranking CSV."""
    state = _ranking_state(request)
    publication, chosen = state["publication"], state["chosen"]
    if publication is None:
        raise Http404(_("Aucun classement publié."))
    table = selectors.ranking_table(
        publication=publication,
        network=chosen["network"],
        category=chosen["category"],
        region=state["region"],
        page_number=state["page_number"],
    )
    filename = "classement-{}-{}-{}{}-p{}.csv".format(
        chosen["network"],
        chosen["category"],
        publication.month.strftime("%Y-%m"),
        f"-{state['region'].slug}" if state["region"] else "",
        table.page.number,
    )
    text = io.StringIO()
    text.write("\ufeff")  # spreadsheets detect UTF-8
    writer = CsvWriter(text, reversible=False, lineterminator="\r\n")  # '=… never runs
    labels = kpi_labels(publication)
    header = [_("Rang")]
    if state["region"]:
        header.append(_("Rang régional"))
    header += [_("Évolution"), _("Collectivité"), _("Profil"), _("Score")]
    header += list(labels.values())
    header += [_("Remarque"), _("Inaccessible depuis"), _("Raison de l'inaccessibilité")]
    writer.writerow(header)
    for entry in table.rows:
        row = [entry.rank or ""]
        if state["region"]:
            row.append(entry.region_rank or "")
        row += [
            movement_text(entry),
            entry.territory.name,
            entry.profile.handle,
            kpi_value(entry.score, "score") if entry.eligible else "",
        ]
        row += [kpi_value(entry.kpi(name).value, name) for name in labels]
        row.append("" if entry.eligible else entry.get_reason_display())
        row += unreachable_cells(entry.profile)
        writer.writerow(row)
    return filename, text.getvalue()


def unreachable_cells(profile) -> list[str]:
    """Since when (ISO date) and why the profile is unreachable today; blank when reachable."""
    if profile.status != Profile.Status.UNAVAILABLE:
        return ["", ""]
    since = profile.unavailable_since.isoformat() if profile.unavailable_since else ""
    return [since, profile.get_unavailable_reason_display() if profile.unavailable_reason else ""]


@page
def methodology(request: HttpRequest) -> HttpResponse:
    current = ranking_selectors.methodology_default()
    context = {"methodology": current}
    if current is not None:
        context |= ranking_selectors.methodology_kpi_table(methodology=current)
    return render(request, "site/methodology.html", page_context(request, context))


def _cached_medians(*, publication, network: str, category: str) -> dict:
    return fragment(
        "medians",
        publication.pk,
        network,
        category,
        render=lambda: ranking_selectors.kpi_medians(
            publication=publication, network=network, category=category
        ),
    )


def _explanation(entry) -> dict:
    """The rankings engine's explanation, with the category medians and the gap to the rank
    above, for the score table of a collectivité page."""
    group = selectors.group_kpis_cached(entry=entry) if entry.eligible else None
    explanation = ranking_selectors.entry_explanation(entry=entry, group=group)
    medians = _cached_medians(
        publication=entry.publication, network=entry.network, category=entry.category
    )
    for kpi in explanation["kpis"]:
        kpi["median"] = medians.get(kpi["kpi"])
    gap = selectors.score_gap_above(entry=entry, group=group)
    explanation["gap"], explanation["above_rank"] = gap if gap else (None, None)
    return explanation


def _territory_context(territory: Territory) -> dict:
    methodology = ranking_selectors.methodology_default()
    publication = selectors.publication_for(methodology=methodology)
    profiles = selectors.territory_profiles(territory=territory)
    principal = [p for p in profiles if p.is_principal]
    entries = selectors.territory_entries(territory=territory, publication=publication)
    networks = []
    for profile in principal:
        entry = entries.get(profile.pk)
        block = {"profile": profile, "entry": entry, "network_label": profile.get_network_display()}
        if entry is not None:
            block["explanation"] = _explanation(entry)
        networks.append(block)
    history = selectors.territory_rank_history(territory=territory, methodology=methodology)
    followers = selectors.territory_follower_history(profiles=principal)
    return {
        "territory": territory,
        "publication": publication,
        "networks": networks,
        "thematic": [p for p in profiles if not p.is_principal],
        "history_networks": history.networks,
        "history_rows": history.rows,
        "rank_chart": line_chart(
            x_labels=history.months, series=history.ranks, invert=True, minimum=1, integer=True
        ),
        "score_chart": line_chart(x_labels=history.months, series=history.scores, minimum=0),
        "follower_networks": followers.networks,
        "follower_rows": followers.rows,
        "follower_chart": line_chart(x_labels=followers.months, series=followers.series),
        # announced nominations and medals; the cache's stamp follows announcements
        "territory_awards": territory_awards(territory=territory),
    }


@page
def territory(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        place = territory_selectors.territory_get(slug=slug)
    except Territory.DoesNotExist as error:
        raise Http404(_("Collectivité introuvable.")) from error
    body = fragment(
        "territory",
        place.pk,
        selectors.profile_status_stamp(territory=place),  # a broken link shows at once
        render=lambda: render_to_string("site/_territory_body.html", _territory_context(place)),
    )
    context = {"territory": place, "body": body}
    return render(request, "site/territory.html", page_context(request, context))
