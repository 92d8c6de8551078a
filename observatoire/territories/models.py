from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    """Ranking categories: peers are compared only inside one category."""

    REGION = "region", _("Régions")
    DEPARTEMENT = "departement", _("Départements")
    METROPOLE = "metropole", _("Métropoles")
    COMMUNAUTE_URBAINE = "communaute_urbaine", _("Communautés urbaines")
    COMMUNAUTE_AGGLOMERATION = "communaute_agglomeration", _("Communautés d'agglomération")
    COMMUNAUTE_COMMUNES = "communaute_communes", _("Communautés de communes")
    GRANDE_VILLE = "grande_ville", _("Grandes villes")
    VILLE_MOYENNE = "ville_moyenne", _("Villes moyennes")
    PETITE_VILLE = "petite_ville", _("Petites villes")


GRANDE_VILLE_MIN = 100_000
VILLE_MOYENNE_MIN = 20_000
EPCI_CATEGORIES = {
    "METRO": Category.METROPOLE,
    "MET69": Category.METROPOLE,
    "CU": Category.COMMUNAUTE_URBAINE,
    "CA": Category.COMMUNAUTE_AGGLOMERATION,
    "CC": Category.COMMUNAUTE_COMMUNES,
}


def commune_category(population: int | None) -> Category:
    if population is not None and population >= GRANDE_VILLE_MIN:
        return Category.GRANDE_VILLE
    if population is not None and population >= VILLE_MOYENNE_MIN:
        return Category.VILLE_MOYENNE
    return Category.PETITE_VILLE


class Territory(models.Model):
    """A collectivité of the official registry, identified by `kind:code` (e.g. `region:76`)."""

    class Kind(models.TextChoices):
        REGION = "region", _("Région")
        DEPARTEMENT = "departement", _("Département")
        EPCI = "epci", _("Intercommunalité")
        COMMUNE = "commune", _("Commune")

    key = models.CharField(_("identifiant"), max_length=40, unique=True)
    kind = models.CharField(_("nature"), max_length=20, choices=Kind.choices)
    code = models.CharField(_("code officiel"), max_length=12)
    name = models.CharField(_("nom"), max_length=200, db_index=True)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    category = models.CharField(
        _("catégorie"), max_length=30, choices=Category.choices, db_index=True
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    epci_type = models.CharField(_("type d'EPCI"), max_length=8, blank=True)
    siren = models.CharField(_("SIREN"), max_length=9, blank=True)
    postcodes = models.CharField(_("codes postaux"), max_length=300, blank=True)
    note = models.CharField(_("remarque"), max_length=300, blank=True)
    region = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("région"),
    )
    departement = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("département"),
    )
    epci = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="member_communes",
        verbose_name=_("intercommunalité"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("collectivité")
        verbose_name_plural = _("collectivités")
        indexes = [models.Index(fields=["category", "region"])]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("site:territory", kwargs={"slug": self.slug})
