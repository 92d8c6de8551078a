from django.contrib import admin

from .models import Dump


@admin.register(Dump)
class DumpAdmin(admin.ModelAdmin):
    """The files of the monthly dumps, as last generated: read only (written by
    `observatoire dumps build` and after each publication)."""

    list_display = ["month", "dataset", "format", "rows", "size", "generated_at"]
    list_filter = ["dataset", "format"]
    date_hierarchy = "month"
    search_fields = ["path", "sha256"]
    readonly_fields = [
        "month",
        "dataset",
        "format",
        "path",
        "size",
        "sha256",
        "rows",
        "generated_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # a row without its files, or files without their row: rebuild instead
