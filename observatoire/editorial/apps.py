from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EditorialConfig(AppConfig):
    name = "observatoire.editorial"
    label = "editorial"
    verbose_name = _("Publications : thèmes, formats, accessibilité")

    def ready(self):
        # Posts are analysed as they are written (metrics.signals): collection and imports.
        from . import receivers  # noqa: F401
