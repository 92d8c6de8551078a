"""The ranking filters, read from the query string (every field falls back to a default)."""

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from observatoire.profiles.models import Network
from observatoire.territories.models import Category, Territory

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
