"""RSS and Atom feeds of the awards: one item per announcement (the nominees of an edition,
its palmarès), dated at its announcement time and present only once it is made.

A feed reader renders the description as HTML: it is built with `format_html`, every name
escaped."""

from django.contrib.syndication.views import Feed
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import announcements
from .announcements import Visibility
from .selectors import announcement_list, edition_categories, medal_text


class AnnouncementsFeed(Feed):
    title = gettext_lazy("Trophées #Hashtags — annonces")
    link = reverse_lazy("awards:editions")
    description = gettext_lazy(
        "Les nommés et les palmarès des trophées #Hashtags de la communication publique sur "
        "les réseaux sociaux, à leur annonce."
    )

    def items(self):
        return announcement_list()

    def item_title(self, item):
        if item.kind == announcements.NOMINATIONS:
            return _("%(title)s : les nommés") % {"title": item.edition.title}
        return _("%(title)s : le palmarès") % {"title": item.edition.title}

    def item_link(self, item):
        anchor = "nommes" if item.kind == announcements.NOMINATIONS else "palmares"
        return reverse("awards:edition", kwargs={"year": item.edition.year}) + f"#{anchor}"

    def item_guid(self, item):
        return f"hashtags-{item.edition.year}-{item.kind}"

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        return item.at

    def item_updateddate(self, item):
        return item.at

    def item_description(self, item):
        results = item.kind == announcements.RESULTS
        shown = Visibility(nominations=True, results=results)
        blocks = edition_categories(edition=item.edition, shown=shown, dossiers=False)
        rows = []
        for block in blocks:
            chosen = block.awards if results else block.nominees
            if not chosen:
                continue
            names = format_html_join(", ", "{}", ((_entry(n, results),) for n in chosen))
            rows.append((block.category.name, names))
        if not rows:
            return ""
        return format_html("<ul>{}</ul>", format_html_join("", "<li>{} : {}</li>", rows))


def _entry(nominee, results: bool) -> str:
    if not results:
        return nominee.territory.name
    return f"{nominee.territory.name} ({medal_text(nominee.award)})"


class AnnouncementsAtomFeed(AnnouncementsFeed):
    feed_type = Atom1Feed
    subtitle = AnnouncementsFeed.description
