"""Forms of Mon espace › Publications: the period and networks of the editorial line, of the
hashtags and of the accessibility audit (GET, checked: a wrong value is named, never ignored
silently), and a campaign (POST; its rules are the services', shown on its fields)."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from observatoire.core.dates import FIRST_YEAR, LAST_YEAR

from .espace.hashtags import SORTS
from .models import Campaign

# A date field of the browser reads and writes ISO dates, whatever the language.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class ErrorsByLabel:
    """(field id, label, message) of each error, for the summary above a form."""

    def errors_by_label(self) -> list[tuple[str, str, str]]:
        found = []
        for name, messages in self.errors.items():
            field = self.fields.get(name)
            label = str(field.label) if field is not None else ""
            anchor = self[name].id_for_label if field is not None else ""
            found.extend((anchor, label, str(message)) for message in messages)
        return found


def _month_choices(months: list[dt.date]) -> list[tuple[str, str]]:
    return [(f"{month:%Y-%m}", date_format(month, "F Y")) for month in months]


class NetworksField(forms.MultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class LineForm(ErrorsByLabel, forms.Form):
    """The editorial line's period (a month, or the 3 or 12 ending with it) and networks."""

    month = forms.ChoiceField(label=_("Mois"), required=False)
    span = forms.TypedChoiceField(
        label=_("Période"),
        required=False,
        coerce=int,
        empty_value=1,
        choices=[
            (1, _("ce mois")),
            (3, _("les 3 derniers mois")),
            (12, _("les 12 derniers mois")),
        ],  # line.SPANS
    )
    network = NetworksField(
        label=_("Réseaux"), required=False, help_text=_("Aucun coché : tous les réseaux.")
    )

    def __init__(self, *args, months: list[dt.date], networks: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.months = months
        self.fields["month"].choices = _month_choices(months)
        self.fields["network"].choices = networks

    def clean_month(self) -> dt.date | None:
        value = self.cleaned_data["month"]
        if not value:
            return self.months[0] if self.months else None
        return next(month for month in self.months if f"{month:%Y-%m}" == value)


class HashtagsForm(ErrorsByLabel, forms.Form):
    """The hashtags' period (both days included), network and order."""

    start = forms.DateField(label=_("Du"), input_formats=DATE_FORMATS, widget=DATE_INPUT)
    end = forms.DateField(label=_("Au"), input_formats=DATE_FORMATS, widget=DATE_INPUT)
    network = forms.ChoiceField(label=_("Réseau"), required=False)
    tri = forms.ChoiceField(choices=[(sort, sort) for sort in SORTS], required=False)
    ordre = forms.ChoiceField(choices=[("asc", "asc"), ("desc", "desc")], required=False)

    def __init__(self, *args, networks: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].choices = [("", _("Tous les réseaux")), *networks]

    def _within_years(self, name: str) -> dt.date | None:
        value = self.cleaned_data.get(name)
        if value is not None and not FIRST_YEAR <= value.year <= LAST_YEAR:
            raise ValidationError(
                _("Date hors des années suivies (%(first)d à %(last)d).")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        return value

    def clean_start(self):
        return self._within_years("start")

    def clean_end(self):
        return self._within_years("end")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error(
                "end",
                _("La fin (%(end)s) précède le début (%(start)s).")
                % {"end": date_format(end, "j F Y"), "start": date_format(start, "j F Y")},
            )
        return cleaned


class AccessibilityForm(ErrorsByLabel, forms.Form):
    """The month of the accessibility audit."""

    month = forms.ChoiceField(label=_("Mois"), required=False)

    def __init__(self, *args, months: list[dt.date], **kwargs):
        super().__init__(*args, **kwargs)
        self.months = months
        self.fields["month"].choices = _month_choices(months)

    def clean_month(self) -> dt.date | None:
        value = self.cleaned_data["month"]
        if not value:
            return self.months[0] if self.months else None
        return next(month for month in self.months if f"{month:%Y-%m}" == value)


class CampaignForm(ErrorsByLabel, forms.Form):
    """A campaign as typed: its hashtags as text ("#Covid19Gers #RestezChezVous"), read and
    checked by the services with the rest."""

    name = forms.CharField(
        label=_("Nom de la campagne"), max_length=Campaign._meta.get_field("name").max_length
    )
    hashtags = forms.CharField(
        label=_("Hashtags"),
        max_length=1000,
        help_text=_(
            "Séparés par des espaces, par exemple « #Covid19Gers #RestezChezVous ». Les "
            "majuscules ne comptent pas : #covid19gers et #Covid19Gers sont le même hashtag."
        ),
        widget=forms.TextInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    starts_on = forms.DateField(label=_("Début"), input_formats=DATE_FORMATS, widget=DATE_INPUT)
    ends_on = forms.DateField(
        label=_("Fin"),
        required=False,
        input_formats=DATE_FORMATS,
        widget=DATE_INPUT,
        help_text=_("Vide : la campagne continue."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    @staticmethod
    def initial_for(campaign: Campaign, spellings: dict[str, str]) -> dict:
        return {
            "name": campaign.name,
            "hashtags": " ".join(f"#{spellings.get(key, key)}" for key in campaign.hashtags),
            "starts_on": campaign.starts_on,
            "ends_on": campaign.ends_on,
            "description": campaign.description,
        }
