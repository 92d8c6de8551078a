"""The filters of the public editorial pages, read from the query string: network, category,
month and région, every missing one defaulted and every invalid one named (the view redirects
without it), so only values a page can show ever reach a cache key (site/cache.py)."""

import datetime as dt

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from observatoire.core.dates import month_text, parse_month
from observatoire.profiles.models import Network
from observatoire.site.forms import ranking_choices
from observatoire.site.selectors import DEFAULT_CATEGORY, DEFAULT_NETWORK
from observatoire.territories.models import Category, Territory

from . import selectors
from .cache import editorial_stamped

PARAMETERS = ("network", "category", "month", "region")


def current_month() -> dt.date:
    """The first day of today's Paris month (the month still being written)."""
    return timezone.localdate().replace(day=1)


def month_choices() -> dict:
    """The months with analysed posts ("YYYY-MM", newest first) and the default one: the
    newest month already over, else the newest. Cached until the figures change."""

    def read() -> dict:
        months = [month_text(month) for month in selectors.editorial_months()]
        done = [m for m in months if parse_month(m) < current_month()]
        return {"months": months, "default": (done or months or [""])[0]}

    return editorial_stamped("months", render=read)


def editorial_query(data: QueryDict) -> tuple[dict[str, str], list[str]]:
    """The parameters of a public editorial page, every missing one defaulted, and the names
    of those whose value is invalid (unknown network or category, a month without figures,
    a région that does not exist). Costs no query once the choices are cached."""
    months = month_choices()
    allowed = {
        "network": Network.values,
        "category": Category.values,
        "month": months["months"],
        "region": ranking_choices()["regions"],
    }
    defaults = {
        "network": DEFAULT_NETWORK,
        "category": DEFAULT_CATEGORY,
        "month": months["default"],
        "region": "",
    }
    query, invalid = {}, []
    for name, values in allowed.items():
        value = data.get(name, "")
        if value and value not in values:
            invalid.append(name)
            value = ""
        query[name] = str(value or defaults[name])
    return query, invalid


class EditorialFilterForm(forms.Form):
    network = forms.ChoiceField(label=_("Réseau"), choices=Network.choices, required=False)
    category = forms.ChoiceField(label=_("Catégorie"), choices=Category.choices, required=False)
    month = forms.ChoiceField(label=_("Mois"), choices=[], required=False)
    region = forms.ChoiceField(label=_("Région"), choices=[], required=False)

    def __init__(self, data, *, months: list[str], regions: list[Territory]):
        super().__init__(data)
        current = current_month()
        labels = []
        for text in months:
            month = parse_month(text)
            label = date_format(month, "F Y")
            if month >= current:
                label = _("%(month)s (en cours)") % {"month": label}
            labels.append((text, label))
        self.fields["month"].choices = labels
        self.fields["region"].choices = [("", _("Toute la France"))] + [
            (r.slug, r.name) for r in regions
        ]
