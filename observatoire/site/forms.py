"""The ranking filters, read from the query string (every field falls back to a default)."""

import math

from django import forms
from django.http import QueryDict
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from observatoire.profiles.models import Network
from observatoire.rankings import selectors as ranking_selectors
from observatoire.territories import selectors as territory_selectors
from observatoire.territories.models import Category, Territory

from . import selectors
from .cache import fragment, stamped
from .selectors import DEFAULT_CATEGORY, DEFAULT_NETWORK


class RankingFilterForm(forms.Form):
    network = forms.ChoiceField(label=_("Réseau"), choices=Network.choices, required=False)
    category = forms.ChoiceField(label=_("Catégorie"), choices=Category.choices, required=False)
    month = forms.ChoiceField(label=_("Mois"), choices=[], required=False)
    region = forms.ChoiceField(label=_("Région"), choices=[], required=False)

    def __init__(self, data, *, months: list, regions: list[Territory]):
        super().__init__(data)
        self.fields["month"].choices = [
            (m.month.strftime("%Y-%m"), date_format(m.month, "F Y")) for m in months
        ]
        self.fields["region"].choices = [("", _("Toute la France"))] + [
            (r.slug, r.name) for r in regions
        ]

    def cleaned(self) -> dict:
        """Valid values, each invalid or missing one replaced by its default."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        month_choices = self.fields["month"].choices
        return {
            "network": data.get("network") or DEFAULT_NETWORK,
            "category": data.get("category") or DEFAULT_CATEGORY,
            "month": data.get("month") or (month_choices[0][0] if month_choices else ""),
            "region": data.get("region") or "",
        }


def ranking_choices() -> dict:
    """Months ("YYYY-MM", newest first) and région slugs a ranking URL may name; cached until
    the next publication and read with the stamp, so checking a URL costs no query and no
    round trip of its own."""

    def read() -> dict:
        methodology = ranking_selectors.methodology_default()
        publications = selectors.publication_months(methodology=methodology)
        return {
            "months": [publication.month.strftime("%Y-%m") for publication in publications],
            "regions": [region.slug for region in territory_selectors.region_list()],
        }

    return stamped("ranking-choices", render=read)


def _page_count(*, month: str, network: str, category: str, region: str) -> int:
    """Pages of one valid ranking table (cached: one small entry per table)."""

    def count() -> int:
        methodology = ranking_selectors.methodology_default()
        publication = selectors.publication_for(methodology=methodology, month=month)
        if publication is None:
            return 1
        place = territory_selectors.region_list().filter(slug=region).first() if region else None
        entries = ranking_selectors.ranking_list(
            publication=publication, network=network, category=category, region=place
        )
        return max(1, math.ceil(entries.count() / selectors.PAGE_SIZE))

    return fragment("ranking-pages", month, network, category, region, render=count)


def ranking_query(data: QueryDict) -> tuple[dict[str, str], list[str]]:
    """The ranking page's parameters, every missing one defaulted, and the names of those whose
    value is invalid: a month not published, an unknown network, category or région, a page
    that is not a number of the table. Only valid values ever reach a cache key."""
    choices = ranking_choices()
    allowed = {
        "network": Network.values,
        "category": Category.values,
        "month": choices["months"],
        "region": choices["regions"],
    }
    defaults = {
        "network": DEFAULT_NETWORK,
        "category": DEFAULT_CATEGORY,
        "month": choices["months"][0] if choices["months"] else "",
        "region": "",
    }
    query, invalid = {}, []
    for name, values in allowed.items():
        value = data.get(name, "")
        if value and value not in values:
            invalid.append(name)
            value = ""
        query[name] = str(value or defaults[name])
    page = data.get("page", "")
    number = int(page) if page.isascii() and page.isdigit() and len(page) <= 6 else 0
    if page and (invalid or not 1 <= number <= _page_count(**query)):
        invalid.append("page")  # with another invalid value, the table it counts is not known
    query["page"] = str(number) if page and "page" not in invalid else "1"
    return query, invalid
