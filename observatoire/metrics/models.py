from django.db import models
from django.utils.translation import gettext_lazy as _


class Snapshot(models.Model):
    """A profile's audience on one day. Unknown counts are empty, which is not zero."""

    profile = models.ForeignKey(
        "profiles.Profile", on_delete=models.CASCADE, related_name="snapshots"
    )
    date = models.DateField(_("date"))
    followers = models.PositiveBigIntegerField(_("abonnés"))
    following = models.PositiveBigIntegerField(_("abonnements"), null=True, blank=True)
    posts_count = models.PositiveBigIntegerField(_("publications"), null=True, blank=True)
    collected_at = models.DateTimeField(_("collecté le"), auto_now=True)

    class Meta:
        ordering = ["profile", "date"]
        verbose_name = _("relevé quotidien")
        verbose_name_plural = _("relevés quotidiens")
        constraints = [
            models.UniqueConstraint(fields=["profile", "date"], name="unique_snapshot_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.profile} {self.date}: {self.followers}"


class Post(models.Model):
    """A publication of a profile with its latest counts (empty = unknown)."""

    class MediaType(models.TextChoices):
        TEXT = "text", _("Texte")
        IMAGE = "image", _("Image")
        CAROUSEL = "carousel", _("Carrousel")
        VIDEO = "video", _("Vidéo")
        REEL = "reel", _("Vidéo courte")
        LINK = "link", _("Lien")
        OTHER = "other", _("Autre")

    profile = models.ForeignKey("profiles.Profile", on_delete=models.CASCADE, related_name="posts")
    external_id = models.CharField(_("identifiant"), max_length=200)
    published_at = models.DateTimeField(_("publié le"))
    text = models.TextField(_("texte"), blank=True)
    permalink = models.URLField(_("lien"), max_length=500, blank=True)
    media_type = models.CharField(_("type"), max_length=20, choices=MediaType.choices, blank=True)
    likes = models.PositiveBigIntegerField(_("j'aime"), null=True, blank=True)
    comments = models.PositiveBigIntegerField(_("commentaires"), null=True, blank=True)
    shares = models.PositiveBigIntegerField(_("partages"), null=True, blank=True)
    saves = models.PositiveBigIntegerField(_("enregistrements"), null=True, blank=True)
    views = models.PositiveBigIntegerField(_("vues"), null=True, blank=True)
    image_count = models.PositiveSmallIntegerField(_("images"), default=0)
    # [{"alt": "…"}, …] one item per image; alt "" means the image has no text alternative.
    images = models.JSONField(_("images"), default=list, blank=True)
    hashtags = models.JSONField(_("hashtags"), default=list, blank=True)
    # A video's subtitles as the network reports them (YouTube's captions); None: not said.
    subtitles = models.BooleanField(_("sous-titres"), null=True, blank=True)
    collected_at = models.DateTimeField(_("collecté le"), auto_now=True)

    class Meta:
        ordering = ["-published_at"]
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [
            models.UniqueConstraint(fields=["profile", "external_id"], name="unique_post")
        ]
        indexes = [models.Index(fields=["profile", "published_at"])]

    def __str__(self) -> str:
        return f"{self.profile} {self.external_id}"

    @property
    def interactions(self) -> int:
        """Likes + comments + shares, unknown counting as 0 (methodology v1)."""
        return (self.likes or 0) + (self.comments or 0) + (self.shares or 0)


class PostDailyRollup(models.Model):
    """Posts and interactions of a profile on one Europe/Paris day, kept exact by the services
    that write posts (metrics.services: posts_upsert, post_write, posts_delete), so monthly
    rankings read profiles, not posts. Posts written any other way (raw SQL, a queryset's
    update(), a restored dump) need `observatoire rank --rebuild-rollups`."""

    profile = models.ForeignKey(
        "profiles.Profile",
        on_delete=models.CASCADE,
        related_name="post_rollups",
        db_index=False,  # the unique (profile, day) index serves lookups by profile
    )
    day = models.DateField(_("jour (Europe/Paris)"))
    posts = models.PositiveIntegerField(_("publications"))
    interactions = models.PositiveBigIntegerField(_("interactions"))

    class Meta:
        verbose_name = _("cumul quotidien des publications")
        verbose_name_plural = _("cumuls quotidiens des publications")
        constraints = [
            models.UniqueConstraint(fields=["profile", "day"], name="unique_post_rollup_per_day")
        ]
        # Covering index: a window of days is read without touching the table.
        indexes = [
            models.Index(
                fields=["day", "profile", "posts", "interactions"], name="post_rollup_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.profile_id} {self.day}: {self.posts}"
