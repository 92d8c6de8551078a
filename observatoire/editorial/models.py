"""What the analysis of posts stores: the lexicon of themes (edited by staff), one analysis per
post, its hashtags, monthly rollups per profile, branded hashtags and campaigns.

Everything but the lexicon and the campaigns is derived from the posts and rebuilt by
`observatoire editorial rebuild`; it is kept up to date as posts are written."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_THEMES = 63  # PostAnalysis.themes is a 64-bit signed mask: bits 0 … 62


class Theme(models.Model):
    """An editorial theme of collectivités (tourisme et attractivité, routes et mobilités …)."""

    slug = models.SlugField(_("identifiant"), max_length=40, unique=True)
    name = models.CharField(_("nom"), max_length=80)
    name_en = models.CharField(_("nom en anglais"), max_length=80)
    description = models.TextField(_("ce qu'il couvre"), blank=True)
    bit = models.PositiveSmallIntegerField(
        _("position"),
        unique=True,
        validators=[MaxValueValidator(MAX_THEMES - 1)],
        help_text=_("Rang du thème dans le masque des analyses (0 à 62), jamais réutilisé."),
    )
    position = models.PositiveSmallIntegerField(_("ordre d'affichage"), default=0)

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("thème éditorial")
        verbose_name_plural = _("thèmes éditoriaux")

    def __str__(self) -> str:
        return self.name


class ThemeTerm(models.Model):
    """One entry of the lexicon: a word or phrase that puts a post in its theme, or (negative)
    a phrase whose words do not count for it (« feuille de route » is no road). Matching
    ignores case and accents and respects word boundaries; a term ending with `*` matches
    every word that starts with it (`collég*`)."""

    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="terms")
    term = models.CharField(_("terme"), max_length=120)
    negative = models.BooleanField(
        _("expression écartée"),
        default=False,
        help_text=_(
            "Une expression dont les mots ne comptent pas pour ce thème (« feuille de route »)."
        ),
    )

    class Meta:
        ordering = ["theme", "negative", "term"]
        verbose_name = _("terme du lexique")
        verbose_name_plural = _("termes du lexique")
        constraints = [models.UniqueConstraint(fields=["theme", "term"], name="unique_theme_term")]

    def __str__(self) -> str:
        return f"{'-' if self.negative else ''}{self.term}"


class LexiconRevision(models.Model):
    """A change of the lexicon (who, when, why): its id is the version stamped on the analyses
    classified with it, so staff see how many posts still await the re-run."""

    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )
    note = models.CharField(_("motif"), max_length=300, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("version du lexique")
        verbose_name_plural = _("versions du lexique")

    def __str__(self) -> str:
        return f"v{self.pk}"


class PostAnalysis(models.Model):
    """What the classifier and the accessibility audit found in one post. Times are the
    Europe/Paris ones of its publication; `themes` and the rule masks are bit sets."""

    post = models.OneToOneField(
        "metrics.Post", on_delete=models.CASCADE, primary_key=True, related_name="analysis"
    )
    profile = models.ForeignKey("profiles.Profile", on_delete=models.CASCADE, db_index=False)
    month = models.DateField(_("mois"))  # first day of the Paris month of publication
    weekday = models.PositiveSmallIntegerField(_("jour de la semaine"))  # ISO: 1 = Monday
    hour = models.PositiveSmallIntegerField(_("heure"))
    format = models.CharField(_("format"), max_length=20, blank=True)  # Post.MediaType or ""
    themes = models.BigIntegerField(_("thèmes"), default=0)
    lexicon_revision = models.PositiveIntegerField(_("version du lexique"), default=0)
    # The accessibility audit (editorial.accessibility): None = nothing could be checked.
    score = models.PositiveSmallIntegerField(_("score d'accessibilité"), null=True, blank=True)
    failed = models.BigIntegerField(_("règles non respectées"), default=0)
    unverifiable = models.BigIntegerField(_("règles non vérifiables"), default=0)
    images = models.PositiveSmallIntegerField(_("images"), default=0)
    images_without_alt = models.PositiveSmallIntegerField(_("images sans alternative"), default=0)
    images_unverifiable = models.PositiveSmallIntegerField(_("images non vérifiables"), default=0)
    rules_version = models.PositiveSmallIntegerField(_("version des règles"), default=0)

    class Meta:
        verbose_name = _("analyse d'une publication")
        verbose_name_plural = _("analyses des publications")
        indexes = [models.Index(fields=["profile", "month"], name="analysis_profile_month")]

    def __str__(self) -> str:
        return f"{self.post_id}"


class PostHashtag(models.Model):
    """A hashtag of a post, keyed case-insensitively (`key`) as the networks read them."""

    post = models.ForeignKey("metrics.Post", on_delete=models.CASCADE, related_name="tag_uses")
    profile = models.ForeignKey("profiles.Profile", on_delete=models.CASCADE, db_index=False)
    territory = models.ForeignKey("territories.Territory", on_delete=models.CASCADE, db_index=False)
    key = models.CharField(_("clé"), max_length=150)  # casefolded, without "#"
    tag = models.CharField(_("hashtag"), max_length=150)  # as written, without "#"
    published_at = models.DateTimeField(_("publié le"))

    class Meta:
        verbose_name = _("hashtag d'une publication")
        verbose_name_plural = _("hashtags des publications")
        constraints = [models.UniqueConstraint(fields=["post", "key"], name="unique_post_tag")]
        indexes = [
            models.Index(fields=["territory", "key", "published_at"], name="tag_territory"),
            models.Index(fields=["key", "territory"], name="tag_key"),
        ]

    def __str__(self) -> str:
        return f"#{self.tag}"


class EditorialMonth(models.Model):
    """A profile's posts of one Paris month per theme, format or weekday × hour slot, with
    their interactions and engagement (Σ interactions ÷ followers, over the posts whose both
    are known; followers = the profile's latest snapshot of that month, as the dashboard)."""

    class Dimension(models.TextChoices):
        ALL = "all", _("Toutes les publications")
        THEME = "theme", _("Thème")
        FORMAT = "format", _("Format")
        SLOT = "slot", _("Jour et heure")

    profile = models.ForeignKey("profiles.Profile", on_delete=models.CASCADE, db_index=False)
    month = models.DateField(_("mois"))
    dimension = models.CharField(_("dimension"), max_length=10, choices=Dimension.choices)
    key = models.CharField(_("clé"), max_length=40)  # theme id, format, "weekday-hour" or ""
    posts = models.PositiveIntegerField(_("publications"))
    measured = models.PositiveIntegerField(_("publications mesurées"), default=0)
    interactions = models.PositiveBigIntegerField(_("interactions"), default=0)
    engagement = models.FloatField(_("somme des taux d'engagement"), default=0.0)

    class Meta:
        verbose_name = _("bilan éditorial mensuel")
        verbose_name_plural = _("bilans éditoriaux mensuels")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "month", "dimension", "key"], name="unique_editorial_month"
            )
        ]
        indexes = [models.Index(fields=["month", "dimension"], name="editorial_month")]

    def __str__(self) -> str:
        return f"{self.profile_id} {self.month:%Y-%m} {self.dimension}:{self.key}"


class AccessibilityMonth(models.Model):
    """A profile's accessibility audit over one Paris month: posts, mean score, failures and
    unverifiable checks per rule code, images with and without a text alternative."""

    profile = models.ForeignKey("profiles.Profile", on_delete=models.CASCADE, db_index=False)
    month = models.DateField(_("mois"))
    posts = models.PositiveIntegerField(_("publications"))
    scored = models.PositiveIntegerField(_("publications vérifiées"), default=0)
    score_sum = models.PositiveIntegerField(_("somme des scores"), default=0)
    failures = models.JSONField(_("manquements par règle"), default=dict)
    unverifiable = models.JSONField(_("non vérifiables par règle"), default=dict)
    images = models.PositiveIntegerField(_("images"), default=0)
    images_without_alt = models.PositiveIntegerField(_("images sans alternative"), default=0)
    images_unverifiable = models.PositiveIntegerField(_("images non vérifiables"), default=0)

    class Meta:
        verbose_name = _("audit d'accessibilité mensuel")
        verbose_name_plural = _("audits d'accessibilité mensuels")
        constraints = [
            models.UniqueConstraint(fields=["profile", "month"], name="unique_accessibility_month")
        ]
        indexes = [models.Index(fields=["month"], name="accessibility_month")]

    def __str__(self) -> str:
        return f"{self.profile_id} {self.month:%Y-%m}"


class BrandedHashtag(models.Model):
    """A hashtag only this collectivité uses, and uses repeatedly (editorial.hashtags)."""

    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, related_name="branded_hashtags"
    )
    key = models.CharField(_("clé"), max_length=150)
    tag = models.CharField(_("hashtag"), max_length=150)
    posts = models.PositiveIntegerField(_("publications"))
    first_used = models.DateTimeField(_("première utilisation"))
    last_used = models.DateTimeField(_("dernière utilisation"))

    class Meta:
        ordering = ["territory", "-posts"]
        verbose_name = _("hashtag de marque")
        verbose_name_plural = _("hashtags de marque")
        constraints = [
            models.UniqueConstraint(fields=["territory", "key"], name="unique_branded_hashtag")
        ]

    def __str__(self) -> str:
        return f"#{self.tag}"


class Campaign(models.Model):
    """A named set of hashtags over a period (#Covid19Gers from 13 March 2020): its posts are
    those of the collectivité's profiles, on every network, carrying one of the hashtags."""

    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, related_name="campaigns"
    )
    name = models.CharField(_("nom"), max_length=120)
    hashtags = models.JSONField(_("hashtags"), default=list)  # keys: casefolded, without "#"
    starts_on = models.DateField(_("début"))
    ends_on = models.DateField(_("fin"), null=True, blank=True)  # None: still running
    description = models.TextField(_("description"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("créée par"),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        ordering = ["territory", "-starts_on", "name"]
        verbose_name = _("campagne")
        verbose_name_plural = _("campagnes")
        constraints = [
            models.UniqueConstraint(fields=["territory", "name"], name="unique_campaign_name")
        ]

    def __str__(self) -> str:
        return self.name
