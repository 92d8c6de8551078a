"""RSS and Atom feeds of each ranking (network × category): one item per published month,
linking to the ranking page of that month, with its first three.

A feed reader renders the description as HTML: it is built with `format_html`, every name
escaped. Feeds are cached until the next publication (`site.cache.fragment`)."""

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from observatoire.demo.selectors import demo_data_present
from observatoire.profiles.models import Network
from observatoire.site.cache import fragment
from observatoire.site.templatetags.site_tags import kpi_value
from observatoire.territories.models import Category

from .feed_selectors import feed_leaders, feed_publications


def ranking_url(*, network: str, category: str, month=None) -> str:
    query = {"network": network, "category": category}
    if month is not None:
        query["month"] = f"{month:%Y-%m}"
    return reverse("site:rankings") + "?" + urlencode(query)


class RankingFeed(Feed):
    """The monthly rankings of one network and category."""

    def get_object(self, request, network: str, category: str) -> dict:
        if network not in Network.values or category not in Category.values:
            raise Http404(_("Classement inconnu."))
        return {"network": network, "category": category}

    def _names(self, group: dict) -> dict:
        return {
            "network": Network(group["network"]).label,
            "category": Category(group["category"]).label,
        }

    def title(self, group):
        return _("Classement %(network)s — %(category)s") % self._names(group)

    def link(self, group):
        return ranking_url(**group)

    def description(self, group):
        names = self._names(group) | {"category": self._names(group)["category"].lower()}
        return (
            _(
                "Chaque nouveau mois du classement des %(category)s sur %(network)s, publié par "
                "l'Observatoire des collectivités sur les réseaux sociaux."
            )
            % names
        )

    def subtitle(self, group):
        return self.description(group)

    def items(self, group):
        return [(publication, group) for publication in feed_publications(**group)]

    def item_title(self, item):
        publication, group = item
        names = self._names(group)
        names["category"] = names["category"].lower()
        names["month"] = date_format(publication.month, "F Y")
        return _("Classement des %(category)s sur %(network)s, %(month)s") % names

    def item_link(self, item):
        publication, group = item
        return ranking_url(**group, month=publication.month)

    def item_guid(self, item):
        publication, group = item
        return f"classement-{group['network']}-{group['category']}-{publication.month:%Y-%m}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item[0].published_at

    def item_updateddate(self, item):
        return item[0].published_at

    def item_description(self, item):
        publication, group = item
        leaders = feed_leaders(publication=publication, **group)
        rows = format_html_join(
            "",
            "<li>{} ({}) — {}</li>",
            (
                (entry.territory.name, f"@{entry.profile.handle}", kpi_value(entry.score, "score"))
                for entry in leaders
            ),
        )
        text = format_html(
            "<p>{}</p><ol>{}</ol>",
            _("Les premiers du classement (score sur 100) :"),
            rows,
        )
        if demo_data_present():
            notice = _("Données de démonstration : classements fictifs.")
            text = format_html("<p><strong>{}</strong></p>{}", notice, text)
        return text


class RankingAtomFeed(RankingFeed):
    feed_type = Atom1Feed


def _cached(feed: Feed, kind: str):
    def view(request: HttpRequest, network: str, category: str) -> HttpResponse:
        def render() -> tuple[bytes, str]:
            response = feed(request, network=network, category=category)
            return response.content, response["Content-Type"]

        if network not in Network.values or category not in Category.values:
            raise Http404(_("Classement inconnu."))
        # Links are absolute on the requested host (one of ALLOWED_HOSTS): part of the key.
        place = (request.scheme, request.get_host())
        content, content_type = fragment(
            "ranking-feed", kind, network, category, *place, render=render
        )
        return HttpResponse(content, content_type=content_type)

    return view


rss = _cached(RankingFeed(), "rss")
atom = _cached(RankingAtomFeed(), "atom")
