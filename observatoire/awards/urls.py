"""The awards' public pages, mounted at trophees/ (config/urls.py)."""

from django.urls import path

from . import feeds, views

app_name = "awards"

urlpatterns = [
    path("", views.editions, name="editions"),
    path("rss.xml", feeds.AnnouncementsFeed(), name="rss"),
    path("atom.xml", feeds.AnnouncementsAtomFeed(), name="atom"),
    path("<int:year>/", views.edition, name="edition"),
    path("<int:year>/presse.csv", views.press_kit_csv, name="press_csv"),
    path("<int:year>/presse.json", views.press_kit_json, name="press_json"),
    path("<int:year>/badges/<int:award_id>.svg", views.badge, name="badge"),
    path("<int:year>/<slug:category>/", views.category, name="category"),
]
