"""Forms of a collectivité's correction requests (checked by profiles.corrections) and of the
admin's refusal."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Network, ProfileCorrection

Kind = ProfileCorrection.Kind
HANDLE_HELP = _("Sans le @, par exemple « villedauch » ; pour Mastodon : utilisateur@instance.")
URL_HELP = _("L'adresse de la page du profil, par exemple https://www.instagram.com/villedauch/.")


def handle_field(label) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=200, help_text=HANDLE_HELP)


def url_field(label) -> forms.CharField:
    # A CharField (type="url" in the page): profiles.corrections checks the address and says
    # what is wrong with it, in the same words whichever form sent it.
    return forms.CharField(
        label=label,
        required=False,
        max_length=500,
        help_text=URL_HELP,
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )


def comment_field() -> forms.CharField:
    return forms.CharField(
        label=_("Commentaire pour l'équipe de l'Observatoire (facultatif)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MissingProfileForm(forms.Form):
    """Declare a profile the Observatoire does not follow yet."""

    network = forms.ChoiceField(label=_("Réseau"), choices=[("", "—"), *Network.choices])
    handle = handle_field(_("Identifiant du profil"))
    url = url_field(_("ou adresse du profil"))
    label = forms.CharField(
        label=_("Thème, s'il s'agit d'un profil thématique (facultatif)"),
        required=False,
        max_length=120,
        help_text=_("Par exemple « Info routes », « Jeunesse »."),
    )
    comment = comment_field()


class LinkForm(forms.Form):
    """Report a broken or renamed profile with its new handle or address."""

    kind = forms.ChoiceField(
        label=_("Ce qui a changé"),
        choices=[(Kind.RENAMED, Kind.RENAMED.label), (Kind.BROKEN, Kind.BROKEN.label)],
        widget=forms.RadioSelect,
        initial=Kind.RENAMED,
    )
    handle = handle_field(_("Nouvel identifiant"))
    url = url_field(_("ou nouvelle adresse"))
    comment = comment_field()


class RoleForm(forms.Form):
    """Mark a profile as thematic (with its theme) or as the network's principal one."""

    kind = forms.ChoiceField(
        label=_("Ce profil est"),
        choices=[
            (Kind.PRINCIPAL, _("le profil principal de la collectivité sur ce réseau")),
            (Kind.THEMATIC, _("un profil thématique")),
        ],
        widget=forms.RadioSelect,
    )
    label = forms.CharField(
        label=_("Thème (pour un profil thématique)"),
        required=False,
        max_length=120,
        help_text=_("Par exemple « Info routes », « Jeunesse »."),
    )
    comment = comment_field()


class RefuseForm(forms.Form):
    """The admin's refusal, with a note the requester reads."""

    note = forms.CharField(
        label=_("Motif du refus (facultatif, envoyé au demandeur)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def form_add_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the fields it names (the others above the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)
