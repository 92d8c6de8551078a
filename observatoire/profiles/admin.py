from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from observatoire.territories.models import Category

from .models import Profile
from .services import profile_status_resolve


class CategoryFilter(admin.SimpleListFilter):
    title = _("catégorie")
    parameter_name = "category"

    def lookups(self, request, model_admin):
        return Category.choices

    def queryset(self, request, queryset):
        return queryset.filter(territory__category=self.value()) if self.value() else queryset


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = [
        "handle",
        "network",
        "territory",
        "is_principal",
        "label",
        "status",
        "unavailable_since",
        "last_collected_at",
        "is_demo",
    ]
    list_filter = [
        "network",
        "status",
        "is_principal",
        CategoryFilter,
        "unavailable_reason",
        "is_demo",
    ]
    search_fields = ["handle", "display_name", "territory__name", "territory__key", "external_id"]
    autocomplete_fields = ["territory"]
    list_select_related = ["territory"]
    readonly_fields = ["consecutive_failures", "last_collected_at", "created_at", "updated_at"]
    show_full_result_count = False

    def save_model(self, request, obj, form, change):
        """The status staff chose, by the one rule (profiles.services): a restored profile
        loses its reason and date, an unreachable one without a reason gets "other"."""
        stored = Profile.objects.filter(pk=obj.pk).first() if change else None
        obj.status, obj.unavailable_reason, obj.unavailable_since = profile_status_resolve(
            status=obj.status,
            reason=obj.unavailable_reason,
            since=obj.unavailable_since,
            stored=stored,
        )
        super().save_model(request, obj, form, change)
