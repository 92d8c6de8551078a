from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Methodology, RankingEntry, RankingPublication


@admin.register(Methodology)
class MethodologyAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "is_default", "window_days", "created_at"]
    search_fields = ["slug", "name"]

    def get_readonly_fields(self, request, obj=None):
        # Rules of a version that already published stay as they were: make a new version.
        if obj is not None and RankingPublication.objects.filter(methodology=obj).exists():
            rules = ("weights", "window_days", "targets", "timezone", "normalisation")
            return ["slug", *rules, "eligibility", "score_decimals"]
        return []


@admin.register(RankingPublication)
class RankingPublicationAdmin(admin.ModelAdmin):
    list_display = ["month", "methodology", "entry_count", "published_at", "job_run"]
    list_filter = ["methodology"]
    date_hierarchy = "month"
    readonly_fields = ["methodology", "month", "kpis", "entry_count", "published_at", "job_run"]

    def has_add_permission(self, request):
        return False  # published by `observatoire rank` or the monthly task


@admin.register(RankingEntry)
class RankingEntryAdmin(admin.ModelAdmin):
    list_display = [
        "rank",
        "territory",
        "profile",
        "network",
        "category",
        "score",
        "eligible",
        "reason",
    ]
    list_filter = ["publication", "network", "category", "eligible", "reason"]
    search_fields = ["territory__name", "profile__handle"]
    list_select_related = ["territory", "profile"]
    raw_id_fields = ["publication", "profile", "territory", "region"]
    show_full_result_count = False
    exclude = ["kpi_data"]
    readonly_fields = ["kpi_values"]

    @admin.display(description=_("indicateurs (valeur, normalisée, points)"))
    def kpi_values(self, entry: RankingEntry) -> str:
        return "; ".join(
            f"{name}: {', '.join(map(str, found))}" for name, found in entry.kpis.items()
        )

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
