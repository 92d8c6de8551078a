from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Case, Value, When
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Invitation, JoinRequest, Membership, MembershipEvent, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["territory"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]


def _base_url(request) -> str:
    return request.build_absolute_uri("/")


class InvitationStateFilter(admin.SimpleListFilter):
    title = _("état")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("pending", _("En attente")),
            ("accepted", _("Acceptée")),
            ("expired", _("Expirée")),
        ]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "pending":
            return queryset.filter(accepted_at__isnull=True, expires_at__gt=now)
        if self.value() == "accepted":
            return queryset.filter(accepted_at__isnull=False)
        if self.value() == "expired":
            return queryset.filter(accepted_at__isnull=True, expires_at__lte=now)
        return queryset


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Sending is adding: the form saves through `invitation_send`, which e-mails the link.
    A sent invitation is never edited; "resend" gives it a new link and a new delay."""

    list_display = [
        "email",
        "role",
        "territory_names",
        "language",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
    ]
    list_filter = [InvitationStateFilter, "role", "language"]
    search_fields = ["email", "territories__name"]
    list_select_related = ["invited_by"]
    autocomplete_fields = ["territories"]
    fields = ["email", "territories", "role", "language"]
    actions = ["resend"]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("territories")

    def get_fields(self, request, obj=None):
        if obj is None:
            return self.fields
        return [
            *self.fields,
            "invited_by",
            "created_at",
            "expires_at",
            "accepted_at",
            "accepted_by",
        ]

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("collectivités"))
    def territory_names(self, obj: Invitation) -> str:
        return ", ".join(sorted(territory.name for territory in obj.territories.all()))

    def save_model(self, request, obj, form, change):
        invitation = services.invitation_send(
            email=form.cleaned_data["email"],
            territories=form.cleaned_data["territories"],
            role=form.cleaned_data["role"],
            language=form.cleaned_data["language"],
            invited_by=request.user,
            base_url=_base_url(request),
        )
        obj.pk = invitation.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        """The collectivités were set by `invitation_send`."""

    @admin.action(description=_("Renvoyer l'invitation (nouveau lien)"), permissions=["add"])
    def resend(self, request, queryset):
        sent = refused = 0
        for invitation in queryset:
            try:
                services.invitation_resend(
                    invitation=invitation, sent_by=request.user, base_url=_base_url(request)
                )
                sent += 1
            except services.InvitationUnavailable:
                refused += 1
        if sent:
            message = ngettext(
                "%(count)d invitation renvoyée.", "%(count)d invitations renvoyées.", sent
            )
            self.message_user(request, message % {"count": sent}, messages.SUCCESS)
        if refused:
            message = ngettext(
                "%(count)d invitation déjà acceptée n'a pas été renvoyée.",
                "%(count)d invitations déjà acceptées n'ont pas été renvoyées.",
                refused,
            )
            self.message_user(request, message % {"count": refused}, messages.WARNING)


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    """The staff queue: pending requests first, the address's domain beside the collectivité
    to help judge; decisions go through the services, which log them."""

    list_display = [
        "created_at",
        "status",
        "domain",
        "name",
        "email",
        "job_title",
        "decided_by",
        "decided_at",
    ]
    list_display_links = ["created_at", "domain"]
    list_filter = ["status", "created_at"]
    search_fields = ["email", "name", "territory__name"]
    list_select_related = ["territory", "decided_by"]
    ordering = [
        Case(When(status=JoinRequest.Status.PENDING, then=Value(0)), default=Value(1)).asc(),
        "-created_at",
    ]
    fields = [
        "territory",
        "name",
        "email",
        "job_title",
        "message",
        "language",
        "user",
        "status",
        "created_at",
        "decided_by",
        "decided_at",
    ]
    readonly_fields = fields
    actions = ["approve", "refuse"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False  # requests come from the public form

    @admin.display(description=_("domaine"))
    def domain(self, obj: JoinRequest) -> str:
        return f"{obj.email_domain} — {obj.territory.name}"

    def _decide(self, request, queryset, decide, done_message: str) -> None:
        decided = skipped = 0
        for join_request in queryset.select_related("territory"):
            try:
                decide(join_request)
                decided += 1
            except services.AlreadyDecided:
                skipped += 1
        if decided:
            self.message_user(request, done_message % {"count": decided}, messages.SUCCESS)
        if skipped:
            message = ngettext(
                "%(count)d demande déjà décidée n'a pas été modifiée.",
                "%(count)d demandes déjà décidées n'ont pas été modifiées.",
                skipped,
            )
            self.message_user(request, message % {"count": skipped}, messages.WARNING)

    @admin.action(description=_("Accepter les demandes (accès lecteur)"), permissions=["change"])
    def approve(self, request, queryset):
        def decide(join_request):
            services.join_request_approve(
                join_request=join_request, decided_by=request.user, base_url=_base_url(request)
            )

        self._decide(request, queryset, decide, gettext("Demandes acceptées : %(count)d."))

    @admin.action(description=_("Refuser les demandes"), permissions=["change"])
    def refuse(self, request, queryset):
        def decide(join_request):
            services.join_request_refuse(join_request=join_request, decided_by=request.user)

        self._decide(request, queryset, decide, gettext("Demandes refusées : %(count)d."))


@admin.register(MembershipEvent)
class MembershipEventAdmin(admin.ModelAdmin):
    """The log of access decisions: read-only, for every staff member."""

    list_display = ["at", "action", "territory", "email", "role", "actor"]
    list_filter = ["action", "role", "at"]
    search_fields = ["email", "territory__name", "actor__username", "actor__email"]
    list_select_related = ["territory", "actor"]
    date_hierarchy = "at"
    show_full_result_count = False

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
