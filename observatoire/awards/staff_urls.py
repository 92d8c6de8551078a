"""The staff's pages of the awards (`/trophees/gestion/`): the nominations of each edition."""

from django.urls import path

from . import staff_views

app_name = "awards_staff"

urlpatterns = [
    path("", staff_views.index, name="index"),
    path("<int:year>/", staff_views.edition, name="edition"),
    path(
        "<int:year>/<slug:category>/nommer/",
        staff_views.nominations_confirm,
        name="nominations_confirm",
    ),
    path(
        "<int:year>/nominations/<int:nomination_id>/retirer/",
        staff_views.nomination_withdraw,
        name="nomination_withdraw",
    ),
]
