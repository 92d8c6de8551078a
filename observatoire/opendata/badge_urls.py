"""/badges/: the embeddable ranking badges of each territory (docs/open-data.md). Public
pages of a collectivité: listed in PUBLIC_WITH_SLUG of dashboard/tests/test_private_pages.py."""

from django.urls import path

from . import badge_views

app_name = "opendata_badge"

urlpatterns = [
    path("<slug:slug>/", badge_views.territory_badges, name="territory"),
    path("<slug:slug>/<slug:network>/latest.svg", badge_views.badge_latest, name="latest"),
    path("<slug:slug>/<slug:network>/<str:month>.svg", badge_views.badge, name="badge"),
]
