"""The rankings page's feed autodiscovery: <link rel="alternate"> to the RSS and Atom feeds
of the ranking shown (its network and category as the page validated them)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from observatoire.profiles.models import Network
from observatoire.site.forms import ranking_query
from observatoire.territories.models import Category

register = template.Library()


@register.simple_tag(takes_context=True)
def ranking_feed_links(context) -> str:
    query, _invalid = ranking_query(context["request"].GET)  # invalid values: the defaults
    kwargs = {"network": query["network"], "category": query["category"]}
    name = _("Classement %(network)s — %(category)s") % {
        "network": Network(kwargs["network"]).label,
        "category": Category(kwargs["category"]).label,
    }
    return format_html(
        '<link rel="alternate" type="application/rss+xml" title="{} (RSS)" href="{}">\n'
        '  <link rel="alternate" type="application/atom+xml" title="{} (Atom)" href="{}">',
        name,
        reverse("opendata_feed:rss", kwargs=kwargs),
        name,
        reverse("opendata_feed:atom", kwargs=kwargs),
    )
