"""Forms of a collectivité's dossier in Mon espace: its presentation and categories, an
operation with its links, one more link. The rules are the services' (awards.dossiers):
the forms shape the input and show the services' errors on their fields."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from observatoire.profiles.models import Network

from .dossiers import hashtags_read
from .models import AwardCategory, Dossier, Edition, Operation

LINKS_HELP = _(
    "Une adresse par ligne : publications, reels et stories à la une Instagram, publications, "
    "photos et vidéos Facebook, statuts X, activités LinkedIn, vidéos et profils TikTok, "
    "vidéos YouTube, publications Bluesky et Mastodon."
)

# A date field of the browser reads and writes ISO dates, whatever the language.
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def form_add_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the fields it names (the others above the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class HashtagsField(forms.CharField):
    """Campaign hashtags typed as text ("#Covid19Gers RestezChezVous"), a list in Python
    (without '#', read by awards.dossiers.hashtags_read)."""

    def to_python(self, value):
        if isinstance(value, list):
            return value
        return hashtags_read(super().to_python(value) or "")

    def prepare_value(self, value):
        return " ".join(f"#{tag}" for tag in value) if isinstance(value, list) else value


class DossierForm(forms.Form):
    """A dossier's presentation and the categories it enters (among those it may enter)."""

    presentation = forms.CharField(
        label=_("Présentation"),
        required=False,
        max_length=Dossier._meta.get_field("presentation").max_length,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Votre stratégie, vos publics, ce qui fait la singularité de vos actions."),
    )
    categories = forms.MultipleChoiceField(
        label=_("Catégories"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Une ou plusieurs, parmi celles ouvertes à votre collectivité."),
    )

    def __init__(self, *args, categories: list[AwardCategory], **kwargs):
        super().__init__(*args, **kwargs)
        self.category_objects = {str(category.pk): category for category in categories}
        self.fields["categories"].choices = [
            (str(category.pk), category.name) for category in categories
        ]

    def clean_categories(self) -> list[AwardCategory]:
        return [self.category_objects[pk] for pk in self.cleaned_data["categories"]]


class OperationForm(forms.Form):
    """An operation: its audience, title, description, networks, dates, hashtags, links."""

    audience = forms.ChoiceField(
        label=_("Public"), choices=Operation.Audience.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Titre"), max_length=200)
    description = forms.CharField(
        label=_("Description"),
        required=False,
        max_length=Operation._meta.get_field("description").max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    networks = forms.MultipleChoiceField(
        label=_("Réseaux utilisés"), required=False, widget=forms.CheckboxSelectMultiple
    )
    starts_on = forms.DateField(label=_("Début de l'opération"), required=False, widget=DATE_INPUT)
    ends_on = forms.DateField(label=_("Fin de l'opération"), required=False, widget=DATE_INPUT)
    hashtags = HashtagsField(
        label=_("Hashtags de campagne"),
        required=False,
        max_length=1000,
        help_text=_("Séparés par des espaces, par exemple « #Covid19Gers #RestezChezVous »."),
    )
    links = forms.CharField(
        label=_("Liens des publications"),
        required=False,
        strip=False,  # line numbers in the error messages are those of the text typed
        max_length=100_000,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text=LINKS_HELP,
    )

    def __init__(self, *args, edition: Edition, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Network.choices)
        self.fields["networks"].choices = [
            (network, labels.get(network, network)) for network in edition.networks
        ]

    def clean_links(self) -> list[str]:
        """The lines as typed (numbered for the services' messages)."""
        return self.cleaned_data["links"].splitlines()

    @staticmethod
    def initial_for(operation: Operation, links: list[str]) -> dict:
        return {
            "audience": operation.audience,
            "title": operation.title,
            "description": operation.description,
            "networks": operation.networks,
            "starts_on": operation.starts_on,
            "ends_on": operation.ends_on,
            "hashtags": list(operation.hashtags),
            "links": "\n".join(links),
        }

    def values(self) -> dict:
        """The operation's fields for the services."""
        names = ("audience", "title", "description", "networks", "starts_on", "ends_on")
        return {name: self.cleaned_data[name] for name in names}


class LinkForm(forms.Form):
    """One more link for an operation."""

    url = forms.CharField(
        label=_("Adresse de la publication"),
        max_length=1000,
        widget=forms.URLInput(attrs={"spellcheck": "false"}),
    )
