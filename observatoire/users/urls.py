from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "users"

urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("espace/", views.space, name="space"),
    path("espace/<slug:slug>/equipe/", views.team, name="team"),
    path(
        "espace/<slug:slug>/equipe/retirer/<int:membership_id>/",
        views.team_remove,
        name="team_remove",
    ),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("rejoindre/<slug:slug>/", views.join, name="join"),
    path("rejoindre/<slug:slug>/envoyee/", views.join_done, name="join_done"),
    path("mot-de-passe/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "mot-de-passe/envoye/",
        auth_views.PasswordResetDoneView.as_view(template_name="users/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "mot-de-passe/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/termine/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="users/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
