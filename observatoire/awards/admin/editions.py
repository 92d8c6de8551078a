"""Admin of the awards: editions, with their criteria and categories, and the journal.

Networks and eligibility are ticked from the registry's choices (Network, Category), never
typed as JSON. Scheduling an announcement is setting its time here (awards/announcements.py
says what is public when); closing an edition is the jury's business (staff pages), so
`closed_at` is read-only. Every save is written in the journal (AuditEvent), which staff
read and nobody edits.
"""

import datetime as dt
import json

from django import forms
from django.contrib import admin
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from observatoire.profiles.models import Network
from observatoire.territories.models import Category

from .. import announcements
from ..audit import audit_log
from ..models import AuditEvent, AwardCategory, Criterion, Edition

ANNOUNCEMENT_FIELDS = ("nominations_announce_at", "results_announce_at")


def _choices_field(choices, *, label, help_text) -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=label,
        help_text=help_text,
    )


class EditionForm(forms.ModelForm):
    networks = _choices_field(
        Network.choices,
        label=_("réseaux concernés"),
        help_text=_("Les réseaux que l'édition observe ; une catégorie peut en retenir moins."),
    )

    class Meta:
        model = Edition
        fields = [
            "year",
            "slug",
            "title",
            "theme",
            "networks",
            "rules",
            "is_demo",
            "period_start",
            "period_end",
            "entries_open_at",
            "entries_close_at",
            "jury_start_at",
            "jury_end_at",
            "ceremony_at",
            "ceremony_place",
            *ANNOUNCEMENT_FIELDS,
            "nominees_per_category",
            "score_max",
        ]

    def clean(self):
        cleaned = super().clean()
        pairs = [
            ("period_start", "period_end", _("La période observée finit avant de commencer.")),
            ("entries_open_at", "entries_close_at", _("Les candidatures ferment avant d'ouvrir.")),
            ("jury_start_at", "jury_end_at", _("Le jury finit avant de commencer.")),
            (
                "nominations_announce_at",
                "results_announce_at",
                _("Le palmarès ne peut pas être annoncé avant les nommés."),
            ),
        ]
        for start, end, message in pairs:
            if cleaned.get(start) and cleaned.get(end) and cleaned[end] < cleaned[start]:
                self.add_error(end, message)
        return cleaned


class CategoryForm(forms.ModelForm):
    territory_categories = _choices_field(
        Category.choices,
        label=_("catégories de collectivités admises"),
        help_text=_("Aucune case cochée : toutes les collectivités."),
    )
    networks = _choices_field(
        Network.choices,
        label=_("réseaux pris en compte"),
        help_text=_("Aucune case cochée : les réseaux de l'édition."),
    )

    class Meta:
        model = AwardCategory
        fields = ["name", "slug", "kind", "position", "description", "territory_categories"]
        fields += ["networks"]


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0
    fields = ["position", "name", "weight", "description"]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}
    }


class CategoryInline(admin.StackedInline):
    model = AwardCategory
    form = CategoryForm
    extra = 0
    fields = [
        ("name", "slug"),
        ("kind", "position"),
        "description",
        "territory_categories",
        "networks",
    ]
    prepopulated_fields = {"slug": ["name"]}


class AnnouncementFilter(admin.SimpleListFilter):
    title = _("annonces")
    parameter_name = "announced"

    def lookups(self, request, model_admin):
        return [
            ("none", _("Rien d'annoncé")),
            ("nominations", _("Nommés annoncés, pas le palmarès")),
            ("results", _("Palmarès annoncé")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        nominations = announcements.announced_q(now=now)
        results = announcements.results_q(now=now)
        if self.value() == "none":
            return queryset.exclude(nominations)
        if self.value() == "nominations":
            return queryset.filter(nominations).exclude(results)
        if self.value() == "results":
            return queryset.filter(results)
        return queryset


def _jsonable(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value if isinstance(value, str | int | float | bool | list | None) else str(value)


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    form = EditionForm
    inlines = [CriterionInline, CategoryInline]
    list_display = [
        "year",
        "title",
        "status",
        "nominations_announce_at",
        "results_announce_at",
        "closed_at",
        "is_demo",
    ]
    list_display_links = ["year", "title"]
    list_filter = [AnnouncementFilter, ("closed_at", admin.EmptyFieldListFilter), "is_demo"]
    search_fields = ["title", "theme", "year"]
    readonly_fields = ["closed_at", "created_at", "journal"]
    fieldsets = [
        (None, {"fields": ["year", "slug", "title", "theme", "networks", "rules", "is_demo"]}),
        (
            _("Calendrier"),
            {
                "fields": [
                    ("period_start", "period_end"),
                    ("entries_open_at", "entries_close_at"),
                    ("jury_start_at", "jury_end_at"),
                    ("ceremony_at", "ceremony_place"),
                ]
            },
        ),
        (
            _("Annonces"),
            {
                "fields": list(ANNOUNCEMENT_FIELDS),
                "description": _(
                    "Programmer une annonce, c'est fixer son heure : les nommés sont publics à "
                    "partir de leur heure d'annonce, le palmarès à partir de la sienne une fois "
                    "l'édition clôturée. Avant, seule l'équipe les voit, en aperçu."
                ),
            },
        ),
        (_("Jury"), {"fields": ["nominees_per_category", "score_max", "closed_at"]}),
        (_("Suivi"), {"fields": ["created_at", "journal"]}),
    ]

    @admin.display(description=_("où en est l'édition"))
    def status(self, obj: Edition) -> str:
        return announcements.status_text(obj)

    @admin.display(description=_("journal"))
    def journal(self, obj: Edition) -> str:
        if obj.pk is None:
            return "—"
        url = reverse("admin:awards_auditevent_changelist") + f"?edition__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, _("Les événements de l'édition"))

    def view_on_site(self, obj: Edition) -> str:
        return reverse("awards:edition", kwargs={"year": obj.year})

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        edition = form.instance
        details = {"fields": sorted(form.changed_data)}
        for formset in formsets:
            name = formset.prefix  # "criteria", "categories"
            touched = {
                "added": [str(o) for o in formset.new_objects],
                "changed": [str(o) for o, _fields in formset.changed_objects],
                "deleted": [str(o) for o in formset.deleted_objects],
            }
            if any(touched.values()):
                details[name] = touched
        action = "edition_changed" if change else "edition_created"
        audit_log(edition=edition, action=action, subject=edition, actor=request.user, **details)
        scheduled = [f for f in ANNOUNCEMENT_FIELDS if f in form.changed_data]
        if scheduled:
            times = {f: _jsonable(getattr(edition, f)) for f in scheduled}
            audit_log(
                edition=edition,
                action="announcement_scheduled",
                subject=edition,
                actor=request.user,
                **times,
            )


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The journal: every state change of the awards, who and when. Read-only."""

    list_display = ["at", "edition", "action", "subject", "actor"]
    list_filter = ["edition", "action"]
    search_fields = ["subject", "action", "actor__email", "actor__username"]
    list_select_related = ["edition", "actor"]
    date_hierarchy = "at"
    fields = ["at", "edition", "action", "subject", "actor", "details"]
    readonly_fields = fields

    @admin.display(description=_("détails"))
    def details(self, obj: AuditEvent) -> str:
        text = json.dumps(obj.data, ensure_ascii=False, indent=2, sort_keys=True)
        return format_html("<pre>{}</pre>", text)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
