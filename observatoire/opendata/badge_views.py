"""/badges/: a territory's ranking badges (SVG) and the page listing them with the HTML to
copy.

A badge is French unless `?lang=en` (any other language of the site) asks otherwise: the
same URL draws the same image wherever it is embedded, whatever the visitor's browser says.
It is cached until the next publication (the site's stamp, `site.cache.fragment`) and served
with Cache-Control and an ETag of its content, so a site embedding it costs a revalidation."""

import hashlib

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from observatoire.awards.badges import badge_snippet
from observatoire.core.dates import MonthError, month_text, parse_month
from observatoire.profiles.models import Network
from observatoire.site.cache import fragment, page, page_context
from observatoire.territories import selectors as territory_selectors
from observatoire.territories.models import Territory

from . import badge_selectors, badges

MAX_AGE = 3600  # a new month shows within the hour on sites embedding the badge
CONTENT_TYPE = "image/svg+xml; charset=utf-8"


def _territory(slug: str) -> Territory:
    try:
        return territory_selectors.territory_get(slug=slug)
    except Territory.DoesNotExist as error:
        raise Http404(_("Collectivité introuvable.")) from error


def _language(request: HttpRequest) -> str:
    asked = request.GET.get("lang", "")
    return asked if asked in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def _svg(territory: Territory, network: str, month) -> str:
    """The badge's SVG, or "" when `month` (None: the latest) is not published."""
    publication = badge_selectors.badge_publication(month=month)
    if publication is None:
        return ""
    entry = badge_selectors.badge_entry(
        territory=territory, network=network, publication=publication
    )
    badge = badges.ranking_badge(
        territory=territory, network=network, month=publication.month, entry=entry
    )
    return badges.ranking_badge_svg(badge)


def _badge_response(request: HttpRequest, slug: str, network: str, month) -> HttpResponse:
    if network not in Network.values:
        raise Http404(_("Réseau inconnu."))
    territory = _territory(slug)
    with translation.override(_language(request)):
        svg = fragment(
            "ranking-badge",
            territory.pk,
            network,
            month,
            render=lambda: _svg(territory, network, month),
        )
    if not svg:
        raise Http404(_("Aucun classement publié pour ce mois."))
    etag = '"' + hashlib.sha256(svg.encode()).hexdigest()[:32] + '"'
    response = get_conditional_response(request, etag=etag) or HttpResponse(
        svg, content_type=CONTENT_TYPE
    )
    response["ETag"] = etag
    patch_cache_control(response, public=True, max_age=MAX_AGE)
    return response


def badge(request: HttpRequest, slug: str, network: str, month: str) -> HttpResponse:
    try:
        day = parse_month(month)
    except MonthError as error:
        raise Http404(str(error)) from error
    return _badge_response(request, slug, network, day)


def badge_latest(request: HttpRequest, slug: str, network: str) -> HttpResponse:
    """The badge of the latest published month: embedded once, it follows each new month."""
    return _badge_response(request, slug, network, None)


def _blocks(request: HttpRequest, territory: Territory) -> list[dict]:
    """Per network the territory was listed on: its latest badge, the HTML to copy (the
    badge that follows each month, and this month's), and every month's badge."""
    query = (
        ""
        if translation.get_language() == settings.LANGUAGE_CODE
        else "?" + urlencode({"lang": translation.get_language()})
    )
    page_url = settings.SITE_URL + territory.get_absolute_url()
    blocks = []
    for network, entries in badge_selectors.badge_entries(territory=territory).items():
        latest = entries[0]
        kwargs = {"slug": territory.slug, "network": network}
        badge = badges.ranking_badge(
            territory=territory, network=network, month=latest.publication.month, entry=latest
        )
        month_path = reverse(
            "opendata_badge:badge", kwargs=kwargs | {"month": month_text(latest.publication.month)}
        )
        latest_path = reverse("opendata_badge:latest", kwargs=kwargs)
        blocks.append(
            {
                "network": network,
                "network_label": Network(network).label,
                "badge": badge,
                "image": month_path + query,
                "latest_snippet": badges.latest_badge_snippet(
                    alt=_("Classement de %(name)s sur %(network)s, Observatoire des collectivités")
                    % {"name": territory.name, "network": Network(network).label},
                    image_url=settings.SITE_URL + latest_path + query,
                    page_url=page_url,
                ),
                "month_snippet": badge_snippet(
                    badge, image_url=settings.SITE_URL + month_path + query, page_url=page_url
                ),
                "months": [
                    (
                        date_format(entry.publication.month, "F Y"),
                        reverse(
                            "opendata_badge:badge",
                            kwargs=kwargs | {"month": month_text(entry.publication.month)},
                        )
                        + query,
                    )
                    for entry in entries
                ],
            }
        )
    return blocks


@page
def territory_badges(request: HttpRequest, slug: str) -> HttpResponse:
    territory = _territory(slug)
    context = {"territory": territory, "blocks": _blocks(request, territory)}
    return render(request, "opendata/badges.html", page_context(request, context))
