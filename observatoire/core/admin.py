from django.contrib import admin

from .models import JobRun, JobRunError


class JobRunErrorInline(admin.TabularInline):
    model = JobRunError
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "subject", "message", "occurred_at"]
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "status", "started_at", "finished_at", "error_count"]
    list_filter = ["kind", "status"]
    search_fields = ["name"]
    readonly_fields = [f.name for f in JobRun._meta.fields]
    inlines = [JobRunErrorInline]
    date_hierarchy = "started_at"

    def has_add_permission(self, request):
        return False


@admin.register(JobRunError)
class JobRunErrorAdmin(admin.ModelAdmin):
    list_display = ["run", "kind", "subject", "occurred_at"]
    list_filter = ["kind", "run__kind"]
    search_fields = ["subject", "message"]
    readonly_fields = ["run", "kind", "subject", "message", "occurred_at"]
