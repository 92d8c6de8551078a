from django.urls import path

from . import views

app_name = "site"

urlpatterns = [
    path("", views.home, name="home"),
    path("recherche/", views.search, name="search"),
    path("classements/", views.rankings, name="rankings"),
    path("classements/export.csv", views.rankings_csv, name="rankings_csv"),
    path("methodologie/", views.methodology, name="methodology"),
    path("collectivites/<slug:slug>/", views.territory, name="territory"),
]
