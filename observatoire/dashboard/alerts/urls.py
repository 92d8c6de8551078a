"""Under `compte/alertes/` (config/urls.py)."""

from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("", views.preferences, name="preferences"),
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
