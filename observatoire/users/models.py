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


class Membership(models.Model):
    """A user belongs to a collectivité and can see its private dashboard."""

    class Role(models.TextChoices):
        MANAGER = "manager", _("Gestionnaire")
        VIEWER = "viewer", _("Lecteur")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices, default=Role.MANAGER)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "territory"], name="unique_membership")
        ]
        verbose_name = _("appartenance")
        verbose_name_plural = _("appartenances")

    def __str__(self) -> str:
        return f"{self.user} → {self.territory}"
