"""Admin of the awards: nominations, read only. Staff nominate and withdraw on the
nominations page (`/trophees/gestion/<year>/`), which keeps the audit log; here they read
each nominee with the evidence stored when it was nominated."""

import json

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import Nomination


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ("territory", "category", "edition", "nominated_by", "nominated_at")
    list_filter = ("category__edition", "category__kind")
    search_fields = ("territory__name", "category__name")
    list_select_related = ("territory", "category__edition", "nominated_by")
    fields = (
        "category",
        "territory",
        "dossier",
        "nominated_by",
        "nominated_at",
        "evidence_shown",
        "staff_page",
    )
    readonly_fields = fields

    @admin.display(description=_("édition"), ordering="category__edition__year")
    def edition(self, nomination: Nomination) -> str:
        return str(nomination.category.edition)

    @admin.display(description=_("éléments à la nomination"))
    def evidence_shown(self, nomination: Nomination) -> str:
        text = json.dumps(nomination.evidence, ensure_ascii=False, indent=2, sort_keys=True)
        return format_html("<pre>{}</pre>", text)

    @admin.display(description=_("page des nominations"))
    def staff_page(self, nomination: Nomination) -> str:
        year = nomination.category.edition.year
        url = reverse("awards_staff:edition", kwargs={"year": year})
        return format_html(
            '<a href="{}#categorie-{}">{}</a>', url, nomination.category.slug, _("Nommer, retirer")
        )

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
