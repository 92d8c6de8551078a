from django.contrib import admin

from .models import Territory


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "category", "population", "departement", "region"]
    list_filter = ["category", "kind", ("region", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "key", "code", "siren", "postcodes"]
    readonly_fields = ["key", "kind", "code"]
    list_select_related = ["departement", "region"]
    autocomplete_fields = ["region", "departement", "epci"]
    show_full_result_count = False

    def get_list_filter(self, request):
        # Département filter offered once a région is chosen, to keep the sidebar short.
        filters = list(super().get_list_filter(request))
        filters.append(("departement", admin.RelatedOnlyFieldListFilter))
        return filters
