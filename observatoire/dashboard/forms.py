"""Forms of Mon espace: the month shown, the peers' changes and the simulator's weights."""

from django import forms
from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from observatoire.rankings import kpis as catalogue

MAX_WEIGHT = 1000


def _month_choices(publications) -> list[tuple[str, str]]:
    return [(f"{p.month:%Y-%m}", date_format(p.month, "F Y")) for p in publications]


class MonthForm(forms.Form):
    """The published month shown (GET)."""

    month = forms.ChoiceField(label=_("Mois"), required=False)

    def __init__(self, *args, publications=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = _month_choices(publications)
        self.fields["month"].widget.attrs["id"] = "month-select"


class PeerActionForm(forms.Form):
    """One change to the list of peers (POST): add, remove, move up or down, reset."""

    ACTIONS = ("add", "remove", "up", "down", "reset")

    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    peer = forms.IntegerField(required=False, min_value=1)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action") not in (None, "reset") and not cleaned.get("peer"):
            raise forms.ValidationError(_("Choisissez une collectivité."))
        return cleaned


class PeerSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Rechercher une collectivité par son nom"), required=False, max_length=100
    )


class WeightsForm(forms.Form):
    """The weights of the simulator (GET), one number per KPI of the publication, the
    published weights by default; and the month."""

    month = forms.ChoiceField(label=_("Mois"), required=False)

    def __init__(self, *args, publications=(), kpis=(), published=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["month"].choices = _month_choices(publications)
        self.kpis = list(kpis)
        for name in self.kpis:
            self.fields[name] = forms.FloatField(
                label=catalogue.get(name).label,
                min_value=0,
                max_value=MAX_WEIGHT,
                required=True,
                initial=(published or {}).get(name, 0),
                help_text=_("publié : %(weight)s")
                % {"weight": floatformat((published or {}).get(name, 0), "-2")},
                widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
            )

    def clean(self):
        cleaned = super().clean()
        weights = [cleaned.get(name) for name in self.kpis]
        if all(w is not None for w in weights) and not any(weights):
            raise forms.ValidationError(
                _(
                    "Tous les poids sont à 0 : donnez un poids supérieur à 0 à au moins un "
                    "indicateur."
                )
            )
        return cleaned

    def weights(self) -> dict[str, float]:
        return {name: self.cleaned_data[name] for name in self.kpis}

    def errors_by_label(self) -> list[tuple[str, str, str]]:
        """(field id, label, message) of each error, for the summary above the form."""
        found = []
        for name, messages in self.errors.items():
            field = self.fields.get(name)
            label = str(field.label) if field is not None else ""
            anchor = self[name].id_for_label if field is not None else ""
            found.extend((anchor, label, str(message)) for message in messages)
        return found
