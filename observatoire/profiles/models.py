from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Network(models.TextChoices):
    INSTAGRAM = "instagram", "Instagram"
    FACEBOOK = "facebook", "Facebook"
    X = "x", "X"
    YOUTUBE = "youtube", "YouTube"
    TIKTOK = "tiktok", "TikTok"
    LINKEDIN = "linkedin", "LinkedIn"
    BLUESKY = "bluesky", "Bluesky"
    MASTODON = "mastodon", "Mastodon"
    THREADS = "threads", "Threads"
    SNAPCHAT = "snapchat", "Snapchat"


def normalize_handle(handle: str) -> str:
    """Handles compare case-insensitively and without their leading @."""
    return handle.strip().lstrip("@").strip().lower()


class Profile(models.Model):
    """A collectivité's account on one network. The principal one per network is ranked."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Actif")
        UNAVAILABLE = "unavailable", _("Inaccessible")
        INACTIVE = "inactive", _("Plus suivi")

    class UnavailableReason(models.TextChoices):
        NOT_FOUND = "not_found", _("Profil introuvable (supprimé ou renommé)")
        PRIVATE = "private", _("Profil privé")
        SUSPENDED = "suspended", _("Profil suspendu")
        BROKEN_LINK = "broken_link", _("Lien cassé")
        OTHER = "other", _("Autre")

    territory = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        related_name="profiles",
        verbose_name=_("collectivité"),
    )
    network = models.CharField(_("réseau"), max_length=20, choices=Network.choices)
    handle = models.CharField(_("identifiant"), max_length=200)
    handle_key = models.CharField(max_length=200, editable=False)
    url = models.URLField(_("adresse"), max_length=500, blank=True)
    external_id = models.CharField(_("identifiant technique"), max_length=200, blank=True)
    display_name = models.CharField(_("nom affiché"), max_length=300, blank=True)
    label = models.CharField(
        _("thème"),
        max_length=120,
        blank=True,
        help_text=_("Pour un profil thématique : « Info routes », « Jeunesse »…"),
    )
    is_principal = models.BooleanField(_("principal"), default=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    unavailable_reason = models.CharField(
        _("raison"), max_length=20, choices=UnavailableReason.choices, blank=True
    )
    unavailable_since = models.DateField(_("inaccessible depuis"), null=True, blank=True)
    failing_since = models.DateField(
        _("en échec depuis"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "Premier jour d'une suite d'échecs de collecte, avant que le profil soit "
            "déclaré inaccessible."
        ),
    )
    consecutive_failures = models.PositiveSmallIntegerField(default=0, editable=False)
    last_collected_at = models.DateTimeField(_("dernière collecte"), null=True, blank=True)
    is_demo = models.BooleanField(
        _("démonstration"),
        default=False,
        db_index=True,
        help_text=_("Profil fictif généré pour la démonstration."),
    )
    verified_at = models.DateTimeField(
        _("vérifié par la collectivité le"),
        null=True,
        blank=True,
        help_text=_("Date de la dernière correction de la collectivité validée pour ce profil."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["network", "handle_key"]
        verbose_name = _("profil")
        verbose_name_plural = _("profils")
        constraints = [
            models.UniqueConstraint(fields=["network", "handle_key"], name="unique_handle"),
            models.UniqueConstraint(
                fields=["territory", "network"],
                condition=Q(is_principal=True),
                name="one_principal_per_network",
            ),
        ]
        indexes = [models.Index(fields=["network", "is_principal", "status"])]

    def __str__(self) -> str:
        return f"{self.get_network_display()} @{self.handle}"

    def save(self, *args, **kwargs):
        self.handle = self.handle.strip().lstrip("@").strip()
        self.handle_key = normalize_handle(self.handle)
        super().save(*args, **kwargs)

    @property
    def key(self) -> str:
        return f"{self.network}:{self.handle_key}"

    @property
    def public_url(self) -> str:
        """The stored address, or the network's canonical address for the handle."""
        return self.url or canonical_url(self.network, self.handle)


PROFILE_URL_PATTERNS = {
    Network.INSTAGRAM: "https://www.instagram.com/{handle}/",
    Network.FACEBOOK: "https://www.facebook.com/{handle}",
    Network.X: "https://x.com/{handle}",
    Network.YOUTUBE: "https://www.youtube.com/@{handle}",
    Network.TIKTOK: "https://www.tiktok.com/@{handle}",
    Network.LINKEDIN: "https://www.linkedin.com/company/{handle}/",
    Network.BLUESKY: "https://bsky.app/profile/{handle}",
    Network.THREADS: "https://www.threads.net/@{handle}",
    Network.SNAPCHAT: "https://www.snapchat.com/add/{handle}",
}


def canonical_url(network: str, handle: str) -> str:
    if network == Network.MASTODON:
        user, _sep, instance = handle.partition("@")
        return f"https://{instance}/@{user}" if instance else ""
    pattern = PROFILE_URL_PATTERNS.get(network)
    return pattern.format(handle=handle) if pattern else ""


class ProfileCorrection(models.Model):
    """A collectivité's request to correct its own profiles; staff validate it, then it
    applies through the same services as the admin."""

    class Kind(models.TextChoices):
        MISSING = "missing", _("Profil manquant")
        BROKEN = "broken", _("Lien cassé")
        RENAMED = "renamed", _("Profil renommé")
        THEMATIC = "thematic", _("Profil thématique")
        PRINCIPAL = "principal", _("Profil principal")

    class Status(models.TextChoices):
        PENDING = "pending", _("En attente")
        APPROVED = "approved", _("Validée")
        REFUSED = "refused", _("Refusée")

    territory = models.ForeignKey(
        "territories.Territory",
        on_delete=models.CASCADE,
        related_name="profile_corrections",
        verbose_name=_("collectivité"),
    )
    profile = models.ForeignKey(
        Profile,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="corrections",
        verbose_name=_("profil"),
    )
    kind = models.CharField(_("demande"), max_length=20, choices=Kind.choices)
    network = models.CharField(_("réseau"), max_length=20, choices=Network.choices, blank=True)
    handle = models.CharField(_("nouvel identifiant"), max_length=200, blank=True)
    url = models.URLField(_("nouvelle adresse"), max_length=500, blank=True)
    label = models.CharField(_("thème"), max_length=120, blank=True)
    comment = models.TextField(_("commentaire"), max_length=2000, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="profile_corrections",
        verbose_name=_("demandée par"),
    )
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("décidée par"),
    )
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decision_note = models.CharField(_("motif"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("correction de profil")
        verbose_name_plural = _("corrections de profils")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.territory}"
