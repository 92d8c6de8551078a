"""Mon espace: a collectivité's dashboard, its peers, the score simulator and the exports.
Views parse their input, call selectors or services and render; every one takes the
collectivité's slug and goes through `member_required`."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from observatoire.demo.selectors import demo_data_present
from observatoire.profiles.models import Network
from observatoire.rankings.selectors import methodology_rules
from observatoire.site.cache import fragment
from observatoire.users.access import member_required

from . import advice, exports, posts, selectors, services
from .board import Board, blocks_tables, board_build, month_end
from .forms import MonthForm, PeerActionForm, PeerSearchForm, WeightsForm
from .models import MAX_PEERS
from .simulation import simulation_run
from .tables import Table


def _can_manage(request: HttpRequest, membership) -> bool:
    return bool(request.user.is_staff or (membership and membership.is_manager))


def _months(request: HttpRequest) -> selectors.Months:
    """The months of the default methodology (read once per publication, from the cache)
    and the one the request asks for."""
    # A fragment, not `stamped`: those join every public page's first round trip.
    published = fragment("dashboard-publications", render=selectors.publications_published)
    return selectors.months_choose(published=published, month=request.GET.get("month", ""))


def _body(territory, months, month: str, network: str, stamp: str) -> str:
    """The dashboard's figures, rendered once per collectivité, month, network compared,
    peers, state of its profiles and publications (and language): nothing in it depends on
    the visitor."""

    def render_body() -> str:
        board = board_build(territory=territory, months=months)
        context = {"board": board, "territory": territory, "month": month}
        context["compared"] = board.compared(network)
        return render_to_string("dashboard/_body.html", context)

    peers = selectors.peer_ids_chosen(territory=territory)
    return fragment(
        "dashboard", territory.pk, months.selected.pk, network, peers, stamp, render=render_body
    )


def _network(request: HttpRequest) -> str:
    """The network compared: a known one, else "" (the first of the collectivité's)."""
    network = request.GET.get("network", "")
    return network if network in Network.values else ""


def _next_steps(territory, publication, stamp: str, can_correct: bool) -> str:
    """What to do next, once per publication (the link to corrections depends on the role)."""
    return fragment(
        "dashboard-next-steps",
        territory.pk,
        publication.pk,
        stamp,
        can_correct,
        render=lambda: render_to_string(
            "dashboard/_next_steps.html",
            {
                "next_steps": advice.next_steps(territory=territory, publication=publication),
                "territory": territory,
                "publication": publication,
                "can_correct": can_correct,
            },
        ),
    )


def _posts(territory, publication, stamp: str) -> str:
    """The month's best and weakest posts and the heatmap: posts are collected every day, so
    kept an hour at most."""

    def render_posts() -> str:
        extremes = posts.posts_extremes(territory=territory, month=publication.month)
        heatmap = posts.engagement_heatmap(territory=territory, until=month_end(publication))
        context = {"post_networks": extremes, "posts_month": publication.month}
        return render_to_string("dashboard/_posts.html", context) + render_to_string(
            "dashboard/_heatmap.html", {"heatmap": heatmap}
        )

    hour = timezone.now().strftime("%Y%m%d%H")
    return fragment(
        "dashboard-posts", territory.pk, publication.pk, stamp, hour, render=render_posts
    )


@member_required
def home(request: HttpRequest, *, territory, membership) -> HttpResponse:
    months = _months(request)
    can_manage = _can_manage(request, membership)
    context = {"territory": territory, "can_manage": can_manage, "months": months}
    if months.selected is not None:
        publication, selected = months.selected, f"{months.selected.month:%Y-%m}"
        stamp = selectors.profiles_stamp(territory=territory)
        context |= {
            "month": selected,
            "form": MonthForm({"month": selected}, publications=months.published),
            "network": _network(request),
            "body": _body(territory, months, selected, _network(request), stamp),
            "next_steps": _next_steps(territory, publication, stamp, can_manage),
            "posts": _posts(territory, publication, stamp),
        }
    return render(request, "dashboard/home.html", context)


@member_required(manager=True)
def peers(request: HttpRequest, *, territory, membership) -> HttpResponse:
    months = _months(request)
    chosen = selectors.peers_chosen(territory=territory)
    current = chosen or selectors.peers_default(territory=territory, publication=months.selected)
    if request.method == "POST":
        return _peers_change(request, territory, current)
    search = PeerSearchForm(request.GET)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    context = {
        "territory": territory,
        "current": current,
        "chosen": bool(chosen),
        "search": search,
        "query": query,
        "results": selectors.peer_candidates(territory=territory, query=query) if query else [],
        "current_ids": {peer.pk for peer in current},
        "max_peers": MAX_PEERS,
    }
    return render(request, "dashboard/peers.html", context)


def _peers_change(request: HttpRequest, territory, current) -> HttpResponse:
    form = PeerActionForm(request.POST)
    url = reverse("dashboard:peers", args=[territory.slug])
    if not form.is_valid():
        messages.error(request, " ".join(form.non_field_errors()) or _("Action inconnue."))
        return redirect(url)
    action, peer = form.cleaned_data["action"], None
    if action != "reset":
        found = selectors.territories_by_ids(ids=[form.cleaned_data["peer"]])
        if not found:
            messages.error(request, _("Collectivité introuvable."))
            return redirect(url)
        peer = found[0]
    try:
        services.peers_change(
            territory=territory, current=current, action=action, peer=peer, chosen_by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(url)
    done = {
        "add": _("%(name)s ajoutée aux collectivités comparées."),
        "remove": _("%(name)s retirée des collectivités comparées."),
        "up": _("%(name)s remontée dans la liste."),
        "down": _("%(name)s descendue dans la liste."),
        "reset": _("Retour aux collectivités comparées par défaut."),
    }[action]
    messages.success(request, done % {"name": peer.name if peer else ""})
    return redirect(url)


@member_required
def simulator(request: HttpRequest, *, territory, membership) -> HttpResponse:
    months = _months(request)
    publication = months.selected
    context = {"territory": territory, "months": months, "publication": publication}
    context["can_manage"] = _can_manage(request, membership)
    if publication is not None:
        rules = methodology_rules(publication.methodology, kpis=publication.kpis)
        published = dict(zip(rules.kpis, rules.weights, strict=True))
        data = {name: f"{weight:g}" for name, weight in published.items()}
        data |= {key: request.GET[key] for key in request.GET if key in published}
        data["month"] = f"{publication.month:%Y-%m}"
        form = WeightsForm(
            data, publications=months.published, kpis=rules.kpis, published=published
        )
        context |= {"form": form, "published": published}
        if form.is_valid():
            weights = form.weights()
            context["weights"] = weights
            context["changed"] = weights != published
            context["networks"] = simulation_run(
                territory=territory, publication=publication, weights=weights
            )
    return render(request, "dashboard/simulator.html", context)


def _download(content, *, content_type: str, filename: str) -> HttpResponse:
    prefix = "demo-" if demo_data_present() else ""  # fictitious figures must say so everywhere
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{prefix}{filename}"'
    response["Cache-Control"] = "private, no-store"  # a collectivité's private figures
    return response


def _board(request: HttpRequest, territory) -> tuple[Board, list[Table]]:
    """The dashboard of the month asked for and every table of its page, in its order."""
    board = board_build(territory=territory, months=_months(request))
    if board.months.selected is None:
        raise Http404(_("Aucun classement publié."))
    publication = board.months.selected
    tables = blocks_tables(territory=territory, publication=publication)
    return board, [tables[0], *board.tables, *tables[1:]]


@member_required
def export_csv(request: HttpRequest, table: str, *, territory, membership) -> HttpResponse:
    board, tables = _board(request, territory)
    found = next((t for t in tables if t.slug == table), None)
    if found is None:
        raise Http404(_("Tableau introuvable."))
    month = f"{board.months.selected.month:%Y-%m}"
    return _download(
        exports.table_csv(found),
        content_type="text/csv; charset=utf-8",
        filename=f"{territory.slug}-{found.slug}-{month}.csv",
    )


@member_required
def export_xlsx(request: HttpRequest, *, territory, membership) -> HttpResponse:
    board, tables = _board(request, territory)
    month = board.months.selected.month
    about = [
        (_("Collectivité"), territory.name),
        (_("Mois"), date_format(month, "F Y")),
        (_("Collectivités comparées"), ", ".join(peer.name for peer in board.peers)),
        (_("Source"), _("Observatoire des collectivités sur les réseaux sociaux")),
    ]
    return _download(
        exports.tables_xlsx(tables=tables, about=about, demo=demo_data_present()),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename=f"{territory.slug}-tableau-de-bord-{month:%Y-%m}.xlsx",
    )
