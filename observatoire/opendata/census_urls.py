from django.urls import path

from .census import views

app_name = "opendata_census"

urlpatterns = [
    path("", views.census, name="census"),
]
