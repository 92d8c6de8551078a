"""Mon espace: a collectivité's profiles and its correction requests, under
`espace/<slug>/profils/` (config/urls.py); every view is behind users.access.member_required."""

from django.urls import path

from . import views

app_name = "corrections"

urlpatterns = [
    path("", views.correction_list, name="list"),
    path("declarer/", views.missing, name="missing"),
    path("<int:profile_id>/lien/", views.link, name="link"),
    path("<int:profile_id>/type/", views.role, name="role"),
]
