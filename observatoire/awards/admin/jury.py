"""Admin of the awards: the jury. Jurors are invited per edition and category (adding one
sends the invitation e-mail; inviting the same address again changes their categories and
sends it again); their conflicts and scores are read-only here: jurors declare and score in
their space (`/trophees/jury/`), staff follow completion and close the edition on
`/trophees/jury/<year>/suivi/`."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .. import jury as services
from ..models import AwardCategory, Conflict, Edition, Juror, Score


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


class CategoryChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: AwardCategory) -> str:
        return f"{obj.edition.year} — {obj.name}"


class JurorInviteForm(forms.ModelForm):
    """An address (its account is used, or created and told how to choose a password), the
    edition, and the categories the juror scores."""

    email = forms.EmailField(
        label=_("adresse électronique"),
        help_text=_("Le compte de cette adresse, ou un nouveau compte à cette adresse."),
    )
    categories = CategoryChoiceField(
        queryset=AwardCategory.objects.select_related("edition").order_by(
            "-edition__year", "position", "pk"
        ),
        widget=forms.CheckboxSelectMultiple,
        label=_("catégories"),
    )
    language = forms.ChoiceField(
        choices=settings.LANGUAGES,
        initial=settings.LANGUAGE_CODE,
        label=_("langue"),
        help_text=_("Celle d'un nouveau compte ; un compte existant garde la sienne."),
    )

    class Meta:
        model = Juror
        fields = ["edition"]

    def clean(self):
        cleaned = super().clean()
        edition: Edition | None = cleaned.get("edition")
        categories = cleaned.get("categories") or []
        if edition is not None and any(c.edition_id != edition.pk for c in categories):
            self.add_error("categories", _("Choisissez des catégories de cette édition."))
        if edition is not None and edition.closed_at is not None:
            self.add_error("edition", _("Cette édition est close : son jury ne change plus."))
        return cleaned


class ConflictInline(admin.TabularInline):
    model = Conflict
    extra = 0
    fields = ["territory", "reason", "declared_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Juror)
class JurorAdmin(admin.ModelAdmin):
    list_display = ["user", "user_email", "edition", "category_names", "invited_at"]
    list_filter = ["edition"]
    search_fields = ["user__username", "user__email", "user__last_name"]
    list_select_related = ["user", "edition"]
    actions = ["resend"]
    inlines = [ConflictInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("categories")

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = JurorInviteForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["edition", "email", "categories", "language"]
        return ["edition", "user", "categories", "invited_at", "follow_up"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["invited_at", "follow_up"]

    def get_inlines(self, request, obj):
        return [] if obj is None else self.inlines

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("adresse électronique"))
    def user_email(self, obj: Juror) -> str:
        return obj.user.email

    @admin.display(description=_("catégories"))
    def category_names(self, obj: Juror) -> str:
        return ", ".join(category.name for category in obj.categories.all())

    @admin.display(description=_("suivi"))
    def follow_up(self, obj: Juror) -> str:
        url = reverse("jury:progress", kwargs={"year": obj.edition.year})
        return format_html('<a href="{}">{}</a>', url, gettext("Suivi du jury"))

    def save_model(self, request, obj, form, change):
        juror = services.juror_invite(
            edition=form.cleaned_data["edition"],
            categories=form.cleaned_data["categories"],
            email=form.cleaned_data["email"],
            language=form.cleaned_data["language"],
            actor=request.user,
            base_url=_base_url(request),
        )
        obj.pk = juror.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        """The categories were set by `juror_invite`."""

    def delete_model(self, request, obj):
        services.juror_remove(juror=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for juror in queryset.select_related("user"):
            services.juror_remove(juror=juror, actor=request.user)

    @admin.action(description=_("Renvoyer l'invitation"), permissions=["add"])
    def resend(self, request, queryset):
        sent = 0
        for juror in queryset.select_related("edition", "user"):
            try:
                services.juror_invite(
                    edition=juror.edition,
                    categories=juror.categories.all(),
                    user=juror.user,
                    actor=request.user,
                    base_url=_base_url(request),
                )
            except services.JuryError as error:
                self.message_user(request, f"{juror.user}: {error}", messages.ERROR)
            else:
                sent += 1
        if sent:
            text = ngettext(
                "%(count)d invitation renvoyée.", "%(count)d invitations renvoyées.", sent
            )
            self.message_user(request, text % {"count": sent}, messages.SUCCESS)


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    """The jurors' scores, for staff to read (never edited here)."""

    list_display = ["nomination", "juror", "criterion", "value", "updated_at"]
    list_filter = ["nomination__category__edition", "nomination__category"]
    search_fields = ["nomination__territory__name", "juror__user__username", "juror__user__email"]
    list_select_related = [
        "nomination__territory",
        "nomination__category",
        "juror__user",
        "criterion",
    ]
    fields = ["juror", "nomination", "criterion", "value", "comment", "updated_at"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
