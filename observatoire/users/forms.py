"""Forms of Mon espace's access pages: choosing a password, asking to join, inviting."""

from django import forms
from django.contrib.auth.forms import SetPasswordMixin
from django.utils.translation import gettext_lazy as _

from observatoire.territories.models import Territory

from . import selectors
from .models import Invitation, JoinRequest, Role, User


class InvitationPasswordForm(SetPasswordMixin, forms.Form):
    """The password of the account an invitation creates, typed twice and checked by the
    site's password validators against the future account."""

    password1, password2 = SetPasswordMixin.create_password_fields()

    def __init__(self, *args, invitation: Invitation, **kwargs):
        super().__init__(*args, **kwargs)
        self.future_user = User(username=invitation.email, email=invitation.email)

    def clean(self):
        self.validate_passwords()
        self.validate_password_for_user(self.future_user)
        return super().clean()


class JoinRequestForm(forms.ModelForm):
    class Meta:
        model = JoinRequest
        fields = ["name", "email", "job_title", "message"]
        labels = {
            "name": _("Nom et prénom"),
            "email": _("Adresse électronique professionnelle"),
            "job_title": _("Fonction"),
            "message": _("Message à l'équipe de l'Observatoire"),
        }
        help_texts = {
            "email": _(
                "De préférence l'adresse de la collectivité : elle aide à vérifier la demande."
            ),
            "job_title": _("Par exemple : chargée de communication numérique."),
        }
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "job_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
            "message": forms.Textarea(attrs={"rows": 4}),
        }


class TeamInviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse électronique"),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Rôle"),
        choices=Role.choices,
        initial=Role.VIEWER,
        help_text=_(
            "Un gestionnaire corrige les profils et invite ses collègues ; un lecteur consulte "
            "le tableau de bord."
        ),
    )

    def __init__(self, *args, territory: Territory, **kwargs):
        super().__init__(*args, **kwargs)
        self.territory = territory

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if selectors.membership_exists(territory=self.territory, email=email):
            raise forms.ValidationError(_("Cette personne est déjà membre de l'équipe."))
        if selectors.invitation_pending_exists(territory=self.territory, email=email):
            raise forms.ValidationError(_("Une invitation à cette adresse est déjà en attente."))
        return email
