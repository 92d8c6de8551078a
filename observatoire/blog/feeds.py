"""RSS and Atom feeds of the latest published articles.

Feed readers render a description as HTML, so it is exactly what the article page shows: the
chapô as escaped text, or else the Markdown body cleaned by the page's sanitiser (nh3, see
rendering.py) — never the author's raw text.
"""

from django.contrib.syndication.views import Feed
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .rendering import markdown_to_html
from .selectors import article_published


class LatestArticlesFeed(Feed):
    title = _("Observatoire des collectivités — blog")
    link = reverse_lazy("blog:list")
    description = _(
        "Les derniers articles de l'Observatoire des collectivités sur les réseaux sociaux."
    )

    def items(self):
        return article_published()[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        if item.summary:
            return format_html("<p>{}</p>", item.summary)
        return markdown_to_html(item.body)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    subtitle = LatestArticlesFeed.description
