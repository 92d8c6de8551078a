"""The jury's space, mounted at `trophees/jury/` (namespace `jury`): jurors' pages (login,
jurors of the edition only) and the staff's follow-up and closing."""

from django.urls import path

from . import jury_views as views

app_name = "jury"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:year>/", views.edition, name="edition"),
    path("<int:year>/conflits/", views.conflicts, name="conflicts"),
    path("<int:year>/suivi/", views.progress, name="progress"),
    path("<int:year>/cloturer/", views.close, name="close"),
    path("<int:year>/<int:nomination_id>/", views.nomination, name="nomination"),
]
