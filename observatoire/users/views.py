from axes.utils import reset as axes_reset
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy

from .selectors import membership_list


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


@login_required
def space(request: HttpRequest) -> HttpResponse:
    """ "Mon espace": the collectivités the user belongs to (the dashboard comes later)."""
    memberships = membership_list(user=request.user)
    return render(request, "users/space.html", {"memberships": memberships})
