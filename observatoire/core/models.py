from django.db import models
from django.utils.translation import gettext_lazy as _


class JobRun(models.Model):
    """One run of a job (collection, ranking, import, registry load, demo): what staff audit."""

    class Kind(models.TextChoices):
        COLLECTION = "collection", _("Collecte")
        RANKING = "ranking", _("Classement")
        IMPORT = "import", _("Import")
        REGISTRY = "registry", _("Référentiel")
        DEMO = "demo", _("Données de démonstration")
        EDITORIAL = "editorial", _("Analyse des publications")
        CENSUS = "census", _("Recensement")
        DUMPS = "dumps", _("Données ouvertes")

    class Status(models.TextChoices):
        RUNNING = "running", _("En cours")
        SUCCEEDED = "succeeded", _("Réussi")
        PARTIAL = "partial", _("Réussi avec erreurs")
        FAILED = "failed", _("Échoué")
        INTERRUPTED = "interrupted", _("Interrompu")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, db_index=True)
    name = models.CharField(_("nom"), max_length=200)
    arguments = models.JSONField(_("arguments"), default=dict, blank=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.RUNNING
    )
    started_at = models.DateTimeField(_("début"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("fin"), null=True, blank=True)
    counts = models.JSONField(_("compteurs"), default=dict, blank=True)
    error_count = models.PositiveIntegerField(_("erreurs"), default=0)
    message = models.TextField(_("message"), blank=True)
    # The process that runs the job: a run still "running" whose process is gone was killed
    # (kill -9, a crash, a lost machine), which the next job of this machine records.
    host = models.CharField(_("machine"), max_length=255, blank=True, db_index=True)
    pid = models.PositiveIntegerField(_("processus"), null=True, blank=True)
    # PID namespace, boot and start time of that process, so that a PID reused by another
    # process (after a restart) is not mistaken for the run's (core.services).
    process = models.CharField(_("identité du processus"), max_length=200, blank=True)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("exécution de tâche")
        verbose_name_plural = _("exécutions de tâches")

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"

    @property
    def duration(self):
        return self.finished_at - self.started_at if self.finished_at else None


class JobRunError(models.Model):
    """One error of a job run, with what it concerns (a line, a profile) and its kind."""

    run = models.ForeignKey(JobRun, on_delete=models.CASCADE, related_name="errors")
    kind = models.CharField(_("type d'erreur"), max_length=60, db_index=True)
    subject = models.CharField(_("objet"), max_length=300, blank=True)
    message = models.TextField(_("message"))
    occurred_at = models.DateTimeField(_("date"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("erreur")
        verbose_name_plural = _("erreurs")

    def __str__(self) -> str:
        return f"{self.kind}: {self.subject}"
