from django.urls import path

from . import views

app_name = "editorial"

urlpatterns = [
    path("", views.what_works, name="what_works"),
    path("accessibilite/", views.barometer, name="barometer"),
]
