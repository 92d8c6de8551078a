from collections.abc import Sequence
from functools import cached_property
from typing import NamedTuple

import numpy as np
from django.db import models
from django.utils.translation import gettext_lazy as _

from observatoire.profiles.models import Network
from observatoire.territories.models import Category

from . import kpis as catalogue

ELIGIBILITY_REASONS = ("unavailable", "no_snapshot", "no_followers", "no_posts")
PACKED = "<f8"  # little-endian float64, the packed KPIs of entries and groups


def default_normalisation() -> dict:
    return {kpi.name: kpi.normalisation for kpi in catalogue.CATALOGUE.values()}


def default_eligibility() -> list:
    return list(ELIGIBILITY_REASONS)


class Methodology(models.Model):
    """A named, versioned set of scoring rules. Published rankings keep the version they used."""

    slug = models.SlugField(_("version"), max_length=40, unique=True)
    name = models.CharField(_("nom"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # KPI name -> weight, e.g. {"engagement_rate": 5, "reach": 4, …}: the KPIs it ranks with.
    weights = models.JSONField(_("pondérations"))
    window_days = models.PositiveSmallIntegerField(_("fenêtre (jours)"), default=30)
    # KPI name -> target of a KPI normalised by "target" (default: its declaration's).
    targets = models.JSONField(_("cibles"), default=dict, blank=True)
    timezone = models.CharField(_("fuseau horaire"), max_length=40, default="Europe/Paris")
    # KPI -> "percentile" (rank with ties averaged) or "target" (min(value / target, 1)).
    normalisation = models.JSONField(_("normalisation"), default=default_normalisation)
    # Reasons checked in this order; the first that applies is the one shown.
    eligibility = models.JSONField(_("règles d'éligibilité"), default=default_eligibility)
    score_decimals = models.PositiveSmallIntegerField(_("décimales du score"), default=2)
    is_default = models.BooleanField(_("version par défaut"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("méthodologie")
        verbose_name_plural = _("méthodologies")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="one_default_methodology",
            )
        ]

    def __str__(self) -> str:
        return f"{self.slug} — {self.name}"

    @property
    def kpis(self) -> tuple[str, ...]:
        """The KPIs it ranks with: those it weighs, in the order of the catalogue."""
        return catalogue.ordered(self.weights)


class RankingPublication(models.Model):
    """All rankings of one month under one methodology, published together."""

    methodology = models.ForeignKey(Methodology, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(_("mois"), help_text=_("Premier jour du mois classé."))
    published_at = models.DateTimeField(_("publié le"), auto_now=True)
    job_run = models.ForeignKey(
        "core.JobRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    entry_count = models.PositiveIntegerField(default=0)
    # The KPIs it was made with, in the order of its entries' and groups' packed values: it
    # reads back exactly after the catalogue grows.
    kpis = models.JSONField(_("indicateurs"), default=list)

    class Meta:
        ordering = ["-month", "methodology__slug"]
        verbose_name = _("publication de classements")
        verbose_name_plural = _("publications de classements")
        constraints = [
            models.UniqueConstraint(fields=["methodology", "month"], name="unique_publication")
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} ({self.methodology.slug})"


class RankingEntry(models.Model):
    """One principal profile in the ranking of (month, network, category) with its explanation."""

    class Reason(models.TextChoices):
        UNAVAILABLE = "unavailable", _("Profil inaccessible")
        NO_SNAPSHOT = "no_snapshot", _("Aucun relevé d'audience sur la période")
        NO_FOLLOWERS = "no_followers", _("Aucun abonné")
        NO_POSTS = "no_posts", _("Aucune publication sur la période")

    # Indexed by the constraints and indexes below (no separate index per key). Profile,
    # territory and région are copied from rows read in the publishing transaction: no
    # database constraint to re-check 100,000 times at commit; Django still cascades.
    publication = models.ForeignKey(
        RankingPublication, on_delete=models.CASCADE, related_name="entries", db_index=False
    )
    network = models.CharField(_("réseau"), max_length=20, choices=Network.choices)
    category = models.CharField(_("catégorie"), max_length=30, choices=Category.choices)
    profile = models.ForeignKey(
        "profiles.Profile",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    territory = models.ForeignKey(
        "territories.Territory",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    region = models.ForeignKey(
        "territories.Territory",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    eligible = models.BooleanField(_("classé"))
    reason = models.CharField(_("raison"), max_length=20, choices=Reason.choices, blank=True)
    rank = models.PositiveIntegerField(_("rang"), null=True, blank=True)
    region_rank = models.PositiveIntegerField(_("rang régional"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    previous_rank = models.PositiveIntegerField(_("rang précédent"), null=True, blank=True)
    movement = models.IntegerField(
        _("évolution"),
        null=True,
        blank=True,
        help_text=_("Places gagnées depuis le mois précédent."),
    )
    streak_first = models.PositiveSmallIntegerField(_("mois consécutifs 1er"), default=0)
    streak_top10 = models.PositiveSmallIntegerField(_("mois consécutifs top 10"), default=0)
    # The month's figures, as read from stored data.
    followers = models.PositiveBigIntegerField(null=True, blank=True)
    following = models.PositiveBigIntegerField(null=True, blank=True)
    posts = models.PositiveIntegerField(default=0)
    interactions = models.PositiveBigIntegerField(default=0)
    # The publication's KPIs (`publication.kpis`), packed: their raw values, then their
    # normalised values in [0, 1] inside the peer group, then their contributions to the
    # score in points (they add up to it); NaN where unknown or not ranked. See `kpi`.
    kpi_data = models.BinaryField(_("indicateurs"), default=b"")

    class Meta:
        ordering = ["publication", "network", "category", "rank"]
        verbose_name = _("entrée de classement")
        verbose_name_plural = _("entrées de classement")
        constraints = [
            # Profile first: also serves the lookups by profile (e.g. deleting a profile).
            models.UniqueConstraint(fields=["profile", "publication"], name="unique_entry")
        ]
        indexes = [
            models.Index(fields=["publication", "network", "category", "rank"]),
            models.Index(fields=["territory", "publication"]),
        ]

    def __str__(self) -> str:
        return f"{self.publication} {self.network}/{self.category} #{self.rank}: {self.profile}"

    @cached_property
    def kpis(self) -> dict[str, "KpiResult"]:
        """KPI name -> its raw value, normalised value and points, for the KPIs of the
        publication (read it with `select_related("publication")`)."""
        return kpis_unpack(self.kpi_data, self.publication.kpis)

    def kpi(self, name: str) -> "KpiResult":
        return self.kpis.get(name, EMPTY_RESULT)


class RankingGroup(models.Model):
    """The normalised KPIs of one published (network, category) group, packed for the
    methodology simulator: re-weighting reads one row per group, not one per profile.
    `matrix` holds float64 rows (profile id, territory id, rank, then the normalised value
    of each KPI of `kpis`)."""

    publication = models.ForeignKey(
        RankingPublication, on_delete=models.CASCADE, related_name="groups"
    )
    network = models.CharField(max_length=20, choices=Network.choices)
    category = models.CharField(max_length=30, choices=Category.choices)
    size = models.PositiveIntegerField()
    kpis = models.JSONField(default=list)
    matrix = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "network", "category"], name="unique_ranking_group"
            )
        ]

    def __str__(self) -> str:
        return f"{self.publication} {self.network}/{self.category} ({self.size})"


class KpiResult(NamedTuple):
    value: float | None
    normalised: float | None
    points: float | None


EMPTY_RESULT = KpiResult(None, None, None)


def kpis_pack(values: np.ndarray, normalised: np.ndarray, points: np.ndarray) -> list[bytes]:
    """`RankingEntry.kpi_data` of many entries at once, from three (n, k) arrays."""
    block = np.ascontiguousarray(np.hstack([values, normalised, points]), dtype=PACKED)
    width = block.shape[1] * block.itemsize
    data = block.tobytes()
    return [data[start : start + width] for start in range(0, len(data), width)]


def kpis_unpack(data: bytes | memoryview, names: Sequence[str]) -> dict[str, KpiResult]:
    if not data:
        return {}
    triples = np.frombuffer(data, dtype=PACKED).reshape(3, len(names)).T.tolist()
    return {
        name: KpiResult(*(None if v != v else v for v in triple))  # NaN is None
        for name, triple in zip(names, triples, strict=True)
    }
