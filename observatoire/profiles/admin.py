from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Value, When
from django.template.response import TemplateResponse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from observatoire.territories.models import Category

from .corrections import correction_approve, correction_refuse
from .forms import RefuseForm
from .models import Profile, ProfileCorrection
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
    readonly_fields = [
        "consecutive_failures",
        "last_collected_at",
        "verified_at",  # set when staff validate a correction of the collectivité
        "created_at",
        "updated_at",
    ]
    show_full_result_count = False
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

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


@admin.register(ProfileCorrection)
class ProfileCorrectionAdmin(admin.ModelAdmin):
    """Requests of the collectivités, pending first. Staff decide with the two actions, which
    apply them through profiles.corrections; a request itself is never edited here."""

    list_display = [
        "created_at",
        "territory",
        "kind",
        "profile",
        "requested",
        "requested_by",
        "status",
        "decided_by",
        "decided_at",
    ]
    list_filter = ["status", "kind", "network"]
    search_fields = ["territory__name", "handle", "profile__handle", "requested_by__email"]
    list_select_related = ["territory", "profile", "requested_by", "decided_by"]
    ordering = [
        Case(When(status=ProfileCorrection.Status.PENDING, then=Value(0)), default=Value(1)).asc(),
        "-created_at",
    ]
    actions = ["approve", "refuse"]
    show_full_result_count = False

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    @admin.display(description=_("valeurs demandées"))
    def requested(self, correction: ProfileCorrection) -> str:
        values = [
            ("@" + correction.handle) if correction.handle else "",
            correction.url,
            f"« {correction.label} »" if correction.label else "",
        ]
        return format_html_join(" ", "<span>{}</span>", ((v,) for v in values if v)) or "—"

    @admin.action(description=_("Valider les demandes sélectionnées"), permissions=["change"])
    def approve(self, request, queryset) -> None:
        done = 0
        for correction in queryset:
            try:
                correction_approve(correction=correction, decided_by=request.user)
            except ValidationError as error:
                message = f"{correction} : {' '.join(error.messages)}"
                self.message_user(request, message, messages.ERROR)
            else:
                done += 1
        if done:
            message = ngettext("%(count)d demande validée.", "%(count)d demandes validées.", done)
            self.message_user(request, message % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Refuser les demandes sélectionnées…"), permissions=["change"])
    def refuse(self, request, queryset) -> TemplateResponse | None:
        """A page asks for the note (optional) first, then refuses each request."""
        form = RefuseForm(request.POST if request.POST.get("confirm") else None)
        if form.is_bound and form.is_valid():
            done = 0
            for correction in queryset:
                try:
                    correction_refuse(
                        correction=correction,
                        decided_by=request.user,
                        note=form.cleaned_data["note"],
                    )
                except ValidationError as error:
                    message = f"{correction} : {' '.join(error.messages)}"
                    self.message_user(request, message, messages.ERROR)
                else:
                    done += 1
            if done:
                message = ngettext(
                    "%(count)d demande refusée.", "%(count)d demandes refusées.", done
                )
                self.message_user(request, message % {"count": done}, messages.SUCCESS)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Refuser des demandes de correction"),
            "opts": self.model._meta,
            "corrections": queryset.select_related("territory", "profile"),
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "profiles/admin/refuse.html", context)
