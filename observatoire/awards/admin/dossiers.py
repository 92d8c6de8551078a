"""Admin of the awards: dossiers, with their operations (and each operation with its links).

Staff build a dossier on a collectivité's behalf here or in its Mon espace, and correct a
submitted one here only: every change saved to a submitted dossier (its fields, an operation
added, changed or deleted, a link) is written in the audit log as "dossier_corrected" with
what changed, before and after. Status and submission stay as the collectivité left them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from observatoire.profiles.models import Network

from ..dossier_forms import HashtagsField
from ..dossiers import dossier_correct, dossier_links_match
from ..link_fetching import dossier_links_fetch
from ..links import LinkError, link_parse, links_match
from ..models import Dossier, Operation, OperationLink


class OperationAdminForm(forms.ModelForm):
    networks = forms.MultipleChoiceField(
        label=_("réseaux utilisés"),
        choices=Network.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    hashtags = HashtagsField(label=_("hashtags de campagne"), required=False)

    class Meta:
        model = Operation
        fields = [
            *("audience", "title", "description", "networks"),
            *("starts_on", "ends_on", "hashtags", "position"),
        ]


class LinkAdminForm(forms.ModelForm):
    """A link read again (network, kind, account, id) and matched whenever its address
    changes."""

    url = forms.CharField(label=_("lien"), max_length=1000)  # link_parse says what is wrong

    class Meta:
        model = OperationLink
        fields = ["url", "position"]

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        if "url" not in self.changed_data and self.instance.pk:
            return url
        try:
            parsed = link_parse(url)
        except LinkError as error:
            raise forms.ValidationError(str(error)) from None
        territory_id = self._territory_id()
        for name in ("network", "kind", "account", "external_id"):
            setattr(self.instance, name, getattr(parsed, name))
        self.instance.post = links_match(links=[parsed], territory_id=territory_id)[parsed]
        return parsed.url

    def _territory_id(self) -> int | None:
        try:
            return self.instance.operation.dossier.territory_id
        except ObjectDoesNotExist:
            return None


class OperationInline(admin.StackedInline):
    model = Operation
    form = OperationAdminForm
    extra = 0
    show_change_link = True


class OperationLinkInline(admin.TabularInline):
    model = OperationLink
    form = LinkAdminForm
    extra = 1
    readonly_fields = ["network", "kind", "account", "external_id", "post"]


# --- what a correction changed ---------------------------------------------------------


def _plain(value) -> object:
    """A value as JSON can keep it."""
    if value is None or isinstance(value, str | bool | int | float | dict):
        return value
    if isinstance(value, models.Model | dt.date | Decimal):
        return str(value)
    if isinstance(value, Iterable):
        return [_plain(item) for item in value]
    return str(value)


def _label(instance: models.Model) -> str:
    return f"{instance._meta.verbose_name} « {instance} »"


def _form_changes(form: forms.ModelForm, label: str) -> dict | None:
    if not form.changed_data:
        return None
    fields = {
        name: [_plain(form.initial.get(name)), _plain(form.cleaned_data.get(name))]
        for name in form.changed_data
    }
    return {"object": label, "fields": fields}


def changes_of(form: forms.ModelForm | None, formsets) -> list[dict]:
    """What a save changed, from its forms: fields before and after, inline objects added,
    changed and deleted. Call after the formsets are saved."""
    changes = []
    if form is not None and (found := _form_changes(form, _label(form.instance))):
        changes.append(found)
    for formset in formsets:
        forms_by_object = {inline.instance: inline for inline in formset.initial_forms}
        for instance, _names in formset.changed_objects:
            if found := _form_changes(forms_by_object[instance], _label(instance)):
                changes.append(found)
        changes += [{"object": _label(instance), "added": True} for instance in formset.new_objects]
        changes += [
            {"object": _label(instance), "deleted": True} for instance in formset.deleted_objects
        ]
    return changes


# --- model admins ------------------------------------------------------------------------


@admin.register(Dossier)
class DossierAdmin(admin.ModelAdmin):
    list_display = ["territory", "edition", "status", "submitted_at", "is_demo"]
    list_filter = ["edition", "status", "is_demo"]
    search_fields = ["territory__name"]
    list_select_related = ["territory", "edition"]
    autocomplete_fields = ["territory"]
    inlines = [OperationInline]
    fields = [
        *("edition", "territory", "categories", "presentation", "status"),
        *("created_by", "created_at", "submitted_at", "submitted_by", "updated_at", "is_demo"),
    ]
    readonly_fields = [
        *("status", "created_by", "created_at", "submitted_at", "submitted_by", "updated_at"),
    ]
    actions = ["match_links", "fetch_links"]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "edition", "territory"] if obj is not None else fields

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "categories":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is not None and "categories" in form.base_fields:
            field = form.base_fields["categories"]
            field.queryset = field.queryset.filter(edition=obj.edition_id)
        return form

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:
            changes = changes_of(form, formsets)
            dossier_correct(dossier=form.instance, actor=request.user, changes=changes)

    @admin.action(description=_("Rapprocher les liens des publications collectées depuis"))
    def match_links(self, request, queryset):
        matched = sum(dossier_links_match(dossier=dossier) for dossier in queryset)
        message = ngettext(
            "%(count)d lien rapproché d'une publication collectée.",
            "%(count)d liens rapprochés de publications collectées.",
            matched,
        )
        self.message_user(request, message % {"count": matched}, messages.SUCCESS)

    @admin.action(description=_("Lire sur les réseaux les publications non collectées"))
    def fetch_links(self, request, queryset):
        reports = [dossier_links_fetch(dossier=dossier) for dossier in queryset]
        counts = {
            "read": sum(len(report.read) for report in reports),
            "stored": sum(report.stored for report in reports),
            "matched": sum(report.matched for report in reports),
            "skipped": sum(len(report.skipped) for report in reports),
            "not_found": sum(len(report.not_found) for report in reports),
        }
        message = _(
            "%(read)d publications lues sur les réseaux, %(stored)d nouvelles enregistrées, "
            "%(matched)d liens rapprochés ; %(skipped)d liens non lus (réseau qui ne lit pas "
            "une publication par son identifiant, ou compte qui n'est pas un profil de la "
            "collectivité) ; %(not_found)d publications introuvables."
        )
        self.message_user(request, message % counts, messages.SUCCESS)
        errors = [outcome for report in reports for outcome in report.errors]
        for outcome in errors[:10]:
            detail = _("Lecture impossible de %(url)s : %(reason)s %(message)s")
            values = {"url": outcome.url, "reason": outcome.reason, "message": outcome.message}
            self.message_user(request, detail % values, messages.WARNING)


@admin.register(Operation)
class OperationAdmin(admin.ModelAdmin):
    """Reached from its dossier (the link beside each operation), for its links."""

    form = OperationAdminForm
    inlines = [OperationLinkInline]
    list_display = ["title", "dossier", "audience"]
    list_select_related = ["dossier__territory", "dossier__edition"]
    search_fields = ["title", "dossier__territory__name"]
    autocomplete_fields = ["dossier"]

    def get_fields(self, request, obj=None):
        return ["dossier", *OperationAdminForm.Meta.fields]

    def get_readonly_fields(self, request, obj=None):
        return ["dossier"] if obj is not None else []

    def has_module_permission(self, request):
        return False  # not in the admin's index: opened from its dossier

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        operation = form.instance
        changes = changes_of(form if change else None, formsets)
        if not change:
            changes.insert(0, {"object": _label(operation), "added": True})
        dossier_correct(dossier=operation.dossier, actor=request.user, changes=changes)

    def delete_model(self, request, obj):
        dossier = obj.dossier
        label = _label(obj)
        super().delete_model(request, obj)
        changes = [{"object": label, "deleted": True}]
        dossier_correct(dossier=dossier, actor=request.user, changes=changes)
