"""/classements/flux/: RSS and Atom feeds of each ranking (docs/open-data.md)."""

from django.urls import path

from . import feeds

app_name = "opendata_feed"

urlpatterns = [
    path("<slug:network>/<slug:category>/rss.xml", feeds.rss, name="rss"),
    path("<slug:network>/<slug:category>/atom.xml", feeds.atom, name="atom"),
]
