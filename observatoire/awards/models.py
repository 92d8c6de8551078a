from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from observatoire.profiles.models import Network


class Edition(models.Model):
    """One year of the #Hashtags awards: its theme, networks, calendar, rules and criteria."""

    year = models.PositiveSmallIntegerField(_("année"), unique=True)
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    title = models.CharField(_("titre"), max_length=200)
    theme = models.CharField(_("thème"), max_length=300, blank=True)
    networks = models.JSONField(
        _("réseaux concernés"), default=list, blank=True, help_text=_("Valeurs de Network.")
    )
    rules = models.TextField(_("règlement"), blank=True)
    period_start = models.DateField(_("début de la période observée"))
    period_end = models.DateField(_("fin de la période observée"))
    entries_open_at = models.DateTimeField(_("ouverture des candidatures"))
    entries_close_at = models.DateTimeField(_("clôture des candidatures"))
    jury_start_at = models.DateTimeField(_("début du jury"), null=True, blank=True)
    jury_end_at = models.DateTimeField(_("fin du jury"), null=True, blank=True)
    nominations_announce_at = models.DateTimeField(_("annonce des nommés"), null=True, blank=True)
    results_announce_at = models.DateTimeField(_("annonce du palmarès"), null=True, blank=True)
    ceremony_at = models.DateTimeField(_("cérémonie"), null=True, blank=True)
    ceremony_place = models.CharField(_("lieu de la cérémonie"), max_length=200, blank=True)
    nominees_per_category = models.PositiveSmallIntegerField(
        _("nommés par catégorie"), default=3, validators=[MinValueValidator(1)]
    )
    score_max = models.PositiveSmallIntegerField(
        _("note maximale d'un critère"), default=10, validators=[MinValueValidator(1)]
    )
    closed_at = models.DateTimeField(
        _("clôturée le"),
        null=True,
        blank=True,
        help_text=_("Le jury a fini : médailles attribuées, notes figées."),
    )
    is_demo = models.BooleanField(_("démonstration"), default=False, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("édition")
        verbose_name_plural = _("éditions")

    def __str__(self) -> str:
        return self.title


class Criterion(models.Model):
    """One of the jury's criteria of an edition, with its weight."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField(_("critère"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(
        _("poids"), max_digits=5, decimal_places=2, validators=[MinValueValidator(0)]
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["edition", "position", "pk"]
        verbose_name = _("critère")
        verbose_name_plural = _("critères")

    def __str__(self) -> str:
        return self.name


class AwardCategory(models.Model):
    """A category of an edition: by type of collectivité, thematic, or a special prize such
    as the hashtag d'or of agility. Its eligibility: which ranking categories may enter,
    which networks count (empty: the edition's)."""

    class Kind(models.TextChoices):
        TYPE = "type", _("Par type de collectivité")
        THEMATIC = "thematic", _("Thématique")
        AGILITY = "agility", _("Prix spécial de l'agilité")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100)
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    territory_categories = models.JSONField(
        _("catégories de collectivités admises"),
        default=list,
        blank=True,
        help_text=_("Valeurs de Category ; vide : toutes."),
    )
    networks = models.JSONField(
        _("réseaux pris en compte"),
        default=list,
        blank=True,
        help_text=_("Vide : ceux de l'édition."),
    )
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["edition", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "slug"], name="unique_award_category")
        ]
        verbose_name = _("catégorie")
        verbose_name_plural = _("catégories")

    def __str__(self) -> str:
        return self.name

    @property
    def network_list(self) -> list[str]:
        return list(self.networks or self.edition.networks)


class Dossier(models.Model):
    """A collectivité's candidature to an edition: a presentation and operations grouped by
    audience, entered in one or more categories. Draft, then submitted and frozen."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Brouillon")
        SUBMITTED = "submitted", _("Déposé")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="dossiers")
    territory = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        related_name="award_dossiers",
        verbose_name=_("collectivité"),
    )
    categories = models.ManyToManyField(
        AwardCategory, related_name="dossiers", blank=True, verbose_name=_("catégories")
    )
    presentation = models.TextField(_("présentation"), max_length=5000, blank=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("déposé le"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("déposé par"),
    )
    is_demo = models.BooleanField(_("démonstration"), default=False)

    class Meta:
        ordering = ["edition", "territory__name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "territory"], name="one_dossier_per_edition")
        ]
        verbose_name = _("dossier")
        verbose_name_plural = _("dossiers")

    def __str__(self) -> str:
        return f"{self.territory} — {self.edition}"


class Operation(models.Model):
    """One operation of a dossier, for one audience, with its networks, dates, hashtags and
    the links of its posts."""

    class Audience(models.TextChoices):
        ADULTS = "adults", _("Adultes")
        YOUTH = "youth", _("Enfants / Jeunes")
        ALL = "all", _("Tout public")

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="operations")
    audience = models.CharField(_("public"), max_length=20, choices=Audience.choices)
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(_("description"), max_length=3000, blank=True)
    networks = models.JSONField(_("réseaux utilisés"), default=list, blank=True)
    starts_on = models.DateField(_("du"), null=True, blank=True)
    ends_on = models.DateField(_("au"), null=True, blank=True)
    hashtags = models.JSONField(_("hashtags de campagne"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        ordering = ["dossier", "audience", "position", "pk"]
        verbose_name = _("opération")
        verbose_name_plural = _("opérations")

    def __str__(self) -> str:
        return self.title


class OperationLink(models.Model):
    """A link given for an operation, read into (network, account, post id) and matched to
    the collected post when we have it."""

    operation = models.ForeignKey(Operation, on_delete=models.CASCADE, related_name="links")
    url = models.URLField(_("lien"), max_length=1000)
    network = models.CharField(_("réseau"), max_length=20, choices=Network.choices)
    kind = models.CharField(_("type"), max_length=30)  # post, reel, video, profile, …
    account = models.CharField(_("compte"), max_length=200, blank=True)
    external_id = models.CharField(_("identifiant"), max_length=200, blank=True)
    post = models.ForeignKey(
        "metrics.Post",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("publication collectée"),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["operation", "position", "pk"]
        verbose_name = _("lien")
        verbose_name_plural = _("liens")

    def __str__(self) -> str:
        return self.url


class Nomination(models.Model):
    """A collectivité nominated in a category: the staff's decision, with the data shown as
    evidence when it was taken."""

    category = models.ForeignKey(
        AwardCategory, on_delete=models.CASCADE, related_name="nominations"
    )
    territory = models.ForeignKey(
        "territories.Territory",
        on_delete=models.PROTECT,
        related_name="award_nominations",
        verbose_name=_("collectivité"),
    )
    dossier = models.ForeignKey(
        Dossier, null=True, blank=True, on_delete=models.SET_NULL, related_name="nominations"
    )
    evidence = models.JSONField(_("éléments"), default=dict, blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    nominated_at = models.DateTimeField(_("nommée le"), auto_now_add=True)

    class Meta:
        ordering = ["category", "territory__name"]
        constraints = [
            models.UniqueConstraint(fields=["category", "territory"], name="unique_nomination")
        ]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")

    def __str__(self) -> str:
        return f"{self.territory} — {self.category}"


class Juror(models.Model):
    """A member of the jury of an edition, for some of its categories."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="jurors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="juries"
    )
    categories = models.ManyToManyField(
        AwardCategory, related_name="jurors", verbose_name=_("catégories")
    )
    invited_at = models.DateTimeField(_("invité le"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["edition", "user"], name="unique_juror")]
        verbose_name = _("juré")
        verbose_name_plural = _("jurés")

    def __str__(self) -> str:
        return f"{self.user} — {self.edition}"


class Conflict(models.Model):
    """A collectivité a juror must not see nor score: their own (from their memberships) and
    any they declare."""

    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="conflicts")
    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, related_name="+"
    )
    reason = models.CharField(_("raison"), max_length=300, blank=True)
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["juror", "territory"], name="unique_conflict")
        ]
        verbose_name = _("conflit d'intérêts")
        verbose_name_plural = _("conflits d'intérêts")

    def __str__(self) -> str:
        return f"{self.juror.user} ✕ {self.territory}"


class Score(models.Model):
    """A juror's score of a nominee on one criterion (0 … edition.score_max), with a
    comment; saved and changed until the edition is closed."""

    juror = models.ForeignKey(Juror, on_delete=models.CASCADE, related_name="scores")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="scores")
    value = models.DecimalField(_("note"), max_digits=5, decimal_places=2)
    comment = models.TextField(_("commentaire"), max_length=2000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["juror", "nomination", "criterion"], name="unique_score"
            )
        ]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self) -> str:
        return f"{self.criterion}: {self.value}"


class Award(models.Model):
    """A medal (or a special prize) given to a nominee once staff close the edition."""

    class Medal(models.TextChoices):
        GOLD = "gold", _("Or")
        SILVER = "silver", _("Argent")
        BRONZE = "bronze", _("Bronze")
        SPECIAL = "special", _("Prix spécial")

    nomination = models.OneToOneField(Nomination, on_delete=models.CASCADE, related_name="award")
    medal = models.CharField(_("médaille"), max_length=20, choices=Medal.choices)
    label = models.CharField(
        _("intitulé"),
        max_length=200,
        blank=True,
        help_text=_("Pour un prix spécial : « Hashtag d'or »."),
    )
    score = models.DecimalField(_("score du jury"), max_digits=7, decimal_places=3, null=True)
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    awarded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("médaille")
        verbose_name_plural = _("médailles")

    def __str__(self) -> str:
        return f"{self.get_medal_display()} — {self.nomination}"


class AuditEvent(models.Model):
    """Every state change of an edition (submitted, corrected, nominated, scored, closed,
    awarded…): who, what, when. Staff read it in the admin."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=40, db_index=True)
    subject = models.CharField(_("objet"), max_length=300)
    data = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("par"),
    )
    at = models.DateTimeField(_("le"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("événement")
        verbose_name_plural = _("journal des trophées")

    def __str__(self) -> str:
        return f"{self.action} — {self.subject}"
