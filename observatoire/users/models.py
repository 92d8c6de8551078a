import hashlib

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A staff member or a community manager of one or more collectivités."""

    territories = models.ManyToManyField(
        "territories.Territory",
        through="Membership",
        related_name="users",
        blank=True,
        verbose_name=_("collectivités"),
    )
    language = models.CharField(
        _("langue"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("Langue des courriels envoyés à ce membre."),
    )


class Role(models.TextChoices):
    MANAGER = "manager", _("Gestionnaire")
    VIEWER = "viewer", _("Lecteur")


class Membership(models.Model):
    """A user belongs to a collectivité and can see its private dashboard."""

    Role = Role

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices, default=Role.MANAGER)
    created_at = models.DateTimeField(_("depuis"), auto_now_add=True, null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "territory"], name="unique_membership")
        ]
        verbose_name = _("appartenance")
        verbose_name_plural = _("appartenances")

    def __str__(self) -> str:
        return f"{self.user} → {self.territory}"

    @property
    def is_manager(self) -> bool:
        return self.role == Role.MANAGER


def token_digest(token: str) -> str:
    """Invitation links carry a random token; only its SHA-256 is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """An e-mail invitation to one or more collectivités with a role. The link expires, is
    single-use, and sets the invitee's password."""

    email = models.EmailField(_("adresse électronique"))
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    territories = models.ManyToManyField(
        "territories.Territory", related_name="invitations", verbose_name=_("collectivités")
    )
    language = models.CharField(
        _("langue"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        User,
        null=True,
        on_delete=models.SET_NULL,
        related_name="invitations_sent",
        verbose_name=_("invité par"),
    )
    created_at = models.DateTimeField(_("envoyée le"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expire le"))
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations_accepted",
        verbose_name=_("acceptée par"),
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self) -> str:
        return self.email


class JoinRequest(models.Model):
    """A visitor asks to join a collectivité from its public page; staff decide."""

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        APPROVED = "approved", _("Acceptée")
        REFUSED = "refused", _("Refusée")

    territory = models.ForeignKey(
        "territories.Territory",
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name=_("collectivité"),
    )
    user = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name=_("compte"),
    )
    email = models.EmailField(_("adresse électronique"))
    name = models.CharField(_("nom"), max_length=200)
    job_title = models.CharField(_("fonction"), max_length=200, blank=True)
    message = models.TextField(_("message"), max_length=2000, blank=True)
    language = models.CharField(
        _("langue"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    decided_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="join_requests_decided",
        verbose_name=_("décidée par"),
    )
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("demande d'accès")
        verbose_name_plural = _("demandes d'accès")

    def __str__(self) -> str:
        return f"{self.email} → {self.territory}"

    @property
    def email_domain(self) -> str:
        return self.email.rpartition("@")[2].lower()


class MembershipEvent(models.Model):
    """The log of every decision about who belongs to a collectivité: who, what, when."""

    class Action(models.TextChoices):
        INVITED = "invited", _("Invitation envoyée")
        INVITATION_ACCEPTED = "invitation_accepted", _("Invitation acceptée")
        REQUESTED = "requested", _("Demande d'accès")
        APPROVED = "approved", _("Demande acceptée")
        REFUSED = "refused", _("Demande refusée")
        REMOVED = "removed", _("Membre retiré")

    territory = models.ForeignKey(
        "territories.Territory",
        on_delete=models.CASCADE,
        related_name="membership_events",
        verbose_name=_("collectivité"),
    )
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    email = models.EmailField(_("personne concernée"))
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices, blank=True)
    actor = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("par"),
    )
    at = models.DateTimeField(_("le"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("décision d'accès")
        verbose_name_plural = _("décisions d'accès")

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.email}"
