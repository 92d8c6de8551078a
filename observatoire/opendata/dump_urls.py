"""/donnees/: the monthly dumps (docs/open-data.md)."""

from django.urls import path, re_path

from . import dump_views

app_name = "opendata_dump"

FILE = r"(?P<dataset>[a-z_]+)\.(?P<fmt>csv|parquet|json)"

urlpatterns = [
    path("", dump_views.index, name="index"),
    re_path(rf"^latest/{FILE}$", dump_views.latest, name="latest"),
    re_path(rf"^(?P<month>[0-9]{{4}}-[0-9]{{2}})/{FILE}$", dump_views.file, name="file"),
]
