from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_PEERS = 5


class PeerChoice(models.Model):
    """One of the (at most five) peers a manager compares their collectivité with."""

    territory = models.ForeignKey(
        "territories.Territory",
        on_delete=models.CASCADE,
        related_name="peer_choices",
        verbose_name=_("collectivité"),
    )
    peer = models.ForeignKey(
        "territories.Territory",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("collectivité comparée"),
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["territory", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "peer"], name="unique_peer_choice")
        ]
        verbose_name = _("pair choisi")
        verbose_name_plural = _("pairs choisis")

    def __str__(self) -> str:
        return f"{self.territory} ↔ {self.peer}"


class AlertPreference(models.Model):
    """Which alerts a member receives by e-mail (all on until they switch one off)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_preference"
    )
    profile_unreachable = models.BooleanField(_("un profil devient inaccessible"), default=True)
    rank_change = models.BooleanField(
        _("entrée ou sortie du Top 10, changement de rang important"), default=True
    )
    rank_move_threshold = models.PositiveSmallIntegerField(
        _("changement de rang signalé à partir de"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text=_("En places, dans la catégorie de la collectivité."),
    )
    new_ranking = models.BooleanField(_("un nouveau classement est publié"), default=True)
    monthly_report = models.BooleanField(
        _("le rapport mensuel en PDF joint au récapitulatif"), default=True
    )

    class Meta:
        verbose_name = _("préférences d'alerte")
        verbose_name_plural = _("préférences d'alerte")

    def __str__(self) -> str:
        return str(self.user)


class AlertDelivery(models.Model):
    """One e-mail sent to a member: an immediate alert or the monthly digest."""

    class Kind(models.TextChoices):
        IMMEDIATE = "immediate", _("Alerte")
        DIGEST = "digest", _("Récapitulatif mensuel")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_deliveries"
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    key = models.CharField(max_length=200)  # idempotency: "digest:2026-11", "unreachable:…"
    subject = models.CharField(_("objet"), max_length=300)
    language = models.CharField(_("langue"), max_length=8)
    has_report = models.BooleanField(_("rapport PDF joint"), default=False)
    sent_at = models.DateTimeField(_("envoyé le"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="unique_alert_delivery")
        ]
        verbose_name = _("courriel d'alerte")
        verbose_name_plural = _("courriels d'alerte")

    def __str__(self) -> str:
        return self.subject


class Alert(models.Model):
    """Something a member should know about one of their collectivités; recorded once
    (`key`), then carried by one e-mail (`delivery`)."""

    class Kind(models.TextChoices):
        PROFILE_UNREACHABLE = "profile_unreachable", _("Profil inaccessible")
        TOP10_ENTERED = "top10_entered", _("Entrée dans le Top 10")
        TOP10_LEFT = "top10_left", _("Sortie du Top 10")
        RANK_MOVED = "rank_moved", _("Changement de rang")
        RANKING_PUBLISHED = "ranking_published", _("Nouveau classement")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts"
    )
    territory = models.ForeignKey(
        "territories.Territory",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("collectivité"),
    )
    kind = models.CharField(_("type"), max_length=30, choices=Kind.choices)
    key = models.CharField(max_length=200)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("le"), auto_now_add=True, db_index=True)
    delivery = models.ForeignKey(
        AlertDelivery,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="alerts",
        verbose_name=_("courriel"),
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="unique_alert")]
        verbose_name = _("alerte")
        verbose_name_plural = _("alertes")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.territory}"
