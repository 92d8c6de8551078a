from django.contrib import admin

from .models import Alert, AlertDelivery, AlertPreference, PeerChoice


@admin.register(PeerChoice)
class PeerChoiceAdmin(admin.ModelAdmin):
    list_display = ["territory", "position", "peer", "chosen_by", "created_at"]
    list_select_related = ["territory", "peer", "chosen_by"]
    search_fields = ["territory__name", "peer__name"]
    autocomplete_fields = ["territory", "peer"]
    raw_id_fields = ["chosen_by"]


@admin.register(AlertPreference)
class AlertPreferenceAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "profile_unreachable",
        "rank_change",
        "rank_move_threshold",
        "new_ranking",
        "monthly_report",
    ]
    list_filter = ["profile_unreachable", "rank_change", "new_ranking", "monthly_report"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email"]
    raw_id_fields = ["user"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """What was recorded or sent is history: staff read it, nobody edits it."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(AlertDelivery)
class AlertDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["sent_at", "user", "kind", "subject", "language", "has_report"]
    list_filter = ["kind", "language", "has_report"]
    list_select_related = ["user"]
    search_fields = ["user__username", "user__email", "subject", "key"]
    date_hierarchy = "sent_at"


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "kind", "territory", "delivery"]
    list_filter = ["kind"]
    list_select_related = ["user", "territory", "delivery"]
    search_fields = ["user__username", "user__email", "territory__name", "key"]
    date_hierarchy = "created_at"
