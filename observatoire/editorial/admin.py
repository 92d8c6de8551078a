"""The lexicon of themes (staff correct it; each change is a LexiconRevision, and the
classification of the posts is re-run from the themes' list), the campaigns, and read-only
views of what the analysis of posts derived (analyses, hashtags, branded hashtags)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .accessibility import RULES
from .models import (
    BrandedHashtag,
    Campaign,
    LexiconRevision,
    PostAnalysis,
    PostHashtag,
    Theme,
    ThemeTerm,
)
from .services import (
    analyses_stale_count,
    campaign_create,
    campaign_update,
    campaign_validate,
    lexicon_current,
    lexicon_revision_create,
)
from .tasks import queue_reclassify


class ReadOnlyAdmin(admin.ModelAdmin):
    """Derived from the posts by the analysis (rebuilt by `observatoire editorial rebuild`):
    staff read it, nobody edits or deletes it by hand. Rows go with what they derive from:
    the admin asks whoever deletes a post (a profile, a collectivité) for the permission to
    delete them too, which is the permission to delete that source (`deleted_with`)."""

    show_full_result_count = False
    deleted_with = ""  # the permission that deletes the rows with their source

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return bool(self.deleted_with) and request.user.has_perm(self.deleted_with)

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        raise PermissionDenied


# --- the lexicon --------------------------------------------------------------------------


class ThemeTermInline(admin.TabularInline):
    model = ThemeTerm
    extra = 3
    fields = ["term", "negative"]


class ThemeForm(forms.ModelForm):
    note = forms.CharField(
        label=_("Motif de la modification"),
        max_length=300,
        required=False,
        help_text=_("Gardé dans l'historique des versions du lexique."),
    )

    class Meta:
        model = Theme
        fields = ["name", "name_en", "slug", "bit", "position", "description"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    form = ThemeForm
    inlines = [ThemeTermInline]
    list_display = ["name", "slug", "bit", "position", "term_count"]
    search_fields = ["name", "name_en", "slug", "terms__term"]
    prepopulated_fields = {"slug": ["name"]}
    change_list_template = "admin/editorial/theme/change_list.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(term_count=Count("terms"))

    def get_search_results(self, request, queryset, search_term):
        queryset, _duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.distinct(), False

    def get_readonly_fields(self, request, obj=None):
        return ["bit"] if obj is not None else []  # an analysis's mask names themes by bit

    @admin.display(description=_("termes"), ordering="term_count")
    def term_count(self, theme: Theme) -> int:
        return theme.term_count

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        if not change or form.has_changed() or any(f.has_changed() for f in formsets):
            note = form.cleaned_data.get("note") or (
                _("Thème « %(name)s » modifié") if change else _("Thème « %(name)s » ajouté")
            ) % {"name": form.instance.name}
            lexicon_revision_create(user=request.user, note=note)

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        lexicon_revision_create(user=request.user, note=_("Thème « %s » supprimé") % obj.name)

    def delete_queryset(self, request, queryset) -> None:
        names = ", ".join(queryset.values_list("name", flat=True))
        super().delete_queryset(request, queryset)
        lexicon_revision_create(user=request.user, note=_("Thèmes supprimés : %s") % names)

    def get_urls(self):
        view = self.admin_site.admin_view(self.reclassify_view)
        return [
            path("reclassify/", view, name="editorial_theme_reclassify"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        current = lexicon_current()
        context = {
            "lexicon_revision": current.revision,
            "stale_analyses": analyses_stale_count(current=current),
            "can_reclassify": self.has_change_permission(request),
        }
        return super().changelist_view(request, extra_context={**(extra_context or {}), **context})

    def reclassify_view(self, request):
        """Queue the re-run of the classification of the posts analysed with an older
        lexicon (themes only; logged as a job run)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if not self.has_change_permission(request):
            raise PermissionDenied
        stale = analyses_stale_count()
        queue_reclassify()
        message = ngettext(
            "Classification relancée pour %(count)d publication : son avancement est dans "
            "Exécutions de tâches.",
            "Classification relancée pour %(count)d publications : son avancement est dans "
            "Exécutions de tâches.",
            stale,
        )
        self.message_user(request, message % {"count": stale}, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:editorial_theme_changelist"))


@admin.register(LexiconRevision)
class LexiconRevisionAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "created_at", "created_by", "note"]
    list_select_related = ["created_by"]


# --- what the analysis derived ------------------------------------------------------------


@admin.register(PostAnalysis)
class PostAnalysisAdmin(ReadOnlyAdmin):
    deleted_with = "metrics.delete_post"
    list_display = ["post", "month", "format", "theme_names", "score", "failed_rules"]
    list_filter = ["format", "profile__network"]
    raw_id_fields = ["post", "profile"]
    list_select_related = ["post__profile"]

    _theme_names: dict[int, str] = {}

    def get_queryset(self, request):
        self._theme_names = dict(Theme.objects.values_list("bit", "name"))  # once per page
        return super().get_queryset(request)

    @admin.display(description=_("thèmes"))
    def theme_names(self, analysis: PostAnalysis) -> str:
        names = sorted(self._theme_names.items())
        return ", ".join(name for bit, name in names if analysis.themes >> bit & 1) or "—"

    @admin.display(description=_("règles non respectées"))
    def failed_rules(self, analysis: PostAnalysis) -> str:
        rules = [(str(rule.title),) for rule in RULES if analysis.failed & rule.mask]
        return format_html_join(", ", "{}", rules) or "—"


@admin.register(PostHashtag)
class PostHashtagAdmin(ReadOnlyAdmin):
    deleted_with = "metrics.delete_post"
    list_display = ["__str__", "territory", "profile", "published_at"]
    search_fields = ["key"]
    raw_id_fields = ["post", "profile", "territory"]
    list_select_related = ["territory", "profile"]


@admin.register(BrandedHashtag)
class BrandedHashtagAdmin(ReadOnlyAdmin):
    deleted_with = "territories.delete_territory"
    list_display = ["__str__", "territory", "posts", "first_used", "last_used"]
    search_fields = ["key", "territory__name"]
    list_select_related = ["territory"]


# --- campaigns ----------------------------------------------------------------------------


class CampaignForm(forms.ModelForm):
    hashtags = forms.CharField(
        label=_("Hashtags"),
        help_text=_("Séparés par des virgules ou des espaces, avec ou sans # (20 au plus)."),
    )

    class Meta:
        model = Campaign
        fields = ["territory", "name", "hashtags", "starts_on", "ends_on", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["hashtags"] = ", ".join(f"#{key}" for key in self.instance.hashtags)

    def clean(self):
        data = super().clean()
        if data.get("territory") is not None:
            try:
                values = campaign_validate(
                    territory=data["territory"],
                    name=data.get("name", ""),
                    hashtags=data.get("hashtags", ""),
                    starts_on=data.get("starts_on"),
                    ends_on=data.get("ends_on"),
                    campaign=self.instance if self.instance.pk else None,
                )
            except ValidationError as error:
                self.add_error(None, error)
            else:
                data.update(values)
        return data

    def _post_clean(self):
        pass  # the model's own checks are the services' (campaign_validate)


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    form = CampaignForm
    list_display = ["name", "territory", "tags", "starts_on", "ends_on", "created_by"]
    search_fields = ["name", "territory__name", "hashtags"]
    raw_id_fields = ["territory"]
    list_select_related = ["territory", "created_by"]
    date_hierarchy = "starts_on"

    @admin.display(description=_("hashtags"))
    def tags(self, campaign: Campaign) -> str:
        return " ".join(f"#{key}" for key in campaign.hashtags)

    def save_model(self, request, obj, form, change) -> None:
        # Through the services: their checks (a name taken, dates in order) name the field.
        values = {
            name: form.cleaned_data[name]
            for name in ("name", "hashtags", "starts_on", "ends_on", "description")
        }
        if change:
            campaign_update(campaign=obj, **values)
        else:
            created = campaign_create(
                territory=form.cleaned_data["territory"], created_by=request.user, **values
            )
            obj.pk, obj.created_by = created.pk, created.created_by
