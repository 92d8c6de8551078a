from axes.utils import reset as axes_reset
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from observatoire.awards.jury_selectors import juror_edition_list
from observatoire.territories.models import Territory

from . import selectors, services
from .access import member_required
from .forms import InvitationPasswordForm, JoinRequestForm, TeamInviteForm
from .lockout import client_ip
from .models import Invitation, Membership
from .selectors import membership_list
from .throttle import throttle_hit

LOGIN_BACKEND = "django.contrib.auth.backends.ModelBackend"
JOIN_REQUESTS_PER_HOUR = 5  # per client address


class LoginView(auth_views.LoginView):
    """Throttled by django-axes (settings `AXES_*`, users/lockout.py), like the admin's login."""

    template_name = "users/login.html"
    redirect_authenticated_user = True


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "users/password_reset_form.html"
    email_template_name = "users/password_reset_email.txt"
    subject_template_name = "users/password_reset_subject.txt"
    success_url = reverse_lazy("users:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "users/password_reset_confirm.html"
    success_url = reverse_lazy("users:password_reset_complete")

    def form_valid(self, form):
        # Whoever proved they own the mailbox may log in again at once: the failed logins
        # counted against the username are forgotten (those of an address stay counted).
        axes_reset(username=self.user.get_username())
        return super().form_valid(form)


def _base_url(request: HttpRequest) -> str:
    """The site's address as the visitor reached it, for the links of e-mails."""
    return request.build_absolute_uri("/")


@login_required
def space(request: HttpRequest) -> HttpResponse:
    """ "Mon espace": the user's collectivités (dashboard, team for managers) and the requests
    to join one that wait for a decision."""
    context = {
        "memberships": membership_list(user=request.user),
        "join_requests": selectors.join_request_pending_list(user=request.user),
        "juries": juror_edition_list(user=request.user),
    }
    return render(request, "users/space.html", context)


def _invitation_unavailable(
    request: HttpRequest, *, invitation: Invitation | None, status: int
) -> HttpResponse:
    """Unknown link (404), or already used / expired (410): nothing is created."""
    context = {"invitation": invitation}
    return render(request, "users/invitation_unavailable.html", context, status=status)


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """The link of an invitation e-mail: choose a password (new account) or, when an account
    has the address, log in as it and confirm."""
    invitation = selectors.invitation_for_token(token=token)
    if invitation is None:
        return _invitation_unavailable(request, invitation=None, status=404)
    if invitation.accepted_at is not None or invitation.expires_at <= timezone.now():
        return _invitation_unavailable(request, invitation=invitation, status=410)
    if selectors.user_for_email(email=invitation.email) is None:
        return _invitation_new_account(request, invitation)
    if not request.user.is_authenticated:
        messages.info(
            request,
            _(
                "Un compte existe déjà pour l'adresse %(email)s : connectez-vous pour accepter "
                "l'invitation."
            )
            % {"email": invitation.email},
        )
        return redirect_to_login(request.get_full_path())
    context = {
        "invitation": invitation,
        "territories": selectors.invitation_territory_list(invitation=invitation),
    }
    if not services.is_invitee(user=request.user, invitation=invitation):
        return render(request, "users/invitation_wrong_account.html", context, status=403)
    if request.method == "POST":
        try:
            services.invitation_accept(invitation=invitation, user=request.user)
        except services.InvitationUnavailable:
            return _invitation_unavailable(request, invitation=invitation, status=410)
        messages.success(request, _("Invitation acceptée : bienvenue dans votre espace."))
        return redirect("users:space")
    return render(request, "users/invitation_accept.html", context)


def _invitation_new_account(request: HttpRequest, invitation: Invitation) -> HttpResponse:
    form = InvitationPasswordForm(request.POST or None, invitation=invitation)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                invitation=invitation, password=form.cleaned_data["password1"]
            )
        except services.InvitationUnavailable:
            return _invitation_unavailable(request, invitation=invitation, status=410)
        login(request, user, backend=LOGIN_BACKEND)
        messages.success(request, _("Votre compte est créé : bienvenue dans votre espace."))
        return redirect("users:space")
    context = {
        "invitation": invitation,
        "territories": selectors.invitation_territory_list(invitation=invitation),
        "form": form,
    }
    return render(request, "users/invitation_accept.html", context)


def _join_territory(slug: str) -> Territory:
    territory = selectors.join_territory_get(slug=slug)
    if territory is None:
        raise Http404
    return territory


@require_http_methods(["GET", "POST"])
def join(request: HttpRequest, slug: str) -> HttpResponse:
    """A visitor, logged in or not, asks to join a collectivité's team; staff decide."""
    territory = _join_territory(slug)
    if selectors.membership_get(user=request.user, territory=territory) is not None:
        messages.info(request, _("Vous êtes déjà membre de cette collectivité."))
        return redirect("users:space")
    initial = {}
    if request.user.is_authenticated:
        initial = {"name": request.user.get_full_name(), "email": request.user.email}
    form = JoinRequestForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if _join_throttled(request):
            form.add_error(
                None,
                _("Trop de demandes envoyées depuis votre connexion : réessayez dans une heure."),
            )
            return render(
                request, "users/join.html", {"territory": territory, "form": form}, status=429
            )
        try:
            services.join_request_create(
                territory=territory,
                user=request.user if request.user.is_authenticated else None,
                language=get_language(),
                **form.cleaned_data,
            )
        except services.DuplicateJoinRequest:
            form.add_error(
                None,
                _(
                    "Une demande d'accès à cette collectivité est déjà en attente pour cette "
                    "adresse : l'équipe de l'Observatoire vous répondra par courriel."
                ),
            )
        else:
            return redirect("users:join_done", slug=territory.slug)
    return render(request, "users/join.html", {"territory": territory, "form": form})


def _join_throttled(request: HttpRequest) -> bool:
    """Anonymous join requests are a form anyone can post: a few an hour per address."""
    address = client_ip(request) or "unknown"
    return throttle_hit(scope="join", key=address, limit=JOIN_REQUESTS_PER_HOUR, window=3600)


def join_done(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "users/join_done.html", {"territory": _join_territory(slug)})


@member_required(manager=True)
@require_http_methods(["GET", "POST"])
def team(request: HttpRequest, territory: Territory, membership: Membership | None) -> HttpResponse:
    """A manager's team page: the members, the pending invitations, invite a colleague."""
    form = TeamInviteForm(request.POST or None, territory=territory)
    if request.method == "POST" and form.is_valid():
        services.invitation_send(
            territories=[territory],
            language=get_language(),
            invited_by=request.user,
            base_url=_base_url(request),
            **form.cleaned_data,
        )
        messages.success(
            request, _("Invitation envoyée à %(email)s.") % {"email": form.cleaned_data["email"]}
        )
        return redirect("users:team", slug=territory.slug)
    context = {
        "territory": territory,
        "members": selectors.team_member_list(territory=territory),
        "invitations": selectors.invitation_pending_list(territory=territory),
        "form": form,
    }
    return render(request, "users/team.html", context)


@member_required(manager=True)
@require_http_methods(["GET", "POST"])
def team_remove(
    request: HttpRequest, territory: Territory, membership: Membership | None, membership_id: int
) -> HttpResponse:
    """Confirm, then remove a member; a collectivité keeps at least one manager."""
    member = selectors.team_membership_get(territory=territory, membership_id=membership_id)
    if member is None:
        raise Http404
    if request.method == "GET":
        return render(request, "users/team_remove.html", {"territory": territory, "member": member})
    try:
        services.membership_remove(membership=member, actor=request.user)
    except services.LastManager:
        messages.error(
            request,
            _(
                "%(name)s est le dernier gestionnaire de la collectivité : invitez ou nommez un "
                "autre gestionnaire avant de le retirer."
            )
            % {"name": _member_name(member)},
        )
        return redirect("users:team", slug=territory.slug)
    messages.success(
        request, _("%(name)s a été retiré de l'équipe.") % {"name": _member_name(member)}
    )
    if member.user_id == request.user.pk and not request.user.is_staff:
        return redirect("users:space")
    return redirect("users:team", slug=territory.slug)


def _member_name(member: Membership) -> str:
    return member.user.get_full_name() or member.user.email or member.user.get_username()
