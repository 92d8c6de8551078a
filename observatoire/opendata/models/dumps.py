from django.db import models
from django.utils.translation import gettext_lazy as _


class Dump(models.Model):
    """One file of a month's open-data dump (rankings, KPIs, profiles, territories, census, in
    CSV and Parquet, and the month's datapackage.json), as last generated: where it lies under
    settings.DUMPS_ROOT, its size and SHA-256 so reusers can check what they downloaded."""

    month = models.DateField(_("mois"))
    dataset = models.CharField(_("jeu de données"), max_length=40)
    format = models.CharField(_("format"), max_length=10)
    path = models.CharField(_("chemin"), max_length=300)  # relative to settings.DUMPS_ROOT
    size = models.PositiveBigIntegerField(_("taille (octets)"))
    sha256 = models.CharField(_("empreinte SHA-256"), max_length=64)
    rows = models.PositiveIntegerField(_("lignes"), null=True, blank=True)
    generated_at = models.DateTimeField(_("générée le"))

    class Meta:
        ordering = ["-month", "dataset", "format"]
        verbose_name = _("fichier de données ouvertes")
        verbose_name_plural = _("fichiers de données ouvertes")
        constraints = [
            models.UniqueConstraint(fields=["month", "dataset", "format"], name="unique_dump_file")
        ]

    def __str__(self) -> str:
        return self.path
