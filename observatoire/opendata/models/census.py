"""The census's stored figures, written by `opendata.census.services.census_build` after each
collection and publication (docs/census.md): per month, how many collectivités of each
stratum are present and active on each network, in France, each région and each département;
and the moves (profiles that stopped posting, became unreachable or were opened), with dates.
Pages, the API and the dumps read these rows, never the raw tables."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from observatoire.profiles.models import Network

__all__ = ["CensusFigure", "CensusMonth", "CensusMove", "Stratum"]


class Stratum(models.TextChoices):
    """The strata of the census: the ranking categories, communes by population band (the
    petites villes split at 2,000 inhabitants, as the published census does)."""

    REGION = "region", _("Régions")
    DEPARTEMENT = "departement", _("Départements")
    METROPOLE = "metropole", _("Métropoles")
    COMMUNAUTE_URBAINE = "communaute_urbaine", _("Communautés urbaines")
    COMMUNAUTE_AGGLOMERATION = "communaute_agglomeration", _("Communautés d'agglomération")
    COMMUNAUTE_COMMUNES = "communaute_communes", _("Communautés de communes")
    GRANDE_VILLE = "grande_ville", _("Grandes villes (100 000 habitants et plus)")
    VILLE_MOYENNE = "ville_moyenne", _("Villes moyennes (20 000 à 99 999 habitants)")
    PETITE_VILLE = "petite_ville", _("Communes de 2 000 à 19 999 habitants")
    VILLAGE = "village", _("Communes de moins de 2 000 habitants")


class CensusMonth(models.Model):
    """One month of the census, as last computed."""

    month = models.DateField(_("mois"), unique=True, help_text=_("Premier jour du mois."))
    computed_at = models.DateTimeField(_("calculé le"))
    data_until = models.DateField(
        _("données jusqu'au"),
        help_text=_("Dernier jour du mois couvert par les relevés lus (mois en cours : partiel)."),
    )
    profiles = models.PositiveIntegerField(_("profils présents"))
    demo = models.BooleanField(
        _("démonstration"), default=False, help_text=_("Compte des profils de démonstration.")
    )

    class Meta:
        ordering = ["-month"]
        verbose_name = _("mois du recensement")
        verbose_name_plural = _("mois du recensement")

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}"


class CensusFigure(models.Model):
    """The collectivités of a stratum in a scope, and how many are present and active on a
    network during the month. Empty scope: France; empty stratum: every collectivité; empty
    network: at least one network. Rows exist only for strata with collectivités in the scope."""

    census = models.ForeignKey(CensusMonth, on_delete=models.CASCADE, related_name="figures")
    scope = models.CharField(_("territoire"), max_length=40, blank=True)  # "", Territory.key
    stratum = models.CharField(_("strate"), max_length=30, choices=Stratum.choices, blank=True)
    network = models.CharField(_("réseau"), max_length=20, choices=Network.choices, blank=True)
    territories = models.PositiveIntegerField(_("collectivités"))
    present = models.PositiveIntegerField(_("présentes"))
    active = models.PositiveIntegerField(_("actives"))
    profiles = models.PositiveIntegerField(_("profils présents"))
    profiles_active = models.PositiveIntegerField(_("profils actifs"))
    # Only where network is empty: collectivités with 0, 1, 2… networks (index = count).
    network_counts = models.JSONField(_("nombre de réseaux"), default=list, blank=True)

    class Meta:
        verbose_name = _("chiffre du recensement")
        verbose_name_plural = _("chiffres du recensement")
        constraints = [
            models.UniqueConstraint(
                fields=["census", "scope", "stratum", "network"], name="unique_census_figure"
            )
        ]

    def __str__(self) -> str:
        return f"{self.census} {self.scope or 'France'} {self.stratum or '*'} {self.network or '*'}"


class CensusMove(models.Model):
    """A profile that stopped posting, became unreachable or was opened, on a date."""

    class Kind(models.TextChoices):
        LEFT = "left", _("a cessé de publier")
        UNREACHABLE = "unreachable", _("est devenu inaccessible")
        OPENED = "opened", _("a été ouvert")

    profile = models.ForeignKey(
        "profiles.Profile", on_delete=models.CASCADE, related_name="census_moves"
    )
    territory = models.ForeignKey(
        "territories.Territory", on_delete=models.CASCADE, related_name="census_moves"
    )
    network = models.CharField(_("réseau"), max_length=20, choices=Network.choices)
    kind = models.CharField(_("mouvement"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))

    class Meta:
        ordering = ["-date", "network", "pk"]
        verbose_name = _("mouvement du recensement")
        verbose_name_plural = _("mouvements du recensement")
        constraints = [
            models.UniqueConstraint(fields=["profile", "kind"], name="unique_census_move")
        ]
        indexes = [models.Index(fields=["date", "kind"])]

    def __str__(self) -> str:
        return f"{self.profile_id} {self.kind} {self.date}"
