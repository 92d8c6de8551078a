from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from observatoire.territories.models import Category

from .models import Profile


class CategoryFilter(admin.SimpleListFilter):
    title = _("catégorie")
    parameter_name = "category"

    def lookups(self, request, model_admin):
        return Category.choices

    def queryset(self, request, queryset):
        return queryset.filter(territory__category=self.value()) if self.value() else queryset


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["handle", "network", "territory", "is_principal", "label", "status",
                    "unavailable_since", "last_collected_at", "is_demo"]  # fmt: skip
    list_filter = ["network", "status", "is_principal", CategoryFilter, "unavailable_reason",
                   "is_demo"]  # fmt: skip
    search_fields = ["handle", "display_name", "territory__name", "territory__key", "external_id"]
    autocomplete_fields = ["territory"]
    list_select_related = ["territory"]
    readonly_fields = ["consecutive_failures", "last_collected_at", "created_at", "updated_at"]
    show_full_result_count = False
